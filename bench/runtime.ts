/**
 * `npm run bench:runtime` — receipts per second on the embedded runtime, for the vault
 * (stake: call -> mock pool -> callback, plus refunds) and for direct mock calls, and the
 * ratio of total time to the time spent inside contract wasm alone, and one contract call
 * split into instantiation, wasm (host functions apart), zeroing its memory afterwards and
 * the rest (receipts, state, blocks); `vault deposit` has one near-sdk-js call per
 * transaction. Then `mock call:`, the mean wall time of one transaction to a generated mock
 * (harness/mock) answered with a small value, refunds included.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { answerKey, encodeAnswer, mockWasm, op } from '../harness/mock/index.js';
import { Chain, configureStartOnce, executionProfile, resetExecutionProfile, resetStartOnce, type Action, type StartOnceMode } from '../harness/runtime/index.js';

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
    // The pool as scenarios deploy it: a generated mock (harness/mock), answering `true`.
    name: 'vault stake, the pool a generated mock (as scenarios deploy it)',
    setup(chain) {
      chain.addAccount('vault.test.near', { balance: 100n * NEAR, code: wasm('contract/build/vault.wasm'), publicKeys: [KEY] });
      chain.addAccount('pool.test.near', { balance: 100n * NEAR, code: mockWasm(['deposit_and_stake']) });
      chain.patchStorage('pool.test.near', answerKey('deposit_and_stake'), encodeAnswer([op.return('true')]));
      chain.submitTransaction({ signerId: 'vault.test.near', receiverId: 'vault.test.near', actions: [call('init', { token_id: 't.test.near', externals: ['pool.test.near'] })] });
      chain.runUntilQuiescent();
    },
    transaction: (chain, i) => scenarios[0]!.transaction(chain, i),
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
    name: 'vault deposit (one near-sdk-js call per transaction)',
    setup: (chain) => scenarios[0]!.setup(chain),
    transaction(chain, i) {
      const user = `user${i % 50}.test.near`;
      if (!chain.state.has(user)) chain.addAccount(user, { balance: 1_000n * NEAR, publicKeys: [KEY] });
      chain.submitTransaction({ signerId: user, receiverId: 'vault.test.near', actions: [call('deposit', {}, NEAR)] });
    },
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

function measure(scenario: Scenario, transactions: number, startOnce: StartOnceMode = 'on') {
  // Split each contract at its first call (hotCalls 0), so the warm-up pays for it.
  configureStartOnce({ mode: startOnce, hotCalls: 0 });
  resetStartOnce();
  const warmUpStarted = process.hrtime.bigint();
  const chain = new Chain();
  scenario.setup(chain);
  // Warm-up: compile the contracts, split them (start-once) and let V8 tier up.
  for (let i = 0; i < 20; i++) scenario.transaction(chain, i);
  chain.runUntilQuiescent();
  const warmUp = Number(process.hrtime.bigint() - warmUpStarted) / 1e9;
  const receiptsBefore = chain.outcomes().filter((o) => o.kind === 'receipt').length;
  resetExecutionProfile(true);
  const cpuBefore = process.cpuUsage();
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
  const cpu = process.cpuUsage();
  return {
    receipts,
    contractCalls,
    startedOnce: profile.startedOnce,
    seconds,
    warmUp,
    wasmOnly,
    host: Number(profile.hostNanos) / 1e9,
    // instantiateNanos runs to the method's start, so it includes writing the recorded memory.
    instantiate: Number(profile.instantiateNanos - profile.restoreNanos) / 1e9,
    restore: Number(profile.restoreNanos) / 1e9,
    reset: Number(profile.resetNanos) / 1e9,
    cpu: (cpu.user + cpu.system - cpuBefore.user - cpuBefore.system) / 1e6,
  };
}

/**
 * Mean wall time of one call to a generated mock: transactions from 50 signers, ten per
 * block, each answered with `"ok"`, until nothing is left to run (gas refunds included).
 * Measured in rounds after a warm-up; the mean is over every call of every round.
 */
function measureMockCall(calls: number, rounds = 5) {
  const chain = new Chain();
  chain.addAccount('mock.test.near', { balance: 100n * NEAR, code: mockWasm(['swap', 'ft_transfer_call', 'get_price']) });
  chain.patchStorage('mock.test.near', answerKey('swap'), encodeAnswer([op.return('"ok"')]));
  const signers = Array.from({ length: 50 }, (_, i) => `user${i}.test.near`);
  for (const id of signers) chain.addAccount(id, { balance: 1_000n * NEAR, publicKeys: [KEY] });
  const send = (i: number) => chain.submitTransaction({ signerId: signers[i % signers.length]!, receiverId: 'mock.test.near', actions: [call('swap', { i })] });
  const run = (n: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      send(i);
      if (i % 10 === 9) chain.step();
    }
    chain.runUntilQuiescent();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  run(200); // warm-up: compile, let V8 tier up
  const perRound = Math.ceil(calls / rounds);
  const times = Array.from({ length: rounds }, () => run(perRound) / perRound);
  const mean = times.reduce((a, b) => a + b, 0) / rounds;
  const answered = chain.outcomes().filter((o) => o.executorId === 'mock.test.near' && o.status.type === 'SuccessValue').length;
  return { mean, fastest: Math.min(...times), calls: perRound * rounds, answered };
}

