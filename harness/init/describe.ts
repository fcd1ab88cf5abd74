/**
 * A contract described for a starting scenario: its methods with their roles (init, call,
 * view, callback) and how each role is known, and the external contracts and methods it
 * calls. Put together from the wasm's exports, the embedded ABI if any, a view probe of each
 * method and the rounds of runs of discover.ts.
 */
import { Chain, isValidAccountId, ViewError } from '../runtime/index.js';
import type { Json } from '../scenario/index.js';
import { abiParams, decodeAbi, placeholderArgs, type AbiParam, type ContractAbi } from './abi.js';
import type { ViewProbe } from './classify.js';
import { DISCOVERY_PROTOCOL, DISCOVERY_USER, explore, NEAR, NOT_PAYABLE, PRIVATE, type CallMade, type Exploration, type MethodRun } from './discover.js';
import { InitError } from './errors.js';
import { ABI_EXPORT, contractExports } from './exports.js';

export type MethodRole = 'init' | 'call' | 'view' | 'callback';

export interface DescribedMethod {
  name: string;
  role: MethodRole;
  /** The role is a guess (a method that ran as a view without anything giving a call away). */
  guessed: boolean;
  /** How the role is known, for a comment: "the ABI says so", "as a view it called storage_write", … */
  evidence: string;
  /** true / false when known (ABI, or a run refused or took a deposit); undefined when not. */
  payable?: boolean;
  /** Parameters, from the ABI. */
  params?: AbiParam[];
  /** Its runs as a transaction (none for views). */
  runs: MethodRun[];
  /** The external calls its runs made, its callbacks' included: "<account>.<method>". */
  calls: string[];
  /** The callbacks its runs scheduled on the contract. */
  callbacks: string[];
}

export interface ExternalContract {
  account: string;
  /** The methods the contract called on it, sorted. */
  methods: string[];
  /** The contract's methods whose runs called it. */
  calledBy: string[];
}

export interface ContractDescription {
  contractId: string;
  /** What built it, as far as the wasm tells. */
  sdk: 'near-sdk-js' | 'near-sdk-rs' | 'unknown';
  /** The ABI's schema version, when the wasm embeds one. */
  abiVersion?: string;
  init?: { method: string; args: Json; failure?: string };
  methods: DescribedMethod[];
  externals: ExternalContract[];
  /** Calls on its caller (the user), which a scenario does not mock: "<method>". */
  callsOnCaller: string[];
  /** What discovery could not do, for the scenario's comments. */
  notes: string[];
}

export interface DiscoverOptions {
  /** The contract's account in the chain discovery runs (and in the scenario); default contract.test.near. */
  contractId?: string;
  /** The init call: default the ABI's init method, else an export named `new` or `init`, with `{}` (or ABI placeholders). false: none. */
  init?: { method: string; args?: Json } | false;
  /** Arguments to run methods with, by method (default `{}`, or placeholders from the ABI's parameter types). */
  args?: Record<string, Json>;
  /** Deposits to try each method with, until one run succeeds; default 1 NEAR, 1 yoctoNEAR, none. */
  deposits?: readonly bigint[];
  /** Rounds of runs with mocks on the accounts found so far; default 3. */
  rounds?: number;
  /** How to name the wasm in errors (its path); default "the wasm". */
  source?: string;
}

const DEFAULT_DEPOSITS = [NEAR, 1n, 0n] as const;
const INIT_NAMES = ['new', 'init', 'initialize'];

/** Runs the contract's `__contract_abi` as a view on a chain of its own and reads what it returns. */
function embeddedAbi(wasm: Uint8Array, contractId: string, source: string): ContractAbi {
  const chain = new Chain({ protocol: DISCOVERY_PROTOCOL });
  chain.addAccount(contractId, { balance: 100n * NEAR, code: wasm });
  let returned: Uint8Array;
  try {
    returned = chain.view(contractId, ABI_EXPORT).result;
  } catch (error) {
    if (error instanceof ViewError) throw new InitError(`${source} exports ${ABI_EXPORT}, but running it failed: ${error.message}; remove the export or rebuild the contract`);
    throw error;
  }
  return decodeAbi(returned);
}

/** Names views usually have: get_*, view_*, is_*, has_*, *_of, ft_metadata, … */
const VIEW_NAME = /^(get|view|is|has|show|list|query)_|_of$|^(ft|nft|mt)_(metadata|total_supply|tokens?)|^storage_balance_bounds$/;

