/**
 * The near-workspaces backend: the same scenarios and plans, run through near-workspaces
 * against a node — the embedded one (startEmbeddedWorker) or a real neard sandbox.
 *
 * Every run gets fresh accounts under its own namespace (`<name>.r<N>.test.near`), since a
 * real node cannot restore snapshots; account ids are mapped in arguments, storage and
 * results, so records and counterexamples read exactly as on the embedded backend. Steps
 * are signed and sent without waiting (wait_until NONE), so calls land in the gap between
 * a call and its callback; waits are `sandbox_fast_forward`.
 *
 * What a real node cannot do, this backend does not pretend to: a mock's answer program is
 * set (by sandbox_patch_state, scoped to the step's signer) when a step is submitted, not per
 * receipt — two steps by one user in flight at once share the later one's answers, drawn
 * values see no call arguments, and kept shares are taken from the step's deposit; extra
 * receipt delays and block orders are not applied; invariants are judged once everything has settled, not after every block; and
 * callback probes run one after another on the same state (a node cannot undo one), so an
 * accepted probe can change what the next one sees. A counterexample found here replays
 * on the embedded backend.
 */
import type { NearAccount, Worker } from 'near-workspaces';
import type { z } from 'zod';
import type { Plan, Step } from '../generate/index.js';
import { lazyKeyPair, loadNearWorkspaces, signTransaction } from '../node/index.js';
import { Chain, type Action } from '../runtime/index.js';
import { immediateBehaviour, type Json, type MockCall, type Scenario, type StateView } from '../scenario/index.js';
import { answerKey, encodeAnswer } from '../mock/index.js';
import { attackerOf, scenarioAccounts, scenarioCode, type ScenarioAccount } from './accounts.js';
import { answerProgram, relayProgram } from './answer-program.js';
import { answerFor, configurableMethods } from './answers.js';
import type { RunOptions } from './backend.js';
import { describeCall, functionCall, setupCalls, stepCall, type CallRequest } from './calls.js';
import { BackendCore, type RunSession } from './core.js';
import { RELAY_FORWARD_GAS } from './defaults.js';
import { ScenarioSetupError } from './errors.js';
import type { SettledState } from './final-state.js';
import type { ProbeOutcome } from './probes.js';
import type { ReceiptRecord, RunRecord, StepRecord } from './record.js';
import {
  AccessKeyView,
  AccountView,
  actionDeposit,
  BlockView,
  executionErrorText,
  failureOf,
  JsonValueView,
  StateView as StateResultView,
  SubmittedView,
  TransactionResultView,
  type ActionView,
  type OutcomeView,
  type ReceiptView,
} from './rpc-views.js';

const NEAR = 10n ** 24n;
/** One key controls every account the backend creates, so it can sign without near-workspaces. */
const runKey = lazyKeyPair(42);
const utf8 = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

interface BlockHead {
  hash: string;
  height: number;
}

interface JsonRpcSender {
  sendJsonRpc(method: string, params: object): Promise<unknown>;
}

/** near-api-js's provider; its @near-js types do not resolve under NodeNext, so its one method is checked instead. */
function jsonRpcSender(worker: Worker): JsonRpcSender {
  const provider: unknown = worker.provider;
  const send = typeof provider === 'object' && provider !== null ? (provider as { sendJsonRpc?: unknown }).sendJsonRpc : undefined;
  if (typeof send !== 'function') throw new Error('near-workspaces Worker.provider has no sendJsonRpc: an unsupported near-workspaces version');
  return { sendJsonRpc: (method, params) => Promise.resolve(send.call(provider, method, params)) };
}

function mapJson(value: Json, map: (s: string) => string): Json {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapJson(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [map(k), mapJson(v, map)]));
  return value;
}

/** Namespaces handed out per worker, so backends sharing a worker never collide. */
const namespaces = new WeakMap<Worker, number>();

export class WorkspacesBackend extends BackendCore {
  readonly name = 'workspaces';
  private readonly rpcSender: JsonRpcSender;
  private readonly blockHeights = new Map<string, number>();
  /** The wasm deployed to each contract account, read once. */
  readonly code: Map<string, Uint8Array>;

  constructor(
    scenario: Scenario,
    private readonly worker: Worker,
  ) {
    super(scenario);
    this.rpcSender = jsonRpcSender(worker);
    this.code = scenarioCode(scenario);
  }

