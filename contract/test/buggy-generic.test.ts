/**
 * The variants that are test subjects of the generic invariants, each the correct router
 * (o) or desk (p, q) with one defect:
 *
 *   (o) callbacks-succeed    on_swap panics on a success value that is no JSON, so its
 *                            cleanup (closing the swap, refunding amount_in) is undone;
 *   (p) storage-paid         every forward leaves a storage record behind that its user,
 *                            attaching 1 yocto, never paid for;
 *   (q) liabilities-backed   a forward is debited only in its callback, so two forwards in
 *                            one block both pass the balance check and overdraw.
 *
 * These tests show each defect next to the correct contract passing the same test: (o) and
 * (p) one call at a time, (q) also on the embedded chain with the mock token, where "what
 * the desk owes" and "what it holds" are both there to read.
 */
import { describe, expect, it } from 'vitest';
import { failed, loadWasm, succeeded, type CallResult } from '../../harness/runtime/test/index.js';
import { Chain, DEFAULT_ROOT_KEY, type Action, type FinalExecutionOutcome, type PromiseResult } from '../../harness/runtime/index.js';
import {
  ALICE,
  BOB,
  DESK,
  deskAccount,
  NEAR,
  newDesk,
  newRouter,
  onTransfer,
  poolAnswer,
  returnedBytes,
  routerAccount,
  settle,
  settleForward,
  settleSwap,
  startForward,
  startSwap,
  TOKEN,
} from './returns-harness.js';

const variant = (name: string) => `contract/buggy/build/${name}.wasm`;
const ROUTER_WASM = 'contract/build/router.wasm';
const DESK_WASM = 'contract/build/desk.wasm';
const O = variant('o-router-callback-panics');
const P = variant('p-desk-storage-unpaid');
const Q = variant('q-desk-gap-race');

/** NEAR's storage staking: yocto locked per byte, and the bytes every record costs besides its key and value. */
const STORAGE_PRICE_PER_BYTE = 10n ** 19n;
const RECORD_OVERHEAD_BYTES = 40n;

/** The first line of a panic: near-sdk-js appends the JavaScript stack, whose line numbers are the bundle's. */
const panicMessage = (result: CallResult) => result.errorText?.split('\n')[0];

describe('(o) router callback panics on a success value that is no JSON', () => {
  // Success values a pool may return that are no JSON, and what JSON.parse says of each.
  const notJson: [string, PromiseResult, string][] = [
    ['garbage', returnedBytes('<html>502 Bad Gateway</html>'), "unexpected token: '<'"],
    ["JSON cut off in the middle (the harness's malformed answer)", returnedBytes('{"malformed": '), 'unexpected end of input'],
    ['a string cut off', returnedBytes('{"amount_in_used":"1'), 'unexpected end of string'],
    ['empty', returnedBytes(''), 'unexpected end of input'],
    ['invalid UTF-8', returnedBytes(new Uint8Array([0xff, 0xfe])), 'unexpected character'],
  ];

  const settleWith = (wasm: string, answer: PromiseResult) => {
    const router = newRouter(wasm);
    const id = startSwap(router, 2n * NEAR, 500n);
    const settled = settle(router, 'on_swap', { id }, [answer]);
    return {
      panic: panicMessage(settled),
      refunds: settled.newReceipts.length,
      swapStillPending: router.view('get_swap', { id }) !== null,
      account: routerAccount(router),
    };
  };

  it.each(notJson)('%s: on_swap fails, and the swap stays pending with amount_in in flight, never refunded; the router refunds it', (_what, answer, parseError) => {
    expect(settleWith(O, answer)).toEqual({
      panic: `Smart contract panicked: ${parseError}`,
      refunds: 0,
      swapStillPending: true,
      account: { output: '0', in_flight: (2n * NEAR).toString() },
    });
    expect(settleWith(ROUTER_WASM, answer)).toEqual({ panic: undefined, refunds: 1, swapStillPending: false, account: { output: '0', in_flight: '0' } });
  });

  it('settles as the router does when the answer is JSON: a fill, a failure, and JSON it cannot use', () => {
    const router = newRouter(O);
    expect(settleSwap(router, startSwap(router, 1000n, 5n), poolAnswer(400n, 50n)).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [600n] }]);
    expect(settleSwap(router, startSwap(router, 7n, 5n), failed).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [7n] }]);
    for (const json of [null, '100', { amount_in_used: 1, amount_out: 100 }]) {
      expect(settleSwap(router, startSwap(router, 9n, 5n), succeeded(json)).refunds, JSON.stringify(json)).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [9n] }]);
    }
    expect(router.view('get_totals')).toEqual({ output: '50', in_flight: '0', used: '400', pending_swaps: 0 });
  });
});

