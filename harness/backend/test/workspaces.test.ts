/**
 * The workspaces backend's own promises: every run starts as the embedded backend starts it,
 * and a scenario it cannot run, or whose setup fails, is refused with what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedWorker, type EmbeddedWorker } from '../../node/index.js';
import { loadScenarios, type Scenario } from '../../scenario/index.js';
import { EmbeddedBackend, PACKAGE_ROOT, WorkspacesBackend } from '../index.js';

const NEAR = 10n ** 24n;
let embedded: EmbeddedWorker;
let vault: Scenario;

beforeAll(async () => {
  embedded = await startEmbeddedWorker();
  [vault] = (await loadScenarios('properties/scenarios/vault.scenario.ts', PACKAGE_ROOT)) as [Scenario];
});
afterAll(async () => {
  await embedded.stop();
});

describe('the workspaces backend', () => {
  it('starts contracts and mocks with the scenario balances, as the embedded backend does (what deploying cost is topped up)', async () => {
    const empty = { steps: [], order: [] };
    const overRpc = await new WorkspacesBackend(vault, embedded.worker).run(empty);
    const inProcess = await new EmbeddedBackend(vault).run(empty);
    for (const id of [vault.contract.id, ...vault.mocks.filter((m) => m.kind === 'mock').map((m) => m.id)]) {
      const difference = BigInt(overRpc.finalBalances[id]!) - BigInt(inProcess.finalBalances[id]!);
      // Setup calls burn slightly different gas over RPC (~10⁻⁷ NEAR); deploying 0.5 MB of code costs ~0.004 NEAR.
      expect(difference < 0n ? -difference : difference, id).toBeLessThan(NEAR / 10_000n);
    }
  }, 0); // starts nodes and sends transactions: no timeout around it

  it('refuses account ids it cannot map into a run namespace, naming them', async () => {
    const foreign: Scenario = { ...vault, users: [...vault.users, { id: 'carol.near', balance: NEAR }] };
    await expect(new WorkspacesBackend(foreign, embedded.worker).run({ steps: [], order: [] })).rejects.toThrow(
      /scenario "vault": .*rename carol\.near to that form/,
    );
  });

  it('a failing setup call is a ScenarioSetupError naming the call and the failure', async () => {
    const broken: Scenario = { ...vault, contract: { ...vault.contract, init: { method: 'no_such_method', args: {} } } };
    await expect(new WorkspacesBackend(broken, embedded.worker).run({ steps: [], order: [] })).rejects.toThrow(
      /scenario "vault": setup call vault\.test\.near → vault\.test\.near\.no_such_method failed: .*MethodNotFound/,
    );
  }, 0); // starts nodes and sends transactions: no timeout around it
});
