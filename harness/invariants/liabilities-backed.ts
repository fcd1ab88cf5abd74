/**
 * Liabilities backed: what the contract owes — in NEAR and in each token, read from the views
 * the scenario names — is covered by what backs it, after every block and once settled.
 * NEAR held by the contract is its balance less its storage stake (NEAR locks 10^19 yocto per
 * byte stored), plus NEAR on its way to it (a refund in flight); NEAR held by another account
 * (a pool the contract stakes with) is what it received during the run, with NEAR on its way
 * to it and NEAR it is sending the contract counted as its own until they arrive (a stake that
 * fails comes back to the contract as a refund, and is then no longer the pool's). Tokens held
 * are `ft_balance_of` at the token.
 *
 * `compare: 'change'` judges what came in against what became owed since the start, so the
 * contract's own funds at the start are not the users' to spend: a payout that reduces no
 * debt shows even while the contract's capital could cover it.
 *
 * The checks run inside the backend, between blocks (`liabilityChecks`, wired by
 * check/verdict.ts into the run options); this invariant reports what they found and blames
 * the step whose receipt ran in the block where the books first broke.
 */
import type { RunRecord } from '../backend/index.js';
import type { AmountView, Json, Liability, Scenario, StateView } from '../scenario/index.js';
import type { Invariant, Violation } from './types.js';
import { describeStep } from './types.js';
import { STORAGE_BYTE_COST } from './storage-paid.js';

export const LIABILITIES_BACKED = 'liabilities-backed';

/** An amount at `field` (a dotted path) of a view's answer: a bigint, a whole number or a decimal string. */
function amountAt(answer: unknown, view: AmountView, account: string): bigint {
  let value: unknown = answer;
  for (const part of view.field?.split('.') ?? []) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?[0-9]{1,40}$/.test(value)) return BigInt(value);
  const where = view.field ? ` at "${view.field}"` : '';
  throw new LiabilityViewError(
    `${account}.${view.method}(${JSON.stringify(view.args ?? {})}) answered ${JSON.stringify(answer) ?? String(answer)}; the value${where} ` +
      `(${JSON.stringify(value) ?? 'absent'}) is not an amount: name a field holding a decimal string or a whole number`,
  );
}

/** A liability view whose answer is not an amount: a mistake in the scenario, reported as one. */
export class LiabilityViewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiabilityViewError';
  }
}

function owedBy(state: StateView, liability: Liability, contract: string): bigint {
  return liability.owed.reduce((sum, view) => {
    const account = view.account ?? contract;
    const amount = amountAt(state.view<unknown>(account, view.method, (view.args ?? {}) as Json), view, account);
    return view.subtract ? sum - amount : sum + amount;
  }, 0n);
}

function heldBy(state: StateView, liability: Liability, contract: string, holder: string, compare: 'total' | 'change'): bigint {
  if (liability.asset !== 'NEAR') return BigInt(state.view<string>(liability.asset, 'ft_balance_of', { account_id: holder }));
  const inFlight = holder === contract ? state.inFlightTo(holder) : state.inFlightTo(holder) + state.inFlightTo(contract, holder);
  if (compare === 'change') return state.netReceived(holder) + inFlight;
  return state.balance(holder) - state.storageUsage(holder) * STORAGE_BYTE_COST + inFlight;
}

const units = (liability: Liability) => (liability.asset === 'NEAR' ? 'yoctoNEAR' : `${liability.asset} tokens`);

/**
 * Views answered from a cache that lives for one run: a view reads only its own account's
 * storage and balance, so an answer stays right until a receipt changes them (`touched`), and the
 * per-block checks need not re-run every view (each a whole contract call) after every block.
 */
class ViewCache {
  private readonly answers = new Map<string, Map<string, unknown>>();

  /** Forget what the accounts receipts ran on; undefined: forget everything. */
  invalidate(touched: ReadonlySet<string> | undefined): void {
    if (touched === undefined) this.answers.clear();
    else for (const account of touched) this.answers.delete(account);
  }

  over(state: StateView): StateView {
    const answers = this.answers;
    return {
      ...state,
      view<T>(accountId: string, method: string, args?: Json): T {
        const key = JSON.stringify([method, args ?? {}]);
        let cached = answers.get(accountId);
        if (!cached) answers.set(accountId, (cached = new Map()));
        if (!cached.has(key)) cached.set(key, state.view<unknown>(accountId, method, args));
        return cached.get(key) as T;
      },
    };
  }
}

