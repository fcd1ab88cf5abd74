/**
 * `near-rollback-harness smoke`: checks every committed contract with NEAR's rules and
 * runs a first call of each on the embedded runtime's VM. It is the main job until the
 * property harness exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ContractCache,
  functionCallErrorText,
  LATEST_PROTOCOL,
  PORTABLE_RULES,
  checkContract,
  runFunctionCall,
  type CompiledContract,
} from '../runtime/index.js';

interface SmokeCall {
  method: string;
  args: unknown;
  deposit?: bigint;
  view?: boolean;
}

const VAULT_INIT: SmokeCall = { method: 'init', args: { token_id: 'token.test.near', externals: ['pool.test.near'] } };
const VAULT_CALLS: SmokeCall[] = [
  VAULT_INIT,
  { method: 'deposit', args: {}, deposit: 10n ** 24n },
  { method: 'stake', args: { pool: 'pool.test.near' }, deposit: 10n ** 24n },
  { method: 'get_account', args: { account_id: 'alice.test.near' }, view: true },
];

const CONTRACTS: { wasm: string; calls: SmokeCall[] }[] = [
  { wasm: 'contract/build/vault.wasm', calls: VAULT_CALLS },
  ...['a-state-not-restored', 'b-deposit-not-refunded', 'c-refund-to-signer', 'd-callback-not-private', 'e-credit-before-call', 'f-debit-in-callback', 'g-join-one-leg', 'h-callback-starved', 'i-lock-not-released'].map(
    (name) => ({ wasm: `contract/buggy/build/${name}.wasm`, calls: VAULT_CALLS }),
  ),
  {
    wasm: 'mocks/build/mock.wasm',
    calls: [
      { method: 'mock_set_behaviour', args: { method: 'swap', behaviour: { kind: 'return', value: 42 } } },
      { method: 'swap', args: {}, deposit: 1n },
      { method: 'mock_calls', args: {}, view: true },
    ],
  },
  {
    wasm: 'mocks/build/mock-ft.wasm',
    calls: [
      { method: 'init', args: { owner_id: 'alice.test.near', total_supply: '1000' } },
      { method: 'ft_balance_of', args: { account_id: 'alice.test.near' }, view: true },
    ],
  },
];

export function smoke(projectRoot: string, out: (line: string) => void): boolean {
  const cache = new ContractCache(LATEST_PROTOCOL);
  let ok = true;
  for (const { wasm, calls } of CONTRACTS) {
    const bytes = new Uint8Array(readFileSync(join(projectRoot, wasm)));
    const { violations } = checkContract(bytes, PORTABLE_RULES);
    const compiled = cache.compile(bytes);
    if (violations.length > 0 || !compiled.ok) {
      ok = false;
      out(`FAIL ${wasm}: ${violations.map((v) => v.detail).join('; ') || (compiled.ok ? '' : functionCallErrorText(compiled.error))}`);
      continue;
    }
    const results = runCalls(compiled.contract, calls);
    const failure = results.find((r) => r.error);
    if (failure) ok = false;
    out(`${failure ? 'FAIL' : 'ok  '} ${wasm.padEnd(50)} ${(bytes.length / 1024).toFixed(0).padStart(4)} KiB  ${results.map((r) => r.summary).join('  ')}`);
  }
  return ok;
}

function runCalls(contract: CompiledContract, calls: SmokeCall[]): { summary: string; error?: string }[] {
  const storage = new Map<string, Uint8Array>();
  const key = (k: Uint8Array) => Buffer.from(k).toString('latin1');
  return calls.map((call) => {
    const pending = new Map(storage);
    const started = performance.now();
    const outcome = runFunctionCall(
      contract,
      call.method,
      {
        currentAccountId: 'contract.test.near',
        signerAccountId: call.view ? 'contract.test.near' : 'alice.test.near',
        signerAccountPk: new Uint8Array(33),
        predecessorAccountId: call.view ? 'contract.test.near' : 'alice.test.near',
        input: new TextEncoder().encode(JSON.stringify(call.args)),
        blockHeight: 1n,
        blockTimestamp: 1_000_000_000n,
        epochHeight: 1n,
        accountBalance: 10n ** 26n,
        accountLockedBalance: 0n,
        storageUsage: 600_000n,
        attachedDeposit: call.deposit ?? 0n,
        prepaidGas: 300_000_000_000_000n,
        randomSeed: new Uint8Array(32),
        isView: call.view ?? false,
        promiseResults: [],
        outputDataReceivers: [],
      },
      LATEST_PROTOCOL,
      { get: (k) => pending.get(key(k)), set: (k, v) => void pending.set(key(k), v), remove: (k) => void pending.delete(key(k)) },
    );
    const ms = (performance.now() - started).toFixed(1);
    if (outcome.error) return { summary: `${call.method}: ${functionCallErrorText(outcome.error)}`, error: functionCallErrorText(outcome.error) };
    for (const [k, v] of pending) storage.set(k, v);
    const receipts = outcome.newReceipts.length > 0 ? ` +${outcome.newReceipts.length} receipts` : '';
    return { summary: `${call.method} ✓${receipts} (${ms} ms)` };
  });
}
