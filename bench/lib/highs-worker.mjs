// Worker thread that runs one HiGHS solve at a time for bench/lib/highs.ts. Plain JavaScript so that
// it starts without tsx. Messages in: { id, lp, options }. Messages out: { id, type: 'progress',
// objective, bound } while a MIP runs, then { id, type: 'done', ... } or { id, type: 'error', message }.
// After an error the parent terminates this worker (a WebAssembly abort leaves HiGHS unusable).
import { parentPort } from 'node:worker_threads';
import loadHighs from 'highs';

const highsPromise = loadHighs();

function finite(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

parentPort.on('message', async (msg) => {
  const { id, lp, options, deadline } = msg;
  let model;
  try {
    const highs = await highsPromise;
    const t0 = performance.now();
    model = highs.createModel({ format: 'lp', data: lp });
    const dims = model.getLp();
    // Garbage text parses as an empty model; an LP text with an objective section may be empty on purpose.
    if (dims.numCols === 0 && dims.numRows === 0 && !/^\s*(minimi[sz]e|maximi[sz]e|min|max)\b/im.test(lp)) {
      throw new Error('HiGHS read an empty model (nothing parsed)');
    }
    // HiGHS gets the time left until the caller's deadline, so worker start-up does not eat its margin.
    const timeLimit = Math.max(0.001, (deadline - Date.now()) / 1000);
    model.options.set({ output_flag: false, time_limit: timeLimit, ...options });
    const cb = highs.constants.callbackType;
    let lastPost = -1;
    const progress = (data) => {
      const objective = finite(data.mip_primal_bound);
      const bound = finite(data.mip_dual_bound);
      parentPort.postMessage({ id, type: 'progress', objective, bound });
    };
    model.run({
      [cb.mipImprovingSolution](e) {
        progress(e.data);
      },
      [cb.mipInterrupt](e) {
        const t = e.data.running_time ?? 0;
        if (t - lastPost >= 0.05) {
          lastPost = t;
          progress(e.data);
        }
      },
    });
    const ms = performance.now() - t0;
    const status = model.getModelStatus();
    const S = highs.constants.modelStatus;
    const lpInfo = model.getLp();
    const isMip = lpInfo.integrality !== undefined && Array.from(lpInfo.integrality).some((v) => v !== 0);
    const primalStatus = model.info.get('primal_solution_status');
    // An empty model (no rows, no columns) is trivially optimal at its constant offset.
    const hasPrimal = primalStatus === 2 || status === S.empty;
    let objective = null;
    if (status === S.empty) objective = finite(dims.offset) ?? 0;
    else if (hasPrimal) objective = finite(model.getObjectiveValue());
    let bound = null;
    if (isMip) bound = finite(model.info.get('mip_dual_bound'));
    else if (status === S.optimal || status === S.empty) bound = objective;
    const columns = {};
    if (primalStatus === 2) {
      const values = model.getSolution().colValue;
      for (let i = 0; i < values.length; i++) columns[model.getColName(i)] = values[i];
    }
    let kind = 'error';
    if (status === S.optimal || status === S.empty) kind = 'optimal';
    else if (status === S.timeLimit || status === S.interrupted) kind = 'time-limit';
    else if (status === S.infeasible) kind = 'infeasible';
    parentPort.postMessage({
      id,
      type: 'done',
      status: kind,
      modelStatus: status,
      objective,
      bound,
      ms,
      columns,
    });
  } catch (err) {
    parentPort.postMessage({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  } finally {
    if (model && !model.disposed) model.dispose();
  }
});
