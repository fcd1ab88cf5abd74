/**
 * `near-rollback-harness init --wasm <contract.wasm>`: a starting scenario for a contract.
 *
 * `discoverContract(wasm, options)` reads the wasm's methods (and the ABI a near-sdk-rs
 * build embeds), tells views from calls, and runs each method once on the embedded runtime
 * to record the external contracts and methods it calls and the callbacks it schedules.
 * `startingScenario(description, paths)` writes that down as a scenario module, leaving the
 * user to fill in arguments, deposits and invariants.
 */
export { discoverContract } from './describe.js';
export type { ContractDescription, DescribedMethod, DiscoverOptions, ExternalContract, MethodRole } from './describe.js';
export type { MethodRun } from './discover.js';
export type { AbiParam, ParamType } from './abi.js';
export { InitError } from './errors.js';
export { startingScenario } from './source.js';
export type { ScenarioPaths } from './source.js';
