/**
 * The package as a user meets it: packed with `npm pack`, installed into a new project of
 * their own outside this repository, and used from that project's folder — `init` on their
 * contract, `run`, `replay`, `replay --emit-test`, a vitest suite of their own through
 * `near-rollback-harness/vitest` — once in an ES module project and once in a CommonJS one.
 *
 * Offline: the projects install from npm's cache only (`--offline`), never the registry.
 * A user would type `npm install <tarball>`, which resolves the package's dependency ranges
 * against the registry's package documents; CI's cache holds the tarballs `npm ci` fetched
 * for this repository, and the newest versions in those documents are not always among them
 * (fast-check 4.11.0 had been published while the repository's lockfile still named 4.10.2):
 * `npm install --offline` then stops with ENOTCACHED, and `--prefer-offline` would reach the
 * registry. So each project gets a lockfile naming, for the package and everything it needs,
 * the versions the repository's own lockfile names — what CI has just tested, and exactly
 * the tarballs in the cache — and installs it with `npm ci --offline`, as a project with a
 * lockfile does. Nothing else differs from `npm install <tarball>`: npm reads the tarball's
 * own package.json for its bin and dependencies.
 *
 * CI runs this on a fresh clone after `npm ci`, where dist/ does not exist yet: the test
 * builds the package itself (the repository's .npmrc has ignore-scripts=true, so `npm pack`
 * runs no prepack). Every step is a whole npm install, build or NEAR run: no timeouts (0).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../../backend/index.js';

const NO_TIMEOUT = 0;
const REPOSITORY = PACKAGE_ROOT;

// ---- running commands as a user does, in a shell of their own ----

interface Outcome {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: none of the npm_* variables `npm test` sets for this
 * repository (its ignore-scripts, its package fields), none of vitest's own, no colours;
 * npm's cache and registry are kept, and every npm command is offline.
 */
function userEnvironment(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_cache', 'npm_config_registry']);
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const ours = /^(npm_|vitest|vite_)/i.test(key) || ['TEST', 'NODE_ENV', 'NODE_OPTIONS', 'FORCE_COLOR'].includes(key);
    if (!ours || kept.has(key.toLowerCase())) environment[key] = value;
  }
  return { ...environment, NO_COLOR: '1', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}
const USER_ENVIRONMENT = userEnvironment();

function sh(cwd: string, command: string, args: readonly string[]): Outcome {
  const result = spawnSync(command, args, { cwd, env: USER_ENVIRONMENT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { command: `${command} ${args.join(' ')}`, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a command printed, for an assertion that fails. */
function transcript(outcome: Outcome): string {
  return `$ ${outcome.command} → exit status ${outcome.status}\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`;
}

function succeeded(outcome: Outcome): Outcome {
  expect(outcome.status, transcript(outcome)).toBe(0);
  return outcome;
}

const harness = (cwd: string, ...args: string[]) => sh(cwd, 'npx', ['near-rollback-harness', ...args]);

/** A stack trace line: a user is told what to do, never shown where in the harness it failed. */
const STACK_LINE = /^\s+at .+:\d+/m;

// ---- the package, packed ----

const packEntrySchema = z.object({
  filename: z.string(),
  size: z.number(),
  unpackedSize: z.number(),
  entryCount: z.number(),
  files: z.array(z.object({ path: z.string() })),
});
type PackEntry = z.infer<typeof packEntrySchema>;

let workspace = '';
let tarball = '';
let packed: PackEntry;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'nrh-user-journey-'));
  succeeded(sh(REPOSITORY, 'npm', ['run', 'build']));
  // --ignore-scripts: it was just built, and no prepack output may mix into the JSON.
  const pack = succeeded(sh(REPOSITORY, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workspace]));
  const [entry] = z.array(packEntrySchema).length(1).parse(JSON.parse(pack.stdout));
  packed = entry!;
  tarball = join(workspace, packed.filename);
  console.log(
    `user journey: ${packed.filename} is ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`,
  );
}, NO_TIMEOUT);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

