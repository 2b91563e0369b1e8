/**
 * `lugang sim`: the digital twin for a number of days on an embedded platform of its own (an
 * in-memory database, or `--data-dir` to keep it), with a progress bar and what happened; `--json`
 * prints a summary that is byte-identical for the same seed and options. Also the options of the
 * live twin that `lugang start` runs (`--no-sim`, `--sim-seed`, `--sim-speed`).
 */
import type { Command } from 'commander';
import type { Locale } from '../../domain/text';
import { DAY, type Detail, LIVE_DEFAULTS, YEAR_DEFAULTS } from '../simulator/core';
import { DEFAULT_SIM_DEVICES, runEmbedded, type TwinStartOptions } from '../simulator/embedded';
import { InputError } from './io';

function seedOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 0xffffffff)
    throw new InputError('--seed: an integer 0…4294967295 / 须为 0…4294967295 的整数');
  return n;
}

function speedOf(text: string, allowMax: boolean): number | 'max' {
  if (allowMax && text === 'max') return 'max';
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(
      `--speed: a positive number of simulated seconds per second${allowMax ? ' or max' : ''} / 须为正数（每秒模拟秒数）${allowMax ? '或 max' : ''}`,
    );
  return n;
}

/** The live twin's options from `lugang start`'s flags, or false with `--no-sim`. */
export function twinStartOptions(opts: {
  sim: boolean;
  simSeed: string;
  simSpeed: string;
  simDevices?: string;
}): TwinStartOptions | false {
  if (!opts.sim || process.env.LUGANG_SIM === 'off') return false;
  return {
    seed: seedOf(opts.simSeed),
    speed: speedOf(opts.simSpeed, true),
    devices: devicesOf(opts.simDevices ?? process.env.LUGANG_SIM_DEVICES ?? 'mqtt', '--sim-devices'),
  };
}

function devicesOf(text: string, flag: string): 'http' | 'mqtt' {
  if (text !== 'http' && text !== 'mqtt') throw new InputError(`${flag}: mqtt | http`);
  return text;
}

interface SimOpts {
  days: string;
  speed: string;
  seed: string;
  start: string;
  detail: string;
  dataDir?: string;
  devices?: string;
  json?: boolean;
}