describe('(p) desk keeps a storage record per forward that nobody pays for', () => {
  /** Alice's history record of forward #id, as the variant writes it: prefix "h", key "<account>/<id>", JSON value. */
  const historyRecord = (id: number, amount: bigint) => ({
    key: `h${ALICE}/${id}`,
    value: JSON.stringify({ receiver_id: BOB, amount: amount.toString() }),
  });

  /** Storage bytes each of three settled forwards of 100 leaves behind (balances 500 → 200 keep their digit count). */
  const bytesLeftPerForward = (wasm: string) => {
    const desk = newDesk(wasm);
    onTransfer(desk, 500n);
    const left: bigint[] = [];
    for (let i = 0; i < 3; i += 1) {
      const before = desk.storageUsage;
      const id = startForward(desk, 100n);
      settleForward(desk, id, succeeded('100'));
      left.push(desk.storageUsage - before);
    }
    return { left, balance: deskAccount(desk).balance, keys: [...desk.storage.keys()].sort() };
  };

  it('grows the desk’s storage by one record (40 bytes + key + value) per settled forward; the desk’s storage is back where it was', () => {
    const record = historyRecord(1, 100n);
    const bytes = RECORD_OVERHEAD_BYTES + BigInt(record.key.length + record.value.length);
    expect(bytes).toBe(104n);
    expect(bytesLeftPerForward(P)).toEqual({
      left: [bytes, bytes, bytes],
      balance: '200',
      keys: ['STATE', `b${ALICE}`, historyRecord(1, 100n).key, historyRecord(2, 100n).key, historyRecord(3, 100n).key],
    });
    expect(bytesLeftPerForward(DESK_WASM)).toEqual({ left: [0n, 0n, 0n], balance: '200', keys: ['STATE', `b${ALICE}`] });
  });

  it('locks 1.04 × 10^21 yocto of the desk’s NEAR per forward for storage staking; the user attaches exactly 1 yocto', () => {
    const desk = newDesk(P);
    onTransfer(desk, 500n);
    expect(desk.call('forward', { args: { receiver_id: BOB, amount: '100', msg: '' }, deposit: 2n }).errorText).toMatch(/exactly 1 yoctoNEAR/);
    const before = desk.storageUsage;
    settleForward(desk, startForward(desk, 100n), succeeded('100'));
    expect((desk.storageUsage - before) * STORAGE_PRICE_PER_BYTE).toBe(1_040_000_000_000_000_000_000n);
  });

  it('keeps the record of a forward that failed too', () => {
    const desk = newDesk(P);
    onTransfer(desk, 500n);
    const before = desk.storageUsage;
    settleForward(desk, startForward(desk, 100n), failed);
    expect(desk.storageUsage - before).toBe(104n);
    expect(deskAccount(desk)).toEqual({ balance: '500', in_flight: '0' });
  });

  it('is the desk in its books: deposits, used and unused amounts, failures', () => {
    const desk = newDesk(P);
    expect(onTransfer(desk, 100n).json()).toBe('0');
    expect(settleForward(desk, startForward(desk, 30n), succeeded('10')).used).toBe('10');
    expect(settleForward(desk, startForward(desk, 20n), failed).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [1n] }]);
    expect(deskAccount(desk)).toEqual({ balance: '90', in_flight: '0' });
    expect(desk.view('get_totals')).toEqual({ balances: '90', in_flight: '0', pending_forwards: 0 });
  });
});