/**
 * The checks a run makes: `start` reads each liability's owed and held amounts before the
 * first step (for `compare: 'change'`), `check` compares them after a block. Each liability
 * is reported once per run: its first break is the one to explain.
 */
export function liabilityChecks(scenario: Scenario): {
  start(state: StateView): void;
  check(state: StateView, touched?: ReadonlySet<string>): { invariant: string; message: string }[];
} {
  const liabilities = scenario.liabilities ?? [];
  const contract = scenario.contract.id;
  let baseline = new Map<string, { owed: bigint; held: bigint }>();
  let broken = new Set<string>();
  const views = new ViewCache();
  /** The accounts whose receipts can change a liability's side: views' accounts, holders, tokens. */
  const relevant = new Set([
    contract,
    ...liabilities.flatMap((l) => [...(l.heldBy ?? []), ...(l.asset === 'NEAR' ? [] : [l.asset]), ...l.owed.map((v) => v.account ?? contract)]),
  ]);
  const measure = (state: StateView, liability: Liability) => {
    const compare = liability.compare ?? 'total';
    const holders = liability.heldBy ?? [contract];
    return { owed: owedBy(state, liability, contract), held: holders.reduce((sum, h) => sum + heldBy(state, liability, contract, h, compare), 0n), holders };
  };
  return {
    start(live) {
      views.invalidate(undefined);
      const state = views.over(live);
      baseline = new Map(liabilities.filter((l) => l.compare === 'change').map((l) => [l.name, measure(state, l)]));
      broken = new Set();
    },
    check(live, touched) {
      const findings: { invariant: string; message: string }[] = [];
      // Nothing a liability reads changed, and no NEAR reached its accounts: neither side can have.
      if (touched !== undefined && ![...touched].some((account) => relevant.has(account))) return findings;
      views.invalidate(touched);
      const state = views.over(live);
      for (const liability of liabilities) {
        if (broken.has(liability.name)) continue;
        const { owed, held, holders } = measure(state, liability);
        const base = baseline.get(liability.name);
        const owedNow = base ? owed - base.owed : owed;
        const heldNow = base ? held - base.held : held;
        if (heldNow >= owedNow) continue;
        broken.add(liability.name);
        const what = units(liability);
        const holding = holders.join(' + ');
        findings.push({
          invariant: LIABILITIES_BACKED,
          message: base
            ? `${liability.name}: since the start ${contract} came to owe ${owedNow} ${what} more, but ${holding} took in only ${heldNow}: ${owedNow - heldNow} owed is backed by nothing`
            : `${liability.name}: ${contract} owes ${owedNow} ${what}, but ${holding} hold${holders.length === 1 ? 's' : ''} only ${heldNow}: ${owedNow - heldNow} owed is backed by nothing`,
        });
      }
      return findings;
    },
  };
}

/** The step and receipt that ran in `block` on an account the books are about: the first in the block, as NEAR ran them. */
function culprit(record: RunRecord, block: number, accounts: ReadonlySet<string>): { step: number; receipt: string } | undefined {
  const ids = record.blocks.find((b) => b.height === block)?.receipts ?? [];
  for (const id of ids) {
    const r = record.receipts[id];
    if (r && r.step !== undefined && accounts.has(r.receiver)) return { step: r.step, receipt: r.id };
  }
  return undefined;
}

export const liabilitiesBacked: Invariant = {
  name: LIABILITIES_BACKED,
  needs: ['findings', 'blocks', 'receipts'],
  check({ scenario, plan, record }) {
    const accounts = new Set([scenario.contract.id, ...(scenario.liabilities ?? []).flatMap((l) => [...(l.heldBy ?? []), ...(l.asset === 'NEAR' ? [] : [l.asset])])]);
    return record.findings
      .filter((f) => f.invariant === LIABILITIES_BACKED)
      .map((f): Violation => {
        const blame = culprit(record, f.block, accounts);
        return blame
          ? { invariant: LIABILITIES_BACKED, block: f.block, step: blame.step, receipt: blame.receipt, message: `after block ${f.block}, in which ${describeStep(plan, blame.step)} ran receipt ${blame.receipt}: ${f.message}` }
          : { invariant: LIABILITIES_BACKED, block: f.block, message: `after block ${f.block}: ${f.message}` };
      });
  },
};
