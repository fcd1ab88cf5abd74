/** What a callback probe sends: the arguments the callback really received in the run, else the scenario's. */
import type { Json } from '../scenario/behaviour.js';
import type { Scenario } from '../scenario/types.js';
import type { ReceiptRecord } from './record.js';

export function probeArguments(scenario: Scenario, method: string, receipts: Record<string, ReceiptRecord>): Json {
  const fallback: Json = scenario.callbackProbeArgs?.[method] ?? {};
  const seen = Object.values(receipts).find((r) => r.receiver === scenario.contract.id && r.actions.some((a) => a.kind === 'call' && a.name === method));
  const seenArgs = seen?.actions.find((a) => a.name === method)?.args;
  if (!seenArgs) return fallback;
  try {
    return JSON.parse(seenArgs) as Json;
  } catch {
    return fallback; // not JSON: keep the scenario's probe arguments
  }
}
