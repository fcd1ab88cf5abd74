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
 * What a real node cannot do, this backend does not pretend to: a mock's answer is set
 * (by sandbox_patch_state, scoped to the step's signer) when a step is submitted, not per
 * receipt — two steps by one user in flight at once share the later one's answers; a configured trap
 * answers through the mock's own hop; extra receipt delays and block orders are not
 * applied; invariants are judged once everything has settled, not after every block; and
 * callback probes run one after another on the same state (a node cannot undo one), so an
 * accepted probe can change what the next one sees. A counterexample found here replays
 * on the embedded backend.
 */
import { readFileSync } from 'node:fs';
import type { NearAccount, Worker } from 'near-workspaces';
import { KeyPair } from 'near-workspaces';
import type { Plan, Step } from '../generate/index.js';
import { signTransaction } from '../node/index.js';
import { Chain, type Action } from '../runtime/index.js';
import { immediateBehaviour, SUCCEED, type Json, type MockBehaviour } from '../scenario/index.js';
import type { Scenario, StateView } from '../scenario/index.js';
import type { Backend, RunOptions } from './backend.js';
import { DEFAULT_CONTRACT_BALANCE, MOCK_WASM, ScenarioSetupError, resolveWasm } from './embedded.js';
import { attackerOf, ATTACKER_BALANCE, probeArguments } from './probes.js';
import type { ReceiptRecord, RunRecord, StepRecord } from './record.js';

const NEAR = 10n ** 24n;
const DEFAULT_GAS = 300_000_000_000_000n;
const RELAY_FORWARD_GAS = '200000000000000';
/** One key controls every account the backend creates, so it can sign without near-workspaces. */
const RUN_KEY = KeyPair.fromString('ed25519:3D4YudUahN1nawWogh8pAKSj92sUNMdbZGjn7kERKzYoTy8tnFQuwoGUC51DowKqorvkr2pytJSnwuSbsNVfqygr');
const encoder = new TextEncoder();

type RpcResult = Record<string, unknown>;
type BlockHead = { hash: string; height: number };

/** The balance an account starts a run with (as on the embedded backend). */
function startingBalance(account: { balance?: bigint }): bigint {
  return account.balance ?? DEFAULT_CONTRACT_BALANCE;
}

interface JsonRpcSender {
  sendJsonRpc<T>(method: string, params: object): Promise<T>;
}

interface RpcOutcomeView {
  id: string;
  block_hash: string;
  outcome: { logs: string[]; receipt_ids: string[]; gas_burnt: number; tokens_burnt: string; executor_id: string; status: Record<string, unknown> | string };
}

interface RpcReceiptView {
  predecessor_id: string;
  receiver_id: string;
  receipt_id: string;
  receipt: { Action?: { signer_id: string; input_data_ids: string[]; output_data_receivers: { data_id: string }[]; actions: unknown[] } };
}

function mapJson(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapJson(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [map(k), mapJson(v, map)]));
  return value;
}

/** Namespaces handed out per worker, so backends sharing a worker never collide. */
const namespaces = new WeakMap<Worker, number>();

export class WorkspacesBackend implements Backend {
  readonly name = 'workspaces';
  private readonly blockHeights = new Map<string, number>();

  /** The wasm deployed to each contract account, read once. */
  private readonly code: Map<string, Uint8Array>;

  constructor(
    readonly scenario: Scenario,
    private readonly worker: Worker,
  ) {
    this.code = new Map([
      [scenario.contract.id, new Uint8Array(readFileSync(resolveWasm(scenario.contract.wasm)))],
      ...scenario.mocks.map((m) => [m.id, new Uint8Array(readFileSync(resolveWasm(MOCK_WASM[m.kind])))] as const),
    ]);
  }

  private rpc(method: string, params: object): Promise<RpcResult> {
    // near-api-js's provider method; its @near-js types do not resolve under NodeNext, hence the narrowing.
    return (this.worker.provider as unknown as JsonRpcSender).sendJsonRpc<RpcResult>(method, params);
  }

