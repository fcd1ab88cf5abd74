/**
 * What a contract does when each of its methods runs once: deploy the wasm on a fresh
 * embedded chain, call its init method, then call every method once as a user — with a
 * deposit, and with `{}` or the arguments the ABI or the caller suggests — and record every
 * promise it creates (the receiver and method of each function call), also when the method
 * panics after creating it. The accounts it calls are external contracts; the methods it
 * schedules on itself with promise_then are its callbacks.
 *
 * A call to an account that does not exist fails, and the callback then sees a failure; a
 * callback that proceeds only on success (a chain a.then(b).then(c)) would hide the calls it
 * makes. So discovery goes in rounds: each round deploys a mock, answering every method with
 * success, on every account found so far, until a round finds nothing new.
 */
import {
  Chain,
  functionCallErrorText,
  LATEST_PROTOCOL,
  ViewError,
  type ActionReceipt,
  type ChainSnapshot,
  type FunctionCallError,
  type NewReceipt,
  type VMOutcome,
} from '../runtime/index.js';
import { methodNameProblem, mockWasm } from '../mock/index.js';
import type { Json } from '../scenario/index.js';
import { viewProbe, type ViewProbe } from './classify.js';

export const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
/** The user discovery calls methods as. */
export const DISCOVERY_USER = 'user.test.near';
const KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const CALL_GAS = 300n * TGAS;
/**
 * The latest protocol, with views limited to 300 Tgas (older protocols' limit) rather than
 * 1 PGas: a method that loops forever is found out three times sooner.
 */
export const DISCOVERY_PROTOCOL = { ...LATEST_PROTOCOL, maxGasBurntView: 300n * TGAS };
/** Blocks a run may take to settle: a method that keeps scheduling receipts longer is stopped there. */
const MAX_BLOCKS = 100;

/** One method's run as a transaction. */
export interface MethodRun {
  args: Json;
  deposit: bigint;
  /** undefined: it succeeded; else the failure, as NEAR reports it. */
  failure?: string;
  /** Its receipt changed the contract's storage. */
  wroteState: boolean;
  /** It ran after every method that succeeded alone had run once (it failed alone). */
  afterOthers?: boolean;
}

/** A function call the contract made, on another account or on itself. */
export interface CallMade {
  receiver: string;
  method: string;
  /** The contract's method whose execution created it. */
  by: string;
  /** It waits for the results of other receipts (promise_then): a callback when on the contract itself. */
  isThen: boolean;
}

/** What the runs of one round saw. */
export interface Exploration {
  init?: { method: string; args: Json; failure?: string };
  probes: Map<string, ViewProbe>;
  runs: Map<string, MethodRun[]>;
  /** Calls made in each method's runs (its callbacks' calls included), by the method run. */
  calls: Map<string, CallMade[]>;
  /** Mocks that could not be deployed, with why. */
  skippedMocks: string[];
}

export interface ExploreSetup {
  wasm: Uint8Array;
  contractId: string;
  methods: string[];
  init: { method: string; args: Json } | undefined;
  argsFor: (method: string) => Json;
  /** Methods only to probe as views, never to run as transactions (ABI views). */
  viewsOnly: ReadonlySet<string>;
  deposits: readonly bigint[];
  /** Accounts to deploy a success-answering mock on, with the methods each exports. */
  mocks: ReadonlyMap<string, ReadonlySet<string>>;
  /** Probe each method as a view (the first round only: the answer does not change). */
  probe: boolean;
  /** Methods not to run at all (they burnt all their gas as a view in an earlier round). */
  skip: ReadonlySet<string>;
}

const sameCall = (a: CallMade, b: CallMade) => a.receiver === b.receiver && a.method === b.method && a.by === b.by && a.isThen === b.isThen;
const encode = (args: Json) => new TextEncoder().encode(JSON.stringify(args));

/** A failure that says the method refuses a deposit (near-sdk-js, near-sdk-rs). */
export const NOT_PAYABLE = /is not payable|doesn't accept deposit|does not accept deposit/i;
/** A failure that says the method is only for the contract itself. */
export const PRIVATE = /function is private|method \S+ is private|is private\b/i;
const OUT_OF_GAS = /Exceeded the prepaid gas|Exceeded the maximum amount of gas/i;

interface Executed {
  receipt: ActionReceipt;
  methodName: string;
  error?: FunctionCallError;
  created: NewReceipt[];
}

function createdBy(outcome: VMOutcome): NewReceipt[] {
  return outcome.error ? (outcome.discardedReceipts ?? []) : outcome.newReceipts;
}

