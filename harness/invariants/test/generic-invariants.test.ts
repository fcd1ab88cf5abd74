/**
 * The generic NEAR invariants, each alone, on the example contracts and the variant made to
 * break it: callbacks-succeed (router, o), storage-paid (desk, p), liabilities-backed (desk, q).
 * Each names the step and the receipt that caused the violation.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend, emptyRunRecord, type ReceiptRecord, type RunRecord } from '../../backend/index.js';
import { runOptions } from '../../check/index.js';
import type { Plan, Step } from '../../generate/index.js';
import type { Scenario } from '../../scenario/index.js';
import { callbacksSucceed, liabilitiesBacked, storageBytes, storagePaid, type Invariant } from '../index.js';
import { deskScenario, routerScenario } from '../../../properties/scenarios/returns.scenario.js';

const NEAR = 10n ** 24n;
const swap = (answer: Step['answers'][string]): Step => ({
  caller: 'alice.test.near',
  receiver: 'router.test.near',
  method: 'swap',
  args: { pool: 'amm.test.near', min_out: '0' },
  deposit: (2n * NEAR).toString(),
  gas: '300000000000000',
  wait: 0,
  answers: { 'amm.test.near.swap_exact_in': answer },
  delays: [],
});
const forward = (amount: string, wait = 0): Step => ({
  caller: 'alice.test.near',
  receiver: 'desk.test.near',
  method: 'forward',
  args: { receiver_id: 'receiver.test.near', amount, msg: '' },
  deposit: '1',
  gas: '300000000000000',
  wait,
  answers: { 'receiver.test.near.ft_on_transfer': { kind: 'return', value: '0' } },
  delays: [],
});

async function check(invariant: Invariant, scenario: Scenario, plan: Plan) {
  const backend = new EmbeddedBackend(scenario);
  const options = runOptions(scenario);
  const record = await backend.run(plan, options);
  const violations = await invariant.check({ scenario, plan, record, rerun: (p) => backend.run(p, options) });
  return { record, violations };
}

const DELAYED_GARBAGE: Plan = { steps: [swap({ kind: 'delay', blocks: 2, then: { kind: 'malformed' } })], order: [] };

describe('callbacks-succeed', () => {
  it('holds on the router when the pool answers, late, with bytes that are not JSON: its callback refunds instead of failing', async () => {
    expect((await check(callbacksSucceed, routerScenario(), DELAYED_GARBAGE)).violations).toEqual([]);
  });

  it('fails on a callback that panics on that answer, blaming the swap (step 0) and the failed on_swap receipt, with what the pool delivered', async () => {
    const scenario = routerScenario('contract/buggy/build/o-router-callback-panics.wasm', 'o');
    const { record, violations } = await check(callbacksSucceed, scenario, DELAYED_GARBAGE);
    expect(violations).toHaveLength(1);
    const [violation] = violations;
    expect(violation!.step).toBe(0);
    const receipt = record.receipts[violation!.receipt!]!;
    expect(receipt.ok).toBe(false);
    expect(receipt.actions[0]!.name).toBe('on_swap');
    expect(violation!.block).toBe(receipt.block);
    expect(violation!.message).toMatch(/^step 0 \(alice\.test\.near → router\.test\.near\.swap, deposit 2000000000000000000000000\): its callback router\.test\.near\.on_swap \(receipt \w+, block \d+, awaiting Successful result\(s\)\) failed: Smart contract panicked: unexpected end of input/);
    expect(violation!.message).toMatch(/before it, amm\.test\.near\.swap_exact_in returned a promise/);
  });

  it('allows the panic messages the scenario names', async () => {
    const scenario = { ...routerScenario('contract/buggy/build/o-router-callback-panics.wasm', 'o'), allowedCallbackFailures: [/unexpected end of input/] };
    expect((await check(callbacksSucceed, scenario, DELAYED_GARBAGE)).violations).toEqual([]);
  });
});

describe('storage-paid', () => {
  it('counts a record as NEAR does: key, value and 40 bytes of overhead; growth in place by the value alone', () => {
    expect(storageBytes({ key: 'ab', before: null, after: 'xyz' })).toBe(45n);
    expect(storageBytes({ key: 'ab', before: 'xyz', after: null })).toBe(-45n);
    expect(storageBytes({ key: 'ab', before: 'xyz', after: 'xyzzy' })).toBe(2n);
  });

  it('holds on the desk: a settled forward leaves nothing stored', async () => {
    const plan = { steps: [forward('50'), forward('20', 3)], order: [] };
    expect((await check(storagePaid, deskScenario(), plan)).violations).toEqual([]);
  });

  it('fails when a forward leaves a history record paid by 1 yocto, blaming the forward and the receipt that stored it', async () => {
    const scenario = deskScenario('contract/buggy/build/p-desk-storage-unpaid.wasm', 'p');
    const { record, violations } = await check(storagePaid, scenario, { steps: [forward('50')], order: [] });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.step).toBe(0);
    expect(record.receipts[violations[0]!.receipt!]!.receiver).toBe('desk.test.near');
    expect(violations[0]!.message).toMatch(/^step 0 \(alice\.test\.near → desk\.test\.near\.forward, deposit 1\) grew desk\.test\.near's storage by \d+ bytes/);
    expect(violations[0]!.message).toMatch(/of them free: 40 per user\) but left only 0 NEAR/);
  });

  it('lets the contract pay for the bytes per user the scenario grants', async () => {
    const scenario = { ...deskScenario('contract/buggy/build/p-desk-storage-unpaid.wasm', 'p'), storage: { freeBytesPerUser: 1_000 } };
    expect((await check(storagePaid, scenario, { steps: [forward('50')], order: [] })).violations).toEqual([]);
  });
});

/**
 * A record of two operations of alice on a contract that keeps a 60-byte record per user
 * (key "u:alice" + 13-byte value + 40): register, paying `paid`; unregister, sending `refund` back.
 */
