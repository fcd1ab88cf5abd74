/**
 * The example vault: users deposit NEAR and act through external contracts in every
 * cross-contract pattern of NEAR's documentation, with the rollback done right: when an
 * external call fails, the callback restores the vault's state and returns the attached
 * deposit to the account that sent it.
 *
 *   withdraw        transfer + callback                        (the account may be gone)
 *   stake           call with attached deposit + private callback
 *   batch_stake     two calls in one atomic batch; the callback sees the last result
 *   split_stake     two pools in parallel, joined with `and`, each leg settled alone
 *   relay_stake     a chain gate.check().then(on_relay_gate).then(on_relay_done)
 *   pay             pays a merchant from the vault balance
 *   withdraw_tokens a token withdrawal through the fungible token (NEP-141)
 *
 * The rollback-critical steps live in ./steps.ts.
 */
import { call, initialize, LookupMap, near, NearBindgen, NearPromise, view } from 'near-sdk-js';
import { balanceOf, creditBalance, creditStake, creditTokens, debitStake, lock, stakeOf, tokensOf, type Ledger } from './ledger';
import { callSucceeded } from './results';
import { steps, TGAS, type Leg, type PendingOperation } from './steps';

/**
 * Static gas for calls to external contracts. (near-sdk-js 2.0.0's functionCallWeight
 * garbles its arguments, so every call here names its gas.)
 */
const EXTERNAL_CALL_GAS = 60n * TGAS;
const GATE_CHECK_GAS = 20n * TGAS;
const RELAY_GATE_CALLBACK_GAS = 90n * TGAS;
const TOKEN_TRANSFER_GAS = 30n * TGAS;
/** NEP-145 registration fee the batch pays to the pool before staking. */
const POOL_STORAGE_FEE = 1_250_000_000_000_000_000_000n;

function positive(amount: string | undefined, what: string): bigint {
  let value: bigint;
  try {
    value = BigInt(amount ?? '');
  } catch {
    throw new Error(`${what} must be a decimal string of yoctoNEAR`);
  }
  if (value <= 0n) throw new Error(`${what} must be positive`);
  return value;
}

@NearBindgen({ requireInit: true })
class Vault implements Ledger {
  tokenId = '';
  externals: string[] = [];
  balances: LookupMap<string> = new LookupMap<string>('b');
  staked: LookupMap<string> = new LookupMap<string>('s');
  tokens: LookupMap<string> = new LookupMap<string>('t');
  locks: LookupMap<string> = new LookupMap<string>('l');
  totalBalances = '0';
  totalStaked = '0';
  totalTokens = '0';
  /** Numbers operations, so a callback can tell its own operation from a later one. */
  operations = 0;

  @initialize({})
  init({ token_id, externals }: { token_id: string; externals: string[] }): void {
    this.tokenId = token_id;
    this.externals = externals;
  }

  private external(accountId: string | undefined): string {
    if (accountId === undefined || !this.externals.includes(accountId)) {
      throw new Error(`unknown external contract ${String(accountId)}; allowed: ${this.externals.join(', ')}`);
    }
    return accountId;
  }

  private operation(accountId: string, amount: bigint): PendingOperation {
    this.operations += 1;
    return { id: this.operations, account_id: accountId, amount: amount.toString() };
  }

  private callback(method: string, args: object): NearPromise {
    return NearPromise.new(near.currentAccountId()).functionCall(method, JSON.stringify(args), 0n, steps.callbackGas);
  }

  // ---- NEAR in and out ----

  @call({ payableFunction: true })
  deposit(): void {
    const amount = near.attachedDeposit();
    if (amount === 0n) throw new Error('attach the NEAR to deposit');
    creditBalance(this, near.predecessorAccountId(), amount);
  }

  @call({})
  withdraw({ amount }: { amount: string }): NearPromise {
    const op = this.operation(steps.originalCaller(), positive(amount, 'amount'));
    steps.beginWithdraw(this, op.account_id, BigInt(op.amount));
    return NearPromise.new(op.account_id).transfer(BigInt(op.amount)).then(this.callback('on_withdraw', op));
  }

