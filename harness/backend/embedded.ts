/**
 * The embedded backend: runs plans on the in-process runtime. The scenario is deployed
 * once and snapshotted; every run starts from that snapshot (microseconds), and the
 * runtime's hooks carry out the plan's choices exactly: how each mock answers each
 * step's calls, which token receivers are unregistered, extra receipt delays and the
 * order of receipts within blocks. Invariants can look after every block.
 */
import type { Plan, Step } from '../generate/index.js';
import {
  Chain,
  functionCallErrorText,
  InvalidTransactionError,
  type Action,
  type ActionReceipt,
  type ChainSnapshot,
  type ExecutionOutcome,
  type FinalExecutionOutcome,
} from '../runtime/index.js';
import { immediateBehaviour, type Json, type MockCall, type MockSpec, type Scenario, type StateView } from '../scenario/index.js';
import { answerKey, encodeAnswer, MOCK_CONTINUE, type AnswerProgram } from '../mock/index.js';
import { accountCode, attackerOf, scenarioAccounts } from './accounts.js';
import { answerProgram, relayProgram } from './answer-program.js';
import { answerFor } from './answers.js';
import type { RunOptions } from './backend.js';
import { describeCall, functionCall, setupCalls, stepCall, type CallRequest } from './calls.js';
import { BackendCore, type RunSession } from './core.js';
import { MAX_SETTLE_BLOCKS, RELAY_FORWARD_GAS } from './defaults.js';
import { ScenarioSetupError } from './errors.js';
import type { SettledState } from './final-state.js';
import { legalOrder } from './ordering.js';
import type { ProbeOutcome } from './probes.js';
import type { ReceiptRecord, RunRecord, StepRecord } from './record.js';

const TEST_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const text = (bytes: Uint8Array) => decoder.decode(bytes);
const plainJson = (value: unknown): Json => JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Json;

function failureText(outcome: ExecutionOutcome): string | undefined {
  if (outcome.status.type !== 'Failure') return undefined;
  if (outcome.status.functionCallError) return functionCallErrorText(outcome.status.functionCallError);
  return JSON.stringify(plainJson(outcome.status.error));
}

export class EmbeddedBackend extends BackendCore {
  readonly name = 'embedded';
  private readonly chain = new Chain();
  private readonly deployed: ChainSnapshot;
  private readonly mocks: Map<string, MockSpec>;
  private readonly tokenIds: Set<string>;
  private readonly initialBalances = new Map<string, bigint>();
  /** Answer keys written for the receipt running now. */
  private readonly written: [string, Uint8Array][] = [];

  constructor(scenario: Scenario) {
    super(scenario);
    this.mocks = new Map(scenario.mocks.filter((m) => m.kind === 'mock').map((m) => [m.id, m]));
    this.tokenIds = new Set(scenario.mocks.filter((m) => m.kind === 'fungible-token').map((m) => m.id));
    this.deploy();
    this.deployed = this.chain.snapshot();
  }

  /** The `start` phase's work, done once: accounts with code and balances, then the setup calls; every run restores its snapshot. */
  private deploy(): void {
    const { scenario, chain } = this;
    for (const account of scenarioAccounts(scenario)) {
      if (chain.state.has(account.id)) continue;
      const code = accountCode(scenario, account);
      chain.addAccount(account.id, { balance: account.balance, publicKeys: [TEST_KEY], ...(code ? { code } : {}) });
    }
    for (const call of setupCalls(scenario)) this.setupCall(call);
    for (const id of chain.state.accountIds()) this.initialBalances.set(id, chain.viewAccount(id).amount);
  }

  private setupCall(call: CallRequest): void {
    const hash = this.chain.submitTransaction({ signerId: call.signer, receiverId: call.receiver, actions: [call.action] });
    this.chain.runUntilQuiescent();
    const result = this.chain.transactionResult(hash)!;
    if (result.status.type === 'Failure') {
      const why = result.receiptsOutcome.map(failureText).find((t) => t) ?? JSON.stringify(plainJson(result.status.error));
      throw new ScenarioSetupError(this.scenario.name, `setup call ${describeCall(call)} failed: ${why}`);
    }
  }

