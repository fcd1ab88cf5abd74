/**
 * Contracts whose correctness depends on what an external contract *returns*, as harness
 * scenarios: the swap router (contract/router) against an AMM whose answers are drawn per
 * call — how much input it used, how much output it gives, garbage — and the token desk
 * (contract/desk) as a NEP-141 receiver (users ft_transfer_call into it) and as a sender
 * (it ft_transfer_calls a receiver that answers any unused amount, garbage or a failure).
 *
 * `routerScenario(wasm)` and `deskScenario(wasm)` build the same scenario for any variant.
 */
import * as fc from 'fast-check';
import { amount, amountText } from '../../harness/generate/index.js';
import type { Json, MockCall, Scenario, StateView, SuccessfulAnswer } from '../../harness/scenario/index.js';
import { repoFile } from './repo-file.js';

const NEAR = 10n ** 24n;
const USERS = ['alice.test.near', 'bob.test.near'];
const ATTACKER = 'attacker.test.near';

// ---- the router ----

export const ROUTER = 'router.test.near';
export const AMM = 'amm.test.near';

const isU128 = (value: unknown): value is string => typeof value === 'string' && /^[0-9]{1,39}$/.test(value) && BigInt(value) < 2n ** 128n;
const field = (value: Json | undefined, name: string): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;

/** What the AMM answers a swap: how much of the input it used, and the output, mostly at least `min_out`. */
function swapAnswer({ args, deposit }: MockCall): fc.Arbitrary<Json> {
  const minOut = field(args, 'min_out');
  const min = isU128(minOut) ? BigInt(minOut) : 0n;
  const out = fc.oneof({ weight: 4, arbitrary: amount({ min, max: min + 10n ** 26n }) }, { weight: 1, arbitrary: amount({ min: 0n, max: min }) });
  return fc.record({ used: amount({ min: 0n, max: deposit }), out }).map(({ used, out: given }) => ({ amount_in_used: used.toString(), amount_out: given.toString() }));
}

/** A consistent AMM keeps exactly the input it says it used, and only for a swap it could make; anything else it sends back. */
function swapKeeps({ args, deposit }: MockCall, answer: SuccessfulAnswer): bigint {
  if (answer.kind !== 'value') return 0n;
  const used = field(answer.value, 'amount_in_used');
  const out = field(answer.value, 'amount_out');
  const minOut = field(args, 'min_out');
  if (!isU128(used) || !isU128(out) || !isU128(minOut)) return 0n;
  return BigInt(used) <= deposit && BigInt(out) >= BigInt(minOut) ? BigInt(used) : 0n;
}

interface RouterAccount {
  output: string;
  in_flight: string;
}

export function routerScenario(wasm = 'contract/build/router.wasm', name = 'router'): Scenario {
  return {
    name,
    // The router refunds from its own balance: a failed swap's deposit comes back to it by a
    // refund receipt that NEAR may run after the callback (another sender, the same block), so
    // its operator keeps a reserve above what can be in flight (6 swaps of up to 50 NEAR).
    contract: { id: ROUTER, wasm: repoFile(wasm), balance: 1_000n * NEAR, init: { method: 'init', args: { pools: [AMM] } } },
    users: USERS.map((id) => ({ id, balance: 1_000n * NEAR })),
    attacker: ATTACKER,
    mocks: [{ id: AMM, kind: 'mock', methods: { swap_exact_in: { returns: swapAnswer, keeps: swapKeeps } } }],
    methods: [
      {
        name: 'swap',
        args: () => amountText({ min: 0n, max: 10n ** 27n }).map((minOut) => ({ pool: AMM, min_out: minOut })),
        // Amounts across NEAR's boundaries: a refund through a JavaScript Number is exact only below 2^53.
        deposit: () => amount({ min: 1n, max: 50n * NEAR }),
        forwardsDeposit: true,
      },
    ],
    callbacks: ['on_swap'],
    // The router opens a user's output record without a storage deposit (its operator pays for
    // one record per user, and for its totals growing by a few digits); nothing else a swap stores stays.
    storage: { freeBytesPerUser: 200 },
    // Every swap is numbered, failed or not.
    allowedStorageDifferences: { stateFields: ['operations'] },
    callbackProbeArgs: { on_swap: { id: 1 } },
    projections: [{ method: 'get_account', args: (user) => ({ account_id: user }) }],
    quiescent(state: StateView) {
      const pending = USERS.filter((user) => state.view<RouterAccount>(ROUTER, 'get_account', { account_id: user }).in_flight !== '0');
      return pending.length ? `still in flight after every receipt has run: ${pending.join(', ')}` : undefined;
    },
    limits: { maxSteps: 6, maxWait: 3, maxDelay: 2 },
  };
}

// ---- the token desk ----

export const DESK = 'desk.test.near';
export const TOKEN = 'token.test.near';
/** The contract the desk forwards tokens to: a NEP-141 receiver whose answers are drawn. */
export const RECEIVER = 'receiver.test.near';
const STORAGE_FEE = 1_250_000_000_000_000_000_000n;
const CAP = 500n;

/** The receiver's unused amount: anything from nothing to all it was sent. */
function unusedAmount({ args }: MockCall): fc.Arbitrary<Json> {
  const sent = field(args, 'amount');
  return amount({ min: 0n, max: isU128(sent) ? BigInt(sent) : 0n }).map(String);
}