function registerThenUnregister(paid: bigint, refund: bigint): { record: RunRecord; plan: Plan } {
  const receipt = (id: string, step: number, r: Partial<ReceiptRecord>): ReceiptRecord => ({
    id, block: 10 + step, step, predecessor: 'alice.test.near', receiver: 'desk.test.near', actions: [], ok: true, logs: [], gasBurnt: '0', tokensBurnt: '0',
    balanceBefore: null, balanceAfter: null, storage: [], ...r,
  });
  const record = emptyRunRecord('synthetic');
  record.receipts = {
    r0: receipt('r0', 0, { actions: [{ kind: 'call', name: 'register', deposit: paid.toString() }], storage: [{ key: 'u:alice', before: null, after: '{"since":"1"}' }] }),
    r1: receipt('r1', 1, { actions: [{ kind: 'call', name: 'unregister', deposit: '1' }], storage: [{ key: 'u:alice', before: '{"since":"1"}', after: null }] }),
    r2: receipt('r2', 1, { predecessor: 'desk.test.near', receiver: 'alice.test.near', actions: [{ kind: 'transfer', name: 'Transfer', deposit: refund.toString() }] }),
  };
  record.steps = [
    { index: 0, submittedAtBlock: 10, outcome: 'success', receipts: ['r0'] },
    { index: 1, submittedAtBlock: 11, outcome: 'success', receipts: ['r1', 'r2'] },
  ];
  const step = (method: string, deposit: string): Step => ({ ...forward('1'), method, args: {}, deposit, answers: {} });
  return { record, plan: { steps: [step('register', paid.toString()), step('unregister', '1')], order: [] } };
}

describe('storage-paid, with storage.refundsReleased', () => {
  const scenario: Scenario = { ...deskScenario(), storage: { refundsReleased: true } };
  const RECORD_COST = 60n * 10n ** 19n;
  const judge = ({ record, plan }: { record: RunRecord; plan: Plan }) => storagePaid.check({ scenario, plan, record, rerun: async () => record });

  it('holds when freeing a record sends its storage stake back to the user who paid it', async () => {
    expect(await judge(registerThenUnregister(10n ** 22n, RECORD_COST))).toEqual([]);
  });

  it('fails when the freed storage stake stays with the contract', async () => {
    const [violation] = await judge(registerThenUnregister(10n ** 22n, 0n));
    expect(violation?.step).toBe(1);
    expect(violation?.message).toMatch(/^step 1 \(alice\.test\.near → desk\.test\.near\.unregister, deposit 1\) freed 60 bytes of desk\.test\.near's storage \(0\.0006 NEAR .* released\), but alice\.test\.near got back only 0 NEAR \(0 yocto\) of the 0\.0006 NEAR/);
  });
});

describe('liabilities-backed', () => {
  it('holds on the desk after every block, two forwards racing in one block included', async () => {
    const plan = { steps: [forward('80'), forward('80')], order: [] };
    expect((await check(liabilitiesBacked, deskScenario(), plan)).violations).toEqual([]);
  });

  it('fails when forwarded tokens leave the desk before it debits them, naming the block, the step and its receipt', async () => {
    const scenario = deskScenario('contract/buggy/build/q-desk-gap-race.wasm', 'q');
    const { record, violations } = await check(liabilitiesBacked, scenario, { steps: [forward('80'), forward('80')], order: [] });
    expect(violations).toHaveLength(1);
    const [violation] = violations;
    expect(record.receipts[violation!.receipt!]!.block).toBe(violation!.block);
    expect(violation!.message).toMatch(/^after block \d+, in which step [01] \(alice\.test\.near → desk\.test\.near\.forward, deposit 1\) ran receipt \w+: users' tokens: desk\.test\.near owes \d+ token\.test\.near tokens, but desk\.test\.near holds only \d+/);
  });

  it('says which view answered something that is not an amount', async () => {
    const scenario: Scenario = { ...deskScenario(), liabilities: [{ name: 'typo', asset: 'NEAR', owed: [{ method: 'get_totals', field: 'balance' }] }] };
    await expect(check(liabilitiesBacked, scenario, { steps: [], order: [] })).rejects.toThrow(
      /desk\.test\.near\.get_totals\(\{\}\) answered \{.*\}; the value at "balance" \(absent\) is not an amount: name a field holding a decimal string or a whole number/,
    );
  });
});