describe('(q) desk debits a forward only in its callback: two forwards in the gap overdraw', () => {
  const forwardArgs = (amount: bigint) => ({ args: { receiver_id: BOB, amount: amount.toString(), msg: '' }, deposit: 1n });

  /** Alice and Bob have 100 tokens each at the desk; Alice forwards 80 twice before either callback runs. */
  const twoForwardsInTheGap = (wasm: string) => {
    const desk = newDesk(wasm);
    onTransfer(desk, 100n);
    onTransfer(desk, 100n, '', BOB);
    const first = desk.call('forward', forwardArgs(80n));
    const second = desk.call('forward', forwardArgs(80n));
    return { desk, accepted: [first, second].map((call) => call.errorText ?? 'accepted') };
  };

  it('accepts the second forward, since the first has not been debited; the desk refuses it', () => {
    expect(twoForwardsInTheGap(Q).accepted).toEqual(['accepted', 'accepted']);
    expect(twoForwardsInTheGap(DESK_WASM).accepted).toEqual([
      'accepted',
      expect.stringMatching(/^Smart contract panicked: not enough tokens: alice\.test\.near has 20, needs 80/),
    ]);
  });

  it('debits 80 and then only the 20 left when both are used: 160 tokens went out for Alice’s 100', () => {
    const { desk } = twoForwardsInTheGap(Q);
    expect(settleForward(desk, 1, succeeded('80')).used).toBe('80');
    expect(settleForward(desk, 2, succeeded('80')).used).toBe('80');
    expect(deskAccount(desk)).toEqual({ balance: '0', in_flight: '0' });
    // The desk held 200 at the token and 160 left it; it still owes Bob his 100.
    expect(desk.view('get_totals')).toEqual({ balances: '100', in_flight: '0', pending_forwards: 0 });
  });

  it('is the desk when forwards do not race: one forward, used in part, and a failed one', () => {
    const desk = newDesk(Q);
    onTransfer(desk, 100n);
    expect(settleForward(desk, startForward(desk, 30n), succeeded('10')).used).toBe('10');
    expect(settleForward(desk, startForward(desk, 20n), failed).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [1n] }]);
    expect(desk.call('forward', forwardArgs(91n)).errorText).toMatch(/not enough tokens: alice\.test\.near has 90, needs 91/);
    expect(deskAccount(desk)).toEqual({ balance: '90', in_flight: '0' });
    expect(desk.view('get_totals')).toEqual({ balances: '90', in_flight: '0', pending_forwards: 0 });
  });
});

