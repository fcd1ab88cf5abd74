/** `--backend`: which backends the CLI offers and what each one runs on. */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../scenario/index.js';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { backendKind, openBackends } from '../backends.js';

describe('--backend', () => {
  it('defaults to the embedded runtime and accepts embedded, workspaces and sandbox', () => {
    expect(backendKind(undefined)).toBe('embedded');
    for (const kind of ['embedded', 'workspaces', 'sandbox'] as const) expect(backendKind(kind)).toBe(kind);
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => backendKind('neard')).toThrow('--backend must be one of embedded, workspaces, sandbox, got neard');
    expect(() => backendKind(true)).toThrow('--backend must be one of');
  });

  it('workspaces: scenarios run through near-workspaces against our node, which stops on close', async () => {
    const [vault] = await loadScenarios('properties/scenarios/vault.scenario.ts', PACKAGE_ROOT);
    const source = await openBackends('workspaces');
    const url = /\((http:\/\/127\.0\.0\.1:\d+)\)/.exec(source.description)?.[1];
    try {
      expect(source.description).toMatch(/^near-workspaces against the embedded node/);
      const backend = source.make(vault!);
      expect(backend.name).toBe('workspaces');
      const record = await backend.run({ steps: [], order: [] });
      expect(record.backend).toBe('workspaces');
      expect(Object.keys(record.finalBalances)).toContain('vault.test.near');
    } finally {
      await source.close();
    }
    await expect(fetch(`${url}/status`)).rejects.toThrow();
  }, 0); // starts a node and deploys through near-workspaces: no timeout around it
});