  async run(plan: Plan, options: RunOptions = {}): Promise<RunRecord> {
    const scenario = this.scenario;
    const root = this.worker.rootAccount;
    const accounts = [scenario.contract, ...scenario.mocks, ...scenario.users, { id: attackerOf(scenario), balance: ATTACKER_BALANCE }];
    const foreign = accounts.filter((a) => !/^[a-z0-9_-]+\.test\.near$/.test(a.id));
    if (foreign.length > 0) {
      throw new ScenarioSetupError(scenario.name, `the workspaces backend maps <name>.test.near accounts into a fresh namespace per run; rename ${foreign.map((a) => a.id).join(', ')} to that form`);
    }

    // ---- fresh accounts for this run, under a namespace no earlier run (or process) used ----
    const namespaceName = await this.freshNamespace();
    const suffix = `.${namespaceName}.${root.accountId}`;
    const toRun = (s: string) => s.replaceAll('.test.near', suffix);
    const toScenario = (s: string) => s.replaceAll(suffix, '.test.near');
    const funds = accounts.reduce((sum, a) => sum + startingBalance(a) + 10n * NEAR, 0n);
    const namespace = await root.createSubAccount(namespaceName, { initialBalance: funds, keyPair: RUN_KEY });
    const made = new Map<string, NearAccount>();
    for (const a of accounts) {
      const name = a.id.replace(/\.test\.near$/, '');
      made.set(a.id, await namespace.createSubAccount(name, { initialBalance: startingBalance(a), keyPair: RUN_KEY }));
    }
    for (const [id, code] of this.code) await made.get(id)!.deploy(code);
    // The embedded backend starts contracts with their code already in place; top up what deploying cost.
    for (const a of [scenario.contract, ...scenario.mocks]) {
      const spent = startingBalance(a) - BigInt((await made.get(a.id)!.balance()).total);
      if (spent > 0n) await namespace.transfer(made.get(a.id)!, spent);
    }
    const nonces = new Map<string, bigint>();
    const send = async (signer: string, receiver: string, action: Action, waitUntil: 'NONE' | 'FINAL' = 'NONE', head?: BlockHead): Promise<{ hash: string; result: RpcResult }> => {
      const signerId = toRun(signer);
      if (!nonces.has(signerId)) {
        const key = await this.rpc('query', { request_type: 'view_access_key', account_id: signerId, public_key: RUN_KEY.getPublicKey().toString(), finality: 'optimistic' });
        nonces.set(signerId, BigInt(key['nonce'] as number));
      }
      const nonce = nonces.get(signerId)! + 1n;
      nonces.set(signerId, nonce);
      const { base64, hash } = signTransaction(
        { signerId, publicKey: RUN_KEY.getPublicKey().toString(), nonce, receiverId: toRun(receiver), actions: [action] },
        (head ?? (await this.head())).hash,
        RUN_KEY.toString(),
      );
      return { hash, result: await this.rpc('send_tx', { signed_tx_base64: base64, wait_until: waitUntil }) };
    };
    const call = (method: string, args: Json, deposit: bigint, gas: bigint): Action => ({
      type: 'FunctionCall',
      methodName: method,
      args: encoder.encode(JSON.stringify(mapJson(args, toRun))),
      gas,
      deposit,
    });

    // Sent by hand rather than through account.call, so near-api-js prints no logs and a failure names the call.
    const setupCall = async (signer: string, receiver: string, spec: { method: string; args?: Json; deposit?: bigint; gas?: bigint }) => {
      const { result } = await send(signer, receiver, call(spec.method, spec.args ?? {}, spec.deposit ?? 0n, spec.gas ?? DEFAULT_GAS), 'FINAL');
      const failure = (result['receipts_outcome'] as RpcOutcomeView[]).map((o) => o.outcome.status).find((st) => typeof st === 'object' && 'Failure' in st);
      if (failure) throw new ScenarioSetupError(scenario.name, `setup call ${signer} → ${receiver}.${spec.method} failed: ${toScenario(JSON.stringify(failure))}`);
    };
    if (scenario.contract.init) await setupCall(scenario.contract.id, scenario.contract.id, scenario.contract.init);
    for (const mock of scenario.mocks) if (mock.init) await setupCall(mock.id, mock.id, mock.init);
    for (const s of scenario.setup ?? []) await setupCall(s.signer, s.receiver, s);
    const initialBalances = new Map<string, bigint>();
    for (const a of accounts) initialBalances.set(a.id, BigInt(String((await this.rpc('query', { request_type: 'view_account', account_id: toRun(a.id), finality: 'optimistic' }))['amount'])));

    // ---- steps, sent without waiting ----
    const stepRecords: StepRecord[] = [];
    for (const [index, step] of plan.steps.entries()) {
      if (step.wait > 0) await this.rpc('sandbox_fast_forward', { delta_height: step.wait });
      await this.applyAnswers(step, toRun);
      const head = await this.head();
      const record: StepRecord = { index, submittedAtBlock: head.height + 1, outcome: 'unfinished', receipts: [] };
      try {
        const action = step.via
          ? call('mock_relay', { receiver_id: step.receiver, method: step.method, args: step.args, gas: RELAY_FORWARD_GAS }, BigInt(step.deposit), BigInt(step.gas))
          : call(step.method, step.args, BigInt(step.deposit), BigInt(step.gas));
        record.transaction = (await send(step.caller, step.via ?? step.receiver, action, 'NONE', head)).hash;
      } catch (error) {
        record.outcome = 'refused';
        record.refused = (error as Error).message;
      }
      stepRecords.push(record);
    }

    // ---- outcomes ----
    const receipts: Record<string, ReceiptRecord> = {};
    for (const step of stepRecords) {
      if (!step.transaction) continue;
      const result = await this.rpc('EXPERIMENTAL_tx_status', { tx_hash: step.transaction, sender_account_id: toRun(plan.steps[step.index]!.caller), wait_until: 'FINAL' });
      const status = result['status'] as Record<string, string> | string;
      const outcomes = result['receipts_outcome'] as RpcOutcomeView[];
      const views = new Map(((result['receipts'] as RpcReceiptView[] | undefined) ?? []).map((r) => [r.receipt_id, r]));
      for (const o of outcomes) receipts[o.id] = await this.receiptRecord(o, views, outcomes, step.index, toScenario);
      step.receipts = outcomes.map((o) => o.id);
      if (typeof status === 'object' && 'SuccessValue' in status) {
        step.outcome = 'success';
        step.result = Buffer.from(status['SuccessValue']!, 'base64').toString('utf8');
      } else if (typeof status === 'object') {
        step.outcome = 'failure';
        step.result = Object.values(receipts).find((r) => step.receipts.includes(r.id) && !r.ok)?.error ?? JSON.stringify(status);
      }
    }
    await this.rpc('sandbox_fast_forward', { delta_height: 2 });

    // ---- final state, checks and probes ----
    const record: RunRecord = { backend: this.name, steps: stepRecords, blocks: [], receipts, settled: true, finalStorage: {}, finalBalances: {}, finalProjections: {}, probes: [], findings: [] };
    const mirror = await this.mirror(accounts.map((a) => a.id), toRun);
    for (const id of [scenario.contract.id, ...scenario.mocks.map((m) => m.id)]) {
      const storage = mirror.state.get(toRun(id))?.storage ?? new Map<string, Uint8Array>();
      const entries = [...storage.entries()].map(([k, v]) => [toScenario(k), toScenario(Buffer.from(v).toString('latin1'))] as const).sort(([a], [b]) => (a < b ? -1 : 1));
      record.finalStorage[id] = Object.fromEntries(entries.map(([k, v]) => [Buffer.from(k, 'latin1').toString('hex'), Buffer.from(v, 'latin1').toString('hex')]));
    }
    for (const a of accounts) record.finalBalances[a.id] = mirror.viewAccount(toRun(a.id)).amount.toString();
    const view = this.stateView(mirror, toRun, toScenario, initialBalances);
    for (const projection of scenario.projections ?? []) {
      for (const user of scenario.users) {
        try {
          record.finalProjections[`${projection.method}(${user.id})`] = view.view<Json>(scenario.contract.id, projection.method, projection.args(user.id));
        } catch (error) {
          record.finalProjections[`${projection.method}(${user.id})`] = `view failed: ${(error as Error).message}`;
        }
      }
    }
    const { height } = await this.head();
    for (const finding of [...(options.observe?.(view) ?? []), ...(options.finalChecks?.(view) ?? [])]) record.findings.push({ ...finding, block: height });
    if (options.probeCallbacks) {
      const attacker = attackerOf(scenario);
      for (const method of scenario.callbacks) {
        const args = probeArguments(scenario, method, receipts);
        const { result } = await send(attacker, scenario.contract.id, call(method, args, 0n, DEFAULT_GAS), 'FINAL');
        const status = result['status'] as Record<string, unknown>;
        const failure = (result['receipts_outcome'] as RpcOutcomeView[]).map((o) => o.outcome.status).find((s) => typeof s === 'object' && 'Failure' in s);
        record.probes.push({ method, caller: attacker, args, ok: 'SuccessValue' in status, ...(failure ? { error: toScenario(JSON.stringify((failure as { Failure: unknown }).Failure)) } : {}) });
      }
    }
    return record;
  }

