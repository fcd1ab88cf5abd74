/**
 * Starting one of the CLI's threads (the command's worker, a pool thread) from its module
 * next to this one. Under tsx (the TypeScript sources, this repository) a new thread does not
 * inherit the main thread's loader, so it registers tsx first, as bin/ does; compiled, it
 * runs the JavaScript directly.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startThread(module: 'worker' | 'pool-worker', workerData: unknown): Worker {
  const entry = new URL(`./${module}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(fileURLToPath(entry), { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
