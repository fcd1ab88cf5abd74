/**
 * The Rust staking forwarder (contract/rust/staker.rs), a contract without a JavaScript
 * engine, as a harness scenario: users stake NEAR through it into a mock pool whose
 * deposit_and_stake answers are drawn (success, failure, trap, delay, re-entry…), and the
 * private on_stake must take a refused stake back off the books and refund its deposit.
 *
 * `stakerScenario(wasm)` builds the same scenario for the correct contract and its variant.
 */
import * as fc from 'fast-check';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../harness/scenario/index.js';

export const STAKER = 'staker.test.near';
export const STAKER_POOL = 'pool.test.near';
const USERS = ['alice.test.near', 'bob.test.near'];
const ATTACKER = 'attacker.test.near';
const NEAR = 10n ** 24n;

/** A committed wasm given from the project root, as an absolute path, so that it means the same wherever the scenario is loaded from. */
const wasmFile = (fromProjectRoot: string) => (isAbsolute(fromProjectRoot) ? fromProjectRoot : fileURLToPath(new URL(`../../${fromProjectRoot}`, import.meta.url)));

export function stakerScenario(wasm = 'contract/build/rust-staker.wasm', name = 'rust-staker'): Scenario {
  return {
    name,
    // No init: the contract keeps no configuration. Its balance is a reserve for refunds that
    // leave in the callback before NEAR's refund of the failed pool call has come back.
    contract: { id: STAKER, wasm: wasmFile(wasm), balance: 20n * NEAR },
    users: USERS.map((id) => ({ id, balance: 100n * NEAR })),
    attacker: ATTACKER,
    // The pool's interface: the one method the contract calls.
    mocks: [{ id: STAKER_POOL, kind: 'mock', methods: { deposit_and_stake: {} } }],
    methods: [
      {
        name: 'stake',
        args: () => fc.constant({ pool: STAKER_POOL }),
        deposit: () => fc.integer({ min: 1, max: 3 }).map((n) => BigInt(n) * NEAR),
        forwardsDeposit: true,
      },
    ],
    callbacks: ['on_stake'],
    callbackProbeArgs: { on_stake: { user: ATTACKER, amount: (10n * NEAR).toString() } },
    projections: [{ method: 'get_stake', args: (user) => ({ account_id: user }) }],
    // Stake recorded is backed by NEAR the pool received, or that came back to the contract
    // and has not yet been refunded (a refused stake is taken back only when on_stake runs,
    // which may be after NEAR's refund arrived).
    liabilities: [{ name: 'stake', asset: 'NEAR', owed: [{ method: 'get_total_staked' }], heldBy: [STAKER_POOL, STAKER], compare: 'change' }],
    // The contract opens stake records without a storage deposit (its operator pays): alice's and
    // bob's, the pool's when it re-enters stake, and the total, each a 16-byte amount plus key and
    // NEAR's 40 bytes per record: 283 bytes at most, within 2 users × 150.
    storage: { freeBytesPerUser: 150 },
    limits: { maxSteps: 6, maxWait: 3, maxDelay: 2 },
  };
}

/** The buggy variants (contract/buggy/build/<variant>.wasm, built from staker.rs with --cfg buggy). */
export const STAKER_VARIANTS = ['r-staker-refund-kept'] as const;

/** Every scenario this module defines: the contract and its buggy variant. */
export const scenarios: Scenario[] = [
  stakerScenario(),
  ...STAKER_VARIANTS.map((v) => ({ ...stakerScenario(`contract/buggy/build/${v}.wasm`, `buggy-${v}`), expectViolation: true })),
];
