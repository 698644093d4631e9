import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Node only (tests, benchmarks, the command line): starts a worker_threads
 * worker running a TypeScript module. Not exported from the ring's index,
 * so browser bundles never see `node:` imports.
 *
 * Node 20 does not apply `--import tsx` given in a worker's execArgv, so the
 * worker starts from a small ES module that registers tsx's loader and then
 * imports the entry. `workerData` reaches the entry unchanged; objects in
 * `transferList` (a MessagePort, say) move to the worker.
 */
export function startTypeScriptWorker(
  entry: URL,
  workerData: unknown,
  transferList: WorkerOptions["transferList"] = [],
): Worker {
  const bootstrap = [
    'import { register } from "tsx/esm/api";',
    "register();",
    `await import(${JSON.stringify(entry.href)});`,
  ].join("\n");
  return new Worker(bootstrap, { eval: true, workerData, transferList });
}

/** Resolves with the worker's exit code; rejects on an uncaught error in it. */
export function workerExit(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", resolve);
  });
}