  /** A JSON-RPC call whose result must have the shape `schema` describes. */
  async rpc<T>(method: string, params: object, schema: z.ZodType<T>): Promise<T> {
    const result = schema.safeParse(await this.rpcSender.sendJsonRpc(method, params));
    if (!result.success) throw new Error(`${method}: the node's answer is not what near-workspaces' JSON-RPC returns: ${result.error.issues[0]?.message ?? 'unexpected shape'}`);
    return result.data;
  }

  async head(): Promise<BlockHead> {
    return (await this.rpc('block', { finality: 'final' }, BlockView)).header;
  }

  async blockHeight(hash: string): Promise<number> {
    const known = this.blockHeights.get(hash);
    if (known !== undefined) return known;
    const height = (await this.rpc('block', { block_id: hash }, BlockView)).header.height;
    this.blockHeights.set(hash, height);
    return height;
  }

  fastForward(blocks: number): Promise<unknown> {
    return this.rpcSender.sendJsonRpc('sandbox_fast_forward', { delta_height: blocks });
  }

  patchState(records: unknown[]): Promise<unknown> {
    return this.rpcSender.sendJsonRpc('sandbox_patch_state', { records });
  }

  protected async start(plan: Plan, record: RunRecord, _options: RunOptions): Promise<RunSession> {
    const accounts = scenarioAccounts(this.scenario);
    const foreign = accounts.filter((a) => !/^[a-z0-9_-]+\.test\.near$/.test(a.id));
    if (foreign.length > 0) {
      throw new ScenarioSetupError(
        this.scenario.name,
        `the workspaces backend maps <name>.test.near accounts into a fresh namespace per run; rename ${foreign.map((a) => a.id).join(', ')} to that form`,
      );
    }
    const run = new WorkspacesRun(this, await this.freshNamespace(), plan, record, accounts);
    await run.deploy();
    return run;
  }

  private async freshNamespace(): Promise<string> {
    for (;;) {
      const name = `r${(namespaces.get(this.worker) ?? 0) + 1}`;
      namespaces.set(this.worker, (namespaces.get(this.worker) ?? 0) + 1);
      try {
        await this.rpcSender.sendJsonRpc('query', { request_type: 'view_account', account_id: `${name}.${this.worker.rootAccount.accountId}`, finality: 'optimistic' });
      } catch {
        return name; // no such account yet
      }
    }
  }

  get root(): NearAccount {
    return this.worker.rootAccount;
  }
}

/** One run under its own namespace on the node. */
class WorkspacesRun implements RunSession {
  readonly observesEveryBlock = false;
  private readonly suffix: string;
  private readonly nonces = new Map<string, bigint>();
  private readonly results = new Map<string, TransactionResultView>();
  private readonly initialBalances = new Map<string, bigint>();
  private settledHeight = 0;

  constructor(
    private readonly backend: WorkspacesBackend,
    private readonly namespaceName: string,
    private readonly plan: Plan,
    private readonly record: RunRecord,
    private readonly accounts: ScenarioAccount[],
  ) {
    this.suffix = `.${namespaceName}.${backend.root.accountId}`;
  }

  private readonly toRun = (s: string) => s.replaceAll('.test.near', this.suffix);
  private readonly toScenario = (s: string) => s.replaceAll(this.suffix, '.test.near');

  /** Phase `start`: fresh accounts, code (topped up by what deploying cost, as the embedded backend starts with code in place), setup calls. */
  async deploy(): Promise<void> {
    const { backend, accounts } = this;
    const funds = accounts.reduce((sum, a) => sum + a.balance + 10n * NEAR, 0n);
    const { KeyPair } = await loadNearWorkspaces();
    const keyPair = KeyPair.fromString(runKey().secretKey as `ed25519:${string}`);
    const namespace = await backend.root.createSubAccount(this.namespaceName, { initialBalance: funds, keyPair });
    const made = new Map<string, NearAccount>();
    for (const a of accounts) made.set(a.id, await namespace.createSubAccount(a.id.replace(/\.test\.near$/, ''), { initialBalance: a.balance, keyPair }));
    for (const [id, code] of backend.code) await made.get(id)!.deploy(code);
    for (const a of accounts.filter((account) => account.code)) {
      const spent = a.balance - BigInt((await made.get(a.id)!.balance()).total);
      if (spent > 0n) await namespace.transfer(made.get(a.id)!, spent);
    }
    for (const call of setupCalls(backend.scenario)) await this.setupCall(call);
    for (const a of accounts) this.initialBalances.set(a.id, BigInt((await this.viewAccount(a.id)).amount));
  }

