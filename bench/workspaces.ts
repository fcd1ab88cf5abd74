/**
 * `npm run bench:workspaces` — what near-workspaces costs on top of the embedded runtime.
 *
 *  1. Contract calls per second: the same mock call through near-workspaces' `account.call`
 *     against our JSON-RPC node, next to submitting it straight to the embedded chain.
 *  2. Harness runs per second: vault property runs on the workspaces backend, next to the
 *     embedded backend.
 *
 * Each pair prints a ratio (embedded ÷ near-workspaces).
 */
import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { EmbeddedBackend, WorkspacesBackend, type Backend } from '../harness/backend/index.js';
import { runOptions } from '../harness/check/index.js';
import { plan } from '../harness/generate/index.js';
import { startEmbeddedWorker } from '../harness/node/index.js';
import { Chain, type Action } from '../harness/runtime/index.js';
import { vaultScenario } from '../properties/scenarios/vault.scenario.js';

const calls = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 10);
const NEAR = 10n ** 24n;
const GAS = 30_000_000_000_000n;
const mockWasm = new Uint8Array(readFileSync(new URL('../mocks/build/mock.wasm', import.meta.url)));
const perSecond = (count: number, ms: number) => (count * 1000) / ms;

function swap(i: number): Action {
  return { type: 'FunctionCall', methodName: 'swap', args: new TextEncoder().encode(JSON.stringify({ i })), gas: GAS, deposit: 0n };
}

/** Direct: one transaction at a time, run to its final outcome, as the embedded backend does. */
function directCalls(): number {
  const chain = new Chain();
  chain.addAccount('mock.test.near', { balance: 100n * NEAR, code: mockWasm });
  for (let i = 0; i < 10; i++) chain.runUntilFinal(chain.submitTransaction({ signerId: 'test.near', receiverId: 'mock.test.near', actions: [swap(i)] }));
  const started = performance.now();
  for (let i = 0; i < calls; i++) chain.runUntilFinal(chain.submitTransaction({ signerId: 'test.near', receiverId: 'mock.test.near', actions: [swap(i)] }));
  return perSecond(calls, performance.now() - started);
}

/**
 * near-api-js prints every receipt's logs to the console; printing them to a terminal would
 * be measured too, so the near-workspaces phase runs with console.log/warn muted.
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try {
    return await work();
  } finally {
    Object.assign(console, { log, warn });
  }
}

/** Through near-workspaces: `root.call(mock, ...)`, which signs, sends and waits over JSON-RPC. */
async function workspacesCalls(): Promise<number> {
  const embedded = await startEmbeddedWorker();
  try {
    const root = embedded.worker.rootAccount;
    const mock = await root.devDeploy('mocks/build/mock.wasm');
    for (let i = 0; i < 10; i++) await root.call(mock, 'swap', { i }, { gas: GAS });
    const started = performance.now();
    for (let i = 0; i < calls; i++) await root.call(mock, 'swap', { i }, { gas: GAS });
    return perSecond(calls, performance.now() - started);
  } finally {
    await embedded.stop();
  }
}

async function harnessRuns(backend: Backend): Promise<number> {
  const scenario = backend.scenario;
  const options = runOptions(scenario);
  const plans = fc.sample(plan(scenario), { numRuns: runs + 2, seed: 7 });
  for (const p of plans.slice(0, 2)) await backend.run(p, options); // warm-up
  const started = performance.now();
  for (const p of plans.slice(2)) await backend.run(p, options);
  return perSecond(runs, performance.now() - started);
}

console.log(`near-rollback-harness near-workspaces benchmark: ${calls} calls, ${runs} vault runs (Node ${process.version})\n`);

const direct = directCalls();
const viaWorkspaces = await quietly(workspacesCalls);
console.log('mock contract calls (call, wait for the final outcome)');
console.log(`  embedded chain, direct        ${direct.toFixed(1)} calls/s`);
console.log(`  near-workspaces → our node    ${viaWorkspaces.toFixed(1)} calls/s`);
console.log(`  ratio direct / workspaces     ${(direct / viaWorkspaces).toFixed(2)}x\n`);

const scenario = vaultScenario();
const embeddedRuns = await harnessRuns(new EmbeddedBackend(scenario));
const node = await startEmbeddedWorker();
let workspacesRuns: number;
try {
  workspacesRuns = await quietly(() => harnessRuns(new WorkspacesBackend(scenario, node.worker)));
} finally {
  await node.stop();
}
console.log('vault property runs (accounts, deploys, steps, outcomes, probes)');
console.log(`  embedded backend              ${embeddedRuns.toFixed(2)} runs/s`);
console.log(`  workspaces backend, our node  ${workspacesRuns.toFixed(2)} runs/s`);
console.log(`  ratio embedded / workspaces   ${(embeddedRuns / workspacesRuns).toFixed(2)}x`);
