/**
 * The `lugang` command. Bad input exits 2 with a clear message; a failure exits 1; never a stack
 * trace for a user's mistake.
 */
import { Command, CommanderError, Option } from 'commander';
import { checkContainer, lookupHs } from '../../modules/codes/service';
import { ConfigError, loadConfig } from '../../platform/config';
import { DataDirLockedError } from '../../platform/db/lock';
import { ROLES, type Role } from '../../platform/http/access';
import { startServer } from '../server/main';
import { openPlatform } from '../server/platform';
import { runBookingImport } from './bookings';
import { runEnterpriseImport } from './enterprise';
import { InputError, printViolation, readSecret } from './io';
import { cliLocale, messages } from './messages';
import { networkReport, printNetworkTable } from './network';
import { runPlan } from './plan';
import { registerSim, twinStartOptions } from './sim';
import { runTransship } from './transship';

// `lugang … | head` closes the pipe early: that is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const locale = cliLocale();
const t = messages(locale);

const program = new Command('lugang').description(t.description).showHelpAfterError();
program.exitOverride();
program.configureOutput({ outputError: (str, write) => write(str) });

program
  .command('start')
  .description(t.startDescription)
  .option('--no-sim', 'do not run the digital twin (simulated data) / 不运行数字孪生（模拟数据）')
  .option('--sim-seed <n>', 'seed of the digital twin / 数字孪生的随机种子', '1')
  .option(
    '--sim-speed <n|max>',
    'how fast the twin catches up with now: max, or simulated seconds per second / 数字孪生追上当前时间的速度：max 或每秒模拟秒数',
    'max',
  )
  .option(
    '--sim-devices <mqtt|http>',
    "how the twin's devices send (default mqtt, or LUGANG_SIM_DEVICES) / 数字孪生设备的上报方式（默认 mqtt）",
  )
  .action(async (opts: { sim: boolean; simSeed: string; simSpeed: string }) => {
    const running = await startServer(loadConfig(), console.log, { twin: twinStartOptions(opts) });
    const stop = (signal: string) => {
      console.log(`${signal}: ${t.stopping}`);
      running.stop().then(
        () => {
          console.log(t.stopped);
          process.exit(0);
        },
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

program
  .command('db')
  .description('database')
  .command('migrate')
  .description(t.migrateDescription)
  .action(async () => {
    const platform = await openPlatform(loadConfig());
    try {
      console.log(
        t.migrated(platform.migrations.applied.length, platform.migrations.total, platform.database.location),
      );
    } finally {
      await platform.close();
    }
  });

const user = program.command('user').description('users');
user
  .command('add')
  .description(t.userAddDescription)
  .argument('<username>')
  .addOption(new Option('--role <role...>', 'role(s)').choices([...ROLES]).makeOptionMandatory())
  .option('--password <password>', 'password (prefer LUGANG_PASSWORD or stdin)')
  .option('--name <displayName>', 'display name')
  .option('--org <organizationId>', 'organization id (default: port-operator)')
  .option('--org-kind <kind>', 'create the organization with this kind if new')
  .option('--org-name <name>', 'organization name (en)')
  .option('--org-name-zh <name>', 'organization name (zh)')
  .option('--json', 'print JSON')
  .action(async (username: string, opts: Record<string, string | string[] | boolean | undefined>) => {
    const password =
      (opts.password as string | undefined) ?? process.env.LUGANG_PASSWORD ?? (await readSecret());
    if (!password) throw new InputError(t.passwordMissing);
    const platform = await openPlatform(loadConfig());
    try {
      const orgId = opts.org as string | undefined;
      const kind = opts.orgKind as string | undefined;
      const result = await platform.services.identity.createUser({
        username,
        password,
        displayName: opts.name as string | undefined,
        roles: opts.role as Role[],
        organizationId: orgId,
        ...(orgId && kind
          ? {
              organization: {
                id: orgId,
                kind: kind as never,
                nameEn: (opts.orgName as string | undefined) ?? orgId,
                nameZh:
                  (opts.orgNameZh as string | undefined) ?? (opts.orgName as string | undefined) ?? orgId,
              },
            }
          : {}),
      });
      if (!result.ok) throw new InputError(printViolation(result.error, locale));
      if (opts.json) console.log(JSON.stringify(result.value));
      else
        console.log(
          t.userAdded(result.value.username, result.value.roles.join(','), result.value.organizationId),
        );
    } finally {
      await platform.close();
    }
  });

program
  .command('token')
  .description('tokens')
  .command('create')
  .description(t.tokenCreateDescription)
  .argument('<username>')
  .option('--label <label>', 'what the token is for', 'cli')
  .option('--days <days>', 'expire after this many days')
  .option('--json', 'print JSON')
  .action(async (username: string, opts: { label: string; days?: string; json?: boolean }) => {
    const days = opts.days === undefined ? undefined : Number(opts.days);
    if (days !== undefined && (!Number.isInteger(days) || days <= 0))
      throw new InputError('--days: a positive integer / 须为正整数');
    const platform = await openPlatform(loadConfig());
    try {
      const result = await platform.services.identity.issueToken(username, opts.label, days);
      if (!result.ok) throw new InputError(printViolation(result.error, locale));
      console.log(
        opts.json
          ? JSON.stringify({ token: result.value.token, expiresAt: result.value.expiresAt })
          : result.value.token,
      );
    } finally {
      await platform.close();
    }
  });

program
  .command('device')
  .description('devices / 设备')
  .command('add')
  .description(
    'register a device; prints its secret once (MQTT password, HTTP bearer) / 注册设备并显示一次其密钥',
  )
  .argument('<id>', 'device id, also the MQTT username')
  .option('--org <organizationId>', 'organization that owns it (default: port-operator)')
  .option('--label <label>', 'what it is')
  .option('--json', 'print {"id", "secret"} as JSON')
  .action(async (id: string, opts: { org?: string; label?: string; json?: boolean }) => {
    const platform = await openPlatform(loadConfig());
    try {
      const result = await platform.services.tracking.addDevice({
        id,
        ...(opts.org ? { organizationId: opts.org } : {}),
        ...(opts.label ? { label: opts.label } : {}),
      });
      if (!result.ok) throw new InputError(printViolation(result.error, locale));
      const { secret, organizationId } = result.value;
      if (opts.json) console.log(JSON.stringify({ id: result.value.id, secret }));
      else
        console.log(
          `device ${result.value.id} (${organizationId}) — secret, shown once / 密钥仅显示一次:\n${secret}`,
        );
    } finally {
      await platform.close();
    }
  });

program
  .command('network')
  .description(t.networkDescription)
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const report = await networkReport();
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else printNetworkTable(report, locale);
  });

const plan = program.command('plan').description(t.planDescription);
for (const kind of ['load', 'consolidate', 'gateway'] as const) {
  plan
    .command(kind)
    .description(t.planKind[kind])
    .requiredOption('--input <file>', 'instance document (JSON; - for stdin)')
    .option('--json', 'print the solution document')
    .option('--time-limit-ms <ms>', 'search budget')
    .action((opts: { input: string; json?: boolean; timeLimitMs?: string }) => runPlan(kind, opts, locale));
}
plan
  .command('transship')
  .description('re-load trains at a gauge change (lugang.transshipment.instance/v1) / 换装重新配载')
  .requiredOption('--input <file>', 'transshipment document (JSON; - for stdin)')
  .option('--json', 'print the plan')
  .option('--time-limit-ms <ms>', 'search budget per new train')
  .action((opts: { input: string; json?: boolean; timeLimitMs?: string }) => runTransship(opts, locale));

program
  .command('enterprise')
  .description(locale === 'zh' ? '园区企业' : 'zone enterprises')
  .command('import')
  .description(
    locale === 'zh'
      ? '从 CSV 或 XLSX 导入企业（按统一社会信用代码幂等），逐行报告错误'
      : 'import enterprises from CSV or XLSX (idempotent by credit code), with a row-level error report',
  )
  .argument('<file>')
  .option('--json', 'print JSON')
  .action((file: string, opts: { json?: boolean }) => runEnterpriseImport(file, opts, locale));

program
  .command('bookings')
  .description(locale === 'zh' ? '订舱' : 'bookings')
  .command('import')
  .description(
    locale === 'zh'
      ? '从 CSV 或 XLSX 导入订舱（按组织内订舱号幂等），逐行报告错误'
      : 'import bookings from CSV or XLSX (idempotent by reference within the organization), with a row-level report',
  )
  .argument('<file>')
  .option('--org <id>', 'owner of rows that name no forwarder or shipper')
  .option('--json', 'print JSON')
  .action((file: string, opts: { org?: string; json?: boolean }) => runBookingImport(file, opts, locale));

const check = program.command('check').description(t.checkDescription);
check
  .command('container')
  .description('ISO 6346')
  .argument('<number>')
  .option('--json', 'print JSON')
  .action((input: string, opts: { json?: boolean }) => {
    const result = checkContainer(input);
    if (!result.ok) throw new InputError(printViolation(result.error, locale));
    const c = result.value;
    console.log(
      opts.json
        ? JSON.stringify(c)
        : `${t.containerValid(c.number)}  (owner ${c.ownerCode}, category ${c.category}, serial ${c.serial}, check digit ${c.checkDigit})`,
    );
  });
check
  .command('hs')
  .description('Harmonized System 2022')
  .argument('<code>')
  .option('--json', 'print JSON')
  .action((input: string, opts: { json?: boolean }) => {
    const result = lookupHs(input);
    if (!result.ok) throw new InputError(printViolation(result.error, locale));
    const h = result.value;
    if (opts.json) {
      console.log(JSON.stringify(h));
      return;
    }
    console.log(`${t.hsFound(h.display)}  ${h.description}`);
    for (const p of h.parents) console.log(`  ⊂ ${p.code}  ${p.description}`);
    if (h.section) console.log(`  § ${h.section.id}  ${h.section.name}`);
  });

registerSim(program, locale);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  if (err instanceof InputError || err instanceof ConfigError) {
    console.error(`lugang: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof DataDirLockedError) {
    console.error(`lugang: ${err.message}\n${t.lockedHint}`);
    process.exit(1);
  }
  console.error(`lugang: ${t.failed}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
