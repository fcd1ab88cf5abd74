/**
 * A counterexample file is checked before anything runs: against the format (its schema and
 * limits) and against the scenario it names. Each case takes a real file of the committed
 * corpus, changes one field, and expects replay to refuse it with a CounterexampleError that
 * names the field, the value and what was expected. None of them deploys or runs anything.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { LATEST_PROTOCOL } from '../../runtime/index.js';
import { loadScenarios } from '../../scenario/index.js';
import {
  corpusFiles,
  CounterexampleError,
  MAX_DELAY_BLOCKS,
  MAX_DELAY_NESTING,
  MAX_DELAYS_PER_STEP,
  MAX_JSON_DEPTH,
  MAX_ORDER_ENTRIES,
  MAX_PLAN_STEPS,
  MAX_PREPAID_GAS,
  MAX_WAIT_BLOCKS,
  parseCounterexample,
  readCounterexample,
  replayCounterexample,
} from '../index.js';
import { scenarioMisfits } from '../scenario-fit.js';

/** The committed corpus's counterexample for variant (c), whatever its hash (the corpus is regenerated when contracts or invariants change). */
const CORPUS_FILE = corpusFiles(join(PACKAGE_ROOT, 'counterexamples')).find((file) => /\/buggy-c-refund-to-signer--deposit-refunded--[0-9a-f]+\.json$/.test(file))!;
/**
 * The plan every edit starts from, fixed here rather than taken from the corpus (whose plan
 * changes when the corpus is regenerated): one step, alice relays 1 NEAR into relay_stake;
 * gate.test.near.check answers `fail "paused"`.
 */
const BASE_PLAN = {
  steps: [
    {
      caller: 'alice.test.near',
      method: 'relay_stake',
      receiver: 'vault.test.near',
      args: { gate: 'gate.test.near', pool: 'pool.test.near' },
      deposit: '1000000000000000000000000',
      gas: '300000000000000',
      via: 'relay.test.near',
      wait: 0,
      answers: { 'gate.test.near.check': { kind: 'fail', message: 'paused' } },
      delays: [],
    },
  ],
  order: [],
};
const STEP = ['plan', 'steps', 0] as const;
const ANSWER = [...STEP, 'answers', 'gate.test.near.check'] as const;

