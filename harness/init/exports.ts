/**
 * A contract's NEAR methods, read from its wasm: the exported functions of type () → (),
 * which is what NEAR calls. Exports that are not methods a user calls — the memory, an
 * embedded ABI's `__contract_abi`, toolchain entry points — are left out.
 */
import { checkContract, decodeModule, functionType, LATEST_RULES, WasmDecodeError, type WasmModule } from '../runtime/index.js';
import { InitError } from './errors.js';

/** The export near-sdk-rs (feature `abi`) adds to return the contract's ABI. */
export const ABI_EXPORT = '__contract_abi';

/** Exported () → () functions that are plumbing, not methods: the ABI, and C / WASI entry points. */
const NOT_METHODS = new Set([ABI_EXPORT, '_start', '_initialize', 'main']);

/** Text QuickJS (the engine near-sdk-js contracts embed) leaves in the wasm: its C function names. */
const QUICKJS_MARKERS = ['JS_NewRuntime', 'JS_FreeContext', 'quickjs'];

export interface ContractExports {
  /** Methods in the order the wasm exports them. */
  methods: string[];
  /** It exports `__contract_abi` (near-sdk-rs with the `abi` feature). */
  embedsAbi: boolean;
  /** It embeds QuickJS: a near-sdk-js contract (its methods' kinds can only be told by running them). */
  nearSdkJs: boolean;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

function decode(wasm: Uint8Array, what: string): WasmModule {
  if (wasm.length < 8 || WASM_MAGIC.some((byte, i) => wasm[i] !== byte)) {
    const start = [...wasm.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new InitError(`${what} is not a WebAssembly module: it does not start with the wasm magic bytes 00 61 73 6d (found ${start || 'an empty file'}); give init the .wasm your contract's build produces`);
  }
  try {
    return decodeModule(wasm);
  } catch (error) {
    if (error instanceof WasmDecodeError) throw new InitError(`${what} is not a valid WebAssembly module: ${error.message}; rebuild the contract and give init the .wasm it produces`);
    throw error;
  }
}

function contains(haystack: Uint8Array, needle: string): boolean {
  const bytes = Buffer.from(needle, 'latin1');
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(bytes);
}

/**
 * The methods of a contract's wasm. Throws InitError, naming `what` (the file), when it is
 * not wasm, breaks NEAR's contract rules (NEAR would refuse to deploy or run it) or exports
 * no method.
 */
export function contractExports(wasm: Uint8Array, what = 'the file'): ContractExports {
  const module = decode(wasm, what);
  const { violations } = checkContract(wasm, LATEST_RULES);
  if (violations.length > 0) {
    throw new InitError(`${what} is not a contract NEAR would run: ${violations.map((v) => `${v.kind} (${v.detail})`).join('; ')}`);
  }
  const nullary = module.exports.filter((e) => {
    if (e.kind !== 'function') return false;
    const type = functionType(module, e.index);
    return type !== undefined && type.params.length === 0 && type.results.length === 0;
  });
  const methods = nullary.map((e) => e.name).filter((name) => !NOT_METHODS.has(name) && name !== '');
  if (methods.length === 0) {
    const exported = module.exports.map((e) => `${e.name} (${e.kind})`);
    throw new InitError(
      `${what} exports no NEAR method (an exported function taking and returning nothing); it exports ${exported.length > 0 ? exported.join(', ') : 'nothing'}. Is it a contract build (near-sdk-rs, near-sdk-js), not a library or a test binary?`,
    );
  }
  return { methods, embedsAbi: nullary.some((e) => e.name === ABI_EXPORT), nearSdkJs: QUICKJS_MARKERS.some((marker) => contains(wasm, marker)) };
}
