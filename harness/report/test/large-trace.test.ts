/**
 * A trace of hundreds of receipts stays readable: one compact column per block (as wide as
 * its receipts need), one arrow per receipt, overlapping gaps each shaded, labels cut short
 * with the whole text kept for the details panel. The run is made up (no contract runs):
 * fifty users' stakes whose calls and callbacks interleave across blocks.
 */
import { beforeAll, expect, it } from 'vitest';
import type { ReceiptRecord, RunRecord } from '../../backend/index.js';
import { PACKAGE_ROOT } from '../../backend/index.js';
import type { Counterexample } from '../../counterexample/index.js';
import type { Plan, Step } from '../../generate/index.js';
import { loadScenarios, type Scenario } from '../../scenario/index.js';
import { counterexampleHtml } from '../index.js';
import { byId, parseHtml, withClass } from './html.js';

const STEPS = 50;
const VAULT = 'vault.test.near';
const POOL = 'pool-b.test.near';
const USER = 'alice.test.near';
const LONG_METHOD = 'deposit_and_stake_with_a_method_name_far_too_long_for_a_label';

let scenario: Scenario;
beforeAll(async () => {
  scenario = (await loadScenarios('properties/scenarios/index.ts', PACKAGE_ROOT)).find((s) => s.name === 'vault')!;
}, 0); // loads the scenario module (no contract runs)

function receipt(id: string, block: number, step: number, predecessor: string, receiver: string, method: string, extra: Partial<ReceiptRecord> = {}): ReceiptRecord {
  return {
    id,
    block,
    step,
    predecessor,
    receiver,
    actions: [{ kind: 'call', name: method, args: '{}', deposit: '1000000000000000000000000' }],
    ok: true,
    logs: [`log of ${id}`],
    gasBurnt: '2428000000000',
    tokensBurnt: '242800000000000000000',
    balanceBefore: '5000000000000000000000000',
    balanceAfter: '6000000000000000000000000',
    storage: [{ key: `s${id}`, before: null, after: '"1"' }],
    ...extra,
  };
}

/** Step s: the user's call in block 100+s, the pool call a block later, its failure, the callback three blocks after the call, a refund. */
function syntheticRun(): { counterexample: Counterexample; record: RunRecord } {
  const record: RunRecord = { backend: 'embedded', steps: [], blocks: [], receipts: {}, settled: true, finalStorage: {}, finalBalances: {}, finalProjections: {}, probes: [], findings: [] };
  const blocks = new Map<number, string[]>();
  const add = (r: ReceiptRecord) => {
    record.receipts[r.id] = r;
    blocks.set(r.block, [...(blocks.get(r.block) ?? []), r.id]);
  };
  const steps: Step[] = [];
  for (let s = 0; s < STEPS; s++) {
    const b = 100 + s;
    const ids = [`call${s}`, `pool${s}`, `cb${s}`, `refund${s}`];
    add(receipt(ids[0]!, b + 1, s, USER, VAULT, 'stake', { delegatedTo: ids[2]! }));
    add(receipt(ids[1]!, b + 2, s, VAULT, POOL, s % 5 === 0 ? LONG_METHOD : 'deposit_and_stake', s % 3 === 0 ? { ok: false, error: 'Exceeded the prepaid gas.' } : {}));
    add(receipt(ids[2]!, b + 4, s, VAULT, VAULT, 'on_stake', { inputs: [s % 3 === 0 ? 'Failed' : 'Successful'] }));
    add(receipt(ids[3]!, b + 5, s, 'system', USER, 'Transfer', { actions: [{ kind: 'transfer', name: 'Transfer', deposit: '1' }], refund: 'gas' }));
    record.steps.push({ index: s, submittedAtBlock: b, transaction: `tx${s}`, outcome: 'success', receipts: ids });
    steps.push({ caller: USER, method: 'stake', receiver: VAULT, args: { pool: POOL }, deposit: '1000000000000000000000000', gas: '300000000000000', wait: s === 0 ? 0 : 1, answers: {}, delays: [] });
  }
  for (const height of [...blocks.keys()].sort((a, b) => a - b)) record.blocks.push({ height, receipts: blocks.get(height)! });
  const plan: Plan = { steps, order: [] };
  const counterexample: Counterexample = {
    format: 'near-rollback-harness/counterexample',
    version: 1,
    scenario: { name: 'vault', module: 'properties/scenarios/index.ts' },
    backend: 'embedded',
    seed: 1,
    path: '0',
    wasm: {},
    plan,
    violations: [{ invariant: 'liabilities-backed', block: 120, message: 'made up: owed is backed by nothing' }],
    trace: '',
  };
  return { counterexample, record };
}

it('draws hundreds of receipts: one arrow each, gaps for every call awaiting its callback, later users marked as landing in a gap', () => {
  const { counterexample, record } = syntheticRun();
  const html = counterexampleHtml({ counterexample, record, violations: counterexample.violations, scenario });
  const elements = parseHtml(html);

  const receipts = withClass(elements, 'receipt');
  expect(receipts).toHaveLength(STEPS * 4);
  expect(withClass(elements, 'lane').map((e) => e.attributes.get('data-account'))).toEqual([USER, VAULT, POOL, 'system']);
  expect(withClass(elements, 'gap')).toHaveLength(STEPS);
  // Every step after the first calls while the one before still waits for its callback.
  expect(receipts.filter((e) => e.classes.has('in-gap')).map((e) => e.attributes.get('data-receipt'))).toEqual(Array.from({ length: STEPS - 1 }, (_, s) => `call${s + 1}`));
  expect(receipts.filter((e) => e.attributes.get('data-status') === 'failure')).toHaveLength(Math.ceil(STEPS / 3));
  expect(withClass(elements, 'violation').map((e) => e.attributes.get('data-invariant'))).toEqual(['liabilities-backed']);
  expect(elements.filter((e) => e.tag === 'li' && e.attributes.has('data-step'))).toHaveLength(STEPS);

  // Compact: the picture scrolls sideways instead of squeezing; labels are cut, the details keep it all.
  const svg = elements.find((e) => e.tag === 'svg')!;
  expect(Number(svg.attributes.get('width'))).toBeGreaterThan(5000);
  const methodLabels = withClass(elements, 'method').map((e) => e.text);
  expect(methodLabels.every((label) => [...label].length <= 15)).toBe(true);
  expect(methodLabels).toContain('deposit_and_st…');
  const long = receipts.find((e) => e.attributes.get('data-receipt') === 'pool0')!;
  expect(byId(elements, long.attributes.get('data-detail')!)!.text).toContain(LONG_METHOD);
});