it('the tarball holds the compiled package, its mock token and bin, and none of the repository\'s tests, CI or example contracts', () => {
  const paths = packed.files.map((f) => f.path);
  for (const path of [
    'package.json',
    'bin/near-rollback-harness.js',
    'dist/harness/api/index.js',
    'dist/harness/api/index.d.ts',
    'dist/harness/vitest/index.js',
    'dist/harness/vitest/index.d.ts',
    'dist/harness/runtime/index.js',
    'dist/harness/cli/main.js',
    'mocks/build/mock-ft.wasm',
  ]) {
    expect(paths, path).toContain(path);
  }
  const unwanted = paths.filter(
    (path) =>
      /\.test\.ts$/.test(path) ||
      /(^|\/)test\//.test(path) ||
      /^\.(ci|github)\//.test(path) ||
      path.startsWith('contract/') ||
      path.startsWith('counterexamples/') ||
      path.startsWith('properties/') ||
      // TypeScript sources would make the bin run them through tsx instead of dist/;
      // dist/ holds every module compiled, so no .ts but declarations ships.
      path.startsWith('harness/') ||
      (path.endsWith('.ts') && !path.endsWith('.d.ts')),
  );
  expect(unwanted).toEqual([]);
});

it('every module the package\'s JavaScript imports is a Node built-in, the package itself, a dependency or a declared optional peer', () => {
  const manifest = manifestSchema.parse(readJson(join(REPOSITORY, 'package.json')));
  const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const optional = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional === true).map(([name]) => name));
  const undeclared: string[] = [];
  const peers = new Set<string>();
  for (const path of packed.files.map((f) => f.path).filter((p) => p.endsWith('.js'))) {
    const code = readFileSync(join(REPOSITORY, path), 'utf8');
    // Static imports and re-exports, import(), import.meta.resolve() and require.resolve() of a literal.
    const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\.resolve\(\s*)(['"])([^'"]+)\1/g)].map((m) => m[2]!);
    for (const specifier of specifiers) {
      // Relative, built-in, or text the package writes (an import line in an emitted test).
      if (/^(\.|\/|node:|data:)/.test(specifier) || specifier.includes('${')) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      if (!declared.has(name)) undeclared.push(`${path}: ${specifier}`);
      else if (manifest.peerDependencies?.[name] !== undefined) peers.add(name);
    }
  }
  expect(undeclared).toEqual([]);
  // Peers load on first use only (workspaces backend, vitest entry, build command): each is optional.
  expect([...peers].filter((name) => !optional.has(name))).toEqual([]);
  expect(peers.size).toBeGreaterThan(0);
});

// ---- a project's lockfile, from the repository's ----

const lockEntrySchema = z
  .object({
    version: z.string(),
    dependencies: z.record(z.string(), z.string()).optional(),
    optionalDependencies: z.record(z.string(), z.string()).optional(),
    peerDependencies: z.record(z.string(), z.string()).optional(),
    peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() })).optional(),
  })
  .loose();
type LockEntry = z.infer<typeof lockEntrySchema>;
const lockfileSchema = z.object({ packages: z.record(z.string(), lockEntrySchema) });

const manifestSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    license: z.string().optional(),
    dependencies: z.record(z.string(), z.string()).optional(),
    devDependencies: z.record(z.string(), z.string()).optional(),
    bin: z.record(z.string(), z.string()).optional(),
    engines: z.record(z.string(), z.string()).optional(),
    peerDependencies: z.record(z.string(), z.string()).optional(),
    peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() })).optional(),
  })
  .loose();

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/**
 * Pins `project` to the tarball and, when `devPackages` are named, to those too (at the
 * versions the repository's lockfile has): its package.json and a package-lock.json holding
 * every package they need, found the way node finds them (nested folders first), with its
 * registry tarball URL and the lockfile's integrity.
 */