/**
 * The vault's stake chain (user call -> pool -> callback, refunds included) on every core:
 * one worker thread per core, each with its own chain, all started together; chains per
 * second over the slowest thread's time.
 */
async function stakeChainsOnEveryCore(chainsPerThread: number): Promise<{ threads: number; perSecond: number }> {
  const threads = availableParallelism();
  const results = await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<{ seconds: number }>((resolve, reject) => {
        // tsx runs this file; the worker registers tsx and runs it again, as a worker.
        const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
        const worker = new Worker(bootstrap, { eval: true, workerData: { chains: chainsPerThread } });
        worker.once('message', (message: unknown) =>
          typeof message === 'object' && message !== null && 'seconds' in message && typeof message.seconds === 'number'
            ? resolve({ seconds: message.seconds })
            : reject(new Error('a benchmark thread sent no time')),
        );
        worker.once('error', reject);
      }),
    ),
  );
  const slowest = Math.max(...results.map((r) => r.seconds));
  return { threads, perSecond: (threads * chainsPerThread) / slowest };
}

if (!isMainThread) {
  const data: unknown = workerData;
  const chains = typeof data === 'object' && data !== null && 'chains' in data && typeof data.chains === 'number' ? data.chains : 0;
  const r = measure(scenarios[1]!, chains, 'on');
  parentPort!.postMessage({ seconds: r.seconds });
} else {
  const count = Number(process.argv[2] ?? 200);
  console.log(`near-rollback-harness runtime benchmark: ${count} transactions per scenario (Node ${process.version})\n`);
  for (const scenario of scenarios) {
    console.log(scenario.name);
    const perMode = (['off', 'on'] as const).map((mode) => ({ mode, r: measure(scenario, count, mode) }));
    for (const { mode, r } of perMode) {
      const ms = (seconds: number) => ((seconds / r.contractCalls) * 1e3).toFixed(2);
      const rest = r.seconds - r.instantiate - r.restore - r.wasmOnly - r.host - r.reset;
      console.log(`  start-once ${mode === 'on' ? 'on ' : 'off'}: ${r.receipts} receipts, ${r.contractCalls} contract calls (${r.startedOnce} from a recorded start-up) in ${r.seconds.toFixed(2)} s; warm-up ${r.warmUp.toFixed(2)} s`);
      console.log(`    receipts/s ${(r.receipts / r.seconds).toFixed(0)}, contract calls/s ${(r.contractCalls / r.seconds).toFixed(0)}, total / wasm-only ${(r.seconds / r.wasmOnly).toFixed(2)}x`);
      console.log(
        `    per contract call ${ms(r.seconds)} ms (CPU ${ms(r.cpu)} ms): instantiation ${ms(r.instantiate)}, recorded memory ${ms(r.restore)}, ` +
          `wasm ${ms(r.wasmOnly)}, host functions ${ms(r.host)}, memory reset ${ms(r.reset)}, the rest ${ms(rest)}`,
      );
    }
    const [off, on] = perMode.map(({ r }) => r);
    if (off && on && on.startedOnce > 0) {
      // The engine's start-up is the wasm time a recorded start skips.
      const engineStart = ((off.wasmOnly / off.contractCalls - on.wasmOnly / on.contractCalls) * 1e3).toFixed(2);
      console.log(`  engine start (wasm per call, full start minus start-once) ${engineStart} ms; start-once speed-up ${(off.seconds / off.contractCalls / (on.seconds / on.contractCalls)).toFixed(2)}x\n`);
    } else {
      console.log('  (no call started from a recorded start-up)\n');
    }
  }

  const mock = measureMockCall(Math.max(count * 10, 1_000));
  console.log('generated mock (harness/mock), direct calls answered with a small value');
  console.log(`  ${mock.calls} calls in 5 rounds (${mock.answered} answered in all, warm-up included); fastest round ${mock.fastest.toFixed(3)} ms per call; target <= 0.5 ms`);
  console.log(`mock call: ${mock.mean.toFixed(3)} ms`);

  const chains = await stakeChainsOnEveryCore(count);
  console.log(`\nvault stake chain on every core, the pool a generated mock (${chains.threads} threads x ${count} chains, each thread its own chain)`);
  console.log(`${chains.perSecond.toFixed(0)} chains/s`);
}
