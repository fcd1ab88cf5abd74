/**
 * The token deposit desk, one call at a time, on both sides of NEP-141's ft_transfer_call.
 * As receiver, ft_on_transfer returns the unused amount as a U128 JSON string and credits
 * exactly what it keeps. As sender, forward calls the token's ft_transfer_call with 1 yocto
 * and its callback reads the token's answer (ft_resolve_transfer's: the used amount as a
 * U128 string) to credit the unused part back.
 */
import { describe, expect, it } from 'vitest';
import { failed, OneContract, succeeded, TGAS } from '../../harness/runtime/test/index.js';
import {
  ALICE,
  BOB,
  CAP,
  DESK,
  deskAccount,
  newDesk,
  onTransfer,
  returnedBytes,
  settle,
  settleForward,
  startForward,
  TOKEN,
} from './returns-harness.js';
import { receipts } from './vault-harness.js';

const totals = (desk: ReturnType<typeof newDesk>) => desk.view('get_totals');

describe('desk: ft_on_transfer (NEP-141 receiver)', () => {
  it('keeps what fits under the cap and returns "0" (the unused amount, a U128 JSON string)', () => {
    const desk = newDesk();
    const result = onTransfer(desk, 400n);
    expect(result.text).toBe('"0"');
    expect(deskAccount(desk)).toEqual({ balance: '400', in_flight: '0' });
    expect(totals(desk)).toEqual({ balances: '400', in_flight: '0', pending_forwards: 0 });
  });

  it('over the cap: keeps up to the cap, credits exactly that, and returns the rest as unused', () => {
    const desk = newDesk();
    onTransfer(desk, 700n);
    const result = onTransfer(desk, 500n);
    expect(result.text).toBe('"200"');
    expect(deskAccount(desk).balance).toBe(CAP.toString());
    expect(onTransfer(desk, 5n).text).toBe('"5"');
    expect(deskAccount(desk).balance).toBe(CAP.toString());
    expect(totals(desk)).toMatchObject({ balances: CAP.toString() });
  });

  it('the cap is per account', () => {
    const desk = newDesk();
    onTransfer(desk, CAP);
    expect(onTransfer(desk, CAP, '', BOB).text).toBe('"0"');
    expect(totals(desk)).toMatchObject({ balances: (2n * CAP).toString() });
  });

  it('msg names the most to keep: keeps min(amount, room under the cap, msg) and returns the rest', () => {
    const desk = newDesk();
    expect(onTransfer(desk, 100n, '30').text).toBe('"70"');
    expect(deskAccount(desk).balance).toBe('30');
    expect(onTransfer(desk, 100n, '500').text).toBe('"0"');
    expect(onTransfer(desk, 2000n, '1500').text).toBe(`"${2000n - (CAP - 130n)}"`);
    expect(onTransfer(desk, 9n, '0').text).toBe('"9"');
    expect(deskAccount(desk).balance).toBe(CAP.toString());
  });

  it('credits the sender_id the token names, not the token', () => {
    const desk = newDesk();
    onTransfer(desk, 5n, '', BOB);
    expect(deskAccount(desk, BOB).balance).toBe('5');
    expect(deskAccount(desk, TOKEN).balance).toBe('0');
  });

  it('reads amounts exactly, far above 2^53', () => {
    const desk = newDesk(undefined, 10n ** 30n);
    expect(onTransfer(desk, 10n ** 27n + 1n, (10n ** 27n - 1n).toString()).text).toBe('"2"');
    expect(deskAccount(desk).balance).toBe((10n ** 27n - 1n).toString());
  });

  it('refuses a cap that is not a U128 string', () => {
    const desk = new OneContract(DESK, 'contract/build/desk.wasm');
    expect(desk.call('init', { args: { token_id: TOKEN, cap: 1000 } }).errorText).toMatch(/cap must be a U128/);
  });

  it('accepts tokens only from its token contract', () => {
    const desk = newDesk();
    expect(onTransfer(desk, 5n, '', ALICE, 'fake.test.near').errorText).toMatch(/only token\.test\.near tokens are accepted/);
    expect(onTransfer(desk, 5n, '', ALICE, ALICE).errorText).toMatch(/only token\.test\.near tokens are accepted/);
    expect(totals(desk)).toMatchObject({ balances: '0' });
  });

  it('panics on an amount that is not a positive U128 string or a msg it cannot read (the token then refunds everything)', () => {
    const desk = newDesk();
    expect(onTransfer(desk, '0').errorText).toMatch(/amount must be positive/);
    for (const amount of ['-1', '0x10', '1.5', '']) expect(onTransfer(desk, amount).errorText, amount).toMatch(/amount must be a U128/);
    expect(desk.call('ft_on_transfer', { args: { sender_id: ALICE, amount: 5, msg: '' }, predecessor: TOKEN }).errorText).toMatch(/amount must be a U128/);
    expect(onTransfer(desk, 5n, 'deposit').errorText).toMatch(/msg \(empty, or the most tokens to keep\) must be a U128/);
    expect(onTransfer(desk, 5n, '{"keep":"1"}').errorText).toMatch(/msg \(empty, or the most tokens to keep\) must be a U128/);
    expect(totals(desk)).toMatchObject({ balances: '0' });
  });
});