  @call({})
  on_withdraw(op: PendingOperation): void {
    steps.requireCallerIsVault();
    steps.settleWithdraw(this, op, callSucceeded(0));
  }

  // ---- staking ----

  @call({ payableFunction: true })
  stake({ pool }: { pool: string }): NearPromise {
    const target = this.external(pool);
    const op = this.operation(steps.originalCaller(), positive(near.attachedDeposit().toString(), 'the attached deposit'));
    steps.beginStake(this, op);
    return NearPromise.new(target)
      .functionCall('deposit_and_stake', '{}', BigInt(op.amount), EXTERNAL_CALL_GAS)
      .then(this.callback('on_stake', op));
  }

  @call({})
  on_stake(op: PendingOperation): void {
    steps.requireCallerIsVault();
    steps.settleStake(this, op, callSucceeded(0));
  }

  /** Moves stake to another account inside the vault. */
  @call({})
  transfer_stake({ receiver_id, amount }: { receiver_id: string; amount: string }): void {
    const value = positive(amount, 'amount');
    debitStake(this, near.predecessorAccountId(), value);
    creditStake(this, receiver_id, value);
  }

  @call({ payableFunction: true })
  batch_stake({ pool }: { pool: string }): NearPromise {
    const target = this.external(pool);
    const deposit = near.attachedDeposit();
    if (deposit <= POOL_STORAGE_FEE) throw new Error(`attach more than the pool's storage fee of ${POOL_STORAGE_FEE}`);
    const op = this.operation(steps.originalCaller(), deposit);
    lock(this, op.account_id, `batch_stake#${op.id}`);
    return NearPromise.new(target)
      .functionCall('storage_deposit', '{}', POOL_STORAGE_FEE, GATE_CHECK_GAS)
      .functionCall('deposit_and_stake', '{}', deposit - POOL_STORAGE_FEE, EXTERNAL_CALL_GAS)
      .then(this.callback('on_batch_stake', op));
  }

  @call({})
  on_batch_stake(op: PendingOperation): void {
    steps.requireCallerIsVault();
    steps.settleBatchStake(this, op, POOL_STORAGE_FEE, callSucceeded(0));
  }

  @call({ payableFunction: true })
  split_stake({ pools }: { pools: string[] }): NearPromise {
    if (!Array.isArray(pools) || pools.length !== 2) throw new Error('split_stake takes exactly two pools');
    const [first, second] = [this.external(pools[0]), this.external(pools[1])];
    const deposit = positive(near.attachedDeposit().toString(), 'the attached deposit');
    const half = deposit / 2n;
    const legs: Leg[] = [
      { pool: first, amount: half.toString() },
      { pool: second, amount: (deposit - half).toString() },
    ];
    const op = this.operation(steps.originalCaller(), deposit);
    lock(this, op.account_id, `split_stake#${op.id}`);
    const leg = (l: Leg) => NearPromise.new(l.pool).functionCall('deposit_and_stake', '{}', BigInt(l.amount), EXTERNAL_CALL_GAS);
    return leg(legs[0]!).and(leg(legs[1]!)).then(this.callback('on_split_stake', { ...op, legs }));
  }

  @call({})
  on_split_stake(op: PendingOperation & { legs: Leg[] }): void {
    steps.requireCallerIsVault();
    steps.settleSplitStake(this, op, op.legs, op.legs.map((_, i) => callSucceeded(i)));
  }

  @call({ payableFunction: true })
  relay_stake({ gate, pool }: { gate: string; pool: string }): NearPromise {
    const gateId = this.external(gate);
    const poolId = this.external(pool);
    const op = this.operation(steps.originalCaller(), positive(near.attachedDeposit().toString(), 'the attached deposit'));
    lock(this, op.account_id, `relay_stake#${op.id}`);
    return NearPromise.new(gateId)
      .functionCall('check', JSON.stringify({ account_id: op.account_id, amount: op.amount }), 0n, GATE_CHECK_GAS)
      .then(NearPromise.new(near.currentAccountId()).functionCall('on_relay_gate', JSON.stringify({ ...op, pool: poolId }), 0n, RELAY_GATE_CALLBACK_GAS))
      .then(this.callback('on_relay_done', op));
  }