  protected async start(plan: Plan, record: RunRecord, options: RunOptions): Promise<RunSession> {
    this.chain.restore(this.deployed);
    return new EmbeddedRun(this, this.chain, plan, record, options);
  }

  protected override resume(plan: Plan, record: RunRecord, options: RunOptions, checkpoint: unknown): Promise<RunSession> | undefined {
    if (!(checkpoint instanceof EmbeddedCheckpoint)) return undefined;
    this.chain.restore(checkpoint.chain);
    return Promise.resolve(new EmbeddedRun(this, this.chain, plan, record, options, checkpoint));
  }

  /** Writes how a mock answers each call of a receipt, and token registrations, just before the receipt runs. */
  applyChoices(receipt: ActionReceipt, step: Step | undefined, tx: string | undefined, unregistered: Map<string, Uint8Array>, reentered: Set<string>): void {
    const calls = receipt.actions.flatMap((a) => (a.type === 'FunctionCall' ? [a] : []));
    const mock = this.mocks.get(receipt.receiverId);
    if (mock) {
      // Inside a batch the mock answers at once: a hop through another receipt would split
      // the batch's all-or-nothing outcome.
      const batch = calls.length > 1;
      for (const action of calls) {
        const program = this.program(mock, action, receipt, step, tx, batch, reentered);
        if (!program) continue;
        const key = answerKey(action.methodName);
        this.chain.patchStorage(mock.id, key, encodeAnswer(program));
        this.written.push([mock.id, key]);
      }
    }
    if (this.tokenIds.has(receipt.receiverId) && step) this.applyRegistrations(receipt.receiverId, calls, step, unregistered);
  }

  /** The program answering one call on a mock, or undefined for the mock's own hops (they carry their program). */
  private program(
    mock: MockSpec,
    action: Action & { type: 'FunctionCall' },
    receipt: ActionReceipt,
    step: Step | undefined,
    tx: string | undefined,
    batch: boolean,
    reentered: Set<string>,
  ): AnswerProgram | undefined {
    if (action.methodName === MOCK_CONTINUE) return undefined;
    if (action.methodName === 'mock_relay' && mock.relay) {
      return step ? relayProgram({ receiver: step.receiver, method: step.method, args: step.args, deposit: action.deposit, gas: RELAY_FORWARD_GAS }) : [];
    }
    let behaviour = answerFor(step, mock, action.methodName);
    if (batch) behaviour = immediateBehaviour(behaviour);
    // A hostile mock calls back into the contract once per operation: the contract's own
    // calls to the mock during that re-entry get the answer that follows it.
    if (behaviour.kind === 'reenter' && tx !== undefined) {
      if (reentered.has(tx)) behaviour = behaviour.then;
      else reentered.add(tx);
    }
    const argsText = text(action.args);
    const call: MockCall = { method: action.methodName, args: parsedJson(argsText), argsText, deposit: action.deposit, predecessor: receipt.predecessorId, signer: receipt.signerId };
    return answerProgram(behaviour, { call, method: mock.methods?.[action.methodName], contract: this.scenario.contract.id, label: `${mock.id}.${action.methodName}` });
  }

  /** After a receipt: the answers written for it are removed, so nothing of the harness stays in a mock's storage. */
  clearAnswers(): void {
    for (const [account, key] of this.written.splice(0)) this.chain.patchStorage(account, key, null);
  }

  /** A token receiver the step wants unregistered loses its registration until a later step wants it back. */
  private applyRegistrations(token: string, calls: (Action & { type: 'FunctionCall' })[], step: Step, unregistered: Map<string, Uint8Array>): void {
    for (const action of calls) {
      if (action.methodName !== 'ft_transfer' && action.methodName !== 'ft_transfer_call') continue;
      const target = receiverIdOf(action.args);
      // Only the step's own user is the one "not registered" (as the trace says and a node's
      // patch does): a transfer to the contract or anyone else keeps their registration.
      if (!target || target !== step.caller) continue;
      const key = encoder.encode(`a${target}`);
      const mapKey = `${token}\u0000${target}`;
      const wantUnregistered = step.unregisteredAt?.includes(token) ?? false;
      const current = this.chain.state.get(token)?.storage.get(Buffer.from(key).toString('latin1'));
      if (wantUnregistered && current) {
        unregistered.set(mapKey, current);
        this.chain.patchStorage(token, key, null);
      } else if (!wantUnregistered && !current && unregistered.has(mapKey)) {
        this.chain.patchStorage(token, key, unregistered.get(mapKey)!);
        unregistered.delete(mapKey);
      }
    }
  }

