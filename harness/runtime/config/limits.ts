/**
 * Per-execution limits of nearcore's VM (parameters.snap, `wasm_config.limit_config`).
 * Values that changed across protocol versions are configuration (see protocol.ts).
 */
export interface VMLimits {
  maxGasBurnt: bigint;
  maxNumberRegisters: number;
  maxRegisterSize: bigint;
  registersMemoryLimit: bigint;
  maxNumberLogs: number;
  maxTotalLogLength: bigint;
  maxPromisesPerFunctionCallAction: number;
  maxNumberInputDataDependencies: number;
  maxLengthReturnedData: bigint;
  maxLengthStorageKey: bigint;
  maxLengthStorageValue: bigint;
  maxLengthMethodName: bigint;
  maxArgumentsLength: bigint;
  maxContractSize: bigint;
  maxYieldPayloadSize: bigint;
  /** Memory NEAR gives every contract, replacing the module's own memory. */
  initialMemoryPages: number;
  maxMemoryPages: number;
}

const MiB = 1024n * 1024n;

export const DEFAULT_LIMITS: VMLimits = {
  maxGasBurnt: 300_000_000_000_000n,
  maxNumberRegisters: 100,
  maxRegisterSize: 100n * MiB,
  registersMemoryLimit: 1024n * MiB,
  maxNumberLogs: 100,
  maxTotalLogLength: 16n * 1024n,
  maxPromisesPerFunctionCallAction: 1024,
  maxNumberInputDataDependencies: 128,
  maxLengthReturnedData: 4n * MiB,
  maxLengthStorageKey: 2n * 1024n,
  maxLengthStorageValue: 4n * MiB,
  maxLengthMethodName: 256n,
  maxArgumentsLength: 4n * MiB,
  maxContractSize: 4n * MiB,
  maxYieldPayloadSize: 1024n,
  initialMemoryPages: 1024,
  maxMemoryPages: 2048,
};
