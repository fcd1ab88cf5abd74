/**
 * The toolchain's public API: build any near-sdk-js contract to NEAR wasm, offline.
 *
 *   const result = await buildContract({ entry: 'src/contract.ts', out: 'build/app.wasm', onWarning: (w) => console.warn(`warning: ${w.message}`) });
 *
 * Failures are BuildError (kind says which: entry, syntax, type, validation, missing-tools,
 * missing-packages, bundle, contract, compile, output, internal); print `error.message`.
 */
export { buildContract, debianInstallCommand, defaultCacheDir } from './build-entry.js';
export type { BuildContractOptions, BuildContractResult, BuildWarning } from './build-entry.js';
export { BuildError, npmInstallLine } from './build-errors.js';
export type { BuildErrorKind } from './build-errors.js';
export { NEAR_SDK_JS_TSC_FLAGS } from './type-check.js';
