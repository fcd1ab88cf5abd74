/**
 * The embedded backend: runs plans on the in-process runtime. The scenario is deployed
 * once and snapshotted; every run starts from that snapshot (microseconds), and the
 * runtime's hooks carry out the plan's choices exactly: how each mock answers each
 * step's calls, which token receivers are unregistered, extra receipt delays and the
 * order of receipts within blocks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan, Step } from '../generate/index.js';
import {
  Chain,
  functionCallErrorText,
  InvalidTransactionError,
  ViewError,
  type Action,
  type ChainSnapshot,
  type ExecutionOutcome,
  type FinalExecutionOutcome,
} from '../runtime/index.js';
import { immediateBehaviour, SUCCEED, type Json, type MockBehaviour } from '../scenario/index.js';
import type { Scenario, StateView } from '../scenario/index.js';
import type { Backend, RunOptions } from './backend.js';
import { legalOrder } from './ordering.js';
import { attackerOf, ATTACKER_BALANCE, probeArguments } from './probes.js';
import type { ReceiptRecord, RunRecord, StepRecord } from './record.js';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TEST_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
/** What the contract and mock accounts start with unless the scenario says. */
export const DEFAULT_CONTRACT_BALANCE = 100n * 10n ** 24n;
/** The built mock contracts, by mock kind. */
export const MOCK_WASM = { mock: 'mocks/build/mock.wasm', 'fungible-token': 'mocks/build/mock-ft.wasm' } as const;
const DEFAULT_GAS = 300_000_000_000_000n;
const RELAY_FORWARD_GAS = '200000000000000';
const MAX_SETTLE_BLOCKS = 400;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The mock's storage key that makes a chosen action of the next receipt trap (mocks/lib/answer.ts). */
const TRAP_AT = encoder.encode('trap-at');

export class ScenarioSetupError extends Error {
  constructor(scenario: string, message: string) {
    super(`scenario "${scenario}": ${message}`);
    this.name = 'ScenarioSetupError';
  }
}

export function resolveWasm(path: string): string {
  return isAbsolute(path) ? path : join(PROJECT_ROOT, path);
}

function readWasm(scenario: Scenario, path: string): Uint8Array {
  const file = resolveWasm(path);
  if (!existsSync(file)) throw new ScenarioSetupError(scenario.name, `wasm not found: ${file}`);
  return new Uint8Array(readFileSync(file));
}