  /** Sets, for the next step, how each mock answers (and token registrations), by patching state. */
  private async applyAnswers(step: Step, toRun: (s: string) => string): Promise<void> {
    const records: unknown[] = [];
    for (const mock of this.scenario.mocks) {
      if (mock.kind === 'fungible-token') {
        const key = Buffer.from(`a${toRun(step.caller)}`).toString('base64');
        if (step.unregisteredAt?.includes(mock.id)) {
          // Unregistering is a removal, which patch records cannot express: an empty registration fails the same way.
          records.push({ Data: { account_id: toRun(mock.id), data_key: key, value: Buffer.from('null').toString('base64') } });
        }
        continue;
      }
      const methods = new Set([...(mock.calledMethods ?? []), ...Object.keys(mock.behaviours ?? {})]);
      for (const method of methods) {
        let behaviour: MockBehaviour = step.answers[`${mock.id}.${method}`] ?? mock.behaviours?.[method] ?? SUCCEED;
        if (method === 'storage_deposit') behaviour = immediateBehaviour(behaviour);
        // Scoped to this step's signer (see mocks/lib/store.ts), so an earlier step's call still in flight keeps its answer.
        const key = `b:${method}@${toRun(step.caller)}`;
        records.push({ Data: { account_id: toRun(mock.id), data_key: Buffer.from(key).toString('base64'), value: Buffer.from(JSON.stringify(behaviour)).toString('base64') } });
      }
    }
    if (records.length > 0) await this.rpc('sandbox_patch_state', { records });
  }