  private async setupCall(call: CallRequest): Promise<void> {
    const result = await this.send(call.signer, call.receiver, call.action, 'FINAL');
    const failure = result.receipts_outcome.map((o) => failureOf(o.outcome.status)).find((f) => f !== undefined);
    if (failure !== undefined) throw new ScenarioSetupError(this.backend.scenario.name, `setup call ${describeCall(call)} failed: ${this.toScenario(JSON.stringify(failure))}`);
  }

  private viewAccount(id: string) {
    return this.backend.rpc('query', { request_type: 'view_account', account_id: this.toRun(id), finality: 'optimistic' }, AccountView);
  }

  /** Signs with the run key (nonces tracked here) and sends; `NONE` returns at once. */
  private async send(signer: string, receiver: string, action: Action, waitUntil: 'NONE' | 'FINAL', head?: BlockHead): Promise<TransactionResultView> {
    const { hash } = await this.sendForHash(signer, receiver, action, waitUntil, head);
    return this.results.get(hash)!;
  }

  private async sendForHash(signer: string, receiver: string, action: Action, waitUntil: 'NONE' | 'FINAL', head?: BlockHead): Promise<{ hash: string }> {
    const signerId = this.toRun(signer);
    if (!this.nonces.has(signerId)) {
      const key = await this.backend.rpc('query', { request_type: 'view_access_key', account_id: signerId, public_key: runKey().publicKey, finality: 'optimistic' }, AccessKeyView);
      this.nonces.set(signerId, BigInt(key.nonce));
    }
    const nonce = this.nonces.get(signerId)! + 1n;
    this.nonces.set(signerId, nonce);
    const mapped = action.type === 'FunctionCall' ? { ...action, args: new TextEncoder().encode(this.toRun(new TextDecoder().decode(action.args))) } : action;
    const { base64, hash } = signTransaction(
      { signerId, publicKey: runKey().publicKey, nonce, receiverId: this.toRun(receiver), actions: [mapped] },
      (head ?? (await this.backend.head())).hash,
      runKey().secretKey,
    );
    if (waitUntil === 'NONE') {
      await this.backend.rpc('send_tx', { signed_tx_base64: base64, wait_until: 'NONE' }, SubmittedView);
    } else {
      this.results.set(hash, await this.backend.rpc('send_tx', { signed_tx_base64: base64, wait_until: waitUntil }, TransactionResultView));
    }
    return { hash };
  }

  height(): number {
    return this.settledHeight;
  }

  async advance(blocks: number): Promise<void> {
    if (blocks > 0) await this.backend.fastForward(blocks);
  }

  async submit(step: Step, index: number): Promise<StepRecord> {
    await this.applyAnswers(step);
    const head = await this.backend.head();
    const record: StepRecord = { index, submittedAtBlock: head.height + 1, outcome: 'unfinished', receipts: [] };
    const call = stepCall(step);
    try {
      record.transaction = (await this.sendForHash(call.signer, call.receiver, call.action, 'NONE', head)).hash;
    } catch (error) {
      record.outcome = 'refused';
      record.refused = error instanceof Error ? error.message : String(error);
    }
    return record;
  }

  /** Waits for every step's transaction to be final, then two more blocks so refunds land. */
  async settle(): Promise<boolean> {
    for (const step of this.record.steps) {
      if (!step.transaction) continue;
      const params = { tx_hash: step.transaction, sender_account_id: this.toRun(this.plan.steps[step.index]!.caller), wait_until: 'FINAL' };
      this.results.set(step.transaction, await this.backend.rpc('EXPERIMENTAL_tx_status', params, TransactionResultView));
    }
    await this.backend.fastForward(2);
    return true;
  }

  async collectOutcomes(record: RunRecord): Promise<void> {
    for (const step of record.steps) {
      const result = step.transaction ? this.results.get(step.transaction) : undefined;
      if (!result) continue;
      const views = new Map((result.receipts ?? []).map((r) => [r.receipt_id, r]));
      for (const o of result.receipts_outcome) record.receipts[o.id] = await this.receiptRecord(o, views, result.receipts_outcome, step.index);
      step.receipts = result.receipts_outcome.map((o) => o.id);
      const status = result.status;
      if (typeof status === 'object' && typeof status['SuccessValue'] === 'string') {
        step.outcome = 'success';
        step.result = utf8(status['SuccessValue']);
      } else if (typeof status === 'object') {
        step.outcome = 'failure';
        step.result = Object.values(record.receipts).find((r) => step.receipts.includes(r.id) && !r.ok)?.error ?? JSON.stringify(status);
      }
    }
  }

