// Runs the HiGHS solver (npm `highs`, WebAssembly) on a CPLEX LP text in a worker thread, with a hard
// wall-clock limit: HiGHS gets its own `time_limit` a little below it, and the worker is terminated
// if it still overruns. Used by the planner benchmarks and by tests that compare against HiGHS.
import { Worker } from 'node:worker_threads';

export type HighsStatus = 'optimal' | 'time-limit' | 'infeasible' | 'error';

export interface HighsRunResult {
  readonly status: HighsStatus;
  /** Best primal objective known (incumbent), or null. */
  readonly objective: number | null;
  /** Best proven dual bound (for an LP solved to optimality: the objective), or null. */
  readonly bound: number | null;
  /** Solver time in ms measured inside the worker (parse + solve; excludes worker start-up). */
  readonly ms: number;
  /** Wall time in ms seen by the caller, including queueing and message passing. */
  readonly wallMs: number;
  /** Primal values by column name (empty when HiGHS has no primal solution). */
  readonly columns: Record<string, number>;
  /** True when the worker had to be terminated at the wall-clock limit (HiGHS did not stop itself). */
  readonly killed: boolean;
  /** Error text when status is 'error'. */
  readonly message?: string;
}

export interface HighsRunOptions {
  /** Hard wall-clock limit; the worker is killed after it. Default 60000. */
  readonly timeLimitMs?: number;
  /** Extra HiGHS options (snake_case names, e.g. { solver: 'simplex', presolve: 'off' }). */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

interface DoneMsg {
  id: number;
  type: 'done';
  status: HighsStatus;
  objective: number | null;
  bound: number | null;
  ms: number;
  columns: Record<string, number>;
}
interface ProgressMsg {
  id: number;
  type: 'progress';
  objective: number | null;
  bound: number | null;
}
interface ErrorMsg {
  id: number;
  type: 'error';
  message: string;
}
type WorkerMsg = DoneMsg | ProgressMsg | ErrorMsg;

const WORKER_URL = new URL('./highs-worker.mjs', import.meta.url);

let worker: Worker | null = null;
let nextId = 1;
/** Calls are serialised: one worker, one solve at a time (the machine has few cores). */
let queue: Promise<unknown> = Promise.resolve();

function getWorker(): Worker {
  if (worker === null) {
    const w = new Worker(WORKER_URL);
    w.unref();
    w.on('error', () => {
      if (worker === w) worker = null;
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
    worker = w;
  }
  return worker;
}

/** Stops the shared worker (tests call this in afterAll; it is unref'd, so it never blocks exit). */
export async function stopHighsWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w !== null) await w.terminate();
}

function runOnce(lpModel: string, opts: HighsRunOptions): Promise<HighsRunResult> {
  const timeLimitMs = opts.timeLimitMs ?? 60_000;
  // HiGHS checks its own clock; leave it a margin to report incumbent and bound itself.
  const deadline = Date.now() + timeLimitMs - Math.min(500, timeLimitMs * 0.1);
  const id = nextId++;
  const w = getWorker();
  const t0 = performance.now();
  return new Promise<HighsRunResult>((resolve) => {
    let bestObjective: number | null = null;
    let bestBound: number | null = null;
    let settled = false;
    const finish = (r: Omit<HighsRunResult, 'wallMs' | 'killed'>, killed = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
      resolve({ ...r, killed, wallMs: performance.now() - t0 });
    };
    const onMessage = (m: WorkerMsg): void => {
      if (m.id !== id) return;
      if (m.type === 'progress') {
        if (m.objective !== null) bestObjective = m.objective;
        if (m.bound !== null) bestBound = m.bound;
      } else if (m.type === 'done') {
        finish({
          status: m.status,
          objective: m.objective ?? bestObjective,
          bound: m.bound ?? bestBound,
          ms: m.ms,
          columns: m.columns,
        });
      } else {
        if (worker === w) worker = null;
        void w.terminate();
        finish({ status: 'error', objective: null, bound: null, ms: 0, columns: {}, message: m.message });
      }
    };
    const onExit = (code: number): void => {
      if (settled) return;
      finish({
        status: 'error',
        objective: bestObjective,
        bound: bestBound,
        ms: performance.now() - t0,
        columns: {},
        message: `HiGHS worker exited with code ${code}`,
      });
    };
    const timer = setTimeout(() => {
      if (worker === w) worker = null;
      void w.terminate();
      finish(
        {
          status: 'time-limit',
          objective: bestObjective,
          bound: bestBound,
          ms: performance.now() - t0,
          columns: {},
        },
        true,
      );
    }, timeLimitMs);
    w.on('message', onMessage);
    w.on('exit', onExit);
    w.postMessage({ id, lp: lpModel, deadline, options: opts.options ?? {} });
  });
}

/**
 * Solves a CPLEX-LP-format model with HiGHS in a worker thread. Never throws: failures come back as
 * status 'error' with a message. Calls are queued and run one after the other.
 */
export function solveWithHighs(lpModel: string, opts: HighsRunOptions = {}): Promise<HighsRunResult> {
  const run = queue.then(() => runOnce(lpModel, opts));
  queue = run.catch(() => undefined);
  return run;
}
