/**
 * Hand-built scenarios, plans and run records for coverage tests: a contract with a mock
 * pool, a mock token relay and a fungible token, so each count can be stated exactly.
 */
import * as fc from 'fast-check';
import { emptyRunRecord, type ActionRecord, type ReceiptRecord, type RunRecord, type StepRecord } from '../../backend/index.js';
import type { Plan, Step } from '../../generate/index.js';
import type { Scenario } from '../../scenario/index.js';

export const CONTRACT = 'c.test.near';
export const POOL = 'pool.test.near';
export const TOKEN = 'token.test.near';
export const RELAY = 'relay.test.near';
export const ALICE = 'alice.test.near';
export const BOB = 'bob.test.near';

export function scenario(extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'fixture',
    contract: { id: CONTRACT, wasm: 'unused.wasm' },
    users: [
      { id: ALICE, balance: 10n ** 26n },
      { id: BOB, balance: 10n ** 26n },
    ],
    mocks: [
      { id: POOL, kind: 'mock', methods: { deposit_and_stake: {}, storage_deposit: { behaviour: { kind: 'fail', message: 'closed' } } } },
      { id: RELAY, kind: 'mock', relay: true },
      { id: TOKEN, kind: 'fungible-token' },
    ],
    methods: [
      { name: 'stake', args: () => fc.constant({}) },
      { name: 'pay', args: () => fc.constant({}) },
    ],
    callbacks: ['on_stake', 'on_pay'],
    ...extra,
  };
}

export function step(method: string, fields: Partial<Step> = {}): Step {
  return { caller: ALICE, method, receiver: CONTRACT, args: {}, deposit: '0', gas: '30000000000000', wait: 0, answers: {}, delays: [], ...fields };
}

export const call = (name: string): ActionRecord => ({ kind: 'call', name, args: '{}', deposit: '0' });
export const transfer = (deposit: string): ActionRecord => ({ kind: 'transfer', name: 'Transfer', deposit });

let counter = 0;
/** A receipt of step `step`: ok, no logs, no state changes unless said otherwise. */
export function receipt(step: number | undefined, predecessor: string, receiver: string, actions: ActionRecord[], fields: Partial<ReceiptRecord> = {}): ReceiptRecord {
  counter++;
  return {
    id: `r${counter}`,
    block: 1,
    ...(step !== undefined ? { step } : {}),
    predecessor,
    receiver,
    actions,
    ok: true,
    logs: [],
    gasBurnt: '0',
    tokensBurnt: '0',
    balanceBefore: null,
    balanceAfter: null,
    storage: [],
    ...fields,
  };
}

export function stepRecord(index: number, outcome: StepRecord['outcome'], fields: Partial<StepRecord> = {}): StepRecord {
  return { index, submittedAtBlock: 1, outcome, receipts: [], ...fields };
}

/**
 * A record of these receipts and steps. `blocks`: each block's receipts in execution order
 * (as the embedded backend records them); by default one block holding every receipt, in
 * the order given. A node's record (`backend` other than embedded, no `blocks`) lists none.
 */
export function record(receipts: ReceiptRecord[], steps: StepRecord[], options: { backend?: string; blocks?: ReceiptRecord[][] } = {}): RunRecord {
  const run = emptyRunRecord(options.backend ?? 'embedded');
  for (const r of receipts) run.receipts[r.id] = r;
  run.steps = steps;
  if (options.backend === undefined || options.blocks) {
    const blocks = options.blocks ?? [receipts];
    run.blocks = blocks.map((inBlock, i) => ({ height: inBlock[0]?.block ?? i + 1, receipts: inBlock.map((r) => r.id) }));
  }
  return run;
}

export const plan = (steps: Step[], order: number[] = []): Plan => ({ steps, order });