describe('desk: forward (NEP-141 sender, through ft_transfer_call)', () => {
  it('requires exactly 1 yocto, as ft_transfer_call does', () => {
    const desk = newDesk();
    onTransfer(desk, 10n);
    for (const deposit of [0n, 2n]) {
      expect(desk.call('forward', { args: { receiver_id: BOB, amount: '5', msg: '' }, deposit }).errorText).toMatch(
        /Requires attached deposit of exactly 1 yoctoNEAR/,
      );
    }
  });

  it('debits the tokens first, then calls ft_transfer_call with 1 yocto and the settling callback', () => {
    const desk = newDesk();
    onTransfer(desk, 10n);
    const result = desk.call('forward', { args: { receiver_id: BOB, amount: '6', msg: 'stake' }, deposit: 1n });
    expect(receipts(result)).toEqual([
      {
        receiver: TOKEN,
        actions: ['ft_transfer_call'],
        deposits: [1n],
        gas: [100n * TGAS],
        args: [{ receiver_id: BOB, amount: '6', msg: 'stake' }],
        inputReceipts: [],
      },
      { receiver: DESK, actions: ['on_forward'], deposits: [0n], gas: [30n * TGAS], args: [{ id: 1 }], inputReceipts: [0] },
    ]);
    expect(deskAccount(desk)).toEqual({ balance: '4', in_flight: '6' });
    expect(desk.view('get_forward', { id: 1 })).toEqual({ id: 1, account_id: ALICE, receiver_id: BOB, amount: '6' });
    expect(totals(desk)).toEqual({ balances: '4', in_flight: '6', pending_forwards: 1 });
  });

  it('refuses to forward more than the balance, and bad arguments', () => {
    const desk = newDesk();
    onTransfer(desk, 10n);
    const forward = (args: unknown) => desk.call('forward', { args, deposit: 1n }).errorText;
    expect(forward({ receiver_id: BOB, amount: '11', msg: '' })).toMatch(/not enough tokens: alice\.test\.near has 10, needs 11/);
    expect(forward({ receiver_id: BOB, amount: '0', msg: '' })).toMatch(/amount must be positive/);
    expect(forward({ receiver_id: BOB, amount: 5, msg: '' })).toMatch(/amount must be a U128/);
    expect(forward({ amount: '5', msg: '' })).toMatch(/receiver_id must be an account id/);
    expect(forward({ receiver_id: BOB, amount: '5', msg: 1 })).toMatch(/msg must be a string/);
    expect(totals(desk)).toEqual({ balances: '10', in_flight: '0', pending_forwards: 0 });
  });

  it('sends msg "" when none is given', () => {
    const desk = newDesk();
    onTransfer(desk, 10n);
    const result = desk.call('forward', { args: { receiver_id: BOB, amount: '1' }, deposit: 1n });
    expect(receipts(result)[0]!.args[0]).toEqual({ receiver_id: BOB, amount: '1', msg: '' });
  });
});