/** One round: a fresh chain, init, then each method once per deposit until one run succeeds. */
export function explore(setup: ExploreSetup): Exploration {
  const { contractId } = setup;
  const chain = new Chain({ protocol: DISCOVERY_PROTOCOL });
  chain.addAccount(DISCOVERY_USER, { balance: 100_000n * NEAR, publicKeys: [KEY] });
  chain.addAccount(contractId, { balance: 100n * NEAR, code: setup.wasm, publicKeys: [KEY] });
  const skippedMocks: string[] = [];
  for (const [account, methods] of setup.mocks) {
    const exportable = [...methods].filter((m) => methodNameProblem(m) === undefined);
    const refused = [...methods].filter((m) => methodNameProblem(m) !== undefined);
    if (refused.length > 0) skippedMocks.push(`${account}: ${refused.map((m) => methodNameProblem(m)).join('; ')}`);
    if (exportable.length === 0 || chain.state.has(account)) continue;
    chain.addAccount(account, { balance: 100n * NEAR, code: mockWasm(exportable) });
  }

  let executed: Executed[] = [];
  chain.setFunctionCallHook(({ receipt, methodName, outcome }) =>
    executed.push({ receipt, methodName, created: createdBy(outcome), ...(outcome.error ? { error: outcome.error } : {}) }),
  );

  /** Runs one call to completion; what its own receipt became, and every execution of its tree. */
  const run = (signer: string, method: string, args: Json, deposit: bigint) => {
    executed = [];
    const hash = chain.submitTransaction({ signerId: signer, receiverId: contractId, actions: [{ type: 'FunctionCall', methodName: method, args: encode(args), gas: CALL_GAS, deposit }] });
    let unsettled = false;
    try {
      chain.runUntilQuiescent(MAX_BLOCKS);
    } catch {
      unsettled = true;
    }
    const result = chain.transactionResult(hash);
    const firstId = result?.transactionOutcome.receiptIds[0];
    const first = firstId === undefined ? undefined : chain.outcome(firstId);
    const own = executed.find((e) => e.receipt.receiptId === firstId);
    const failure = own?.error
      ? functionCallErrorText(own.error)
      : first?.status.type === 'Failure'
        ? JSON.stringify(first.status.error)
        : first === undefined
          ? 'it never ran'
          : unsettled
            ? `it kept scheduling receipts for more than ${MAX_BLOCKS} blocks`
            : undefined;
    const wroteState = (first?.stateChanges?.storage.length ?? 0) > 0;
    return { failure, wroteState, executed: [...executed] };
  };

  let init: Exploration['init'];
  if (setup.init) {
    const { failure } = run(contractId, setup.init.method, setup.init.args, 0n);
    init = { ...setup.init, ...(failure !== undefined ? { failure } : {}) };
  }
  const start: ChainSnapshot = chain.snapshot();

  /** Runs `method` from `from` with each deposit until one run succeeds; the runs and the calls they made. */
  const attempt = (method: string, depositsToTry: readonly bigint[], from: ChainSnapshot = start) => {
    const made: CallMade[] = [];
    const attempts: MethodRun[] = [];
    const deposits = [...depositsToTry];
    for (let deposit = deposits.shift(); deposit !== undefined; deposit = deposits.shift()) {
      chain.restore(from);
      const args = setup.argsFor(method);
      const result = run(DISCOVERY_USER, method, args, deposit);
      attempts.push({ args, deposit, wroteState: result.wroteState, ...(result.failure !== undefined ? { failure: result.failure } : {}) });
      for (const e of result.executed) {
        if (e.receipt.receiverId !== contractId) continue;
        for (const receipt of e.created) {
          for (const action of receipt.actions) {
            if (action.type !== 'FunctionCall') continue;
            const call = { receiver: receipt.receiverId, method: action.methodName, by: e.methodName, isThen: receipt.inputReceipts.length > 0 };
            if (!made.some((m) => sameCall(m, call))) made.push(call);
          }
        }
      }
      if (result.failure === undefined || OUT_OF_GAS.test(result.failure)) break;
      // A method that refuses deposits refuses 1 yocto too: go straight to none.
      if (NOT_PAYABLE.test(result.failure)) deposits.splice(0, deposits.length, ...(deposit !== 0n && depositsToTry.includes(0n) ? [0n] : []));
    }
    return { attempts, made };
  };

  const probes = new Map<string, ViewProbe>();
  const runs = new Map<string, MethodRun[]>();
  const calls = new Map<string, CallMade[]>();
  for (const method of setup.methods) {
    if (method === setup.init?.method || setup.skip.has(method)) continue;
    let probe: ViewProbe | undefined;
    if (setup.probe || setup.viewsOnly.has(method)) {
      probe = viewProbe(() => {
        try {
          chain.view(contractId, method, encode(setup.argsFor(method)));
          return undefined;
        } catch (error) {
          if (error instanceof ViewError) return error;
          throw error;
        }
      });
      probes.set(method, probe);
    }
    if (setup.viewsOnly.has(method) || probe?.kind === 'out-of-gas') continue;
    const { attempts, made } = attempt(method, setup.deposits);
    runs.set(method, attempts);
    calls.set(method, made);
  }

  // A method that failed alone may need what another does first (a withdrawal, a deposit):
  // it is tried again after every method that succeeded has run once, in export order.
  const succeeded = [...runs].flatMap(([method, attempts]) => attempts.filter((a) => a.failure === undefined).map((a) => ({ method, ...a })));
  const failed = [...runs].filter(([, attempts]) => attempts.length > 0 && attempts.every((a) => a.failure !== undefined)).map(([method]) => method);
  if (succeeded.length > 0 && failed.length > 0) {
    chain.restore(start);
    for (const s of succeeded) run(DISCOVERY_USER, s.method, s.args, s.deposit);
    const after: ChainSnapshot = chain.snapshot();
    for (const method of failed) {
      const again = attempt(method, setup.deposits, after);
      const made = calls.get(method) ?? [];
      for (const call of again.made) if (!made.some((m) => sameCall(m, call))) made.push(call);
      calls.set(method, made);
      if (again.attempts.some((a) => a.failure === undefined)) runs.set(method, again.attempts.map((a) => ({ ...a, afterOthers: true })));
    }
  }
  chain.setFunctionCallHook(undefined);
  return { ...(init ? { init } : {}), probes, runs, calls, skippedMocks };
}