let scratch: string;
beforeAll(() => {
  mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
  scratch = mkdtempSync(join(PACKAGE_ROOT, '.build/test-counterexample-validation-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Path = readonly (string | number)[];

const corpusFile: unknown = { ...(JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as object), plan: BASE_PLAN };

function valueIn(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined), data);
}

/** The corpus file's JSON with the value at `path` replaced (undefined: removed). */
function withField(data: unknown, path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(data);
  const parent = valueIn(copy, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) throw new Error(`no field ${path.join('.')} in ${CORPUS_FILE}`);
  Reflect.set(parent, path.at(-1)!, value);
  return copy;
}

let written = 0;
function fileHolding(text: string): string {
  const file = join(scratch, `edited-${written++}.json`);
  writeFileSync(file, text);
  return file;
}

/** The corpus file with each of `edits` applied, written where replay can read it. */
function editedFile(...edits: [Path, unknown][]): string {
  return fileHolding(JSON.stringify(edits.reduce((data, [path, value]) => withField(data, path, value), corpusFile)));
}

/** Replays the file, expecting a refusal; returns it. */
async function refusal(file: string): Promise<CounterexampleError> {
  const outcome = await replayCounterexample(file).then(
    () => 'replayed',
    (error: unknown) => error,
  );
  if (!(outcome instanceof CounterexampleError)) throw new Error(`expected a CounterexampleError, got ${String(outcome)}`);
  return outcome;
}

const problemsOf = async (file: string) => (await refusal(file)).problems;

/** `{kind: "delay", blocks: 1, then: …}` nested `depth` times around a trap. */
const nestedDelays = (depth: number): unknown => (depth === 0 ? { kind: 'trap' } : { kind: 'delay', blocks: 1, then: nestedDelays(depth - 1) });

describe('the committed corpus', () => {
  it('passes every check: the format, its limits, and the scenario it names', async () => {
    const scenarios = await loadScenarios('properties/scenarios/index.ts', PACKAGE_ROOT);
    for (const file of corpusFiles(join(PACKAGE_ROOT, 'counterexamples'))) {
      const counterexample = readCounterexample(file);
      expect(scenarioMisfits(counterexample.plan, scenarios.find((s) => s.name === counterexample.scenario.name)!), file).toEqual([]);
    }
  });

  it('is read as it is: what replay runs is exactly the JSON of the file, key order included', () => {
    // An answer reaches the mock's storage as JSON: its bytes cost gas, which shows in the trace.
    for (const file of corpusFiles(join(PACKAGE_ROOT, 'counterexamples'))) {
      const text = readFileSync(file, 'utf8');
      expect(JSON.stringify(parseCounterexample(file, text)), file).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it('gas is bounded by the max prepaid gas of the runtime replays run on', () => {
    expect(MAX_PREPAID_GAS).toBe(LATEST_PROTOCOL.maxTotalPrepaidGas);
  });
});

describe('a file is refused, naming the field, when a value is not what the format allows', () => {
  const BLOCKS = (max: number, limit: string) => `a whole number of blocks from 0 to ${max} (${limit})`;
  const YOCTO = 'a yoctoNEAR amount (a decimal string of digits below 2^128)';
  const cases: { what: string; path: Path; value: unknown; problem: string }[] = [
    { what: 'a huge wait (replay would produce that many blocks, one by one)', path: [...STEP, 'wait'], value: 1e9, problem: `plan.steps[0].wait: 1000000000 is not ${BLOCKS(MAX_WAIT_BLOCKS, 'MAX_WAIT_BLOCKS')}` },
    { what: 'a negative wait', path: [...STEP, 'wait'], value: -1, problem: `plan.steps[0].wait: -1 is not ${BLOCKS(MAX_WAIT_BLOCKS, 'MAX_WAIT_BLOCKS')}` },
    { what: 'a fractional wait', path: [...STEP, 'wait'], value: 0.5, problem: `plan.steps[0].wait: 0.5 is not ${BLOCKS(MAX_WAIT_BLOCKS, 'MAX_WAIT_BLOCKS')}` },
    {
      what: 'a huge receipt delay',
      path: [...STEP, 'delays'],
      value: [{ receipt: 0, blocks: 1e9 }],
      problem: `plan.steps[0].delays[0].blocks: 1000000000 is not ${BLOCKS(MAX_DELAY_BLOCKS, 'MAX_DELAY_BLOCKS')}`,
    },
    {
      what: 'a receipt index that is not a whole number',
      path: [...STEP, 'delays'],
      value: [{ receipt: -1.5, blocks: 1 }],
      problem: "plan.steps[0].delays[0].receipt: -1.5 is not a receipt index (a whole number from 0: which receipt of the step's tree, in creation order)",
    },
    {
      what: 'more receipt delays than MAX_DELAYS_PER_STEP',
      path: [...STEP, 'delays'],
      value: Array.from({ length: MAX_DELAYS_PER_STEP + 1 }, () => ({ receipt: 0, blocks: 1 })),
      problem: `plan.steps[0].delays: an array of ${MAX_DELAYS_PER_STEP + 1} items is not a list of at most ${MAX_DELAYS_PER_STEP} receipt delays (MAX_DELAYS_PER_STEP)`,
    },
    { what: 'a deposit of "lots"', path: [...STEP, 'deposit'], value: 'lots', problem: `plan.steps[0].deposit: "lots" is not ${YOCTO}` },
    { what: 'a deposit of 2^128 yocto', path: [...STEP, 'deposit'], value: (2n ** 128n).toString(), problem: `plan.steps[0].deposit: "${2n ** 128n}" is not ${YOCTO}` },
    { what: 'a negative deposit', path: [...STEP, 'deposit'], value: '-1', problem: `plan.steps[0].deposit: "-1" is not ${YOCTO}` },
    { what: 'a deposit as a number', path: [...STEP, 'deposit'], value: 1e24, problem: `plan.steps[0].deposit: 1e+24 is not ${YOCTO}` },
    {
      what: "gas above NEAR's max prepaid gas",
      path: [...STEP, 'gas'],
      value: (MAX_PREPAID_GAS + 1n).toString(),
      problem: `plan.steps[0].gas: "${MAX_PREPAID_GAS + 1n}" is not an amount of gas (a decimal string of digits, at most ${MAX_PREPAID_GAS}: NEAR's max prepaid gas)`,
    },
    { what: 'a fractional seed', path: ['seed'], value: 4.2, problem: 'seed: 4.2 is not an integer (the fast-check seed)' },
    {
      what: 'an unknown mock behaviour kind',
      path: [...ANSWER, 'kind'],
      value: 'explode',
      problem: 'plan.steps[0].answers["gate.test.near.check"].kind: "explode" is not a mock behaviour kind (return, bytes, fail, trap, exhaust-gas, malformed, delay, promise, reenter)',
    },
    {
      what: 'a delay answer without what follows it',
      path: ANSWER,
      value: { kind: 'delay', blocks: 2 },
      problem: 'plan.steps[0].answers["gate.test.near.check"].then: missing (expected a mock behaviour (an object whose "kind" is return, bytes, fail, trap, exhaust-gas, malformed, delay, promise, reenter))',
    },
    {
      what: 'a huge delay answer',
      path: ANSWER,
      value: { kind: 'delay', blocks: 1e9, then: { kind: 'trap' } },
      problem: `plan.steps[0].answers["gate.test.near.check"].blocks: 1000000000 is not a whole number of blocks from 1 to ${MAX_DELAY_BLOCKS} (MAX_DELAY_BLOCKS)`,
    },
    {
      what: 'delay answers nested deeper than MAX_DELAY_NESTING',
      path: ANSWER,
      value: nestedDelays(MAX_DELAY_NESTING + 1),
      problem:
        `plan.steps[0].answers["gate.test.near.check"]${'.then'.repeat(MAX_DELAY_NESTING)}: {"kind":"delay","blocks":1,"then":{"kind":"trap"}} is not ` +
        `a mock behaviour the format allows this deep (delay answers nest at most ${MAX_DELAY_NESTING} deep: MAX_DELAY_NESTING)`,
    },
    {
      what: 'delay answers nested a thousand deep (deeper than any JSON the format allows)',
      path: ANSWER,
      value: nestedDelays(1_000),
      problem: `plan.steps[0].answers["gate.test.near.check"]: nests deeper than the ${MAX_JSON_DEPTH} levels of JSON the format allows (MAX_JSON_DEPTH)`,
    },
    {
      what: 'more steps than MAX_PLAN_STEPS',
      path: ['plan', 'steps'],
      value: Array.from({ length: MAX_PLAN_STEPS + 1 }, () => valueIn(corpusFile, STEP)),
      problem: `plan.steps: an array of ${MAX_PLAN_STEPS + 1} items is not a list of at most ${MAX_PLAN_STEPS} plan steps (MAX_PLAN_STEPS)`,
    },
    {
      what: 'more order entries than MAX_ORDER_ENTRIES',
      path: ['plan', 'order'],
      value: Array.from({ length: MAX_ORDER_ENTRIES + 1 }, () => 0),
      problem: `plan.order: an array of ${MAX_ORDER_ENTRIES + 1} items is not a list of at most ${MAX_ORDER_ENTRIES} receipt order choices (MAX_ORDER_ENTRIES)`,
    },
    { what: 'a negative order choice', path: ['plan', 'order'], value: [-3], problem: 'plan.order[0]: -3 is not a receipt order choice (a whole number from 0 to 4294967295)' },
    {
      what: 'a misspelt field',
      path: [...STEP, 'deposits'],
      value: '1',
      problem: 'plan.steps[0]: unknown field "deposits" in a plan step (an object with caller, method, receiver, args, deposit, gas, via, wait, answers, unregisteredAt, delays)',
    },
    {
      what: 'a missing field',
      path: [...STEP, 'caller'],
      value: undefined,
      problem: 'plan.steps[0].caller: missing (expected a NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them))',
    },
  ];

  it.each(cases)('$what', async ({ path, value, problem }) => {
    const error = await refusal(editedFile([path, value]));
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(problem);
  });

  it('reports every problem of a file at once', async () => {
    const problems = await problemsOf(editedFile([[...STEP, 'wait'], 1e9], [[...STEP, 'deposit'], 'lots'], [[...ANSWER, 'kind'], 'explode']));
    expect(problems.map((p) => p.split(':')[0])).toEqual(['plan.steps[0].deposit', 'plan.steps[0].wait', 'plan.steps[0].answers["gate.test.near.check"].kind']);
  });
});

describe('a file is refused, naming the field, when its plan names what its scenario does not have', () => {
  const cases: { what: string; path: Path; value: unknown; problem: string }[] = [
    {
      what: 'an unknown caller',
      path: [...STEP, 'caller'],
      value: 'mallory.test.near',
      problem: 'plan.steps[0].caller: "mallory.test.near" is not a user of scenario "buggy-c-refund-to-signer" (its users: alice.test.near, bob.test.near)',
    },
    {
      what: 'an unknown method',
      path: [...STEP, 'method'],
      value: 'withdraw_all',
      problem:
        'plan.steps[0].method: "withdraw_all" is not a method of scenario "buggy-c-refund-to-signer" ' +
        '(its methods: deposit, withdraw, stake, transfer_stake, batch_stake, split_stake, relay_stake, pay, withdraw_tokens)',
    },
    {
      what: 'a method sent to another account than the scenario sends it to',
      path: [...STEP, 'receiver'],
      value: 'pool.test.near',
      problem: 'plan.steps[0].receiver: "pool.test.near" is not the account scenario "buggy-c-refund-to-signer" calls "relay_stake" on (vault.test.near)',
    },
    {
      what: 'a relay that is not a relay mock',
      path: [...STEP, 'via'],
      value: 'gate.test.near',
      problem: 'plan.steps[0].via: "gate.test.near" is not a relay mock of scenario "buggy-c-refund-to-signer" (its relays: relay.test.near)',
    },
    {
      what: 'an answer of an unknown mock',
      path: [...STEP, 'answers'],
      value: { 'oracle.test.near.check': { kind: 'trap' } },
      problem:
        'plan.steps[0].answers["oracle.test.near.check"]: "oracle.test.near.check" is not "<mock account>.<method>" of a mock of scenario "buggy-c-refund-to-signer" ' +
        '(one of: pool.test.near.deposit_and_stake, pool.test.near.storage_deposit, pool-b.test.near.deposit_and_stake, pool-b.test.near.storage_deposit, gate.test.near.check, shop.test.near.buy)',
    },
    {
      what: 'an unregistered account at something that is not a token',
      path: [...STEP, 'unregisteredAt'],
      value: ['pool.test.near'],
      problem: 'plan.steps[0].unregisteredAt[0]: "pool.test.near" is not a fungible-token mock of scenario "buggy-c-refund-to-signer" (its tokens: token.test.near)',
    },
  ];

  it.each(cases)('$what', async ({ path, value, problem }) => {
    expect(await problemsOf(editedFile([path, value]))).toEqual([problem]);
  });

  it('a relayed call of a method the scenario never relays', async () => {
    const problems = await problemsOf(editedFile([[...STEP, 'method'], 'pay'], [[...STEP, 'args'], { merchant: 'shop.test.near', amount: '1' }]));
    expect(problems).toEqual([
      'plan.steps[0].via: "relay.test.near" is not allowed here: method "pay" of scenario "buggy-c-refund-to-signer" is not relayable, so it is never called through a relay',
    ]);
  });

  it('reports every misfit at once, under a heading naming the scenario', async () => {
    const error = await refusal(editedFile([[...STEP, 'caller'], 'mallory.test.near'], [[...STEP, 'method'], 'withdraw_all']));
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['plan.steps[0].caller', 'plan.steps[0].method']);
    expect(error.message).toMatch(/: its plan does not fit scenario "buggy-c-refund-to-signer" \(properties\/scenarios\/index\.ts\):\n {2}- plan\.steps\[0\]\.caller/);
  });
});

describe('a file that cannot be replayed at all is refused with what is wrong, never a hang or a raw error', () => {
  it('a missing file', async () => {
    expect(await problemsOf(join(scratch, 'nowhere.json'))).toEqual(['no such counterexample file']);
  });

  it('a folder instead of a file', async () => {
    expect(await problemsOf(scratch)).toEqual([expect.stringMatching(/^cannot be read \(EISDIR/)]);
  });

  it('not JSON', async () => {
    expect(await problemsOf(fileHolding('{"format": "near-rollback-harness/cou'))).toEqual([expect.stringMatching(/^not valid JSON \(.*\); the file is corrupt/)]);
  });

  it.each([['an array', '[1, 2]'], ['a number', '42'], ['null', 'null'], ['another format', '{"format": "something-else", "version": 1}']])('%s instead of a counterexample', async (_what, text) => {
    expect(await problemsOf(fileHolding(text))).toEqual(['not a near-rollback-harness counterexample (no "format": "near-rollback-harness/counterexample")']);
  });

  it('another version of the format', async () => {
    expect(await problemsOf(editedFile([['version'], 2]))).toEqual([
      "written in counterexample format version 2; this harness reads version 1. Regenerate it with this version's `run` or `fuzz`.",
    ]);
  });

  it('a scenario module that no longer defines the scenario', async () => {
    const error = await refusal(editedFile([['scenario', 'name'], 'buggy-z-removed']));
    expect(error.message).toMatch(/: cannot load scenario "buggy-z-removed" from properties\/scenarios\/index\.ts, which this counterexample was found in:/);
    expect(error.problems).toEqual([expect.stringMatching(/^no scenario named "buggy-z-removed" in properties\/scenarios\/index\.ts; it defines: vault, buggy-a-state-not-restored, /)]);
  });

  it('a scenario module that is gone', async () => {
    const problems = await problemsOf(editedFile([['scenario', 'module'], 'properties/scenarios/removed.scenario.ts']));
    expect(problems).toEqual([expect.stringMatching(/^scenario module not found: .*properties\/scenarios\/removed\.scenario\.ts — name yours with --scenarios/)]);
  });

  it('a contract wasm that is missing', async () => {
    const module = join(scratch, 'no-wasm.scenario.ts');
    const vault = relative(scratch, join(PACKAGE_ROOT, 'properties/scenarios/vault.scenario.js'));
    writeFileSync(module, `import { vaultScenario } from '${vault}';\nexport const scenarios = [vaultScenario('contract/build/removed.wasm', 'buggy-c-refund-to-signer')];\n`);
    const problems = await problemsOf(editedFile([['scenario', 'module'], relative(PACKAGE_ROOT, module)]));
    expect(problems).toEqual([expect.stringMatching(/^wasm not found: .*contract\/build\/removed\.wasm \(build it, or fix the path/)]);
  });
});