const call = (method: string, args: Json | undefined, deposit = 0n, gas = DEFAULT_GAS): Action => ({
  type: 'FunctionCall',
  methodName: method,
  args: encoder.encode(args === undefined ? '' : JSON.stringify(args)),
  gas,
  deposit,
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (bytes: Uint8Array) => decoder.decode(bytes);

function failureText(outcome: ExecutionOutcome): string | undefined {
  if (outcome.status.type !== 'Failure') return undefined;
  if (outcome.status.functionCallError) return functionCallErrorText(outcome.status.functionCallError);
  return JSON.stringify(outcome.status.error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export class EmbeddedBackend implements Backend {
  readonly name = 'embedded';
  private readonly chain: Chain;
  private readonly deployed: ChainSnapshot;
  private readonly mockIds: Set<string>;
  private readonly tokenIds: Set<string>;
  private readonly initialBalances = new Map<string, bigint>();

  constructor(readonly scenario: Scenario) {
    this.chain = new Chain();
    this.mockIds = new Set(scenario.mocks.filter((m) => m.kind === 'mock').map((m) => m.id));
    this.tokenIds = new Set(scenario.mocks.filter((m) => m.kind === 'fungible-token').map((m) => m.id));
    this.deploy();
    this.deployed = this.chain.snapshot();
  }

  private deploy(): void {
    const { scenario, chain } = this;
    const c = scenario.contract;
    chain.addAccount(c.id, { balance: c.balance ?? DEFAULT_CONTRACT_BALANCE, code: readWasm(scenario, c.wasm), publicKeys: [TEST_KEY] });
    for (const mock of scenario.mocks) {
      const wasm = readWasm(scenario, MOCK_WASM[mock.kind]);
      chain.addAccount(mock.id, { balance: mock.balance ?? DEFAULT_CONTRACT_BALANCE, code: wasm, publicKeys: [TEST_KEY] });
    }
    for (const user of scenario.users) chain.addAccount(user.id, { balance: user.balance, publicKeys: [TEST_KEY] });
    const attacker = attackerOf(scenario);
    if (!chain.state.has(attacker)) chain.addAccount(attacker, { balance: ATTACKER_BALANCE, publicKeys: [TEST_KEY] });

    const setupCall = (signer: string, receiver: string, spec: { method: string; args?: Json; deposit?: bigint; gas?: bigint }) => {
      const hash = chain.submitTransaction({ signerId: signer, receiverId: receiver, actions: [call(spec.method, spec.args, spec.deposit ?? 0n, spec.gas ?? DEFAULT_GAS)] });
      chain.runUntilQuiescent();
      const result = chain.transactionResult(hash)!;
      if (result.status.type === 'Failure') {
        const why = result.receiptsOutcome.map(failureText).find((t) => t) ?? JSON.stringify(result.status.error);
        throw new ScenarioSetupError(scenario.name, `setup call ${receiver}.${spec.method} failed: ${why}`);
      }
    };
    if (c.init) setupCall(c.id, c.id, c.init);
    for (const mock of scenario.mocks) {
      if (mock.init) setupCall(mock.id, mock.id, mock.init);
    }
    for (const s of scenario.setup ?? []) setupCall(s.signer, s.receiver, s);
    for (const id of chain.state.accountIds()) this.initialBalances.set(id, chain.viewAccount(id).amount);
  }

  async run(plan: Plan, options: RunOptions = {}): Promise<RunRecord> {
    return this.runSync(plan, options);
  }

  /** Runs a plan from the deployed snapshot. Deterministic: same plan, same record. */
  runSync(plan: Plan, options: RunOptions = {}): RunRecord {
    const { chain, scenario } = this;
    chain.restore(this.deployed);
    const startHeight = chain.height;
    const stepOfTransaction = new Map<string, number>();
    const stepOf = (tx: string | undefined) => (tx === undefined ? undefined : stepOfTransaction.get(tx));
    const unregistered = new Map<string, Uint8Array>();
    const rewards = new Map<string, bigint>();

    chain.setBeforeReceiptHook((receipt, tx) => this.applyChoices(receipt.receiverId, receipt.actions, plan.steps[stepOf(tx) ?? -1], unregistered));
    chain.setAfterReceiptHook((receipt) => {
      if (this.mockIds.has(receipt.receiverId)) chain.patchStorage(receipt.receiverId, TRAP_AT, null);
    });
    chain.setDelayPolicy((_receipt, tx, index) => {
      const step = plan.steps[stepOf(tx) ?? -1];
      return step ? step.delays.filter((d) => d.receipt === index).reduce((sum, d) => sum + d.blocks, 0) : 0;
    });
    chain.setOrderPolicy((height, due) => legalOrder(due, plan.order[height - startHeight - 1] ?? 0));

    const record: RunRecord = {
      backend: this.name,
      steps: [],
      blocks: [],
      receipts: {},
      settled: true,
      finalStorage: {},
      finalBalances: {},
      finalProjections: {},
      probes: [],
      findings: [],
    };
    const view = this.stateView(rewards);
    const nearTotal = () =>
      chain.state.accountIds().reduce((sum, a) => sum + chain.viewAccount(a).amount + chain.viewAccount(a).locked, 0n) + chain.valueInFlight() + this.netBurnt();
    record.nearTotalAtStart = nearTotal().toString();
    const produceBlock = () => {
      const block = chain.step();
      for (const id of block.receipts) {
        const outcome = chain.outcome(id)!;
        if (outcome.contractReward > 0n) rewards.set(outcome.executorId, (rewards.get(outcome.executorId) ?? 0n) + outcome.contractReward);
        record.receipts[id] = this.receiptRecord(outcome, stepOf(chain.transactionOf(id)));
      }
      record.blocks.push({ height: block.height, receipts: block.receipts, nearTotal: nearTotal().toString() });
      for (const finding of options.observe?.(view) ?? []) record.findings.push({ ...finding, block: block.height });
    };

    try {
      plan.steps.forEach((step, index) => {
        for (let i = 0; i < step.wait; i++) produceBlock();
        const stepRecord: StepRecord = { index, submittedAtBlock: chain.height + 1, outcome: 'unfinished', receipts: [] };
        try {
          const tx = this.submit(step);
          stepOfTransaction.set(tx, index);
          stepRecord.transaction = tx;
        } catch (error) {
          if (!(error instanceof InvalidTransactionError)) throw error;
          stepRecord.outcome = 'refused';
          stepRecord.refused = error.message;
        }
        record.steps.push(stepRecord);
      });
      let budget = MAX_SETTLE_BLOCKS;
      while (chain.busy && budget-- > 0) produceBlock();
      record.settled = !chain.busy;

      for (const step of record.steps) {
        if (!step.transaction) continue;
        const result = chain.transactionResult(step.transaction);
        if (!result) {
          step.outcome = 'refused';
          step.refused = 'dropped when its block was produced (it could no longer be paid for)';
          continue;
        }
        this.describeStep(step, result);
      }
      this.captureFinalState(record);
      for (const finding of options.finalChecks?.(view) ?? []) record.findings.push({ ...finding, block: chain.height });
      if (options.probeCallbacks) this.probeCallbacks(record);
    } finally {
      chain.setBeforeReceiptHook(undefined);
      chain.setAfterReceiptHook(undefined);
      chain.setDelayPolicy(undefined);
      chain.setOrderPolicy(undefined);
    }
    return record;
  }

  private submit(step: Step): string {
    const deposit = BigInt(step.deposit);
    const gas = BigInt(step.gas);
    if (step.via) {
      const relayArgs: Json = { receiver_id: step.receiver, method: step.method, args: step.args, gas: RELAY_FORWARD_GAS };
      return this.chain.submitTransaction({ signerId: step.caller, receiverId: step.via, actions: [call('mock_relay', relayArgs, deposit, gas)] });
    }
    return this.chain.submitTransaction({ signerId: step.caller, receiverId: step.receiver, actions: [call(step.method, step.args, deposit, gas)] });
  }

  /** Sets what a mock answers, and token registrations, just before a receipt runs. */
  private applyChoices(receiver: string, actions: Action[], step: Step | undefined, unregistered: Map<string, Uint8Array>): void {
    const methods = actions.flatMap((a) => (a.type === 'FunctionCall' ? [a] : []));
    if (this.mockIds.has(receiver)) {
      const spec = this.scenario.mocks.find((m) => m.id === receiver)!;
      const configurable = new Set([...(spec.calledMethods ?? []), ...Object.keys(spec.behaviours ?? {})]);
      // Inside a batch the mock answers at once: a delayed answer hops through another
      // receipt, which would split the batch's all-or-nothing outcome.
      const batch = methods.length > 1;
      let trapAt: number | undefined;
      for (const [index, action] of methods.entries()) {
        if (!configurable.has(action.methodName)) continue;
        let behaviour: MockBehaviour = step?.answers[`${receiver}.${action.methodName}`] ?? spec.behaviours?.[action.methodName] ?? SUCCEED;
        if (batch) behaviour = immediateBehaviour(behaviour);
        // A trap happens while the mock's module loads, so the mock is told which action
        // of this receipt is to trap; it then fails in this receipt, as a real trap does.
        if (behaviour.kind === 'trap' && trapAt === undefined) trapAt = index;
        this.chain.patchStorage(receiver, encoder.encode(`b:${action.methodName}`), encoder.encode(JSON.stringify(behaviour)));
      }
      if (trapAt !== undefined) this.chain.patchStorage(receiver, TRAP_AT, encoder.encode(String(trapAt)));
    }
    if (this.tokenIds.has(receiver) && step) {
      for (const action of methods) {
        if (action.methodName !== 'ft_transfer' && action.methodName !== 'ft_transfer_call') continue;
        let target: string | undefined;
        try {
          target = (JSON.parse(text(action.args)) as { receiver_id?: string }).receiver_id;
        } catch {
          continue;
        }
        if (!target) continue;
        const key = encoder.encode(`a${target}`);
        const mapKey = `${receiver}\u0000${target}`;
        const wantUnregistered = step.unregisteredAt?.includes(receiver) ?? false;
        const current = this.chain.state.get(receiver)?.storage.get(Buffer.from(key).toString('latin1'));
        if (wantUnregistered && current) {
          unregistered.set(mapKey, current);
          this.chain.patchStorage(receiver, key, null);
        } else if (!wantUnregistered && !current && unregistered.has(mapKey)) {
          this.chain.patchStorage(receiver, key, unregistered.get(mapKey)!);
          unregistered.delete(mapKey);
        }
      }
    }
  }

  private netBurnt(): bigint {
    return this.chain.outcomes().reduce((sum, o) => sum + o.tokensBurnt - o.contractReward, 0n);
  }

  private stateView(rewards: Map<string, bigint>): StateView {
    const chain = this.chain;
    const backend = this;
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
      netReceived: (accountId) => chain.viewAccount(accountId).amount - (backend.initialBalances.get(accountId) ?? 0n) - (rewards.get(accountId) ?? 0n),
    };
  }

  private receiptRecord(outcome: ExecutionOutcome, step: number | undefined): ReceiptRecord {
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
      record.error = failureText(outcome);
      record.errorKind = JSON.parse(JSON.stringify(outcome.status.error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Json;
    }
    return record;
  }

  private describeStep(step: StepRecord, result: FinalExecutionOutcome): void {
    step.receipts = result.receiptsOutcome.map((o) => o.id);
    if (result.status.type === 'SuccessValue') {
      step.outcome = 'success';
      step.result = text(result.status.value);
    } else if (result.status.type === 'Failure') {
      step.outcome = 'failure';
      step.result = result.receiptsOutcome.map(failureText).find((t) => t) ?? JSON.stringify(result.status.error);
    }
  }

  private captureFinalState(record: RunRecord): void {
    const { chain, scenario } = this;
    for (const id of [scenario.contract.id, ...scenario.mocks.map((m) => m.id)]) {
      const storage = chain.state.get(id)?.storage ?? new Map<string, Uint8Array>();
      record.finalStorage[id] = Object.fromEntries([...storage.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [hex(Buffer.from(k, 'latin1')), hex(v)]));
    }
    for (const id of chain.state.accountIds()) record.finalBalances[id] = chain.viewAccount(id).amount.toString();
    for (const projection of scenario.projections ?? []) {
      for (const user of scenario.users) {
        try {
          record.finalProjections[`${projection.method}(${user.id})`] = chain.viewJson<Json>(scenario.contract.id, projection.method, projection.args(user.id) as object);
        } catch (error) {
          record.finalProjections[`${projection.method}(${user.id})`] = `view failed: ${error instanceof ViewError ? error.message : String(error)}`;
        }
      }
    }
  }

  /** Calls each callback from a foreign account on the settled state, then undoes it. */
  private probeCallbacks(record: RunRecord): void {
    const { chain, scenario } = this;
    const attacker = attackerOf(scenario);
    const settled = chain.snapshot();
    for (const method of scenario.callbacks) {
      const args = probeArguments(scenario, method, record.receipts);
      const hash = chain.submitTransaction({ signerId: attacker, receiverId: scenario.contract.id, actions: [call(method, args)] });
      const result = chain.runUntilFinal(hash);
      const error = result.receiptsOutcome.map(failureText).find((t) => t);
      record.probes.push({ method, caller: attacker, args, ok: result.status.type === 'SuccessValue', ...(error ? { error } : {}) });
      chain.restore(settled);
    }
  }

  async close(): Promise<void> {}
}
