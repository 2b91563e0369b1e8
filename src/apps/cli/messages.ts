/**
 * What the CLI says, in Chinese and English; the locale comes from LC_ALL / LC_MESSAGES / LANG
 * (`zh*` → Chinese, anything else → English). `en` is typed by `zh`, so a missing key fails tsc.
 */
import type { Locale } from '../../domain/text';

const zh = {
  description: '陆港 — 国际陆港运营平台',
  startDescription: '启动平台（API、文档、仪表盘）',
  migrateDescription: '将数据库迁移到最新结构',
  migrated: (applied: number, total: number, where: string) =>
    `数据库已是最新结构：本次应用 ${applied} 个迁移，共 ${total} 个（${where}）。`,
  userAddDescription: '添加用户（密码从 --password、LUGANG_PASSWORD 或标准输入读取）',
  userAdded: (u: string, roles: string, org: string) => `已创建用户 ${u}，角色 ${roles}，组织 ${org}。`,
  tokenCreateDescription: '为用户签发访问令牌（仅显示一次）',
  passwordMissing: '缺少密码：请用 --password、环境变量 LUGANG_PASSWORD 或通过标准输入提供。',
  invalidInput: '输入无效',
  failed: '失败',
  stopping: '正在停止……',
  stopped: '已停止。',
  networkDescription: '显示参考网络（线路、城市、国家、口岸）',
  checkDescription: '校验编码：集装箱号（ISO 6346）或 HS 编码',
  containerValid: (n: string) => `${n}：集装箱号有效`,
  hsFound: (code: string) => `${code}：HS 编码有效`,
  lockedHint: '若平台正在运行，请停止后再试，或通过 API 操作。',
  planDescription: '运行规划器：读入实例文档，输出解文档（docs/planning-formats.md）',
  planKind: {
    load: '装车方案：集装箱 → 车辆箱位',
    consolidate: '集结方案：订舱 → 班列车次',
    gateway: '口岸时隙：列车 → 口岸与日期',
  },
};

type Messages = typeof zh;

const en: Messages = {
  description: 'Lugang — operations platform of an international rail land port',
  startDescription: 'start the platform (API, docs, dashboard)',
  migrateDescription: 'migrate the database to the latest schema',
  migrated: (applied, total, where) =>
    `The database is up to date: ${applied} migration(s) applied now, ${total} in all (${where}).`,
  userAddDescription: 'add a user (password from --password, LUGANG_PASSWORD or standard input)',
  userAdded: (u, roles, org) => `Created user ${u} with roles ${roles} in organization ${org}.`,
  tokenCreateDescription: 'issue an API token for a user (shown once)',
  passwordMissing: 'No password: give --password, set LUGANG_PASSWORD, or pipe it on standard input.',
  invalidInput: 'invalid input',
  failed: 'failed',
  stopping: 'stopping…',
  stopped: 'stopped.',
  networkDescription: 'show the reference network (routes, cities, countries, gateways)',
  checkDescription: 'check a code: a container number (ISO 6346) or an HS code',
  containerValid: (n) => `${n}: valid container number`,
  hsFound: (code) => `${code}: valid HS code`,
  lockedHint: 'If the platform is running, stop it and try again, or use the API.',
  planDescription:
    'run a planner: an instance document in, its solution document out (docs/planning-formats.md)',
  planKind: {
    load: 'train load plan: containers → wagon slots',
    consolidate: 'consolidation: bookings → departures',
    gateway: 'gateway slots: trains → gateway and day',
  },
};

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function messages(locale: Locale = cliLocale()): Messages {
  return locale === 'zh' ? zh : en;
}
