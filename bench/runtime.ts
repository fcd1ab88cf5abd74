/**
 * `npm run bench:runtime` — receipts per second on the embedded runtime, for the vault
 * (stake: call -> mock pool -> callback, plus refunds) and for direct mock calls, and the
 * ratio of total time to the time spent inside contract wasm alone.
 */
import { readFileSync } from 'node:fs';
import { Chain, executionProfile, resetExecutionProfile, type Action } from '../harness/runtime/index.js';

const NEAR = 10n ** 24n;
const KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const wasm = (path: string) => new Uint8Array(readFileSync(new URL(`../${path}`, import.meta.url)));
const call = (method: string, args: object, deposit = 0n): Action => ({
  type: 'FunctionCall',
  methodName: method,
  args: new TextEncoder().encode(JSON.stringify(args)),
  gas: 300_000_000_000_000n,
  deposit,
});

interface Scenario {
  name: string;
  setup(chain: Chain): void;
  /** One user transaction. */
  transaction(chain: Chain, i: number): void;
}

const scenarios: Scenario[] = [
  {
    name: 'vault stake (call -> mock pool -> callback)',
    setup(chain) {
      chain.addAccount('vault.test.near', { balance: 100n * NEAR, code: wasm('contract/build/vault.wasm'), publicKeys: [KEY] });
      chain.addAccount('pool.test.near', { balance: 100n * NEAR, code: wasm('mocks/build/mock.wasm') });
      chain.submitTransaction({ signerId: 'vault.test.near', receiverId: 'vault.test.near', actions: [call('init', { token_id: 't.test.near', externals: ['pool.test.near'] })] });
      chain.runUntilQuiescent();
    },
    transaction(chain, i) {
      const user = `user${i % 50}.test.near`;
      if (!chain.state.has(user)) chain.addAccount(user, { balance: 1_000n * NEAR, publicKeys: [KEY] });
      chain.submitTransaction({ signerId: user, receiverId: 'vault.test.near', actions: [call('stake', { pool: 'pool.test.near' }, NEAR)] });
    },
  },
  {
    name: 'vault stake with a failing pool (refund path)',
    setup(chain) {
      scenarios[0]!.setup(chain);
      chain.submitTransaction({
        signerId: 'test.near',
        receiverId: 'pool.test.near',
        actions: [call('mock_set_behaviour', { method: 'deposit_and_stake', behaviour: { kind: 'fail', message: 'paused' } })],
      });
      chain.runUntilQuiescent();
    },
    transaction: (chain, i) => scenarios[0]!.transaction(chain, i),
  },
  {
    name: 'mock direct calls',
    setup(chain) {
      chain.addAccount('mock.test.near', { balance: 100n * NEAR, code: wasm('mocks/build/mock.wasm') });
    },
    transaction(chain, i) {
      chain.submitTransaction({ signerId: 'test.near', receiverId: 'mock.test.near', actions: [call('swap', { i })] });
    },
  },
];

function measure(scenario: Scenario, transactions: number) {
  const chain = new Chain();
  scenario.setup(chain);
  // Warm-up: compile the contracts and let V8 tier up.
  for (let i = 0; i < 20; i++) scenario.transaction(chain, i);
  chain.runUntilQuiescent();
  const receiptsBefore = chain.outcomes().filter((o) => o.kind === 'receipt').length;
  resetExecutionProfile(true);
  const started = process.hrtime.bigint();
  for (let i = 0; i < transactions; i++) {
    scenario.transaction(chain, i);
    if (i % 10 === 9) chain.step();
  }
  chain.runUntilQuiescent();
  const elapsed = process.hrtime.bigint() - started;
  const profile = { ...executionProfile };
  resetExecutionProfile(false);
  const receipts = chain.outcomes().filter((o) => o.kind === 'receipt').length - receiptsBefore;
  const contractCalls = profile.calls;
  const seconds = Number(elapsed) / 1e9;
  const wasmOnly = Number(profile.methodNanos - profile.hostNanos) / 1e9;
  return { receipts, contractCalls, seconds, wasmOnly, host: Number(profile.hostNanos) / 1e9, instantiate: Number(profile.instantiateNanos) / 1e9 };
}

const count = Number(process.argv[2] ?? 200);
console.log(`near-rollback-harness runtime benchmark: ${count} transactions per scenario (Node ${process.version})\n`);
for (const scenario of scenarios) {
  const r = measure(scenario, count);
  console.log(scenario.name);
  console.log(`  receipts executed      ${r.receipts} (${r.contractCalls} contract calls) in ${r.seconds.toFixed(2)} s`);
  console.log(`  receipts per second    ${(r.receipts / r.seconds).toFixed(0)}`);
  console.log(`  contract calls per s   ${(r.contractCalls / r.seconds).toFixed(0)}`);
  console.log(`  time inside wasm       ${r.wasmOnly.toFixed(2)} s (host functions ${r.host.toFixed(2)} s, instantiation ${r.instantiate.toFixed(2)} s)`);
  console.log(`  total / wasm-only      ${(r.seconds / r.wasmOnly).toFixed(2)}x\n`);
}