function bar(done: number, total: number): string {
  const width = 30;
  const full = Math.round((done / total) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.round((done / total) * 100)).padStart(3)}%`;
}

export async function runSim(opts: SimOpts, locale: Locale): Promise<void> {
  const zh = locale === 'zh';
  const days = Number(opts.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw new InputError('--days: 1…3660 / 须为 1…3660');
  const seed = seedOf(opts.seed);
  const speed = speedOf(opts.speed, true);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.start) || Number.isNaN(Date.parse(`${opts.start}T00:00:00Z`)))
    throw new InputError('--start: a date YYYY-MM-DD / 须为日期 YYYY-MM-DD');
  const startMs = Date.parse(`${opts.start}T00:00:00Z`);
  if (startMs + days * DAY > Date.now())
    throw new InputError(
      `--start ${opts.start} + ${days} days reaches the future: devices' ACT events would be refused as future; start earlier / 开始日期加天数超过今天：请提前开始日期`,
    );
  if (opts.detail !== 'train' && opts.detail !== 'box') throw new InputError('--detail: train | box');
  const detail = opts.detail as Detail;
  const base = detail === 'box' ? LIVE_DEFAULTS : YEAR_DEFAULTS;
  const tty = process.stderr.isTTY && !opts.json;
  const result = await runEmbedded(
    { ...base, detail, seed, startMs, days },
    {
      speed,
      devices: devicesOf(opts.devices ?? DEFAULT_SIM_DEVICES, '--devices'),
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      onDay: (day, twin) => {
        if (!tty) return;
        const s = twin.summary();
        process.stderr.write(
          `\r${bar(day, days)} ${zh ? '第' : 'day '}${day}/${days}${zh ? '天' : ''}  ${zh ? '列车' : 'trains'} ${s.trains.outbound + s.trains.inbound}  ${zh ? '事件' : 'events'} ${s.events.total}  `,
        );
      },
    },
  );
  if (tty) process.stderr.write('\n');
  {
    const s = result.summary;
    if (opts.json) {
      console.log(JSON.stringify(s, null, 2));
      return;
    }
    const line = (en: string, zhText: string, value: string | number) =>
      console.log(`${(zh ? zhText : en).padEnd(zh ? 16 : 28)} ${value}`);
    console.log(
      zh
        ? `数字孪生（模拟数据）种子 ${seed}，自 ${s.start} 起 ${days} 天：`
        : `Digital twin (simulated), seed ${seed}, ${days} days from ${s.start}:`,
    );
    line(
      'trains outbound / inbound',
      '出境 / 入境列车',
      `${s.trains.outbound} / ${s.trains.inbound} (${s.trains.arrived} ${zh ? '已到达' : 'arrived'})`,
    );
    line('TEU outbound / inbound', '出境 / 入境标箱', `${s.teu.outbound} / ${s.teu.inbound}`);
    line('bookings, boxes', '订舱，箱数', `${s.bookings}, ${s.boxes}`);
    line('device events, readings', '设备事件，读数', `${s.events.total}, ${s.readings}`);
    line(
      'duplicates, late (injected)',
      '重复、迟到（注入）',
      `${s.misbehaviour.duplicates}, ${s.misbehaviour.late}`,
    );
    line('reefer excursions', '冷箱温度偏离', s.alarms.reeferExcursions);
    for (const [id, g] of Object.entries(s.gateways))
      line(
        `gateway ${id}`,
        `口岸 ${id}`,
        `${g.trains} ${zh ? '列' : 'trains'}, ${zh ? '平均等待' : 'mean wait'} ${g.meanWaitHours} h, ${zh ? '最长' : 'max'} ${g.maxWaitHours} h, ${zh ? '最多排队' : 'max queue'} ${g.maxQueue}, ${zh ? '减能力天数' : 'reduced days'} ${g.reducedDays}`,
      );
    const a = result.adapter;
    line('API requests (failed)', 'API 请求（失败）', `${a.requests} (${a.failed})`);
    line(
      'stored, duplicates, quarantined',
      '存储、重复、隔离',
      `${a.stored}, ${a.duplicates}, ${a.quarantined}`,
    );
    line('bookings imported (refused)', '导入订舱（拒绝）', `${a.bookingsImported} (${a.bookingsRejected})`);
    if (a.failed) line('failures', '失败', JSON.stringify(a.failures));
    const d = result.devices;
    line(
      'devices sent over',
      '设备上报方式',
      d.kind === 'mqtt'
        ? `MQTT: ${a.deviceMessages} ${zh ? '条消息' : 'messages'}, ${d.opened} ${zh ? '个连接' : 'connections'}`
        : `HTTP: ${a.deviceMessages} ${zh ? '次请求' : 'requests'}`,
    );
    line(
      'wall time',
      '耗时',
      `${(result.wallMs / 1000).toFixed(1)} s (${zh ? '模型' : 'core'} ${(result.coreMs / 1000).toFixed(1)} s)`,
    );
    line('event log hash', '事件日志哈希', s.hash);
  }
}

export function registerSim(program: Command, locale: Locale): void {
  program
    .command('sim')
    .description(
      locale === 'zh'
        ? '运行数字孪生（模拟数据）若干天，使用自带的嵌入式平台；同一种子结果相同'
        : 'run the digital twin (simulated data) for some days on an embedded platform of its own; the same seed gives the same run',
    )
    .option('--days <n>', 'simulated days', '365')
    .option('--speed <n|max>', 'simulated seconds per second, or max', 'max')
    .option('--seed <n>', 'seed', '1')
    .option('--start <date>', 'first simulated day (UTC)', '2025-01-01')
    .option('--detail <train|box>', 'event granularity (see docs/simulator.md)', 'train')
    .option('--data-dir <dir>', 'keep the platform in this data directory (default: in memory)')
    .option('--devices <mqtt|http>', `how the devices send (default ${DEFAULT_SIM_DEVICES})`)
    .option('--json', 'print the summary as JSON')
    .action((opts: SimOpts) => runSim(opts, locale));
}