  /** The middle of the chain: forwards the stake to the pool if the gate approved. */
  @call({})
  on_relay_gate(op: PendingOperation & { pool: string }): NearPromise | boolean {
    steps.requireCallerIsVault();
    if (!steps.settleRelayGate(this, op, callSucceeded(0))) return false;
    return NearPromise.new(op.pool).functionCall('deposit_and_stake', '{}', BigInt(op.amount), EXTERNAL_CALL_GAS);
  }

  @call({})
  on_relay_done(op: PendingOperation): void {
    steps.requireCallerIsVault();
    // The gate refused and on_relay_gate already settled this operation.
    if (this.locks.get(op.account_id) !== `relay_stake#${op.id}`) return;
    steps.settleRelayDone(this, op, callSucceeded(0));
  }

  // ---- paying a merchant from the vault balance ----

  @call({})
  pay({ merchant, amount }: { merchant: string; amount: string }): NearPromise {
    const target = this.external(merchant);
    const op = this.operation(steps.originalCaller(), positive(amount, 'amount'));
    steps.beginPay(this, op.account_id, BigInt(op.amount));
    return NearPromise.new(target)
      .functionCall('buy', JSON.stringify({ buyer: op.account_id }), BigInt(op.amount), EXTERNAL_CALL_GAS)
      .then(this.callback('on_pay', op));
  }

  @call({})
  on_pay(op: PendingOperation): void {
    steps.requireCallerIsVault();
    steps.settlePay(this, op, callSucceeded(0));
  }

  // ---- fungible tokens ----

  /** NEP-141 receiver: tokens sent with ft_transfer_call are credited to the sender. */
  @call({})
  ft_on_transfer({ sender_id, amount }: { sender_id: string; amount: string; msg: string }): string {
    if (near.predecessorAccountId() !== this.tokenId) throw new Error(`only ${this.tokenId} tokens are accepted`);
    creditTokens(this, sender_id, positive(amount, 'amount'));
    return '0';
  }

  @call({ payableFunction: true })
  withdraw_tokens({ amount }: { amount: string }): NearPromise {
    if (near.attachedDeposit() !== 1n) throw new Error('Requires attached deposit of exactly 1 yoctoNEAR');
    const op = this.operation(steps.originalCaller(), positive(amount, 'amount'));
    steps.beginTokenWithdraw(this, op.account_id, BigInt(op.amount));
    return NearPromise.new(this.tokenId)
      .functionCall('ft_transfer', JSON.stringify({ receiver_id: op.account_id, amount: op.amount }), 1n, TOKEN_TRANSFER_GAS)
      .then(this.callback('on_withdraw_tokens', op));
  }

  @call({})
  on_withdraw_tokens(op: PendingOperation): void {
    steps.requireCallerIsVault();
    steps.settleTokenWithdraw(this, op, callSucceeded(0));
  }

  // ---- views ----

  @view({})
  get_account({ account_id }: { account_id: string }): { balance: string; staked: string; tokens: string; in_flight: string | null } {
    return {
      balance: balanceOf(this, account_id).toString(),
      staked: stakeOf(this, account_id).toString(),
      tokens: tokensOf(this, account_id).toString(),
      in_flight: this.locks.get(account_id),
    };
  }

  @view({})
  get_totals(): { balances: string; staked: string; tokens: string } {
    return { balances: this.totalBalances, staked: this.totalStaked, tokens: this.totalTokens };
  }

  @view({})
  get_config(): { token_id: string; externals: string[] } {
    return { token_id: this.tokenId, externals: this.externals };
  }
}