describe('desk: on_forward settles from the used amount the token returned', () => {
  const forwarded = (amount = 10n) => {
    const desk = newDesk();
    onTransfer(desk, 100n);
    return { desk, id: startForward(desk, amount) };
  };

  it('all used: credits nothing back, returns the used amount, removes the pending forward', () => {
    const { desk, id } = forwarded();
    const { refunds, used } = settleForward(desk, id, succeeded('10'));
    expect(refunds).toEqual([]);
    expect(used).toBe('10');
    expect(deskAccount(desk)).toEqual({ balance: '90', in_flight: '0' });
    expect(desk.view('get_forward', { id })).toBeNull();
    expect(totals(desk)).toEqual({ balances: '90', in_flight: '0', pending_forwards: 0 });
  });

  it('partly used: credits the unused part back to the user', () => {
    const { desk, id } = forwarded();
    expect(settleForward(desk, id, succeeded('3')).used).toBe('3');
    expect(deskAccount(desk)).toEqual({ balance: '97', in_flight: '0' });
    expect(totals(desk)).toEqual({ balances: '97', in_flight: '0', pending_forwards: 0 });
  });

  it('none used: credits everything back', () => {
    const { desk, id } = forwarded();
    expect(settleForward(desk, id, succeeded('0')).used).toBe('0');
    expect(deskAccount(desk).balance).toBe('100');
  });

  it('failure: credits everything back and returns the yocto (NEAR returned it to the desk)', () => {
    const { desk, id } = forwarded();
    const { refunds, used, logs } = settleForward(desk, id, failed);
    expect(refunds).toEqual([{ receiver: ALICE, actions: ['transfer'], deposits: [1n] }]);
    expect(used).toBe('0');
    expect(logs).toEqual([`forward #${id}: ft_transfer_call failed; crediting back 10`]);
    expect(deskAccount(desk)).toEqual({ balance: '100', in_flight: '0' });
    expect(totals(desk)).toEqual({ balances: '100', in_flight: '0', pending_forwards: 0 });
  });

  it('reads amounts exactly, far above 2^53', () => {
    const desk = newDesk(undefined, 10n ** 30n);
    onTransfer(desk, 10n ** 27n + 5n);
    const id = startForward(desk, 10n ** 27n + 5n);
    expect(settleForward(desk, id, succeeded((10n ** 27n + 1n).toString())).used).toBe((10n ** 27n + 1n).toString());
    expect(deskAccount(desk).balance).toBe('4');
  });

  const malformed = [
    ['not JSON', returnedBytes('garbage')],
    ['invalid UTF-8', returnedBytes(new Uint8Array([0xff, 0xfe]))],
    ['empty', returnedBytes('')],
    ['null', succeeded(null)],
    ['a JSON number (not a U128 string)', succeeded(3)],
    ['an object', succeeded({ used: '3' })],
    ['a hex amount', succeeded('0x3')],
    ['a negative amount', succeeded('-3')],
    ['more used than was sent', succeeded('11')],
  ] as const;

  it.each(malformed)('an unusable answer (%s): credits everything back; the token kept the yocto', (_what, answer) => {
    const { desk, id } = forwarded();
    const { refunds, used, logs } = settleForward(desk, id, answer);
    expect(refunds).toEqual([]);
    expect(used).toBe('0');
    expect(logs).toEqual([`forward #${id}: unusable answer from the token; crediting back 10`]);
    expect(deskAccount(desk)).toEqual({ balance: '100', in_flight: '0' });
  });

  it('settles forwards in flight at once each by its own record', () => {
    const desk = newDesk();
    onTransfer(desk, 100n);
    const first = startForward(desk, 30n);
    const second = startForward(desk, 50n, 'carol.test.near');
    expect(deskAccount(desk)).toEqual({ balance: '20', in_flight: '80' });
    settleForward(desk, second, succeeded('45'));
    settleForward(desk, first, succeeded('0'));
    expect(deskAccount(desk)).toEqual({ balance: '55', in_flight: '0' });
    expect(totals(desk)).toEqual({ balances: '55', in_flight: '0', pending_forwards: 0 });
  });
});

describe('desk: the callback is private', () => {
  it('refuses another account calling on_forward, and leaves the forward pending', () => {
    const desk = newDesk();
    onTransfer(desk, 100n);
    const id = startForward(desk, 10n);
    const forged = desk.call('on_forward', { args: { id }, predecessor: 'eve.test.near', promiseResults: [failed] });
    expect(forged.errorText).toMatch(/^Smart contract panicked: Function is private/);
    expect(deskAccount(desk)).toEqual({ balance: '90', in_flight: '10' });
  });

  it('refuses to settle a forward that is not in flight', () => {
    const desk = newDesk();
    expect(settle(desk, 'on_forward', { id: 3 }, [failed]).errorText).toMatch(/no forward #3 in flight/);
  });
});

describe('desk: views and configuration', () => {
  it('answers for unknown accounts and forwards, and shows its token and cap', () => {
    const desk = newDesk();
    expect(deskAccount(desk, 'nobody.test.near')).toEqual({ balance: '0', in_flight: '0' });
    expect(desk.view('get_forward', { id: 1 })).toBeNull();
    expect(desk.view('get_config')).toEqual({ token_id: TOKEN, cap: CAP.toString() });
  });
});