  async settledState(): Promise<SettledState> {
    const mirror = await this.mirror();
    this.settledHeight = (await this.backend.head()).height;
    const { toRun, toScenario } = this;
    const storage = (accountId: string) =>
      new Map(
        [...(mirror.state.get(toRun(accountId))?.storage ?? new Map<string, Uint8Array>())].map(([k, v]) => [
          toScenario(k),
          new Uint8Array(Buffer.from(toScenario(Buffer.from(v).toString('latin1')), 'latin1')),
        ]),
      );
    const view: StateView = {
      height: mirror.height,
      busy: false,
      view: <T>(accountId: string, method: string, args?: Json) => mapJson(mirror.viewJson<Json>(toRun(accountId), method, mapJson(args ?? {}, toRun) as object), toScenario) as T,
      storage,
      balance: (accountId) => mirror.viewAccount(toRun(accountId)).amount,
      // Burnt-gas rewards are not visible over RPC: counted as received.
      netReceived: (accountId) => mirror.viewAccount(toRun(accountId)).amount - (this.initialBalances.get(accountId) ?? 0n),
      // Judged once settled: nothing is in flight.
      inFlightTo: () => 0n,
      storageUsage: (accountId) => mirror.viewAccount(toRun(accountId)).storageUsage,
    };
    return {
      view,
      storage,
      balances: () => Object.fromEntries(this.accounts.map((a) => [a.id, mirror.viewAccount(toRun(a.id)).amount.toString()])),
    };
  }

  async probe(method: string, args: Json): Promise<ProbeOutcome> {
    const scenario = this.backend.scenario;
    const result = await this.send(attackerOf(scenario), scenario.contract.id, functionCall(method, args), 'FINAL');
    const failure = result.receipts_outcome.map((o) => failureOf(o.outcome.status)).find((f) => f !== undefined);
    const ok = typeof result.status === 'object' && 'SuccessValue' in result.status;
    return { ok, ...(failure !== undefined ? { error: this.toScenario(JSON.stringify(failure)) } : {}) };
  }

  async finish(): Promise<void> {}

  /**
   * Sets, for the next step, how each mock answers (and token registrations), by patching
   * state. A node runs receipts without asking the harness, so each answer is fixed before
   * the step, per signer, and computed from the step (the call the mock will see is not known
   * yet: drawn values see no arguments, and deposits are taken to be the step's).
   */
  private async applyAnswers(step: Step): Promise<void> {
    const { scenario } = this.backend;
    const records: unknown[] = [];
    const signer = this.toRun(step.caller);
    const data = (account: string, key: Uint8Array, value: Uint8Array) => ({
      Data: { account_id: this.toRun(account), data_key: Buffer.from(key).toString('base64'), value: Buffer.from(value).toString('base64') },
    });
    for (const mock of scenario.mocks) {
      if (mock.kind === 'fungible-token') {
        // Unregistering is a removal, which patch records cannot express: an empty registration fails the same way.
        if (step.unregisteredAt?.includes(mock.id)) records.push(data(mock.id, new TextEncoder().encode(`a${signer}`), new TextEncoder().encode('null')));
        continue;
      }
      // Only a step that goes through this relay sets what it forwards: a step that does not must
      // not overwrite what an earlier one, still in flight, is about to forward.
      if (mock.relay && step.via === mock.id) {
        const relay = relayProgram({ receiver: step.receiver, method: step.method, args: step.args, deposit: BigInt(step.deposit), gas: RELAY_FORWARD_GAS }, this.toRun);
        records.push(data(mock.id, answerKey('mock_relay', signer), encodeAnswer(relay)));
      }
      for (const method of configurableMethods(mock)) {
        const answer = answerFor(step, mock, method);
        const behaviour = method === 'storage_deposit' ? immediateBehaviour(answer) : answer;
        const call: MockCall = { method, args: undefined, argsText: '', deposit: BigInt(step.deposit), predecessor: scenario.contract.id, signer: step.caller };
        const program = answerProgram(behaviour, { call, method: mock.methods?.[method], contract: scenario.contract.id, accountName: this.toRun, label: `${mock.id}.${method}` });
        // Scoped to this step's signer, so an earlier step's call still in flight keeps its answer.
        records.push(data(mock.id, answerKey(method, signer), encodeAnswer(program)));
      }
    }
    if (records.length > 0) await this.backend.patchState(records);
  }

