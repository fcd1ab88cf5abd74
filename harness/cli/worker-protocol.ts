/** What the CLI's main thread and its worker thread send each other. */
import type { BackendKind } from './backends.js';

interface SuiteTaskOptions {
  scenarios: string;
  backend: BackendKind;
  only?: string[];
  corpus: string;
  out: string;
  projectRoot: string;
}

export type WorkerTask =
  | { command: 'run'; options: SuiteTaskOptions & { seed: number; runs: number; verbose: boolean } }
  | { command: 'fuzz'; options: SuiteTaskOptions & { durationMs: number; includeSelfTests: boolean } };

export interface WorkerData {
  task: WorkerTask;
  /** One Int32: 0 while running, 1 once the user asked to stop. */
  stopFlag: Int32Array;
}

export type WorkerMessage =
  | { kind: 'line'; text: string }
  | { kind: 'progress'; text: string }
  | { kind: 'found'; file: string }
  | { kind: 'done'; code: number }
  | { kind: 'failed'; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The worker's data as the main thread sent it (checked: it crosses a thread boundary). */
export function isWorkerTask(data: unknown): data is WorkerData {
  if (!isRecord(data) || !(data['stopFlag'] instanceof Int32Array) || !isRecord(data['task'])) return false;
  const task = data['task'];
  return (task['command'] === 'run' || task['command'] === 'fuzz') && isRecord(task['options']);
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (!isRecord(value)) return false;
  switch (value['kind']) {
    case 'line':
    case 'progress':
      return typeof value['text'] === 'string';
    case 'found':
      return typeof value['file'] === 'string';
    case 'done':
      return typeof value['code'] === 'number';
    case 'failed':
      return typeof value['message'] === 'string';
    default:
      return false;
  }
}
