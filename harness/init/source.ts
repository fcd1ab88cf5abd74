/**
 * The starting scenario module `init` writes: the contract (its wasm, relative to the
 * module, and its init call), its call methods with placeholder arbitraries, its views and
 * callbacks named, a mock for every external contract it was seen calling with the methods
 * it called — and comments saying what was found, how, and what is left to fill in.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Json } from '../scenario/index.js';
import { recordSource, usesAmount } from './abi.js';
import type { ContractDescription, DescribedMethod, ExternalContract } from './describe.js';
import { InitError } from './errors.js';

export interface ScenarioPaths {
  /** The contract's .wasm, absolute or relative to the current folder. */
  wasmPath: string;
  /** Where the scenario module will be written, absolute or relative to the current folder. */
  scenarioPath: string;
  /** The scenario's name. */
  name: string;
}

const NEAR = 10n ** 24n;
const USERS = ['alice.test.near', 'bob.test.near'];
const ATTACKER = 'attacker.test.near';
/** Method names a mock can declare (as the scenario checks them). */
const MOCK_METHOD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** What a NEP-141 token's interface looks like from a caller. */
const TOKEN_METHODS = new Set(['ft_transfer', 'ft_transfer_call', 'storage_deposit']);

/** A JSON value as TypeScript source: identifier keys bare, strings in single quotes. */
export function tsValue(value: Json): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(tsValue).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : quote(k)}: ${tsValue(v)}`).join(', ')} }`;
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;

/** yoctoNEAR as source: whole NEAR as `n * NEAR`, the rest as a bigint literal. */
function yocto(amount: bigint): string {
  if (amount === 0n) return '0n';
  if (amount % NEAR === 0n) return amount === NEAR ? 'NEAR' : `${amount / NEAR}n * NEAR`;
  return `${amount}n`;
}

/** yoctoNEAR for a reader: whole NEAR as "2 NEAR", the rest as "1 yoctoNEAR". */
const human = (amount: bigint) => (amount % NEAR === 0n && amount > 0n ? `${amount / NEAR} NEAR` : `${amount} yoctoNEAR`);

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Text for a `//` comment: one line, trimmed. */
function oneLine(text: string, max = 140): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The wasm path as the module names it: relative to the module's folder, with forward slashes. */
function wasmFromModule(paths: ScenarioPaths): string {
  const wasm = resolve(paths.wasmPath);
  const folder = dirname(resolve(paths.scenarioPath));
  const path = relative(folder, wasm).split('\\').join('/');
  if (isAbsolute(path)) return path;
  return path.startsWith('.') ? path : `./${path}`;
}

function runSummary(method: DescribedMethod): string {
  const ok = method.runs.find((r) => r.failure === undefined);
  const shown = ok ?? method.runs[method.runs.length - 1];
  if (!shown) return 'not run';
  const attached = (deposit: bigint) => (deposit === 0n ? 'no deposit' : `${human(deposit)} attached`);
  const after = shown.afterOthers ? ', after the other methods had run once' : '';
  if (ok) return `ran once with ${tsValue(ok.args)} and ${attached(ok.deposit)}${after}: succeeded`;
  const failures = method.runs.map((r) => oneLine(r.failure ?? '', 110));
  if (new Set(failures).size === 1) {
    return `failed with ${tsValue(shown.args)} and ${method.runs.length > 1 ? `each deposit tried (${method.runs.map((r) => (r.deposit === 0n ? 'none' : human(r.deposit))).join(', ')})` : attached(shown.deposit)}${after}: ${failures[0]}`;
  }
  return `failed with ${tsValue(shown.args)}${after}: ${method.runs.map((r, i) => `${attached(r.deposit)}, ${failures[i]}`).join('; ')}`;
}

function argsSource(method: DescribedMethod): { text: string; todo: string } {
  if (method.params && method.params.length > 0) {
    return { text: recordSource(method.params.map((p) => ({ name: p.name, type: p.type }))), todo: 'narrow the arbitraries from the ABI to values that make sense' };
  }
  if (method.params) return { text: 'fc.constant({})', todo: 'the ABI lists no parameters' };
  const ran = method.runs.find((r) => r.failure === undefined) ?? method.runs[0];
  const args = ran?.args;
  if (args !== undefined && args !== null && typeof args === 'object' && !Array.isArray(args) && Object.keys(args).length > 0) {
    return { text: `fc.constant(${tsValue(args)})`, todo: 'the arguments it ran with; draw them instead' };
  }
  return { text: 'fc.constant({})', todo: 'its arguments' };
}