interface DeskTotals {
  balances: string;
  in_flight: string;
}

/** The desk holds at the token exactly what it owes its users: tokens it credited too much, or took and never credited, show here. */
function deskBooks(state: StateView): string | undefined {
  const totals = state.view<DeskTotals>(DESK, 'get_totals');
  const owed = BigInt(totals.balances) + BigInt(totals.in_flight);
  const held = BigInt(state.view<string>(TOKEN, 'ft_balance_of', { account_id: DESK }));
  if (held < owed) return `the desk owes its users ${owed} tokens but holds ${held}`;
  if (held > owed) return `the desk holds ${held} tokens but owes its users only ${owed}: ${held - owed} were taken and never credited`;
  return undefined;
}

export function deskScenario(wasm = 'contract/build/desk.wasm', name = 'desk'): Scenario {
  return {
    name,
    contract: { id: DESK, wasm: repoFile(wasm), balance: 20n * NEAR, init: { method: 'init', args: { token_id: TOKEN, cap: CAP.toString() } } },
    users: USERS.map((id) => ({ id, balance: 100n * NEAR })),
    attacker: ATTACKER,
    mocks: [
      { id: TOKEN, kind: 'fungible-token', init: { method: 'init', args: { owner_id: TOKEN, total_supply: '1000000' } } },
      { id: RECEIVER, kind: 'mock', methods: { ft_on_transfer: { returns: unusedAmount } } },
    ],
    setup: [
      ...[DESK, RECEIVER, ...USERS].map((account) => ({ signer: TOKEN, receiver: TOKEN, method: 'storage_deposit', args: { account_id: account }, deposit: STORAGE_FEE })),
      ...USERS.map((user) => ({ signer: TOKEN, receiver: TOKEN, method: 'ft_transfer', args: { receiver_id: user, amount: '1000' }, deposit: 1n })),
      // Each user already has tokens at the desk: its balance records exist, and a forward can
      // draw on tokens the desk holds for others.
      ...USERS.map((user) => ({ signer: user, receiver: TOKEN, method: 'ft_transfer_call', args: { receiver_id: DESK, amount: '100', msg: '' }, deposit: 1n })),
    ],
    methods: [
      {
        // The desk as a receiver: a user sends it tokens, and it keeps what fits under the cap.
        name: 'ft_transfer_call',
        receiver: TOKEN,
        args: () => fc.record({ receiver_id: fc.constant(DESK), amount: amountText({ min: 1n, max: 700n }), msg: fc.oneof(fc.constant(''), amountText({ min: 0n, max: 700n })) }),
        deposit: () => fc.constant(1n),
        weight: 2,
      },
      {
        // The desk as a sender: it forwards a user's tokens to the receiver, which answers any
        // unused amount; now and then to an account that never registered at the token, which
        // refuses the transfer (the one way on_forward sees its token call fail).
        name: 'forward',
        args: () =>
          fc.record({
            receiver_id: fc.oneof({ weight: 4, arbitrary: fc.constant(RECEIVER) }, { weight: 1, arbitrary: fc.constant(ATTACKER) }),
            amount: amountText({ min: 1n, max: 400n }),
            msg: fc.constant(''),
          }),
        deposit: () => fc.constant(1n),
        weight: 2,
      },
    ],
    callbacks: ['on_forward'],
    // The desk opens a user's balance record on their first transfer in, without a storage
    // deposit (the setup has opened them); its operator pays for that and for its totals
    // growing by a few digits.
    storage: { freeBytesPerUser: 40 },
    // What it owes its users in tokens is held at the token (tokens in flight to a receiver are
    // the receiver's until it answers; desk-books checks them once everything has settled).
    liabilities: [{ name: 'users\' tokens', asset: TOKEN, owed: [{ method: 'get_totals', field: 'balances' }] }],
    // Every forward is numbered, failed or not.
    allowedStorageDifferences: { stateFields: ['operations'] },
    callbackProbeArgs: { on_forward: { id: 1 } },
    projections: [{ method: 'get_account', args: (user) => ({ account_id: user }) }],
    quiescent(state: StateView) {
      const pending = state.view<DeskTotals>(DESK, 'get_totals').in_flight;
      return pending !== '0' ? `${pending} tokens still in flight after every receipt has run` : undefined;
    },
    invariants: [{ name: 'desk-books', when: 'quiescent', check: deskBooks }],
    limits: { maxSteps: 6, maxWait: 3, maxDelay: 2 },
  };
}

export const ROUTER_VARIANTS = ['j-router-stale-refund', 'k-router-trusts-malformed', 'l-router-number-amounts', 'o-router-callback-panics'] as const;
export const DESK_VARIANTS = ['m-desk-unused-lost', 'n-desk-unused-mismatch', 'p-desk-storage-unpaid', 'q-desk-gap-race'] as const;

/** Every scenario this module defines: the router, the desk, and each of their buggy variants. */
export const scenarios: Scenario[] = [
  routerScenario(),
  deskScenario(),
  ...ROUTER_VARIANTS.map((v) => ({ ...routerScenario(`contract/buggy/build/${v}.wasm`, `buggy-${v}`), expectViolation: true })),
  ...DESK_VARIANTS.map((v) => ({ ...deskScenario(`contract/buggy/build/${v}.wasm`, `buggy-${v}`), expectViolation: true })),
];
