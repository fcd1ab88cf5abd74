/**
 * The example swap router: users attach NEAR to swap({ pool, min_out }); the router calls
 * the AMM pool's swap_exact_in({ amount_in, min_out }) with that NEAR. The pool answers
 * { "amount_in_used": "<yocto>", "amount_out": "<units>" } and sends the unused input
 * back to the router itself (a partial fill). The callback credits amount_out to the
 * user's output balance and refunds amount_in − amount_in_used; a failed call or an
 * answer it cannot use (not U128 strings, more input used than sent, less output than
 * min_out) refunds the whole input.
 *
 * The steps that read the answer and settle the swap live in ./steps.ts.
 */
import { call, initialize, LookupMap, near, NearBindgen, NearPromise, view } from 'near-sdk-js';
import { u128Argument } from '../lib/u128';
import { inFlightOf, outputOf, pendingSwap, type Ledger, type PendingSwap } from './ledger';
import { steps, TGAS, type SwapOutcome } from './steps';

/** Static gas for the pool call. (near-sdk-js 2.0.0's functionCallWeight garbles its arguments.) */
const POOL_CALL_GAS = 60n * TGAS;

@NearBindgen({ requireInit: true })
class Router implements Ledger {
  pools: string[] = [];
  outputs: LookupMap<string> = new LookupMap<string>('o');
  inFlight: LookupMap<string> = new LookupMap<string>('f');
  swaps: LookupMap<PendingSwap> = new LookupMap<PendingSwap>('p');
  totalOutput = '0';
  totalInFlight = '0';
  totalUsed = '0';
  pendingSwaps = 0;
  /** Numbers swaps; the callback finds its swap by number. */
  operations = 0;

  @initialize({})
  init({ pools }: { pools: string[] }): void {
    this.pools = pools;
  }

  private pool(accountId: string | undefined): string {
    if (accountId === undefined || !this.pools.includes(accountId)) {
      throw new Error(`unknown pool ${String(accountId)}; allowed: ${this.pools.join(', ')}`);
    }
    return accountId;
  }

  @call({ payableFunction: true })
  swap({ pool, min_out }: { pool: string; min_out: string }): NearPromise {
    const target = this.pool(pool);
    const minOut = u128Argument(min_out, 'min_out');
    const amountIn = near.attachedDeposit();
    if (amountIn === 0n) throw new Error('attach the NEAR to swap');
    this.operations += 1;
    const swap: PendingSwap = {
      id: this.operations,
      account_id: steps.originalCaller(),
      pool: target,
      amount_in: amountIn.toString(),
      min_out: minOut.toString(),
    };
    steps.beginSwap(this, swap);
    return NearPromise.new(target)
      .functionCall('swap_exact_in', JSON.stringify({ amount_in: swap.amount_in, min_out: swap.min_out }), amountIn, POOL_CALL_GAS)
      .then(NearPromise.new(near.currentAccountId()).functionCall('on_swap', JSON.stringify({ id: swap.id }), 0n, steps.callbackGas));
  }

  @call({})
  on_swap({ id }: { id: number }): SwapOutcome {
    steps.requireCallerIsRouter();
    const swap = pendingSwap(this, id);
    return steps.settleSwap(this, swap, steps.readAnswer(swap));
  }

  // ---- views ----

  @view({})
  get_account({ account_id }: { account_id: string }): { output: string; in_flight: string } {
    return { output: outputOf(this, account_id).toString(), in_flight: inFlightOf(this, account_id).toString() };
  }

  /**
   * What the router owes and holds: output units owed to users, yoctoNEAR at pools in
   * unsettled swaps, yoctoNEAR the pools reported using, and how many swaps are unsettled.
   */
  @view({})
  get_totals(): { output: string; in_flight: string; used: string; pending_swaps: number } {
    return { output: this.totalOutput, in_flight: this.totalInFlight, used: this.totalUsed, pending_swaps: this.pendingSwaps };
  }

  @view({})
  get_swap({ id }: { id: number }): PendingSwap | null {
    return this.swaps.get(String(id));
  }

  @view({})
  get_config(): { pools: string[] } {
    return { pools: this.pools };
  }
}
