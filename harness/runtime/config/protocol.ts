/**
 * Everything about NEAR that changes between protocol versions, in one value.
 * The runtime takes a ProtocolConfig; nothing version-dependent is a constant elsewhere.
 */
import { LATEST_RULES, LEGACY_RULES, type ContractRules } from '../wasm/contract-rules.js';
import { DEFAULT_LIMITS, type VMLimits } from './limits.js';
import { LATEST_ACTION_FEES, LATEST_EXT_COSTS, type ActionFeeName, type ExtCosts, type Fee } from './fees.js';

export interface ProtocolConfig {
  name: string;
  limits: VMLimits;
  extCosts: ExtCosts;
  actionFees: Record<ActionFeeName, Fee>;
  /** Gas per executed wasm instruction (wasm_regular_op_cost). */
  regularOpCost: bigint;
  maxTotalPrepaidGas: bigint;
  maxGasBurntView: bigint;
  minGasPrice: bigint;
  storageAmountPerByte: bigint;
  storageNumBytesAccount: bigint;
  storageNumExtraBytesRecord: bigint;
  /** NEP-448: accounts using at most this many bytes need no storage stake. */
  zeroBalanceAccountStorageLimit: bigint;
  contractRules: ContractRules;
  discardCustomSections: boolean;
  /** Share of a function call's burnt gas credited to the contract (numerator, denominator). */
  burntGasReward: [bigint, bigint];
  pessimisticGasPriceInflation: [bigint, bigint];
  minAllowedTopLevelAccountLength: number;
  registrarAccountId: string;
  /** PV >= 85: a zero-balance contract may attach exactly 1 yocto to a promise function call. */
  oneYoctoOnPromise: boolean;
  /** Older nearcore wraps view errors as `FunctionCallError(HostError(...))`. */
  viewErrorsWrapped: boolean;
  yieldTimeoutLengthInBlocks: number;
}

/** The newest parameter snapshot of nearcore. */
export const LATEST_PROTOCOL: ProtocolConfig = {
  name: 'latest',
  limits: { ...DEFAULT_LIMITS, maxGasBurnt: 1_000_000_000_000_000n },
  extCosts: LATEST_EXT_COSTS,
  actionFees: LATEST_ACTION_FEES,
  regularOpCost: 822_756n,
  maxTotalPrepaidGas: 1_000_000_000_000_000n,
  maxGasBurntView: 1_000_000_000_000_000n,
  minGasPrice: 100_000_000n,
  storageAmountPerByte: 10_000_000_000_000_000_000n,
  storageNumBytesAccount: 100n,
  storageNumExtraBytesRecord: 40n,
  zeroBalanceAccountStorageLimit: 770n,
  contractRules: LATEST_RULES,
  discardCustomSections: true,
  burntGasReward: [3n, 10n],
  pessimisticGasPriceInflation: [1n, 1n],
  minAllowedTopLevelAccountLength: 65,
  registrarAccountId: 'registrar',
  oneYoctoOnPromise: true,
  viewErrorsWrapped: false,
  yieldTimeoutLengthInBlocks: 200,
};

/**
 * The protocol of the sandbox near-workspaces 5.0.0 downloads (nearcore 2.6.2):
 * 300 Tgas limits, MVP-only wasm, the older account-creation and loading costs.
 */
export const SANDBOX_2_6_PROTOCOL: ProtocolConfig = {
  ...LATEST_PROTOCOL,
  name: 'nearcore-2.6',
  limits: { ...DEFAULT_LIMITS, maxGasBurnt: 300_000_000_000_000n },
  maxTotalPrepaidGas: 300_000_000_000_000n,
  maxGasBurntView: 300_000_000_000_000n,
  extCosts: { ...LATEST_EXT_COSTS, contract_loading_bytes: 216_750n },
  actionFees: {
    ...LATEST_ACTION_FEES,
    action_create_account: { sendSir: 99_607_375_000n, sendNotSir: 99_607_375_000n, execution: 99_607_375_000n },
  },
  contractRules: LEGACY_RULES,
  discardCustomSections: false,
  minAllowedTopLevelAccountLength: 32,
  oneYoctoOnPromise: false,
  viewErrorsWrapped: true,
};