  private async head(): Promise<BlockHead> {
    return (await this.rpc('block', { finality: 'final' }))['header'] as BlockHead;
  }

  private async freshNamespace(): Promise<string> {
    for (;;) {
      const name = `r${(namespaces.get(this.worker) ?? 0) + 1}`;
      namespaces.set(this.worker, (namespaces.get(this.worker) ?? 0) + 1);
      try {
        await this.rpc('query', { request_type: 'view_account', account_id: `${name}.${this.worker.rootAccount.accountId}`, finality: 'optimistic' });
      } catch {
        return name; // no such account yet
      }
    }
  }

  private async blockHeight(hash: string): Promise<number> {
    const known = this.blockHeights.get(hash);
    if (known !== undefined) return known;
    const height = ((await this.rpc('block', { block_id: hash }))['header'] as { height: number }).height;
    this.blockHeights.set(hash, height);
    return height;
  }

  private async receiptRecord(
    o: RpcOutcomeView,
    views: Map<string, RpcReceiptView>,
    all: RpcOutcomeView[],
    step: number,
    toScenario: (s: string) => string,
  ): Promise<ReceiptRecord> {
    const view = views.get(o.id);
    const action = view?.receipt.Action;
    const actions = (action?.actions ?? []).map((a) => {
      if (typeof a === 'string') return { kind: 'other' as const, name: a, deposit: '0' };
      const [name, body] = Object.entries(a as Record<string, Record<string, unknown>>)[0]!;
      if (name === 'FunctionCall') {
        return { kind: 'call' as const, name: String(body['method_name']), args: toScenario(Buffer.from(String(body['args']), 'base64').toString('utf8')), deposit: String(body['deposit']) };
      }
      if (name === 'Transfer') return { kind: 'transfer' as const, name: 'Transfer', deposit: String(body['deposit']) };
      return { kind: 'other' as const, name, deposit: '0' };
    });
    const status = o.outcome.status;
    const ok = typeof status === 'object' && !('Failure' in status);
    const predecessor = toScenario(view?.predecessor_id ?? '');
    const record: ReceiptRecord = {
      id: o.id,
      block: await this.blockHeight(o.block_hash),
      step,
      predecessor,
      receiver: toScenario(o.outcome.executor_id),
      actions,
      ok,
      logs: o.outcome.logs.map(toScenario),
      gasBurnt: String(o.outcome.gas_burnt),
      tokensBurnt: o.outcome.tokens_burnt,
      balanceBefore: null,
      balanceAfter: null,
      storage: [],
    };
    if (predecessor === 'system') {
      // RPC does not say which refunds return deposits: one that matches a failed receipt's
      // deposit sent by its receiver is taken as that deposit coming back.
      const amount = actions[0]?.deposit ?? '0';
      const matches = all.some((other) => {
        const v = views.get(other.id);
        const failed = typeof other.outcome.status === 'object' && 'Failure' in other.outcome.status;
        const sum = (v?.receipt.Action?.actions ?? []).reduce<bigint>((s, a) => {
          const body = typeof a === 'object' ? (Object.values(a as Record<string, Record<string, unknown>>)[0] ?? {}) : {};
          return s + BigInt(String(body['deposit'] ?? '0'));
        }, 0n);
        return failed && v?.predecessor_id === view?.receiver_id && sum.toString() === amount;
      });
      record.refund = matches ? 'deposit' : 'gas';
    }
    if (action && action.input_data_ids.length > 0) {
      record.inputs = action.input_data_ids.map((dataId) => {
        const producer = all.find((other) => {
          const v = views.get(other.id)?.receipt.Action;
          const delegated = typeof other.outcome.status === 'object' && 'SuccessReceiptId' in other.outcome.status;
          return !delegated && v?.output_data_receivers.some((r) => r.data_id === dataId);
        });
        return producer && typeof producer.outcome.status === 'object' && !('Failure' in producer.outcome.status) ? 'Successful' : 'Failed';
      });
    }
    if (typeof status === 'object' && 'SuccessValue' in status) record.value = toScenario(Buffer.from(String(status['SuccessValue']), 'base64').toString('utf8'));
    if (typeof status === 'object' && 'SuccessReceiptId' in status) record.delegatedTo = String(status['SuccessReceiptId']);
    if (typeof status === 'object' && 'Failure' in status) {
      const failure = status['Failure'] as { ActionError?: { kind?: { FunctionCallError?: { ExecutionError?: string } } } };
      record.error = toScenario(failure.ActionError?.kind?.FunctionCallError?.ExecutionError ?? JSON.stringify(failure));
      record.errorKind = mapJson(failure, toScenario) as Json;
    }
    return record;
  }

