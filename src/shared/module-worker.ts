/**
 * A worker thread running one of our modules. congvan runs its TypeScript through tsx (bin/congvan.js), and
 * loader hooks do not pass to worker threads: a worker on a .ts module registers tsx first, then imports it.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function moduleWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!/\.[cm]?ts$/.test(module.pathname)) return new Worker(module, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
