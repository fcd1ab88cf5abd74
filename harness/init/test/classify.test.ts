/**
 * Without an ABI, a method is run as a view: reaching a host function NEAR refuses in views
 * (ProhibitedInView) makes it a call; returning, or failing first, leaves it a guessed view;
 * burning all a view's gas says it may loop; failing to instantiate says it cannot run on NEAR.
 */
import { describe, expect, it } from 'vitest';
import { Chain, ViewError } from '../../runtime/index.js';
import { viewProbe } from '../classify.js';
import { DISCOVERY_PROTOCOL } from '../discover.js';
import { discoverContract, InitError } from '../index.js';
import { unlinkableContract, viewProbeContract } from './contracts.js';

function probe(code: Uint8Array, method: string) {
  const chain = new Chain({ protocol: DISCOVERY_PROTOCOL });
  chain.addAccount('probe.test.near', { code });
  return viewProbe(() => {
    try {
      chain.view('probe.test.near', method);
      return undefined;
    } catch (error) {
      if (error instanceof ViewError) return error;
      throw error;
    }
  });
}

describe('a method run as a view', () => {
  const contract = viewProbeContract();

  it('that writes storage is a call, and the host function that gave it away is named', () => {
    expect(probe(contract, 'writes')).toEqual({ kind: 'refused', hostFunction: 'storage_write' });
  });

  it('that reads and returns ran to the end', () => {
    expect(probe(contract, 'reads')).toEqual({ kind: 'returned' });
  });

  it('that panics first failed, with the panic', () => {
    expect(probe(contract, 'panics')).toEqual({ kind: 'failed', message: 'Smart contract panicked: explicit guest panic' });
  });

  it('that loops burns the view gas limit', () => {
    expect(probe(contract, 'spins')).toMatchObject({ kind: 'out-of-gas' });
  });

  it('that cannot be instantiated is unrunnable, and discovery refuses the wasm saying why', () => {
    expect(probe(unlinkableContract(), 'go')).toMatchObject({ kind: 'unrunnable' });
    expect(() => discoverContract(unlinkableContract(), { source: 'teleport.wasm' })).toThrow(InitError);
    expect(() => discoverContract(unlinkableContract(), { source: 'teleport.wasm' })).toThrow(/teleport\.wasm cannot run on NEAR: Link Error: .*teleport.*build it with a NEAR SDK/);
  });
});

describe('discovery without an ABI', () => {
  it('takes a refused view for a call, a returning one for a guessed view, and runs only the methods that may be calls as transactions', () => {
    const described = discoverContract(viewProbeContract());
    const byName = Object.fromEntries(described.methods.map((m) => [m.name, m]));
    expect(byName.writes).toMatchObject({ role: 'call', guessed: false });
    expect(byName.reads).toMatchObject({ role: 'view', guessed: true });
    expect(byName.panics).toMatchObject({ role: 'call', guessed: true });
    expect(byName.spins).toMatchObject({ role: 'view', guessed: true, runs: [] });
    expect(byName.spins?.evidence).toMatch(/burnt all the gas a view gets .*does it loop forever\?/);
    expect(described.sdk).toBe('unknown');
  });
});
