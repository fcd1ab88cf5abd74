/**
 * The swap router, one call at a time: what it sends the pool, and how its callback
 * settles every answer a pool may return. A pool answers swap_exact_in with
 * { "amount_in_used": "<yocto>", "amount_out": "<units>" } (U128 strings) and sends the
 * unused input back to the router itself; the router credits amount_out and refunds the
 * unused input, or refunds everything when the call failed or the answer is unusable.
 */
import { describe, expect, it } from 'vitest';
import { failed, succeeded, TGAS } from '../../harness/runtime/test/index.js';
import {
  ALICE,
  NEAR,
  newRouter,
  POOL,
  POOL_B,
  poolAnswer,
  returnedBytes,
  ROUTER,
  routerAccount,
  settle,
  settleSwap,
  startSwap,
} from './returns-harness.js';
import { receipts } from './vault-harness.js';

const totals = (router: ReturnType<typeof newRouter>) => router.view('get_totals');

describe('router: swap', () => {
  it('sends the attached NEAR to the pool with swap_exact_in and records the swap until its callback', () => {
    const router = newRouter();
    const result = router.call('swap', { args: { pool: POOL, min_out: '500' }, deposit: 3n * NEAR });
    expect(receipts(result)).toEqual([
      {
        receiver: POOL,
        actions: ['swap_exact_in'],
        deposits: [3n * NEAR],
        gas: [60n * TGAS],
        args: [{ amount_in: (3n * NEAR).toString(), min_out: '500' }],
        inputReceipts: [],
      },
      { receiver: ROUTER, actions: ['on_swap'], deposits: [0n], gas: [30n * TGAS], args: [{ id: 1 }], inputReceipts: [0] },
    ]);
    expect(router.view('get_swap', { id: 1 })).toEqual({ id: 1, account_id: ALICE, pool: POOL, amount_in: (3n * NEAR).toString(), min_out: '500' });
    expect(routerAccount(router)).toEqual({ output: '0', in_flight: (3n * NEAR).toString() });
    expect(totals(router)).toEqual({ output: '0', in_flight: (3n * NEAR).toString(), used: '0', pending_swaps: 1 });
  });

  it('refuses a swap without NEAR, with an unknown pool, or with a min_out that is not a U128 string', () => {
    const router = newRouter();
    const swap = (args: unknown, deposit = NEAR) => router.call('swap', { args, deposit }).errorText;
    expect(swap({ pool: POOL, min_out: '1' }, 0n)).toMatch(/attach the NEAR to swap/);
    expect(swap({ pool: 'evil.test.near', min_out: '1' })).toMatch(/unknown pool evil\.test\.near; allowed: pool\.test\.near, pool-b\.test\.near/);
    for (const min_out of [1, '-1', ' 5', '0x10', '1e3', '', (1n << 128n).toString(), undefined]) {
      expect(swap({ pool: POOL, min_out }), String(min_out)).toMatch(/min_out must be a U128: a string of decimal digits, below 2\^128/);
    }
    expect(totals(router)).toMatchObject({ in_flight: '0', pending_swaps: 0 });
  });
});