  /** A local copy of the node's final state, so views for checks run synchronously. */
  private async mirror(ids: string[], toRun: (s: string) => string): Promise<Chain> {
    const chain = new Chain();
    for (const id of ids) {
      const runId = toRun(id);
      const account = await this.rpc('query', { request_type: 'view_account', account_id: runId, finality: 'optimistic' });
      chain.addAccount(runId, { balance: BigInt(String(account['amount'])), locked: BigInt(String(account['locked'])) });
      // The code is what this backend deployed: no need to fetch it back over RPC.
      const code = this.code.get(id);
      if (code) chain.setCode(runId, code);
      const state = await this.rpc('query', { request_type: 'view_state', account_id: runId, prefix_base64: '', finality: 'optimistic' });
      for (const entry of state['values'] as { key: string; value: string }[]) {
        chain.patchStorage(runId, new Uint8Array(Buffer.from(entry.key, 'base64')), new Uint8Array(Buffer.from(entry.value, 'base64')));
      }
    }
    return chain;
  }

  private stateView(mirror: Chain, toRun: (s: string) => string, toScenario: (s: string) => string, initial: Map<string, bigint>): StateView {
    return {
      height: mirror.height,
      busy: false,
      view: <T>(accountId: string, method: string, args?: Json) => mapJson(mirror.viewJson<T>(toRun(accountId), method, (mapJson(args ?? {}, toRun) ?? {}) as object), toScenario) as T,
      storage: (accountId) => new Map([...(mirror.state.get(toRun(accountId))?.storage ?? new Map<string, Uint8Array>())].map(([k, v]) => [toScenario(k), v])),
      balance: (accountId) => mirror.viewAccount(toRun(accountId)).amount,
      // Burnt-gas rewards are not visible over RPC: counted as received.
      netReceived: (accountId) => mirror.viewAccount(toRun(accountId)).amount - (initial.get(accountId) ?? 0n),
    };
  }

  async close(): Promise<void> {}
}