function probeEvidence(probe: ViewProbe | undefined, name: string): { role: 'call' | 'view'; guessed: boolean; evidence: string } {
  switch (probe?.kind) {
    case 'refused':
      return { role: 'call', guessed: false, evidence: `run as a view it called ${probe.hostFunction}, which NEAR refuses in views` };
    case 'returned':
      return { role: 'view', guessed: true, evidence: 'it ran as a view to the end, doing nothing that needs a transaction' };
    case 'failed':
      return VIEW_NAME.test(name)
        ? { role: 'view', guessed: true, evidence: `by its name: run with {} it failed before doing anything a view may not (${firstLine(probe.message)})` }
        : { role: 'call', guessed: true, evidence: `it failed in every run before doing anything only a call may (${firstLine(probe.message)}), and is not named like a view` };
    case 'out-of-gas':
      return { role: 'view', guessed: true, evidence: `run as a view it burnt all the gas a view gets (${probe.message}); does it loop forever?` };
    case 'unrunnable':
    case undefined:
      return { role: 'view', guessed: true, evidence: 'it was not run' };
  }
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
};

/** Runs the contract's methods once each on the embedded runtime and describes what it found. */
export function discoverContract(wasm: Uint8Array, options: DiscoverOptions = {}): ContractDescription {
  const source = options.source ?? 'the wasm';
  const contractId = options.contractId ?? 'contract.test.near';
  if (!isValidAccountId(contractId) || contractId === DISCOVERY_USER) {
    throw new InitError(`"${contractId}" cannot be the contract's account: ${contractId === DISCOVERY_USER ? 'discovery calls its methods as that user' : 'it is not a valid NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them)'}; choose another, e.g. "contract.test.near"`);
  }
  const exports = contractExports(wasm, source);
  const abi = exports.embedsAbi ? embeddedAbi(wasm, contractId, source) : undefined;
  const abiFunction = (name: string) => abi?.functions.find((f) => f.name === name);
  const notes: string[] = [];
  if (abi) {
    const missing = abi.functions.filter((f) => !exports.methods.includes(f.name)).map((f) => f.name);
    if (missing.length > 0) notes.push(`the ABI names ${missing.join(', ')}, which the wasm does not export: left out`);
  }
  const paramsOf = (name: string): AbiParam[] | undefined => {
    const fn = abiFunction(name);
    return fn && abi ? abiParams(fn, abi) : undefined;
  };
  const argsFor = (name: string): Json => {
    const given = options.args?.[name];
    if (given !== undefined) return given;
    const params = paramsOf(name);
    return params ? placeholderArgs(params) : {};
  };

  const abiInit = abi?.functions.find((f) => f.modifiers?.includes('init') && exports.methods.includes(f.name))?.name;
  const initMethod = options.init === false ? undefined : (options.init?.method ?? abiInit ?? INIT_NAMES.find((n) => exports.methods.includes(n)));
  if (initMethod !== undefined && !exports.methods.includes(initMethod)) {
    throw new InitError(`init method "${initMethod}" is not a method of ${source}; it exports ${exports.methods.join(', ')}`);
  }
  const initArgs: Json = options.init && options.init.args !== undefined ? options.init.args : initMethod ? argsFor(initMethod) : {};
  const viewsOnly = new Set(exports.methods.filter((m) => abiFunction(m)?.kind === 'view'));

  // Rounds: each deploys a mock on every account the earlier ones found calls to.
  const mocks = new Map<string, Set<string>>();
  const rounds: Exploration[] = [];
  const maxRounds = Math.max(1, options.rounds ?? 3);
  for (let round = 0; round < maxRounds; round++) {
    const found = explore({
      wasm,
      contractId,
      methods: exports.methods,
      init: initMethod === undefined ? undefined : { method: initMethod, args: initArgs },
      argsFor,
      viewsOnly,
      deposits: options.deposits ?? DEFAULT_DEPOSITS,
      mocks,
      probe: round === 0,
      skip: new Set(round === 0 ? [] : [...rounds[0]!.probes].filter(([, p]) => p.kind === 'out-of-gas').map(([m]) => m)),
    });
    rounds.push(found);
    let grew = false;
    for (const made of found.calls.values()) {
      for (const call of made) {
        if (call.receiver === contractId || call.receiver === DISCOVERY_USER) continue;
        const methods = mocks.get(call.receiver) ?? new Set<string>();
        if (!methods.has(call.method)) grew = true;
        mocks.set(call.receiver, methods.add(call.method));
      }
    }
    if (!grew) break;
  }
  const first = rounds[0]!;
  const last = rounds[rounds.length - 1]!;
  notes.push(...new Set(rounds.flatMap((r) => r.skippedMocks).map((s) => `no mock could stand in for ${s}`)));

  // Every call any round saw, by the method run.
  const callsOf = (method: string): CallMade[] => rounds.flatMap((r) => r.calls.get(method) ?? []);
  const scheduledCallbacks = new Set(rounds.flatMap((r) => [...r.calls.values()].flat()).filter((c) => c.receiver === contractId && c.isThen).map((c) => c.method));

  const unrunnable = [...first.probes.values()].find((p) => p.kind === 'unrunnable');
  if (unrunnable) throw new InitError(`${source} cannot run on NEAR: ${unrunnable.message}; build it with a NEAR SDK (near-sdk-rs, near-sdk-js), which imports only NEAR's host functions`);
  const outOfGas = [...first.probes].filter(([, p]) => p.kind === 'out-of-gas').map(([m]) => m);
  const runnable = exports.methods.filter((m) => m !== initMethod);
  const initOutOfGas = last.init?.failure !== undefined && /Exceeded the (prepaid|maximum amount of) gas/.test(last.init.failure);
  if (runnable.length > 0 && outOfGas.length === runnable.length && (initMethod === undefined || initOutOfGas)) {
    throw new InitError(
      `every method of ${source} burnt all the gas it was given when run once (${outOfGas.join(', ')}): it loops forever, or needs more than the ${DISCOVERY_PROTOCOL.maxGasBurntView / 10n ** 12n} Tgas a view may burn; fix the contract, or check that this is the wasm you meant`,
    );
  }

  const methods: DescribedMethod[] = exports.methods.map((name) => {
    const fn = abiFunction(name);
    const runs = last.runs.get(name) ?? [];
    const made = callsOf(name);
    const calls = [...new Set(made.filter((c) => c.receiver !== contractId && c.receiver !== DISCOVERY_USER).map((c) => `${c.receiver}.${c.method}`))].sort();
    const callbacks = [...new Set(made.filter((c) => c.receiver === contractId && c.isThen).map((c) => c.method))];
    const params = paramsOf(name);
    const base = { name, runs, calls, callbacks, ...(params ? { params } : {}) };
    const failures = runs.map((r) => r.failure ?? '');
    const refusedDeposit = failures.some((f) => NOT_PAYABLE.test(f));
    const tookDeposit = runs.some((r) => r.failure === undefined && r.deposit > 0n);
    const payable = fn ? fn.modifiers?.includes('payable') === true : refusedDeposit ? false : tookDeposit ? true : undefined;
    const withPayable = payable === undefined ? base : { ...base, payable };
    if (name === initMethod) {
      return { ...withPayable, role: 'init', guessed: false, evidence: fn ? 'the ABI marks it init' : options.init ? 'named as the init method' : `named ${name}: taken for the init method` };
    }
    if (fn) {
      if (fn.modifiers?.includes('private') || scheduledCallbacks.has(name)) {
        return { ...withPayable, role: 'callback', guessed: false, evidence: fn.modifiers?.includes('private') ? 'the ABI marks it private' : 'the contract schedules it on itself with promise_then' };
      }
      return { ...(fn.kind === 'view' ? base : withPayable), role: fn.kind, guessed: false, evidence: `the ABI says ${fn.kind}` };
    }
    if (scheduledCallbacks.has(name)) return { ...withPayable, role: 'callback', guessed: false, evidence: 'the contract schedules it on itself with promise_then' };
    if (failures.some((f) => PRIVATE.test(f))) return { ...withPayable, role: 'callback', guessed: false, evidence: `called by a user it answered "${firstLine(failures.find((f) => PRIVATE.test(f)) ?? '')}"` };
    const probed = probeEvidence(first.probes.get(name), name);
    if (probed.guessed) {
      if (runs.some((r) => r.wroteState)) return { ...withPayable, role: 'call', guessed: false, evidence: 'run as a transaction it changed the contract\'s storage' };
      if (made.length > 0) return { ...withPayable, role: 'call', guessed: false, evidence: 'run as a transaction it created promises' };
      if (refusedDeposit) return { ...withPayable, role: 'call', guessed: false, evidence: 'it refused a deposit, as only calls do' };
    }
    return probed.role === 'view' ? { ...base, ...probed } : { ...withPayable, ...probed };
  });

  const externals = new Map<string, ExternalContract>();
  const callsOnCaller = new Set<string>();
  for (const method of exports.methods) {
    for (const call of callsOf(method)) {
      if (call.receiver === contractId) continue;
      if (call.receiver === DISCOVERY_USER) {
        callsOnCaller.add(call.method);
        continue;
      }
      const external = externals.get(call.receiver) ?? { account: call.receiver, methods: [], calledBy: [] };
      if (!external.methods.includes(call.method)) external.methods.push(call.method);
      if (!external.calledBy.includes(method)) external.calledBy.push(method);
      externals.set(call.receiver, external);
    }
  }
  for (const e of externals.values()) e.methods.sort();

  const sdk = exports.nearSdkJs ? 'near-sdk-js' : abi ? 'near-sdk-rs' : 'unknown';
  return {
    contractId,
    sdk,
    ...(abi ? { abiVersion: abi.schemaVersion } : {}),
    ...(last.init ? { init: last.init } : {}),
    methods,
    externals: [...externals.values()].sort((a, b) => a.account.localeCompare(b.account)),
    callsOnCaller: [...callsOnCaller].sort(),
    notes,
  };
}