describe('router: on_swap settles from what the pool returned', () => {
  it('full fill: credits amount_out, refunds nothing, removes the pending swap', () => {
    const router = newRouter();
    const id = startSwap(router, 2n * NEAR, 700n);
    const { refunds, outcome } = settleSwap(router, id, poolAnswer(2n * NEAR, 750n));
    expect(refunds).toEqual([]);
    expect(outcome).toEqual({ amount_in_used: (2n * NEAR).toString(), amount_out: '750', refunded: '0' });
    expect(routerAccount(router)).toEqual({ output: '750', in_flight: '0' });
    expect(router.view('get_swap', { id })).toBeNull();
    expect(totals(router)).toEqual({ output: '750', in_flight: '0', used: (2n * NEAR).toString(), pending_swaps: 0 });
  });

  it('partial fill: refunds amount_in − amount_in_used (the pool sent that back) to the user', () => {
    const router = newRouter();
    const id = startSwap(router, 2n * NEAR, 100n);
    const { refunds, outcome } = settleSwap(router, id, poolAnswer(NEAR / 4n, 100n));
    expect(refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [2n * NEAR - NEAR / 4n] }]);
    expect(outcome).toEqual({ amount_in_used: (NEAR / 4n).toString(), amount_out: '100', refunded: (2n * NEAR - NEAR / 4n).toString() });
    expect(totals(router)).toEqual({ output: '100', in_flight: '0', used: (NEAR / 4n).toString(), pending_swaps: 0 });
  });

  it('no fill (nothing used, min_out 0): refunds the whole input and credits nothing', () => {
    const router = newRouter();
    const id = startSwap(router, NEAR, 0n);
    expect(settleSwap(router, id, poolAnswer(0n, 0n)).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [NEAR] }]);
    expect(routerAccount(router)).toEqual({ output: '0', in_flight: '0' });
  });

  it('failure: refunds the whole input (NEAR returned it to the router) and credits nothing', () => {
    const router = newRouter();
    const id = startSwap(router, 5n * NEAR, 1n);
    const { refunds, outcome, logs } = settleSwap(router, id, failed);
    expect(refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [5n * NEAR] }]);
    expect(outcome).toEqual({ amount_in_used: '0', amount_out: '0', refunded: (5n * NEAR).toString() });
    expect(logs).toEqual([`swap #${id}: ${POOL} failed; refunding ${5n * NEAR}`]);
    expect(routerAccount(router)).toEqual({ output: '0', in_flight: '0' });
    expect(totals(router)).toEqual({ output: '0', in_flight: '0', used: '0', pending_swaps: 0 });
  });

  it('reads amounts exactly, far above 2^53', () => {
    const router = newRouter();
    const id = startSwap(router, 10n * NEAR + 3n, 0n);
    const used = 7n * NEAR + 1n;
    const out = 123_456_789_012_345_678_901_234_567n;
    const { refunds } = settleSwap(router, id, poolAnswer(used, out));
    expect(refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [3n * NEAR + 2n] }]);
    expect(routerAccount(router).output).toBe(out.toString());
  });

  it('refunds and credits the account that called swap, not the signer (a contract may swap for a user)', () => {
    const router = newRouter();
    const result = router.call('swap', { args: { pool: POOL, min_out: '0' }, deposit: NEAR, predecessor: 'dao.test.near', signer: ALICE });
    const { id } = receipts(result)[1]!.args[0] as { id: number };
    expect(settleSwap(router, id, poolAnswer(NEAR / 2n, 9n)).refunds).toEqual([{ receiver: 'dao.test.near', actions: ['transfer'], deposits: [NEAR / 2n] }]);
    expect(routerAccount(router, 'dao.test.near').output).toBe('9');
    expect(routerAccount(router, ALICE).output).toBe('0');
  });

  it('settles swaps in flight at once each by its own record, in any order', () => {
    const router = newRouter();
    const first = startSwap(router, 4n, 0n);
    const second = startSwap(router, 6n, 0n, 'bob.test.near');
    expect(totals(router)).toMatchObject({ in_flight: '10', pending_swaps: 2 });
    expect(settleSwap(router, second, poolAnswer(6n, 60n)).refunds).toEqual([]);
    expect(settleSwap(router, first, poolAnswer(1n, 10n)).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [3n] }]);
    expect(routerAccount(router, 'bob.test.near')).toEqual({ output: '60', in_flight: '0' });
    expect(totals(router)).toEqual({ output: '70', in_flight: '0', used: '7', pending_swaps: 0 });
  });

  it('works with every configured pool', () => {
    const router = newRouter();
    const result = router.call('swap', { args: { pool: POOL_B, min_out: '0' }, deposit: 1n });
    expect(receipts(result)[0]).toMatchObject({ receiver: POOL_B, actions: ['swap_exact_in'] });
  });
});