  initialBalance(accountId: string): bigint {
    return this.initialBalances.get(accountId) ?? 0n;
  }
}

/** The value of JSON text, or undefined when it is not JSON. */
function parsedJson(argsText: string): Json | undefined {
  try {
    return JSON.parse(argsText) as Json;
  } catch {
    return undefined;
  }
}

/** `receiver_id` of a token transfer's JSON arguments, if they have one. */
function receiverIdOf(args: Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text(args));
    const receiver = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['receiver_id'] : undefined;
    return typeof receiver === 'string' ? receiver : undefined;
  } catch {
    return undefined;
  }
}

/** One run on the in-process chain; deterministic: the same plan gives the same record. */
/**
 * An embedded run just before one of its steps: the chain, the run's own bookkeeping and
 * what it had recorded (receipts and blocks are never changed once recorded; step records
 * are, when outcomes are collected, so they are copied as they were).
 */
class EmbeddedCheckpoint {
  constructor(
    readonly chain: ChainSnapshot,
    readonly startHeight: number,
    readonly stepOfTransaction: ReadonlyMap<string, number>,
    readonly rewards: ReadonlyMap<string, bigint>,
    readonly unregistered: ReadonlyMap<string, Uint8Array>,
    readonly reentered: ReadonlySet<string>,
    readonly record: Pick<RunRecord, 'steps' | 'blocks' | 'receipts' | 'nearTotalAtStart'>,
  ) {}
}

class EmbeddedRun implements RunSession {
  readonly observesEveryBlock = true;
  private readonly startHeight: number;
  private readonly stepOfTransaction: Map<string, number>;
  /** Burnt-gas rewards each contract earned in this run: not NEAR anyone sent it. */
  private readonly rewards: Map<string, bigint>;
  /** Token registrations a step took away, to give back later. */
  private readonly unregistered: Map<string, Uint8Array>;
  /** Transactions whose operation a hostile mock already re-entered. */
  private readonly reentered: Set<string>;
  private readonly view: StateView;
  private settledSnapshot: ChainSnapshot | undefined;

  constructor(
    private readonly backend: EmbeddedBackend,
    private readonly chain: Chain,
    private readonly plan: Plan,
    private readonly record: RunRecord,
    private readonly options: RunOptions,
    from?: EmbeddedCheckpoint,
  ) {
    this.startHeight = from?.startHeight ?? chain.height;
    this.stepOfTransaction = new Map(from?.stepOfTransaction);
    this.rewards = new Map(from?.rewards);
    const unregistered = (this.unregistered = new Map(from?.unregistered));
    const reentered = (this.reentered = new Set(from?.reentered));
    chain.setBeforeReceiptHook((receipt, tx) => backend.applyChoices(receipt, this.stepOf(tx), tx, unregistered, reentered));
    chain.setAfterReceiptHook(() => backend.clearAnswers());
    chain.setDelayPolicy((_receipt, tx, index) => {
      const step = this.stepOf(tx);
      return step ? step.delays.filter((d) => d.receipt === index).reduce((sum, d) => sum + d.blocks, 0) : 0;
    });
    chain.setOrderPolicy((height, due) => legalOrder(due, plan.order[height - this.startHeight - 1] ?? 0));
    this.view = this.stateView();
    if (from) {
      record.steps.push(...structuredClone(from.record.steps));
      record.blocks.push(...from.record.blocks);
      Object.assign(record.receipts, from.record.receipts);
      if (from.record.nearTotalAtStart !== undefined) record.nearTotalAtStart = from.record.nearTotalAtStart;
    } else {
      record.nearTotalAtStart = this.nearTotal().toString();
    }
  }