describe('(q) on the embedded chain: two forwards in one block leave the desk owing more tokens than it holds', () => {
  const RECEIVER = 'receiver.test.near';
  const STORAGE_FEE = 1_250_000_000_000_000_000_000n;
  const encoder = new TextEncoder();
  const call = (method: string, args: unknown, deposit: bigint): Action => ({
    type: 'FunctionCall',
    methodName: method,
    args: encoder.encode(JSON.stringify(args)),
    gas: 300n * 10n ** 12n,
    deposit,
  });
  const run = (chain: Chain, signer: string, receiver: string, action: Action): FinalExecutionOutcome => {
    const outcome = chain.runUntilFinal(chain.submitTransaction({ signerId: signer, receiverId: receiver, actions: [action] }));
    chain.runUntilQuiescent();
    expect(outcome.status.type, `${signer} → ${receiver}.${action.type === 'FunctionCall' ? action.methodName : ''}`).toBe('SuccessValue');
    return outcome;
  };

  /**
   * The desk under test and the mock token; the receiver is a correct desk, which keeps every
   * token it is sent (so each forward's whole amount is used). Alice and Bob each send the
   * desk 100 tokens; then Alice submits two forwards of 80 together, and every receipt runs.
   */
  const raceOnChain = (wasm: string) => {
    const chain = new Chain();
    for (const user of [ALICE, BOB]) chain.addAccount(user, { balance: 100n * NEAR, publicKeys: [DEFAULT_ROOT_KEY] });
    chain.addAccount(TOKEN, { balance: 50n * NEAR, code: loadWasm('mocks/build/mock-ft.wasm'), publicKeys: [DEFAULT_ROOT_KEY] });
    chain.addAccount(DESK, { balance: 50n * NEAR, code: loadWasm(wasm), publicKeys: [DEFAULT_ROOT_KEY] });
    chain.addAccount(RECEIVER, { balance: 50n * NEAR, code: loadWasm(DESK_WASM), publicKeys: [DEFAULT_ROOT_KEY] });
    run(chain, TOKEN, TOKEN, call('init', { owner_id: TOKEN, total_supply: '1000' }, 0n));
    run(chain, DESK, DESK, call('init', { token_id: TOKEN, cap: '1000' }, 0n));
    run(chain, RECEIVER, RECEIVER, call('init', { token_id: TOKEN, cap: '1000' }, 0n));
    for (const account of [DESK, RECEIVER, ALICE, BOB]) run(chain, TOKEN, TOKEN, call('storage_deposit', { account_id: account }, STORAGE_FEE));
    for (const user of [ALICE, BOB]) {
      run(chain, TOKEN, TOKEN, call('ft_transfer', { receiver_id: user, amount: '100' }, 1n));
      run(chain, user, TOKEN, call('ft_transfer_call', { receiver_id: DESK, amount: '100', msg: '' }, 1n));
    }
    const heldBefore = chain.viewJson<string>(TOKEN, 'ft_balance_of', { account_id: DESK });

    const forward = () => chain.submitTransaction({ signerId: ALICE, receiverId: DESK, actions: [call('forward', { receiver_id: RECEIVER, amount: '80', msg: '' }, 1n)] });
    const hashes = [forward(), forward()];
    chain.runUntilQuiescent();
    const results = hashes.map((hash) => chain.transactionResult(hash)!);
    const forwardReceipts = results.map((r) => r.receiptsOutcome.find((o) => o.receipt?.actions.some((a) => a.type === 'FunctionCall' && a.methodName === 'forward'))!);

    const totals = chain.viewJson<{ balances: string; in_flight: string }>(DESK, 'get_totals');
    return {
      heldBefore,
      forwardsInOneBlock: forwardReceipts[0]!.blockHeight === forwardReceipts[1]!.blockHeight,
      results: results.map((r) => (r.status.type === 'SuccessValue' ? `used ${new TextDecoder().decode(r.status.value)}` : 'failed')),
      alice: chain.viewJson<{ balance: string }>(DESK, 'get_account', { account_id: ALICE }).balance,
      owed: (BigInt(totals.balances) + BigInt(totals.in_flight)).toString(),
      held: chain.viewJson<string>(TOKEN, 'ft_balance_of', { account_id: DESK }),
    };
  };

  it('sends 160 of the 200 tokens it held for Alice’s 100 and owes Bob 100 while holding 40; the desk refuses the second forward and stays backed', () => {
    expect(raceOnChain(Q)).toEqual({ heldBefore: '200', forwardsInOneBlock: true, results: ['used "80"', 'used "80"'], alice: '0', owed: '100', held: '40' });
    expect(raceOnChain(DESK_WASM)).toEqual({ heldBefore: '200', forwardsInOneBlock: true, results: ['used "80"', 'failed'], alice: '20', owed: '120', held: '120' });
  });
});
