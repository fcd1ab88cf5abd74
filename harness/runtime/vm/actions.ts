/** The actions a receipt (or a transaction) carries, as NEAR defines them. */
export interface AccessKeyPermissionFunctionCall {
  allowance?: bigint | undefined;
  receiverId: string;
  methodNames: string[];
}

export interface AccessKey {
  nonce: bigint;
  /** Absent: full access. */
  functionCall?: AccessKeyPermissionFunctionCall;
}

export type Action =
  | { type: 'CreateAccount' }
  | { type: 'DeployContract'; code: Uint8Array }
  | { type: 'FunctionCall'; methodName: string; args: Uint8Array; gas: bigint; deposit: bigint }
  | { type: 'Transfer'; deposit: bigint }
  | { type: 'Stake'; stake: bigint; publicKey: Uint8Array }
  | { type: 'AddKey'; publicKey: Uint8Array; accessKey: AccessKey }
  | { type: 'DeleteKey'; publicKey: Uint8Array }
  | { type: 'DeleteAccount'; beneficiaryId: string };

/** The sum of deposits an action list moves (refunded to the predecessor if it fails). */
export function totalDeposit(actions: readonly Action[]): bigint {
  let sum = 0n;
  for (const action of actions) {
    if (action.type === 'FunctionCall' || action.type === 'Transfer') sum += action.deposit;
  }
  return sum;
}