function pinDependencies(project: string, devPackages: readonly string[]): void {
  const repositoryLock = lockfileSchema.parse(readJson(join(REPOSITORY, 'package-lock.json'))).packages;
  const harnessManifest = manifestSchema.parse(readJson(join(REPOSITORY, 'package.json')));
  const registry = sh(project, 'npm', ['config', 'get', 'registry']).stdout.trim().replace(/\/?$/, '/');
  const pinned = new Map<string, LockEntry & { resolved: string }>();

  const locate = (from: string, name: string): string | undefined => {
    for (let folder = from; ; folder = folder.includes('/node_modules/') ? folder.slice(0, folder.lastIndexOf('/node_modules/')) : '') {
      const at = folder ? `${folder}/node_modules/${name}` : `node_modules/${name}`;
      if (repositoryLock[at]) return at;
      if (!folder) return undefined;
    }
  };
  const pin = (from: string, wanted: Record<string, string> | undefined, optional: (name: string) => boolean): void => {
    for (const name of Object.keys(wanted ?? {})) {
      const at = locate(from, name);
      if (at === undefined) {
        if (optional(name)) continue;
        throw new Error(`the repository's package-lock.json has no ${name} for ${from || 'the project'}`);
      }
      if (pinned.has(at)) continue;
      const entry = repositoryLock[at]!;
      // A package of the project now, not a dev dependency of the repository.
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...own } = entry;
      pinned.set(at, { ...own, resolved: `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz` });
      const peers = entry.peerDependenciesMeta ?? {};
      pin(at, entry.dependencies, () => false);
      pin(at, entry.optionalDependencies, () => true);
      pin(at, entry.peerDependencies, (peer) => peers[peer]?.optional === true);
    }
  };

  const harnessAt = 'node_modules/near-rollback-harness';
  pin(harnessAt, harnessManifest.dependencies, () => false);
  const devDependencies = Object.fromEntries(devPackages.map((name) => [name, repositoryLock[`node_modules/${name}`]?.version ?? '(not in the lockfile)']));
  pin('', devDependencies, () => false);

  const tarballSpec = `file:${relative(project, tarball)}`;
  const dependencies = { 'near-rollback-harness': tarballSpec };
  const manifest = manifestSchema.parse(readJson(join(project, 'package.json')));
  const { dependencies: _dependencies, devDependencies: _devDependencies, ...rest } = manifest;
  const projectManifest = { ...rest, dependencies, ...(devPackages.length > 0 ? { devDependencies } : {}) };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(projectManifest, null, 2)}\n`);

  const { version, license, dependencies: harnessDependencies, bin, engines, peerDependencies, peerDependenciesMeta } = harnessManifest;
  const harnessEntry = {
    version,
    resolved: tarballSpec,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license,
    dependencies: harnessDependencies,
    bin,
    engines,
    peerDependencies,
    peerDependenciesMeta,
  };
  const packages = Object.fromEntries([...pinned.entries(), [harnessAt, harnessEntry] as const].sort(([a], [b]) => a.localeCompare(b)));
  const lockfile = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: manifest.name, version: manifest.version, license: manifest.license, dependencies, ...(devPackages.length > 0 ? { devDependencies } : {}) }, ...packages },
  };
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
}

/** `npm ci --offline`: a package missing from npm's cache fails it (ENOTCACHED) rather than reaching the registry. */
function install(project: string, devPackages: readonly string[] = []): void {
  pinDependencies(project, devPackages);
  const outcome = sh(project, 'npm', ['ci', '--offline']);
  expect(
    outcome.status,
    `${transcript(outcome)}\n(ENOTCACHED: npm's cache lacks a package the repository's lockfile names; \`npm ci\` in the repository puts them there)`,
  ).toBe(0);
}

// ---- the user's files ----

/** The correct vault and a variant that never releases a user's lock after a failed stake. */
const VAULT_WASM = join(REPOSITORY, 'contract/build/vault.wasm');
const BUGGY_WASM = join(REPOSITORY, 'contract/buggy/build/i-lock-not-released.wasm');
const BUGGY_SCENARIO = 'vault-lock-not-released';

/** A finished scenario module, as a user writes one for the vault: a mock pool, stake, its callback, the vault's own checks. */
const SCENARIO_MODULE = `import { defineScenario, fc, type Scenario } from 'near-rollback-harness';

const NEAR = 10n ** 24n;
const VAULT = 'vault.test.near';
const POOL = 'pool.test.near';
const USERS = ['alice.test.near', 'bob.test.near'];

function vault(name: string, wasm: string): Scenario {
  return defineScenario({
    name,
    contract: { id: VAULT, wasm, balance: 20n * NEAR, init: { method: 'init', args: { token_id: 'token.test.near', externals: [POOL] } } },
    users: USERS.map((id) => ({ id, balance: 100n * NEAR })),
    mocks: [{ id: POOL, kind: 'mock', methods: { deposit_and_stake: {} } }],
    methods: [
      {
        name: 'stake',
        args: () => fc.constant({ pool: POOL }),
        deposit: () => fc.integer({ min: 1, max: 2 }).map((n) => BigInt(n) * NEAR),
        forwardsDeposit: true,
      },
    ],
    callbacks: ['on_stake'],
    callbackProbeArgs: { on_stake: { id: 1, account_id: 'attacker.test.near', amount: (10n * NEAR).toString() } },
    // The vault numbers its operations: a failed one may leave the counter moved on.
    allowedStorageDifferences: { stateFields: ['operations'] },
    // It opens a user's stake record without a storage deposit.
    storage: { freeBytesPerUser: 250 },
    quiescent(state) {
      const locked = USERS.filter((user) => state.view<{ in_flight: string | null }>(VAULT, 'get_account', { account_id: user }).in_flight !== null);
      return locked.length > 0 ? \`\${locked.join(', ')} still locked after every receipt has run\` : undefined;
    },
    limits: { maxSteps: 3 },
  });
}

export const scenarios: Scenario[] = [
  vault('vault', './vault.wasm'),
  { ...vault('${BUGGY_SCENARIO}', './i-lock-not-released.wasm'), expectViolation: true },
];
`;

