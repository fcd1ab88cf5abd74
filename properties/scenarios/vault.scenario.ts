/**
 * The example vault (contract/vault) as a harness scenario: its methods with arbitraries
 * for their arguments and deposits, the mock pools, gate, shop and token it talks to, its
 * callbacks, and the vault-specific checks (its liabilities, nothing left locked).
 *
 * `vaultScenario(wasm)` builds the same scenario for any variant of the vault.
 */
import * as fc from 'fast-check';
import { amountText } from '../../harness/generate/index.js';
import type { Liability, MethodSpec, Scenario } from '../../harness/scenario/index.js';
import { repoFile } from './repo-file.js';

export const VAULT = 'vault.test.near';
export const POOL = 'pool.test.near';
export const POOL_B = 'pool-b.test.near';
export const GATE = 'gate.test.near';
export const SHOP = 'shop.test.near';
export const RELAY = 'relay.test.near';
export const TOKEN = 'token.test.near';
export const USERS = ['alice.test.near', 'bob.test.near'];
const ATTACKER = 'attacker.test.near';
const NEAR = 10n ** 24n;
const STORAGE_FEE = 1_250_000_000_000_000_000_000n;
/** What each user deposits into the vault during setup. */
const SEED_DEPOSIT = 5n * NEAR;

const nearAmount = (min: number, max: number) => fc.integer({ min, max }).map((n) => BigInt(n) * NEAR);
const pool = fc.constantFrom(POOL, POOL_B);

const methods: MethodSpec[] = [
  { name: 'deposit', args: () => fc.constant({}), deposit: () => nearAmount(1, 3) },
  { name: 'withdraw', args: () => nearAmount(1, 3).map((a) => ({ amount: a.toString() })) },
  { name: 'stake', args: () => pool.map((p) => ({ pool: p })), deposit: () => nearAmount(1, 2), forwardsDeposit: true, relayable: true, weight: 2 },
  {
    // Up to 1 NEAR: any stake that went through (at least 1 NEAR) can be moved on.
    name: 'transfer_stake',
    args: ({ users }) => fc.record({ receiver_id: fc.constantFrom(...[...users].reverse()), amount: amountText({ min: 1n, max: NEAR }) }),
    weight: 2,
  },
  { name: 'batch_stake', args: () => pool.map((p) => ({ pool: p })), deposit: () => nearAmount(2, 3), forwardsDeposit: true, relayable: true },
  { name: 'split_stake', args: () => fc.constant({ pools: [POOL, POOL_B] }), deposit: () => nearAmount(2, 4), forwardsDeposit: true, relayable: true },
  { name: 'relay_stake', args: () => pool.map((p) => ({ gate: GATE, pool: p })), deposit: () => nearAmount(1, 2), forwardsDeposit: true, relayable: true },
  { name: 'pay', args: () => nearAmount(1, 4).map((a) => ({ merchant: SHOP, amount: a.toString() })), weight: 2 },
  {
    name: 'withdraw_tokens',
    args: () => fc.integer({ min: 100, max: 500 }).map((n) => ({ amount: String(n) })),
    deposit: () => fc.constant(1n),
    forwardsDeposit: true,
  },
];

/**
 * The vault's solvency, as liabilities the generic liabilities-backed invariant checks after
 * every block: users' NEAR balances are backed by NEAR that came into the vault (its own
 * capital is not the users' to spend); stake it records is backed by NEAR the pools received,
 * less what the pools paid back into the vault themselves (a re-entrant deposit stays the
 * vault's debt to that pool); tokens it owes by its balance at the token.
 */
const total = (field: string) => ({ method: 'get_totals', field });
const paidBack = (pool: string) =>
  (['balance', 'staked'] as const).map((field) => ({ method: 'get_account', args: { account_id: pool }, field, subtract: true }));

const liabilities: Liability[] = [
  { name: 'users\' NEAR', asset: 'NEAR', owed: [total('balances')], compare: 'change' },
  { name: 'stake', asset: 'NEAR', owed: [total('staked'), ...paidBack(POOL), ...paidBack(POOL_B)], heldBy: [POOL, POOL_B], compare: 'change' },
  { name: 'tokens', asset: TOKEN, owed: [total('tokens')] },
];

/**
 * `stakeInSetup`: each user starts with 1 NEAR staked at the pool, so that moving stake
 * (transfer_stake) is tested from the first step rather than only after a stake that went
 * through. Off for a variant whose callbacks always fail (h), which cannot take a stake.
 */
