/**
 * How a function-call execution can fail, with nearcore's variant names and display
 * texts (runtime/near-vm-runner/src/logic/errors.rs). Host errors are thrown from host
 * functions as HostError and never confused with wasm traps or bugs in this runtime.
 */
import { PREPARE_ERROR_TEXT, type PrepareErrorKind } from '../wasm/contract-rules.js';

export type HostErrorKind =
  | { kind: 'BadUTF8' }
  | { kind: 'BadUTF16' }
  | { kind: 'GasExceeded' }
  | { kind: 'GasLimitExceeded' }
  | { kind: 'BalanceExceeded' }
  | { kind: 'EmptyMethodName' }
  | { kind: 'GuestPanic'; panic_msg: string }
  | { kind: 'IntegerOverflow' }
  | { kind: 'InvalidPromiseIndex'; promise_idx: bigint }
  | { kind: 'CannotAppendActionToJointPromise' }
  | { kind: 'CannotReturnJointPromise' }
  | { kind: 'InvalidPromiseResultIndex'; result_idx: bigint }
  | { kind: 'InvalidRegisterId'; register_id: bigint }
  | { kind: 'MemoryAccessViolation' }
  | { kind: 'InvalidAccountId' }
  | { kind: 'InvalidMethodName' }
  | { kind: 'InvalidPublicKey' }
  | { kind: 'ProhibitedInView'; method_name: string }
  | { kind: 'NumberOfLogsExceeded'; limit: bigint }
  | { kind: 'KeyLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'ValueLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'TotalLogLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'NumberPromisesExceeded'; number_of_promises: bigint; limit: bigint }
  | { kind: 'NumberInputDataDependenciesExceeded'; number_of_input_data_dependencies: bigint; limit: bigint }
  | { kind: 'ReturnedValueLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'ContractSizeExceeded'; size: bigint; limit: bigint }
  | { kind: 'Deprecated'; method_name: string }
  | { kind: 'ECRecoverError'; msg: string }
  | { kind: 'AltBn128InvalidInput'; msg: string }
  | { kind: 'Ed25519VerifyInvalidInput'; msg: string }
  | { kind: 'BLS12381InvalidInput'; msg: string }
  | { kind: 'YieldPayloadLength'; length: bigint; limit: bigint }
  | { kind: 'DataIdMalformed' }
  /** Not a nearcore variant: a host function this runtime does not implement yet. */
  | { kind: 'Unsupported'; method_name: string };

export function hostErrorText(error: HostErrorKind): string {
  switch (error.kind) {
    case 'BadUTF8':
      return 'String encoding is bad UTF-8 sequence.';
    case 'BadUTF16':
      return 'String encoding is bad UTF-16 sequence.';
    case 'GasExceeded':
      return 'Exceeded the prepaid gas.';
    case 'GasLimitExceeded':
      return 'Exceeded the maximum amount of gas allowed to burn per contract.';
    case 'BalanceExceeded':
      return 'Exceeded the account balance.';
    case 'EmptyMethodName':
      return 'Tried to call an empty method name.';
    case 'GuestPanic':
      return `Smart contract panicked: ${error.panic_msg}`;
    case 'IntegerOverflow':
      return 'Integer overflow.';
    case 'InvalidPromiseIndex':
      return `${error.promise_idx} does not correspond to existing promises`;
    case 'CannotAppendActionToJointPromise':
      return 'Actions can only be appended to non-joint promise.';
    case 'CannotReturnJointPromise':
      return 'Returning joint promise is currently prohibited.';
    case 'InvalidPromiseResultIndex':
      return `Accessed invalid promise result index: ${error.result_idx}`;
    case 'InvalidRegisterId':
      return `Accessed invalid register id: ${error.register_id}`;
    case 'MemoryAccessViolation':
      return 'Accessed memory outside the bounds.';
    case 'InvalidAccountId':
      return 'VM Logic returned an invalid account id';
    case 'InvalidMethodName':
      return 'VM Logic returned an invalid method name';
    case 'InvalidPublicKey':
      return 'VM Logic provided an invalid public key';
    case 'ProhibitedInView':
      return `${error.method_name} is not allowed in view calls`;
    case 'NumberOfLogsExceeded':
      return `The number of logs will exceed the limit ${error.limit}`;
    case 'KeyLengthExceeded':
      return `The length of a storage key ${error.length} exceeds the limit ${error.limit}`;
    case 'ValueLengthExceeded':
      return `The length of a storage value ${error.length} exceeds the limit ${error.limit}`;
    case 'TotalLogLengthExceeded':
      return `The length of a log message ${error.length} exceeds the limit ${error.limit}`;
    case 'NumberPromisesExceeded':
      return `The number of promises within a FunctionCall ${error.number_of_promises} exceeds the limit ${error.limit}`;
    case 'NumberInputDataDependenciesExceeded':
      return `The number of input data dependencies ${error.number_of_input_data_dependencies} exceeds the limit ${error.limit}`;
    case 'ReturnedValueLengthExceeded':
      return `The length of a returned value ${error.length} exceeds the limit ${error.limit}`;
    case 'ContractSizeExceeded':
      return `The size of a contract code in DeployContract action ${error.size} exceeds the limit ${error.limit}`;
    case 'Deprecated':
      return `Attempted to call deprecated host function ${error.method_name}`;
    case 'ECRecoverError':
      return `ECDSA recover error: ${error.msg}`;
    case 'AltBn128InvalidInput':
      return `AltBn128 invalid input: ${error.msg}`;
    case 'Ed25519VerifyInvalidInput':
      return `ED25519 signature verification error: ${error.msg}`;
    case 'BLS12381InvalidInput':
      return `BLS12-381 invalid input: ${error.msg}`;
    case 'YieldPayloadLength':
      return `Yield resume payload is ${error.length} bytes which exceeds the ${error.limit} byte limit`;
    case 'DataIdMalformed':
      return 'yield resumption token is malformed';
    case 'Unsupported':
      return `${error.method_name} is not supported yet by near-rollback-harness's embedded runtime`;
  }
}

/** Thrown by host functions; unwinds the wasm stack and ends the execution. */
export class HostError extends Error {
  constructor(readonly error: HostErrorKind) {
    super(hostErrorText(error));
    this.name = 'HostError';
  }
}

export type WasmTrapKind =
  | 'Unreachable'
  | 'IncorrectCallIndirectSignature'
  | 'MemoryOutOfBounds'
  | 'CallIndirectOOB'
  | 'IllegalArithmetic'
  | 'MisalignedAtomicAccess'
  | 'IndirectCallToNull'
  | 'StackOverflow'
  | 'GenericTrap';

export const WASM_TRAP_TEXT: Record<WasmTrapKind, string> = {
  Unreachable: 'An `unreachable` opcode was executed.',
  IncorrectCallIndirectSignature: 'Call indirect incorrect signature trap.',
  MemoryOutOfBounds: 'Memory out of bounds trap.',
  CallIndirectOOB: 'Call indirect out of bounds trap.',
  IllegalArithmetic: 'An arithmetic exception, e.g. divided by zero.',
  MisalignedAtomicAccess: 'Misaligned atomic access trap.',
  IndirectCallToNull: 'Indirect call to null.',
  StackOverflow: 'Stack overflow.',
  GenericTrap: 'Generic trap.',
};

export type MethodResolveErrorKind = 'MethodEmptyName' | 'MethodNotFound' | 'MethodInvalidSignature';

/** nearcore's FunctionCallError, before it is collapsed for the chain. */
export type FunctionCallError =
  | { type: 'CompilationError'; error: { kind: 'CodeDoesNotExist'; account_id: string } | { kind: 'PrepareError'; prepare: PrepareErrorKind; detail: string } | { kind: 'WasmerCompileError'; msg: string } }
  | { type: 'MethodResolveError'; error: MethodResolveErrorKind }
  | { type: 'WasmTrap'; trap: WasmTrapKind }
  | { type: 'HostError'; error: HostErrorKind }
  | { type: 'LinkError'; msg: string };

/**
 * The text nearcore shows for a failed function call (conversions.rs): host errors,
 * traps and link errors collapse to their display text; compilation and method
 * errors keep their structure.
 */
export function functionCallErrorText(error: FunctionCallError): string {
  switch (error.type) {
    case 'HostError':
      return hostErrorText(error.error);
    case 'WasmTrap':
      return `WebAssembly trap: ${WASM_TRAP_TEXT[error.trap]}`;
    case 'LinkError':
      return `Link Error: ${error.msg}`;
    case 'MethodResolveError':
      return error.error;
    case 'CompilationError':
      switch (error.error.kind) {
        case 'CodeDoesNotExist':
          return `cannot find contract code for account ${error.error.account_id}`;
        case 'PrepareError':
          return `PrepareError: ${PREPARE_ERROR_TEXT[error.error.prepare]}`;
        case 'WasmerCompileError':
          return `Wasmer compilation error: ${error.error.msg}`;
      }
  }
}

/** Maps V8's WebAssembly.RuntimeError messages to NEAR's trap kinds. */
export function trapFromV8(error: unknown): WasmTrapKind | undefined {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'StackOverflow';
  if (!(error instanceof WebAssembly.RuntimeError)) return undefined;
  const message = error.message;
  if (/unreachable/.test(message)) return 'Unreachable';
  if (/memory access out of bounds|out of bounds memory/.test(message)) return 'MemoryOutOfBounds';
  if (/divide by zero|remainder by zero|integer overflow|unrepresentable/.test(message)) return 'IllegalArithmetic';
  if (/table index is out of bounds|table.*out of bounds/.test(message)) return 'CallIndirectOOB';
  if (/null function|signature mismatch/.test(message)) return 'IncorrectCallIndirectSignature';
  if (/call stack/.test(message)) return 'StackOverflow';
  return 'GenericTrap';
}
