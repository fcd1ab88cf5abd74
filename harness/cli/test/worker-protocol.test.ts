/** The CLI's two threads check what they receive from each other: a structured clone is not a promise of shape. */
import { describe, expect, it } from 'vitest';
import { isWorkerMessage, isWorkerTask } from '../worker-protocol.js';

const task = { command: 'run', options: { scenarios: 's.ts', backend: 'embedded', corpus: 'c', out: 'o', projectRoot: '/p', seed: 42, runs: 100, verbose: false } };
const sharedFlag = () => new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

describe('the worker thread', () => {
  it('takes a run or fuzz task with a stop flag in shared memory', () => {
    expect(isWorkerTask({ task, stopFlag: sharedFlag() })).toBe(true);
    expect(isWorkerTask({ task: { command: 'fuzz', options: { ...task.options, durationMs: 1000, includeSelfTests: true } }, stopFlag: sharedFlag() })).toBe(true);
  });

  it.each([
    { what: 'an unknown command', data: { task: { ...task, command: 'replay' }, stopFlag: sharedFlag() } },
    { what: 'an unknown backend', data: { task: { ...task, options: { ...task.options, backend: 'mainnet' } }, stopFlag: sharedFlag() } },
    { what: 'a run without its seed', data: { task: { ...task, options: { ...task.options, seed: undefined } }, stopFlag: sharedFlag() } },
    { what: 'a stop flag the main thread could not change', data: { task, stopFlag: new Int32Array(1) } },
    { what: 'nothing', data: undefined },
  ])('refuses $what', ({ data }) => {
    expect(isWorkerTask(data)).toBe(false);
  });
});

describe('the main thread', () => {
  it('takes the worker\'s messages', () => {
    for (const message of [{ kind: 'line', text: 'ok' }, { kind: 'progress', text: 'run 3' }, { kind: 'found', file: 'a.json' }, { kind: 'done', code: 0 }, { kind: 'failed', message: 'boom' }]) {
      expect(isWorkerMessage(message)).toBe(true);
    }
  });

  it('ignores anything else', () => {
    for (const message of [{ kind: 'line' }, { kind: 'done', code: '0' }, { kind: 'shout', text: 'hi' }, 'done', null]) expect(isWorkerMessage(message)).toBe(false);
  });
});