export function vaultScenario(wasm = 'contract/build/vault.wasm', name = 'vault', { stakeInSetup = true } = {}): Scenario {
  // Each mock's interface: the methods the vault calls on it.
  const mock = (id: string, methods: string[]) => ({ id, kind: 'mock' as const, methods: Object.fromEntries(methods.map((m) => [m, {}])) });
  return {
    name,
    contract: { id: VAULT, wasm: repoFile(wasm), balance: 20n * NEAR, init: { method: 'init', args: { token_id: TOKEN, externals: [POOL, POOL_B, GATE, SHOP] } } },
    users: USERS.map((id) => ({ id, balance: 100n * NEAR })),
    attacker: ATTACKER,
    mocks: [
      mock(POOL, ['deposit_and_stake', 'storage_deposit']),
      mock(POOL_B, ['deposit_and_stake', 'storage_deposit']),
      mock(GATE, ['check']),
      mock(SHOP, ['buy']),
      { id: RELAY, kind: 'mock', relay: true },
      { id: TOKEN, kind: 'fungible-token', init: { method: 'init', args: { owner_id: TOKEN, total_supply: '1000000' } } },
    ],
    setup: [
      ...[VAULT, ...USERS].map((account) => ({ signer: account, receiver: TOKEN, method: 'storage_deposit', args: { account_id: account }, deposit: STORAGE_FEE })),
      ...USERS.map((user) => ({ signer: TOKEN, receiver: TOKEN, method: 'ft_transfer', args: { receiver_id: user, amount: '1000' }, deposit: 1n })),
      ...USERS.map((user) => ({ signer: user, receiver: TOKEN, method: 'ft_transfer_call', args: { receiver_id: VAULT, amount: '600', msg: '' }, deposit: 1n })),
      ...USERS.map((user) => ({ signer: user, receiver: VAULT, method: 'deposit', args: {}, deposit: SEED_DEPOSIT })),
      ...(stakeInSetup ? USERS.map((user) => ({ signer: user, receiver: VAULT, method: 'stake', args: { pool: POOL }, deposit: NEAR })) : []),
    ],
    methods: [...methods],
    callbacks: ['on_withdraw', 'on_stake', 'on_batch_stake', 'on_split_stake', 'on_relay_gate', 'on_relay_done', 'on_pay', 'on_withdraw_tokens'],
    callbackProbeArgs: Object.fromEntries(
      ['on_withdraw', 'on_stake', 'on_batch_stake', 'on_split_stake', 'on_relay_gate', 'on_relay_done', 'on_pay', 'on_withdraw_tokens'].map((cb) => [
        cb,
        { id: 1, account_id: ATTACKER, amount: (10n * NEAR).toString(), pool: POOL, legs: [{ pool: POOL, amount: (10n * NEAR).toString() }] },
      ]),
    ),
    allowedStorageDifferences: { stateFields: ['operations'] },
    projections: [{ method: 'get_account', args: (user) => ({ account_id: user }) }],
    quiescent(state) {
      const locked = USERS.map((user) => [user, state.view<{ in_flight: string | null }>(VAULT, 'get_account', { account_id: user }).in_flight] as const).filter(
        ([, held]) => held !== null,
      );
      return locked.length ? locked.map(([user, held]) => `${user} is still locked by ${held} after every receipt has run`).join('; ') : undefined;
    },
    liabilities,
    // The vault opens a user's stake record on their first stake, without a storage deposit:
    // one record per user (and its totals growing by a few digits), paid by its operator.
    storage: { freeBytesPerUser: 250 },
    // on_withdraw awaits a transfer to the user's own account, which NEAR never fails.
    expect: { callbacksNeverSeeFailure: ['on_withdraw'] },
    limits: { maxSteps: 6, maxWait: 3, maxDelay: 2 },
  };
}

export const BUGGY_VARIANTS = [
  'a-state-not-restored',
  'b-deposit-not-refunded',
  'c-refund-to-signer',
  'd-callback-not-private',
  'e-credit-before-call',
  'f-debit-in-callback',
  'g-join-one-leg',
  'h-callback-starved',
  'i-lock-not-released',
] as const;

/** Every scenario this module defines, by name: the vault and each buggy variant. */
export const scenarios: Scenario[] = [
  vaultScenario(),
  ...BUGGY_VARIANTS.map((v) => ({ ...vaultScenario(`contract/buggy/build/${v}.wasm`, `buggy-${v}`, { stakeInSetup: v !== 'h-callback-starved' }), expectViolation: true })),
];
