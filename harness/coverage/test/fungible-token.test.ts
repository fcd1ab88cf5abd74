/** The methods coverage knows the mock fungible token by are the ones its wasm exports. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MOCK_FT_WASM, resolveWasm } from '../../backend/index.js';
import { decodeModule } from '../../runtime/index.js';
import { FUNGIBLE_TOKEN_METHODS } from '../index.js';

it('FUNGIBLE_TOKEN_METHODS is what mocks/build/mock-ft.wasm exports', () => {
  const { exports } = decodeModule(new Uint8Array(readFileSync(resolveWasm(MOCK_FT_WASM))));
  expect([...FUNGIBLE_TOKEN_METHODS].sort()).toEqual(exports.filter((e) => e.kind === 'function').map((e) => e.name).sort());
});