/**
 * A scenario module that says which harness it was given (on globalThis, for the script that
 * loads it) and builds its scenario with a helper module of its own, named without extension.
 */
const PROBE_HELPER = `export const USERS = ['alice.test.near'];
`;
const probeScenario = (wasm: string, imports: string) => `${imports}
import * as fc from 'fast-check';
import { defineScenario, ScenarioError } from 'near-rollback-harness';
import { USERS } from './accounts';

(globalThis as { harnessOfScenario?: unknown }).harnessOfScenario = ScenarioError;

export const scenarios = [
  defineScenario({
    name: 'probe',
    contract: { id: 'vault.test.near', wasm: ${wasm} },
    users: USERS.map((id) => ({ id, balance: 10n ** 26n })),
    mocks: [],
    methods: [{ name: 'deposit', args: () => fc.constant({}) }],
    callbacks: [],
  }),
];
`;
/** CommonJS: \`__dirname\` is the module's folder, as in any CommonJS file. */
const PROBE_SCENARIO_COMMONJS = probeScenario("join(__dirname, '../vault.wasm')", "import { join } from 'node:path';");
const PROBE_SCENARIO_ESM = probeScenario("fileURLToPath(new URL('../vault.wasm', import.meta.url))", "import { fileURLToPath } from 'node:url';");
const LOAD_SCRIPT_COMMONJS = `const { loadScenarios, ScenarioError } = require('near-rollback-harness');
loadScenarios('scenarios/probe.scenario.ts', process.cwd()).then(([probe]) => {
  console.log(probe.name, probe.contract.wasm, 'one harness:', globalThis.harnessOfScenario === ScenarioError);
});
`;
const LOAD_SCRIPT_ESM = `import { loadScenarios, ScenarioError } from 'near-rollback-harness';
const [probe] = await loadScenarios('scenarios/probe.scenario.ts', process.cwd());
console.log(probe.name, probe.contract.wasm, 'one harness:', globalThis.harnessOfScenario === ScenarioError);
`;

/** The user's own vitest suite: each scenario as a property test. */
const VITEST_SUITE = `import { testScenario } from 'near-rollback-harness/vitest';
import { scenarios } from '../vault.scenario';

for (const scenario of scenarios) testScenario(scenario, { runs: 10 });
`;

/** A file of theirs using each entry point's types: the package, its vitest helper, the runtime. */
const TYPES_USER = `import { defineScenario, type Scenario } from 'near-rollback-harness';
import { testScenario, type ScenarioTestOptions } from 'near-rollback-harness/vitest';
import { Chain } from 'near-rollback-harness/runtime';

export const options: ScenarioTestOptions = { runs: 10 };
export const entryPoints = [defineScenario, testScenario, Chain] as const;
export type Written = Scenario['name'];
`;

const counterexampleSchema = z
  .object({
    scenario: z.object({ name: z.string(), module: z.string() }),
    violations: z.array(z.object({ invariant: z.string() })).min(1),
    trace: z.string(),
  })
  .loose();

/** A module or import that could not be found or loaded: what a broken package shows as. */
const LOAD_FAILURE = /Cannot find (module|package)|Failed to (load|resolve)|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|ERR_PACKAGE_PATH_NOT_EXPORTED|SyntaxError/;

// ---- the journey ----

