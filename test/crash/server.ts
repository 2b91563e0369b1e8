/**
 * The crash harness's server under test and its tools: the real `lugang start` in its own process
 * group (so SIGKILL reaches everything it started), the CLI, a free port, a seeded PRNG.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/lugang.js');

/** mulberry32: a seeded PRNG, so a run can be repeated with `--seed`. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function lugangCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env, timeout: 180_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`lugang ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

// ── the server under test ─────────────────────────────────────────────────────────────────────────

export interface Server {
  readonly child: ChildProcess;
  readonly ready: Promise<string>;
  readonly exited: Promise<void>;
}

export function spawnServer(env: NodeJS.ProcessEnv, extraArgs: string[], log: NodeJS.WritableStream): Server {
  // detached: its own process group, so SIGKILL reaches everything it started
  const child = spawn(process.execPath, [BIN, 'start', ...extraArgs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      log.write(d);
      if (/Device ingest/.test(out)) resolve(out);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${out.slice(-3000)}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

export async function killGroup(server: Server): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    try {
      process.kill(-server.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await server.exited;
}