describe('router: an answer it cannot use is treated as a failure (the whole input refunded)', () => {
  const amountIn = 2n * NEAR;
  const minOut = 100n;
  const answers = [
    ['not JSON', returnedBytes('garbage')],
    ['invalid UTF-8', returnedBytes(new Uint8Array([0xff, 0xfe, 0x00]))],
    ['empty', returnedBytes('')],
    ['null', succeeded(null)],
    ['an array', succeeded(['1', '100'])],
    ['a bare U128 string', succeeded('100')],
    ['amounts as JSON numbers', succeeded({ amount_in_used: 1, amount_out: 100 })],
    ['amount_out missing', succeeded({ amount_in_used: '1' })],
    ['amount_in_used missing', succeeded({ amount_out: '100' })],
    ['a hex amount', succeeded({ amount_in_used: '0x10', amount_out: '100' })],
    ['a negative amount', succeeded({ amount_in_used: '1', amount_out: '-100' })],
    ['an amount with spaces', succeeded({ amount_in_used: ' 1', amount_out: '100' })],
    ['an amount above 2^128 − 1', succeeded({ amount_in_used: '1', amount_out: (1n << 128n).toString() })],
    ['more input used than sent', poolAnswer(amountIn + 1n, 100n)],
    ['less output than min_out', poolAnswer(1n, minOut - 1n)],
  ] as const;

  it.each(answers)('%s', (_what, answer) => {
    const router = newRouter();
    const id = startSwap(router, amountIn, minOut);
    const { refunds, outcome, logs } = settleSwap(router, id, answer);
    expect(refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [amountIn] }]);
    expect(outcome).toEqual({ amount_in_used: '0', amount_out: '0', refunded: amountIn.toString() });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^swap #${id}: unusable answer from ${POOL} \\(.+\\); refunding ${amountIn}$`));
    expect(routerAccount(router)).toEqual({ output: '0', in_flight: '0' });
    expect(totals(router)).toEqual({ output: '0', in_flight: '0', used: '0', pending_swaps: 0 });
  });

  it('says why: the bounds it checks against are the swap it recorded', () => {
    const router = newRouter();
    const log = (answer: Parameters<typeof settleSwap>[2]) => settleSwap(router, startSwap(router, 10n, 5n), answer).logs[0];
    expect(log(poolAnswer(11n, 5n))).toContain('(amount_in_used 11 exceeds amount_in 10)');
    expect(log(poolAnswer(10n, 4n))).toContain('(amount_out 4 is below min_out 5)');
    expect(log(succeeded({ amount_in_used: 10, amount_out: '5' }))).toContain('(amount_in_used is not a U128 string)');
    expect(log(returnedBytes('{'))).toContain('(the answer is not a JSON object)');
  });

  it('takes extra fields in an otherwise good answer', () => {
    const router = newRouter();
    const id = startSwap(router, 10n, 5n);
    expect(settleSwap(router, id, succeeded({ amount_in_used: '10', amount_out: '5', fee: 3 })).outcome.amount_out).toBe('5');
  });
});

describe('router: the callback is private', () => {
  it('refuses another account calling on_swap, even for a swap in flight, and leaves the swap pending', () => {
    const router = newRouter();
    const id = startSwap(router, NEAR, 0n);
    const forged = router.call('on_swap', { args: { id }, predecessor: 'eve.test.near', promiseResults: [poolAnswer(0n, 10n ** 30n)] });
    expect(forged.errorText).toMatch(/^Smart contract panicked: Function is private/);
    expect(router.view('get_swap', { id })).not.toBeNull();
    expect(totals(router)).toMatchObject({ output: '0', pending_swaps: 1 });
  });

  it('refuses to settle a swap that is not in flight', () => {
    const router = newRouter();
    expect(settle(router, 'on_swap', { id: 7 }, [poolAnswer(0n, 0n)]).errorText).toMatch(/no swap #7 in flight/);
    const id = startSwap(router, NEAR, 0n);
    settleSwap(router, id, poolAnswer(NEAR, 1n));
    expect(settle(router, 'on_swap', { id }, [poolAnswer(0n, 1n)]).errorText).toMatch(new RegExp(`no swap #${id} in flight`));
  });
});

describe('router: views', () => {
  it('answers for unknown accounts and swaps, and shows its pools', () => {
    const router = newRouter();
    expect(routerAccount(router, 'nobody.test.near')).toEqual({ output: '0', in_flight: '0' });
    expect(router.view('get_swap', { id: 1 })).toBeNull();
    expect(router.view('get_config')).toEqual({ pools: [POOL, POOL_B] });
    expect(totals(router)).toEqual({ output: '0', in_flight: '0', used: '0', pending_swaps: 0 });
  });
});
