/** Callback probes: who sends them, and with which arguments. */
import type { Json } from '../scenario/index.js';
import type { Scenario } from '../scenario/index.js';
import type { ReceiptRecord } from './record.js';

/** The foreign account that probes the callbacks, and what it starts with when the scenario does not create it. */
export function attackerOf(scenario: Scenario): string {
  return scenario.attacker ?? 'attacker.test.near';
}
export const ATTACKER_BALANCE = 1_000n * 10n ** 24n;

/** What a callback probe sends: the arguments the callback really received in the run, else the scenario's. */
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