function depositSource(method: DescribedMethod): { line?: string; comment?: string } {
  if (method.payable === false) return { comment: 'it refuses deposits' };
  const ok = method.runs.find((r) => r.failure === undefined && r.deposit > 0n);
  if (ok) return { line: `deposit: () => fc.constant(${yocto(ok.deposit)})` };
  if (method.payable === true) return { line: 'deposit: () => fc.constant(NEAR)' };
  return { comment: 'a deposit, deposit: () => fc.constant(NEAR), if it takes one' };
}

function methodSource(method: DescribedMethod): string[] {
  const lines = [`    // ${method.name}: ${method.guessed ? 'a call, guessed' : 'a call'}: ${oneLine(method.evidence, 200)}.`, `    // It ${runSummary(method)}.`];
  if (method.calls.length > 0 || method.callbacks.length > 0) {
    lines.push(`    // It calls ${[...method.calls, ...method.callbacks.map((c) => `${c} (callback)`)].join(', ')}.`);
  }
  const args = argsSource(method);
  const deposit = depositSource(method);
  lines.push(`    // TODO: ${args.todo}${deposit.comment ? `; ${deposit.comment}` : ''}.`);
  const forwards = method.payable !== false && method.calls.length > 0 && deposit.line !== undefined;
  if (forwards) lines.push('    // TODO: forwardsDeposit: true if the deposit goes on to the contracts it calls (it must come back when they fail).');
  const fields = [`name: ${quote(method.name)}`, `args: () => ${args.text}`, ...(deposit.line ? [deposit.line] : [])];
  lines.push(`    { ${fields.join(', ')} },`);
  return lines;
}

function mockSource(external: ExternalContract): string[] {
  const declarable = external.methods.filter((m) => MOCK_METHOD.test(m));
  const odd = external.methods.filter((m) => !MOCK_METHOD.test(m));
  const lines = [`    // Called by ${external.calledBy.join(', ')}. TODO: how each method answers (default, returns, behaviour).`];
  if (external.methods.some((m) => TOKEN_METHODS.has(m))) {
    lines.push("    // It looks like a NEP-141 token: kind: 'fungible-token' (with init: { method: 'init', args: { owner_id, total_supply } }) deploys a working one.");
  }
  if (odd.length > 0) lines.push(`    // Also called, but not a name a mock can declare: ${odd.join(', ')}.`);
  lines.push(`    { id: ${quote(external.account)}, kind: 'mock', methods: { ${declarable.map((m) => `${m}: {}`).join(', ')} } },`);
  return lines;
}

