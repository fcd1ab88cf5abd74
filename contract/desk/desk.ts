/**
 * The example token deposit desk, on both sides of NEP-141's ft_transfer_call:
 *
 *   receiver  the token calls ft_on_transfer({ sender_id, amount, msg }); the desk keeps
 *             what fits under the sender's cap (and no more than msg names, if it names an
 *             amount), credits exactly that, and returns the rest as a U128 string for the
 *             token to give back.
 *   sender    forward({ receiver_id, amount, msg }), 1 yocto attached, moves credited
 *             tokens on with token.ft_transfer_call; the callback reads the amount the token
 *             says was used and credits the unused part back (all of it when the call
 *             failed or the answer is not a U128 string of at most the amount).
 *
 * The steps that credit and settle live in ./steps.ts.
 */
import { call, initialize, LookupMap, near, NearBindgen, NearPromise, view } from 'near-sdk-js';
import { min, u128Argument } from '../lib/u128';
import { balanceOf, inFlightOf, pendingForward, type Ledger, type PendingForward } from './ledger';
import { callSucceeded } from '../vault/results';
import { steps, TGAS } from './steps';

/**
 * Static gas for ft_transfer_call: the token's own work, ft_on_transfer and
 * ft_resolve_transfer. (near-sdk-js 2.0.0's functionCallWeight garbles its arguments.)
 */
const FT_TRANSFER_CALL_GAS = 100n * TGAS;

function positive(value: unknown, name: string): bigint {
  const amount = u128Argument(value, name);
  if (amount === 0n) throw new Error(`${name} must be positive`);
  return amount;
}

/** msg of ft_on_transfer: "" keeps what fits under the cap; a U128 string keeps at most that. */
function askedToKeep(msg: unknown): bigint | undefined {
  if (msg === '' || msg === undefined) return undefined;
  return u128Argument(msg, 'msg (empty, or the most tokens to keep)');
}

@NearBindgen({ requireInit: true })
class Desk implements Ledger {
  tokenId = '';
  /** The most tokens one account may have credited; deposits beyond it are given back. */
  cap = '0';
  balances: LookupMap<string> = new LookupMap<string>('b');
  inFlight: LookupMap<string> = new LookupMap<string>('f');
  forwards: LookupMap<PendingForward> = new LookupMap<PendingForward>('p');
  totalBalances = '0';
  totalInFlight = '0';
  pendingForwards = 0;
  /** Numbers forwards; the callback finds its forward by number. */
  operations = 0;

  @initialize({})
  init({ token_id, cap }: { token_id: string; cap: string }): void {
    this.tokenId = token_id;
    this.cap = u128Argument(cap, 'cap').toString();
  }

  // ---- receiving tokens ----

  /** NEP-141 receiver: returns how many of the tokens the desk did not keep. */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: string; msg: string }): string {
    if (near.predecessorAccountId() !== this.tokenId) throw new Error(`only ${this.tokenId} tokens are accepted`);
    if (typeof sender_id !== 'string' || sender_id === '') throw new Error('sender_id must be an account id');
    const value = positive(amount, 'amount');
    const asked = askedToKeep(msg);
    const held = balanceOf(this, sender_id);
    const cap = BigInt(this.cap);
    const room = cap > held ? cap - held : 0n;
    const keep = min(min(value, room), asked ?? value);
    return steps.receiveTokens(this, sender_id, value, keep).toString();
  }

  // ---- sending tokens on ----

  @call({ payableFunction: true })
  forward({ receiver_id, amount, msg }: { receiver_id: string; amount: string; msg?: string }): NearPromise {
    if (near.attachedDeposit() !== 1n) throw new Error('Requires attached deposit of exactly 1 yoctoNEAR');
    if (typeof receiver_id !== 'string' || receiver_id === '') throw new Error('receiver_id must be an account id');
    if (msg !== undefined && typeof msg !== 'string') throw new Error('msg must be a string');
    this.operations += 1;
    const forward: PendingForward = {
      id: this.operations,
      account_id: steps.originalCaller(),
      receiver_id,
      amount: positive(amount, 'amount').toString(),
    };
    steps.beginForward(this, forward);
    return NearPromise.new(this.tokenId)
      .functionCall('ft_transfer_call', JSON.stringify({ receiver_id, amount: forward.amount, msg: msg ?? '' }), 1n, FT_TRANSFER_CALL_GAS)
      .then(NearPromise.new(near.currentAccountId()).functionCall('on_forward', JSON.stringify({ id: forward.id }), 0n, steps.callbackGas));
  }

  /** Settles a forward; returns the used amount, as ft_transfer_call does. */
  @call({})
  on_forward({ id }: { id: number }): string {
    steps.requireCallerIsDesk();
    const forward = pendingForward(this, id);
    const called = callSucceeded(0);
    return steps.settleForward(this, forward, called, steps.readUsed(forward)).toString();
  }

  // ---- views ----

  @view({})
  get_account({ account_id }: { account_id: string }): { balance: string; in_flight: string } {
    return { balance: balanceOf(this, account_id).toString(), in_flight: inFlightOf(this, account_id).toString() };
  }

  /**
   * What the desk owes: tokens credited to users, and tokens in unsettled forwards. Once
   * every forward has settled, the desk's balance at the token must equal `balances`.
   */
  @view({})
  get_totals(): { balances: string; in_flight: string; pending_forwards: number } {
    return { balances: this.totalBalances, in_flight: this.totalInFlight, pending_forwards: this.pendingForwards };
  }

  @view({})
  get_forward({ id }: { id: number }): PendingForward | null {
    return this.forwards.get(String(id));
  }

  @view({})
  get_config(): { token_id: string; cap: string } {
    return { token_id: this.tokenId, cap: this.cap };
  }
}
