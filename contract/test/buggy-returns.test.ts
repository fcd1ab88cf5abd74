/**
 * The variants whose defect lies in reading what an external contract returned: each is
 * the correct router (j, k, l) or desk (m, n) with exactly one step replaced. These tests
 * show each defect at the level of single calls, next to the correct contract passing the
 * same test. Finding them from generated answers is the harness's job.
 */
import { describe, expect, it } from 'vitest';
import { failed, succeeded } from '../../harness/runtime/test/index.js';
import {
  ALICE,
  deskAccount,
  NEAR,
  newDesk,
  newRouter,
  onTransfer,
  poolAnswer,
  returnedBytes,
  routerAccount,
  settleForward,
  settleSwap,
  startForward,
  startSwap,
} from './returns-harness.js';

const variant = (name: string) => `contract/buggy/build/${name}.wasm`;
const ROUTER = 'contract/build/router.wasm';
const DESK = 'contract/build/desk.wasm';

describe('(j) router refund computed from the stored amount_in, not the returned amount_in_used', () => {
  const partialFill = (wasm: string) => {
    const router = newRouter(wasm);
    const id = startSwap(router, 4n * NEAR, 10n);
    const { refunds } = settleSwap(router, id, poolAnswer(NEAR, 10n));
    return { refunds: refunds.map((r) => r.deposits[0]), output: routerAccount(router).output, used: router.view<{ used: string }>('get_totals').used };
  };
  it('keeps the unused input the pool sent back; the router refunds it', () => {
    expect(partialFill(variant('j-router-stale-refund'))).toEqual({ refunds: [], output: '10', used: (4n * NEAR).toString() });
    expect(partialFill(ROUTER)).toEqual({ refunds: [3n * NEAR], output: '10', used: NEAR.toString() });
  });
});

describe('(k) router trusts a malformed answer', () => {
  const garbageAnswer = (wasm: string) => {
    const router = newRouter(wasm);
    const id = startSwap(router, 2n * NEAR, 500n);
    const { refunds } = settleSwap(router, id, returnedBytes('<html>502 Bad Gateway</html>'));
    return { refunds: refunds.map((r) => r.deposits[0]), output: routerAccount(router).output };
  };
  it('credits min_out and keeps the input when the answer does not parse; the router refunds the input', () => {
    expect(garbageAnswer(variant('k-router-trusts-malformed'))).toEqual({ refunds: [], output: '500' });
    expect(garbageAnswer(ROUTER)).toEqual({ refunds: [2n * NEAR], output: '0' });
  });
  it('does the same for amounts that break the swap’s bounds (more input used than sent)', () => {
    const router = newRouter(variant('k-router-trusts-malformed'));
    const id = startSwap(router, 2n * NEAR, 500n);
    expect(settleSwap(router, id, poolAnswer(3n * NEAR, 10n ** 9n)).refunds).toEqual([]);
    expect(routerAccount(router).output).toBe('500');
  });
});

describe('(l) router passes amounts through a JavaScript Number', () => {
  const largeAmounts = (wasm: string) => {
    const router = newRouter(wasm);
    const id = startSwap(router, 2n * NEAR, 0n);
    const { refunds } = settleSwap(router, id, poolAnswer(NEAR + 1n, 10n ** 24n + 1n));
    return { refunds: refunds.map((r) => r.deposits[0]), output: routerAccount(router).output };
  };
  it('credits and refunds rounded amounts above 2^53; the router reads them exactly', () => {
    // Number("1000000000000000000000001") is 1e24, and BigInt(1e24) is 999999999999999983222784.
    const rounded = 999_999_999_999_999_983_222_784n;
    expect(largeAmounts(variant('l-router-number-amounts'))).toEqual({ refunds: [2n * NEAR - rounded], output: rounded.toString() });
    expect(largeAmounts(ROUTER)).toEqual({ refunds: [NEAR - 1n], output: (10n ** 24n + 1n).toString() });
  });
  it('is exact below 2^53, so small amounts hide the defect', () => {
    const router = newRouter(variant('l-router-number-amounts'));
    const id = startSwap(router, 1000n, 0n);
    expect(settleSwap(router, id, poolAnswer(400n, 77n)).refunds.map((r) => r.deposits[0])).toEqual([600n]);
    expect(routerAccount(router).output).toBe('77');
  });
});

describe('(m) desk forward never credits the unused amount back', () => {
  const partlyUsedForward = (wasm: string) => {
    const desk = newDesk(wasm);
    onTransfer(desk, 100n);
    const id = startForward(desk, 40n);
    return { used: settleForward(desk, id, succeeded('15')).used, balance: deskAccount(desk).balance };
  };
  it('books the whole forward as used; the desk credits the 25 unused tokens back', () => {
    expect(partlyUsedForward(variant('m-desk-unused-lost'))).toEqual({ used: '40', balance: '60' });
    expect(partlyUsedForward(DESK)).toEqual({ used: '15', balance: '85' });
  });
});

describe('(n) desk ft_on_transfer returns an unused amount that does not match its credit', () => {
  const overTheCap = (wasm: string) => {
    const desk = newDesk(wasm);
    onTransfer(desk, 700n);
    const unused = onTransfer(desk, 500n).json<string>();
    return { unused, balance: deskAccount(desk).balance, totals: desk.view<{ balances: string }>('get_totals').balances };
  };
  it('returns 200 unused but credits all 500 (the sender gets the 200 back twice); the desk credits 300', () => {
    expect(overTheCap(variant('n-desk-unused-mismatch'))).toEqual({ unused: '200', balance: '1200', totals: '1200' });
    expect(overTheCap(DESK)).toEqual({ unused: '200', balance: '1000', totals: '1000' });
  });
});

describe('every variant is its contract where its defect is not involved', () => {
  it.each(['j-router-stale-refund', 'k-router-trusts-malformed', 'l-router-number-amounts'])('%s: a full fill and a failed swap', (name) => {
    const router = newRouter(variant(name));
    expect(settleSwap(router, startSwap(router, 1000n, 5n), poolAnswer(1000n, 50n)).refunds).toEqual([]);
    expect(settleSwap(router, startSwap(router, 7n, 5n), failed).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [7n] }]);
    expect(routerAccount(router)).toEqual({ output: '50', in_flight: '0' });
    expect(router.view('get_totals')).toEqual({ output: '50', in_flight: '0', used: '1000', pending_swaps: 0 });
  });

  it.each(['m-desk-unused-lost', 'n-desk-unused-mismatch'])('%s: a deposit under the cap, a fully used forward and a failed one', (name) => {
    const desk = newDesk(variant(name));
    expect(onTransfer(desk, 100n).json()).toBe('0');
    expect(settleForward(desk, startForward(desk, 30n), succeeded('30')).used).toBe('30');
    expect(settleForward(desk, startForward(desk, 20n), failed).refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [1n] }]);
    expect(deskAccount(desk)).toEqual({ balance: '70', in_flight: '0' });
    expect(desk.view('get_totals')).toEqual({ balances: '70', in_flight: '0', pending_forwards: 0 });
  });
});