/** The starting scenario module for a described contract. */
export function startingScenario(description: ContractDescription, paths: ScenarioPaths): string {
  if (paths.name.trim() === '') throw new InitError('the scenario needs a name (a non-empty string, e.g. the contract\'s)');
  const byRole = (role: DescribedMethod['role']) => description.methods.filter((m) => m.role === role);
  let calls = byRole('call');
  const views = byRole('view');
  const callbacks = byRole('callback');
  const noCalls = calls.length === 0;
  if (noCalls) calls = views; // a scenario needs methods to call: the guessed views, until the user knows better
  const accounts = new Set([description.contractId, ...description.externals.map((e) => e.account)]);
  const users = USERS.filter((u) => !accounts.has(u));
  const amounts = calls.some((m) => m.params?.some((p) => usesAmount(p.type)));
  const initMethod = byRole('init')[0];
  const init = description.init;

  const found = [
    `${count(description.methods.length, 'method')} (${description.sdk === 'unknown' ? 'built with an SDK init could not tell' : `a ${description.sdk} contract`}${description.abiVersion ? `, with an embedded ABI, schema ${description.abiVersion}` : ', no embedded ABI: views and calls told apart by running them'})`,
    `${count(calls.length, 'method')} to call${noCalls ? ' (none was found to be a call: the guessed views stand in)' : ''}, ${count(views.length, 'view')}, ${count(callbacks.length, 'callback')}`,
    description.externals.length > 0 ? `calls to ${description.externals.map((e) => `${e.account} (${e.methods.join(', ')})`).join('; ')}` : 'no call to another contract (none showed with the arguments tried)',
  ];
  const out: string[] = [
    '/**',
    ` * A starting scenario for ${paths.name}, written by \`near-rollback-harness init\`.`,
    ' *',
    ' * What init found by running each method once on the embedded runtime:',
    ...found.map((f) => ` *   - ${f.replace(/\*\//g, '* /')}`),
    ...description.notes.map((n) => ` *   - ${oneLine(n, 200).replace(/\*\//g, '* /')}`),
    ...(description.callsOnCaller.length > 0 ? [` *   - it calls ${description.callsOnCaller.join(', ')} on its caller (not mocked)`] : []),
    ' *',
    ' * Left to you (each TODO below): the init arguments, every method\'s arguments and deposit,',
    ' * how each mock answers, and the checks particular to this contract — what it owes',
    ' * (liabilities), what must be settled when nothing is in flight (quiescent), its storage rules.',
    ' * External calls that depend on arguments show up only once the arguments are real: run',
    ' * init again with them, or add the mocks by hand.',
    ' */',
    // Only the package: fast-check comes with it, whatever the project's node_modules layout.
    `import { ${amounts ? 'amountText, ' : ''}defineScenario, fc } from 'near-rollback-harness';`,
    '',
    'const NEAR = 10n ** 24n;',
    '',
    'export default defineScenario({',
    `  name: ${quote(paths.name)},`,
    '  contract: {',
    `    id: ${quote(description.contractId)},`,
    `    wasm: ${quote(wasmFromModule(paths))},`,
    '    balance: 100n * NEAR,',
  ];
  if (init && initMethod) {
    out.push(`    // ${init.method}: ${oneLine(initMethod.evidence)}; it ${init.failure === undefined ? `ran with ${tsValue(init.args)}` : `failed with ${tsValue(init.args)}: ${oneLine(init.failure, 110)}`}.`);
    out.push(`    // TODO: its arguments${initMethod.params && initMethod.params.length > 0 ? ` (${initMethod.params.map((p) => p.name).join(', ')})` : ''}.`);
    out.push(`    init: { method: ${quote(init.method)}, args: ${tsValue(init.args)} },`);
  }
  out.push('  },');
  out.push(`  // TODO: users' balances; the attacker calls callbacks directly to check they refuse it.`);
  out.push(`  users: [${users.map((u) => `{ id: ${quote(u)}, balance: 100n * NEAR }`).join(', ')}],`);
  if (!accounts.has(ATTACKER)) out.push(`  attacker: ${quote(ATTACKER)},`);
  out.push('  mocks: [');
  for (const external of description.externals) out.push(...mockSource(external));
  if (description.externals.length === 0) out.push('    // TODO: the external contracts it calls, e.g. { id: \'pool.test.near\', kind: \'mock\', methods: { deposit_and_stake: {} } }');
  out.push('  ],');
  out.push('  // TODO: setup calls made once before every run (storage registrations, seed deposits).');
  out.push('  setup: [],');
  out.push('  methods: [');
  for (const method of calls) out.push(...methodSource(method));
  out.push('  ],');
  if (!noCalls && views.length > 0) {
    out.push(`  // Views (not called as steps; for projections, liabilities and checks): ${views.map((v) => `${v.name}${v.guessed ? ' (guessed)' : ''}`).join(', ')}.`);
  }
  for (const cb of callbacks) out.push(`  // ${cb.name}: ${oneLine(cb.evidence, 150)}.`);
  out.push(`  callbacks: [${callbacks.map((c) => quote(c.name)).join(', ')}],`);
  if (callbacks.length > 0) out.push('  // TODO: callbackProbeArgs: arguments that would make each callback act, were it callable by anyone.');
  const accountView = noCalls ? undefined : views.find((v) => /account|balance|_of$/.test(v.name));
  if (accountView) out.push(`  // TODO: projections: per-user views to compare runs by, e.g. [{ method: ${quote(accountView.name)}, args: (user) => ({ account_id: user }) }].`);
  out.push('  // TODO: liabilities (what it owes, and who holds what backs it), quiescent(state), invariants, storage.');
  out.push('  limits: { maxSteps: 6, maxWait: 3, maxDelay: 2 },');
  out.push('});');
  return `${out.join('\n')}\n`;
}