  private async receiptRecord(o: OutcomeView, views: Map<string, ReceiptView>, all: OutcomeView[], step: number): Promise<ReceiptRecord> {
    const { toScenario } = this;
    const view = views.get(o.id);
    const action = view?.receipt.Action;
    const actions = (action?.actions ?? []).map((a) => actionRecord(a, toScenario));
    const status = o.outcome.status;
    const predecessor = toScenario(view?.predecessor_id ?? '');
    const record: ReceiptRecord = {
      id: o.id,
      block: await this.backend.blockHeight(o.block_hash),
      step,
      predecessor,
      receiver: toScenario(o.outcome.executor_id),
      actions,
      ok: typeof status === 'object' && !('Failure' in status),
      logs: o.outcome.logs.map(toScenario),
      gasBurnt: String(o.outcome.gas_burnt),
      tokensBurnt: o.outcome.tokens_burnt,
      balanceBefore: null,
      balanceAfter: null,
      storage: [],
    };
    if (predecessor === 'system') record.refund = refundKind(actions[0]?.deposit ?? '0', view, views, all);
    if (action && action.input_data_ids.length > 0) record.inputs = action.input_data_ids.map((dataId) => inputStatus(dataId, views, all));
    if (typeof status === 'object' && 'SuccessValue' in status) record.value = toScenario(utf8(status.SuccessValue));
    if (typeof status === 'object' && 'SuccessReceiptId' in status) record.delegatedTo = status.SuccessReceiptId;
    const failure = failureOf(status);
    if (failure !== undefined) {
      record.error = toScenario(executionErrorText(failure) ?? JSON.stringify(failure));
      record.errorKind = mapJson(JsonValueView.parse(failure), toScenario);
    }
    return record;
  }

  /** A local copy of the node's final state, so views for checks run synchronously. */
  private async mirror(): Promise<Chain> {
    const chain = new Chain();
    for (const { id } of this.accounts) {
      const runId = this.toRun(id);
      const account = await this.viewAccount(id);
      chain.addAccount(runId, { balance: BigInt(account.amount), locked: BigInt(account.locked) });
      // The code is what this backend deployed: no need to fetch it back over RPC.
      const code = this.backend.code.get(id);
      if (code) chain.setCode(runId, code);
      const state = await this.backend.rpc('query', { request_type: 'view_state', account_id: runId, prefix_base64: '', finality: 'optimistic' }, StateResultView);
      for (const entry of state.values) chain.patchStorage(runId, new Uint8Array(Buffer.from(entry.key, 'base64')), new Uint8Array(Buffer.from(entry.value, 'base64')));
    }
    return chain;
  }
}

function actionRecord(action: ActionView, toScenario: (s: string) => string): ReceiptRecord['actions'][number] {
  if (typeof action === 'string') return { kind: 'other', name: action, deposit: '0' };
  const [name, body] = Object.entries(action)[0] ?? ['Unknown', {}];
  const deposit = actionDeposit(action).toString();
  if (name === 'FunctionCall') return { kind: 'call', name: String(body['method_name']), args: toScenario(utf8(String(body['args']))), deposit };
  if (name === 'Transfer') return { kind: 'transfer', name: 'Transfer', deposit };
  return { kind: 'other', name, deposit: '0' };
}

/**
 * RPC does not say which refunds return deposits: one that matches a failed receipt's
 * deposit sent by its receiver is taken as that deposit coming back.
 */
function refundKind(amount: string, view: ReceiptView | undefined, views: Map<string, ReceiptView>, all: OutcomeView[]): 'deposit' | 'gas' {
  const matches = all.some((other) => {
    const v = views.get(other.id);
    const failed = failureOf(other.outcome.status) !== undefined;
    const sum = (v?.receipt.Action?.actions ?? []).reduce((s, a) => s + actionDeposit(a), 0n);
    return failed && v?.predecessor_id === view?.receiver_id && sum.toString() === amount;
  });
  return matches ? 'deposit' : 'gas';
}

/** What an awaited promise delivered to a callback: found from the receipt that produces its data. */
function inputStatus(dataId: string, views: Map<string, ReceiptView>, all: OutcomeView[]): 'Successful' | 'Failed' {
  const producer = all.find((other) => {
    const v = views.get(other.id)?.receipt.Action;
    const delegated = typeof other.outcome.status === 'object' && 'SuccessReceiptId' in other.outcome.status;
    return !delegated && v?.output_data_receivers.some((r) => r.data_id === dataId);
  });
  return producer && typeof producer.outcome.status === 'object' && !('Failure' in producer.outcome.status) ? 'Successful' : 'Failed';
}
