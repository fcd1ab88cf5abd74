/** Callback probes: each callback called directly by a foreign account once the run has settled, which it must refuse. */
import type { Json, Scenario } from '../scenario/index.js';
import { attackerOf } from './accounts.js';
import type { ReceiptRecord, RunRecord } from './record.js';

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

export interface ProbeOutcome {
  ok: boolean;
  /** The failure's text, when it failed. */
  error?: string;
}

/** Probes every callback in the scenario's order and records what each answered. */
export async function probeCallbacks(scenario: Scenario, record: RunRecord, probe: (method: string, args: Json) => Promise<ProbeOutcome>): Promise<void> {
  const caller = attackerOf(scenario);
  for (const method of scenario.callbacks) {
    const args = probeArguments(scenario, method, record.receipts);
    const { ok, error } = await probe(method, args);
    record.probes.push({ method, caller, args, ok, ...(error ? { error } : {}) });
  }
}
