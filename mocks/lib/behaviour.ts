/**
 * How the mock answers a call. The harness chooses one per method (a default, or a
 * queue of one-shot answers) or per call (a `__mock` field in the call's arguments).
 */
import type { Json, MockBehaviour } from '../../harness/scenario/behaviour.js';

export type { MockBehaviour };
export type JsonValue = Json;

export const DEFAULT_BEHAVIOUR: MockBehaviour = { kind: 'return', value: null };

/** A failing answer makes NEAR refund the deposit; delayed answers must do it themselves. */
export function isFailure(behaviour: MockBehaviour): boolean {
  return behaviour.kind === 'fail' || behaviour.kind === 'trap' || behaviour.kind === 'exhaust-gas';
}

export function parseBehaviour(value: unknown, where: string): MockBehaviour {
  const fail = (why: string): never => {
    throw new Error(`invalid mock behaviour in ${where}: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('expected an object with a "kind"');
  const b = value as Record<string, unknown>;
  switch (b['kind']) {
    case 'return':
      return { kind: 'return', value: (b['value'] ?? null) as JsonValue };
    case 'fail':
      if (typeof b['message'] !== 'string') return fail('"fail" needs a string "message"');
      return { kind: 'fail', message: b['message'] };
    case 'trap':
    case 'exhaust-gas':
    case 'malformed':
      return { kind: b['kind'] };
    case 'delay': {
      const blocks = b['blocks'];
      if (typeof blocks !== 'number' || !Number.isInteger(blocks) || blocks < 1) return fail('"delay" needs an integer "blocks" >= 1');
      return { kind: 'delay', blocks, then: parseBehaviour(b['then'] ?? DEFAULT_BEHAVIOUR, `${where}.then`) };
    }
    default:
      return fail(`unknown kind ${JSON.stringify(b['kind'])} (return, fail, trap, delay, exhaust-gas, malformed)`);
  }
}
