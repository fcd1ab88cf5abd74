/** What a contract can learn about the call it is executing in (nearcore's VMContext). */
export type PromiseResult = { status: 'Successful'; data: Uint8Array } | { status: 'Failed' } | { status: 'NotReady' };

export interface VMContext {
  currentAccountId: string;
  signerAccountId: string;
  /** Borsh-serialized signer public key (33 bytes for ed25519). */
  signerAccountPk: Uint8Array;
  predecessorAccountId: string;
  input: Uint8Array;
  blockHeight: bigint;
  blockTimestamp: bigint;
  epochHeight: bigint;
  /** Account balance before the call, without the attached deposit. */
  accountBalance: bigint;
  accountLockedBalance: bigint;
  storageUsage: bigint;
  attachedDeposit: bigint;
  prepaidGas: bigint;
  randomSeed: Uint8Array;
  isView: boolean;
  /** One entry per input data dependency (callbacks); empty for ordinary calls. */
  promiseResults: PromiseResult[];
  /** Number of receivers waiting for this call's output (each costs data receipt fees). */
  outputDataReceivers: { receiverId: string }[];
}