  checkpoint(): EmbeddedCheckpoint {
    const { record } = this;
    return new EmbeddedCheckpoint(this.chain.snapshot(), this.startHeight, new Map(this.stepOfTransaction), new Map(this.rewards), new Map(this.unregistered), new Set(this.reentered), {
      steps: structuredClone(record.steps),
      blocks: [...record.blocks],
      receipts: { ...record.receipts },
      ...(record.nearTotalAtStart !== undefined ? { nearTotalAtStart: record.nearTotalAtStart } : {}),
    });
  }

  private stepOf(tx: string | undefined): Step | undefined {
    const index = tx === undefined ? undefined : this.stepOfTransaction.get(tx);
    return index === undefined ? undefined : this.plan.steps[index];
  }

  private stepIndexOf(tx: string | undefined): number | undefined {
    return tx === undefined ? undefined : this.stepOfTransaction.get(tx);
  }

  height(): number {
    return this.chain.height;
  }

  async advance(blocks: number): Promise<void> {
    for (let i = 0; i < blocks; i++) this.produceBlock();
  }

  async submit(step: Step, index: number): Promise<StepRecord> {
    const stepRecord: StepRecord = { index, submittedAtBlock: this.chain.height + 1, outcome: 'unfinished', receipts: [] };
    const call = stepCall(step);
    try {
      const tx = this.chain.submitTransaction({ signerId: call.signer, receiverId: call.receiver, actions: [call.action] });
      this.stepOfTransaction.set(tx, index);
      stepRecord.transaction = tx;
    } catch (error) {
      if (!(error instanceof InvalidTransactionError)) throw error;
      stepRecord.outcome = 'refused';
      stepRecord.refused = error.message;
    }
    return stepRecord;
  }

  async settle(): Promise<boolean> {
    for (let budget = MAX_SETTLE_BLOCKS; this.chain.busy && budget > 0; budget--) this.produceBlock();
    return !this.chain.busy;
  }

  async collectOutcomes(record: RunRecord): Promise<void> {
    for (const step of record.steps) {
      if (!step.transaction) continue;
      const result = this.chain.transactionResult(step.transaction);
      if (!result) {
        step.outcome = 'refused';
        step.refused = 'dropped when its block was produced (it could no longer be paid for)';
        continue;
      }
      describeStep(step, result);
    }
  }

  async settledState(): Promise<SettledState> {
    const chain = this.chain;
    return {
      view: this.view,
      storage: (accountId) => new Map(chain.state.get(accountId)?.storage ?? []),
      balances: () => Object.fromEntries(chain.state.accountIds().map((id) => [id, chain.viewAccount(id).amount.toString()])),
    };
  }

  /** Calls a callback from the attacker on the settled state, then undoes it. */
  async probe(method: string, args: Json): Promise<ProbeOutcome> {
    this.settledSnapshot ??= this.chain.snapshot();
    const attacker = attackerOf(this.backend.scenario);
    const hash = this.chain.submitTransaction({ signerId: attacker, receiverId: this.backend.scenario.contract.id, actions: [functionCall(method, args)] });
    const result = this.chain.runUntilFinal(hash);
    const error = result.receiptsOutcome.map(failureText).find((t) => t);
    this.chain.restore(this.settledSnapshot);
    return { ok: result.status.type === 'SuccessValue', ...(error ? { error } : {}) };
  }

  async finish(): Promise<void> {
    this.chain.setBeforeReceiptHook(undefined);
    this.chain.setAfterReceiptHook(undefined);
    this.chain.setDelayPolicy(undefined);
    this.chain.setOrderPolicy(undefined);
  }

  private produceBlock(): void {
    const block = this.chain.step();
    for (const id of block.receipts) {
      const outcome = this.chain.outcome(id)!;
      if (outcome.contractReward > 0n) this.rewards.set(outcome.executorId, (this.rewards.get(outcome.executorId) ?? 0n) + outcome.contractReward);
      this.record.receipts[id] = receiptRecord(outcome, this.stepIndexOf(this.chain.transactionOf(id)));
    }
    this.record.blocks.push({ height: block.height, receipts: block.receipts, nearTotal: this.nearTotal().toString() });
    const observe = this.options.observe;
    if (!observe) return;
    // What a view can read changed only where a receipt wrote storage or moved the balance; a
    // receipt carrying NEAR also ends that NEAR's flight, even when it fails and moves nothing.
    const changed = (r: ReceiptRecord) => r.storage.length > 0 || r.balanceBefore !== r.balanceAfter || r.actions.some((a) => a.deposit !== '0');
    const touched = new Set(block.receipts.map((id) => this.record.receipts[id]!).filter(changed).map((r) => r.receiver));
    for (const finding of observe(this.view, touched)) this.record.findings.push({ ...finding, block: block.height });
  }

