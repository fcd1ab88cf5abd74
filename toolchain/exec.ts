/** Child processes for the build: run a command, fail with its output on error. */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export class CommandFailedError extends Error {
  constructor(command: string, args: string[], code: number | null, output: string) {
    super(`\`${[command, ...args].join(' ')}\` failed (exit ${code ?? 'signal'}):\n${output.trim()}`);
    this.name = 'CommandFailedError';
  }
}

export function run(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new CommandFailedError(command, args, null, error.message)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new CommandFailedError(command, args, code, output))));
  });
}

/** Runs tasks with at most `limit` in flight; rejects with the first failure after all settle. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