function userJourney(kind: 'ES module' | 'CommonJS'): void {
  let project = '';
  /** The counterexample `run` found, relative to the project. */
  let counterexample = '';

  it('makes a project with npm init and installs the package tarball, offline, with nothing but its declared dependencies', () => {
    project = mkdtempSync(join(workspace, `${kind === 'ES module' ? 'esm' : 'cjs'}-project-`));
    succeeded(sh(project, 'npm', ['init', '-y']));
    const manifest = manifestSchema.parse(readJson(join(project, 'package.json')));
    if (kind === 'ES module') writeFileSync(join(project, 'package.json'), `${JSON.stringify({ ...manifest, type: 'module' }, null, 2)}\n`);
    else expect(manifest['type'] ?? 'commonjs', 'npm init makes a CommonJS project').toBe('commonjs');
    install(project);
    expect(existsSync(join(project, 'node_modules/near-rollback-harness/dist/harness/api/index.js'))).toBe(true);
    for (const peer of ['vitest', '@fast-check/vitest', 'near-workspaces']) expect(existsSync(join(project, 'node_modules', peer)), peer).toBe(false);
  }, NO_TIMEOUT);

  it('`npx near-rollback-harness --help` lists the commands', () => {
    const help = succeeded(harness(project, '--help'));
    expect(help.stdout).toMatch(/^usage: near-rollback-harness <command>/);
    for (const command of ['init', 'run', 'fuzz', 'replay', 'build']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.stderr).toBe('');
  }, NO_TIMEOUT);

  it('`init --wasm vault.wasm` on a copy of their contract writes rollback.scenario.ts, which `run` loads', () => {
    copyFileSync(VAULT_WASM, join(project, 'vault.wasm'));
    const init = succeeded(harness(project, 'init', '--wasm', 'vault.wasm'));
    expect(init.stdout).toContain('wrote rollback.scenario.ts');
    const starting = readFileSync(join(project, 'rollback.scenario.ts'), 'utf8');
    // It imports the package and nothing else (fast-check comes as its `fc`): it loads under
    // pnpm's strict node_modules too, where a project sees only the packages it names.
    expect([...starting.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['near-rollback-harness']);
    // The starting scenario is not finished (its TODOs): a vacuous pass (1) is expected, a scenario error (2) is not.
    const run = harness(project, 'run', '--runs', '2');
    expect([0, 1], transcript(run)).toContain(run.status);
    expect(run.stdout).toContain('checking 1 scenario(s) from rollback.scenario.ts');
  }, NO_TIMEOUT);

  it('`run --scenarios vault.scenario.ts` passes the vault and catches the buggy variant, writing its counterexample to counterexamples/found/', () => {
    writeFileSync(join(project, 'vault.scenario.ts'), SCENARIO_MODULE);
    copyFileSync(BUGGY_WASM, join(project, 'i-lock-not-released.wasm'));
    const run = succeeded(harness(project, 'run', '--scenarios', 'vault.scenario.ts', '--runs', '10'));
    expect(run.stdout).toContain('(seed 42, 10 runs each; up to 50 for those that expect a violation)');
    expect(run.stdout).toMatch(/^ok {4}vault: 10 runs, no violation/m);
    expect(run.stdout).toMatch(new RegExp(`^found ${BUGGY_SCENARIO}: `, 'm'));
    expect(run.stdout).toContain('all scenarios behaved as expected.');
    const found = readdirSync(join(project, 'counterexamples/found')).filter((name) => name.startsWith(`${BUGGY_SCENARIO}--`) && name.endsWith('.json'));
    expect(found).toHaveLength(1);
    counterexample = `counterexamples/found/${found[0]!}`;
    const file = counterexampleSchema.parse(readJson(join(project, counterexample)));
    // Named from the project root: the file says nothing of where the project or the package lies.
    expect(file.scenario).toEqual({ name: BUGGY_SCENARIO, module: 'vault.scenario.ts' });
    expect(readFileSync(join(project, counterexample), 'utf8')).not.toContain(project);
  }, NO_TIMEOUT);

  it('a script of theirs loads a TypeScript scenario with loadScenarios: one harness in the process, a helper module imported without extension, the module\'s own folder', () => {
    mkdirSync(join(project, 'scenarios'), { recursive: true });
    writeFileSync(join(project, 'scenarios/accounts.ts'), PROBE_HELPER);
    writeFileSync(join(project, 'scenarios/probe.scenario.ts'), kind === 'CommonJS' ? PROBE_SCENARIO_COMMONJS : PROBE_SCENARIO_ESM);
    const script = kind === 'CommonJS' ? 'load.cjs' : 'load.mjs';
    writeFileSync(join(project, script), kind === 'CommonJS' ? LOAD_SCRIPT_COMMONJS : LOAD_SCRIPT_ESM);
    const loaded = succeeded(sh(project, 'node', [script]));
    expect(loaded.stdout.trim()).toBe(`probe ${join(project, 'vault.wasm')} one harness: true`);
    expect(loaded.stderr).toBe('');
  }, NO_TIMEOUT);

  it('`replay` reproduces the counterexample byte for byte', () => {
    const replay = succeeded(harness(project, 'replay', counterexample));
    expect(replay.stdout).toContain(`replayed ${counterexample}: identical trace`);
  }, NO_TIMEOUT);

  it('`replay --emit-test` writes a regression test importing near-rollback-harness, which fails in vitest while the bug is there', () => {
    install(project, ['vitest', '@fast-check/vitest', 'typescript']);
    succeeded(harness(project, 'replay', counterexample, '--emit-test', 'test/regression.test.ts'));
    const test = readFileSync(join(project, 'test/regression.test.ts'), 'utf8');
    expect(test).toContain("from 'near-rollback-harness';");
    const vitest = sh(project, 'npx', ['vitest', 'run', 'test/regression.test.ts']);
    const output = `${vitest.stdout}\n${vitest.stderr}`;
    expect(vitest.status, transcript(vitest)).toBe(1);
    // It fails for the bug: the replayed violations, not a module that would not load.
    expect(output, transcript(vitest)).toMatch(/Tests {2}1 failed \(1\)/);
    expect(output).toContain('AssertionError');
    const { violations } = counterexampleSchema.parse(readJson(join(project, counterexample)));
    for (const { invariant } of violations) expect(output).toContain(`[${invariant}]`);
    expect(output).not.toMatch(LOAD_FAILURE);
  }, NO_TIMEOUT);

  it('their vitest suite, through near-rollback-harness/vitest, passes the vault and catches the variant', () => {
    mkdirSync(join(project, 'test'), { recursive: true });
    writeFileSync(join(project, 'test/vault.test.ts'), VITEST_SUITE);
    const vitest = sh(project, 'npx', ['vitest', 'run', 'test/vault.test.ts']);
    expect(vitest.status, transcript(vitest)).toBe(0);
    expect(vitest.stdout).toMatch(/Tests {2}3 passed \(3\)/);
    expect(vitest.stdout).toContain('vault: no rollback invariant is violated');
    expect(vitest.stdout).toContain(`${BUGGY_SCENARIO}: a rollback invariant is violated (expected)`);
  }, NO_TIMEOUT);

  it("their TypeScript finds the package's types for every entry point, under each module resolution a project of this kind uses", () => {
    writeFileSync(join(project, 'uses-types.ts'), TYPES_USER);
    // A CommonJS project: the old default (node10, which ignores "exports") and nodenext
    // (require of an ES module, as Node 20.19 does); an ES module project: nodenext and bundler.
    const settings =
      kind === 'CommonJS'
        ? [['--module', 'commonjs', '--moduleResolution', 'node10'], ['--module', 'nodenext']]
        : [['--module', 'nodenext'], ['--module', 'esnext', '--moduleResolution', 'bundler']];
    for (const setting of settings) {
      succeeded(sh(project, 'npx', ['tsc', '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', ...setting, 'uses-types.ts']));
    }
  }, NO_TIMEOUT);

  it('moved to another folder, node_modules and all, the project still replays its counterexample', () => {
    const moved = `${project}-moved`;
    renameSync(project, moved);
    project = moved;
    const replay = succeeded(harness(project, 'replay', counterexample));
    expect(replay.stdout).toContain(`replayed ${counterexample}: identical trace`);
  }, NO_TIMEOUT);

  it('`run --backend workspaces` without near-workspaces installed says how to install it, without a stack trace', () => {
    const run = harness(project, 'run', '--scenarios', 'vault.scenario.ts', '--runs', '2', '--backend', 'workspaces');
    expect(run.status, transcript(run)).toBe(2);
    expect(run.stderr).toContain('npm install --save-dev near-workspaces@5');
    expect(run.stderr).not.toMatch(STACK_LINE);
  }, NO_TIMEOUT);
}

describe('a user with an ES module project ("type": "module")', () => userJourney('ES module'));
describe('a user with a CommonJS project (npm init\'s default)', () => userJourney('CommonJS'));