  /** Balances + NEAR held by receipts in flight + net burnt tokens: constant if no NEAR is created or lost. */
  private nearTotal(): bigint {
    const chain = this.chain;
    const held = chain.state.accountIds().reduce((sum, a) => sum + chain.viewAccount(a).amount + chain.viewAccount(a).locked, 0n);
    const burnt = chain.outcomes().reduce((sum, o) => sum + o.tokensBurnt - o.contractReward, 0n);
    return held + chain.valueInFlight() + burnt;
  }

  private stateView(): StateView {
    const { chain, backend, rewards } = this;
    return {
      get height() {
        return chain.height;
      },
      get busy() {
        return chain.busy;
      },
      view: <T>(accountId: string, method: string, args?: Json) => chain.viewJson<T>(accountId, method, (args ?? {}) as object),
      storage: (accountId) => new Map(chain.state.get(accountId)?.storage ?? []),
      balance: (accountId) => chain.viewAccount(accountId).amount,
      netReceived: (accountId) => chain.viewAccount(accountId).amount - backend.initialBalance(accountId) - (rewards.get(accountId) ?? 0n),
      inFlightTo: (accountId, from) => chain.depositInFlightTo(accountId, from),
      storageUsage: (accountId) => chain.viewAccount(accountId).storageUsage,
    };
  }
}

function receiptRecord(outcome: ExecutionOutcome, step: number | undefined): ReceiptRecord {
  const receipt = outcome.receipt!;
  const changes = outcome.stateChanges;
  const record: ReceiptRecord = {
    id: outcome.id,
    block: outcome.blockHeight,
    ...(step !== undefined ? { step } : {}),
    predecessor: receipt.predecessorId,
    receiver: receipt.receiverId,
    actions: receipt.actions.map((a) =>
      a.type === 'FunctionCall'
        ? { kind: 'call', name: a.methodName, args: text(a.args), deposit: a.deposit.toString() }
        : a.type === 'Transfer'
          ? { kind: 'transfer', name: 'Transfer', deposit: a.deposit.toString() }
          : { kind: 'other', name: a.type, deposit: '0' },
    ),
    ...(receipt.refundOf ? { refund: receipt.refundOf } : {}),
    ...(outcome.promiseResults && outcome.promiseResults.length > 0 ? { inputs: outcome.promiseResults } : {}),
    ok: outcome.status.type !== 'Failure',
    logs: outcome.logs,
    gasBurnt: outcome.gasBurnt.toString(),
    tokensBurnt: outcome.tokensBurnt.toString(),
    balanceBefore: changes?.balanceBefore?.toString() ?? null,
    balanceAfter: changes?.balanceAfter?.toString() ?? null,
    storage: (changes?.storage ?? []).map((c) => ({
      key: c.key,
      before: c.before ? Buffer.from(c.before).toString('latin1') : null,
      after: c.after ? Buffer.from(c.after).toString('latin1') : null,
    })),
  };
  if (outcome.status.type === 'SuccessValue') record.value = text(outcome.status.value);
  if (outcome.status.type === 'SuccessReceiptId') record.delegatedTo = outcome.status.receiptId;
  if (outcome.status.type === 'Failure') {
    const error = failureText(outcome);
    if (error !== undefined) record.error = error;
    record.errorKind = plainJson(outcome.status.error);
  }
  return record;
}

function describeStep(step: StepRecord, result: FinalExecutionOutcome): void {
  step.receipts = result.receiptsOutcome.map((o) => o.id);
  if (result.status.type === 'SuccessValue') {
    step.outcome = 'success';
    step.result = text(result.status.value);
  } else if (result.status.type === 'Failure') {
    step.outcome = 'failure';
    step.result = result.receiptsOutcome.map(failureText).find((t) => t) ?? JSON.stringify(plainJson(result.status.error));
  }
}
