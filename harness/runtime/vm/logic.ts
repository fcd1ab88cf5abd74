/**
 * The state of one function-call execution (nearcore's VMLogic): context, registers,
 * gas, logs, return data, balance, storage access and the receipts being built.
 * host/ exposes it to the contract as the `env` imports.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import type { ActionFeeName, ExtCostName } from '../config/fees.js';
import type { ByteRange } from '../wasm/memory-writes.js';
import type { Action } from './actions.js';
import type { VMContext } from './context.js';
import { HostError } from './errors.js';
import { GasCounter } from './gas-counter.js';
import { GuestMemory } from './guest-memory.js';
import { NewReceipts } from './new-receipts.js';
import { Registers } from './registers.js';

/** Contract storage as the VM sees it; the chain decides whether changes are kept. */
export interface ContractStorage {
  get(key: Uint8Array): Uint8Array | undefined;
  set(key: Uint8Array, value: Uint8Array): void;
  remove(key: Uint8Array): void;
}

export type ReturnData = { kind: 'None' } | { kind: 'Value'; data: Uint8Array } | { kind: 'ReceiptIndex'; receipt: number };

export const U64_MAX = (1n << 64n) - 1n;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true });
const encoder = new TextEncoder();

export class VMLogic {
  readonly registers: Registers;
  readonly gas: GasCounter;
  readonly receipts: NewReceipts;
  readonly logs: string[] = [];
  returnData: ReturnData = { kind: 'None' };
  /** Balance available to the contract: stored balance + attached deposit - deposits sent. */
  balance: bigint;
  storageUsage: bigint;
  private totalLogLength = 0n;
  private memory: GuestMemory | undefined;
  private gasGlobal: WebAssembly.Global | undefined;
  private budgetAtSync = 0n;

  constructor(
    readonly context: VMContext,
    readonly config: ProtocolConfig,
    readonly storage: ContractStorage,
  ) {
    const limits = config.limits;
    this.registers = new Registers(limits);
    const maxBurnt = context.isView ? config.maxGasBurntView : limits.maxGasBurnt;
    this.gas = new GasCounter(context.prepaidGas, maxBurnt);
    this.receipts = new NewReceipts(limits.maxPromisesPerFunctionCallAction, limits.maxNumberInputDataDependencies);
    this.balance = context.accountBalance + context.attachedDeposit;
    this.storageUsage = context.storageUsage;
  }

  attachMemory(memory: WebAssembly.Memory): void {
    this.memory = new GuestMemory(memory);
  }

  /** The instrumented module's gas budget global (see wasm/gas-instrument.ts). */
  attachGasGlobal(global: WebAssembly.Global): void {
    this.gasGlobal = global;
    this.syncToWasm();
  }

  /** Burns the instruction gas the contract used since the last sync. */
  syncFromWasm(): void {
    if (!this.gasGlobal) return;
    const consumed = this.budgetAtSync - BigInt(this.gasGlobal.value);
    this.budgetAtSync -= consumed;
    if (consumed > 0n) this.gas.burn(consumed);
  }

  /** Gives the contract the gas it may still burn. */
  syncToWasm(): void {
    if (!this.gasGlobal) return;
    const budget = this.gas.remaining;
    this.gasGlobal.value = budget;
    this.budgetAtSync = budget;
  }

  /** The guest memory host functions of this call have written to (empty before instantiation). */
  get memoryWritten(): readonly ByteRange[] {
    return this.memory?.written ?? [];
  }

  get mem(): GuestMemory {
    if (!this.memory) throw new Error('guest memory used before instantiation');
    return this.memory;
  }

  // ---- gas ----

  pay(cost: ExtCostName, count = 1n): void {
    this.gas.burn(this.config.extCosts[cost] * count);
  }

  /**
   * Data receipts: both their send and exec fees are burnt at once (nearcore
   * pay_gas_for_new_receipt: "both creation and execution for data receipts are
   * considered burnt gas"), so nothing is reserved for them.
   */
  payDataReceipt(fee: ActionFeeName, sir: boolean, count = 1n): void {
    const f = this.config.actionFees[fee];
    this.gas.burn(((sir ? f.sendSir : f.sendNotSir) + f.execution) * count);
  }

  /** Burns the send fee now and reserves the exec fee for when the receipt runs. */
  payAction(fee: ActionFeeName, sir: boolean, count = 1n): void {
    const f = this.config.actionFees[fee];
    this.gas.burn((sir ? f.sendSir : f.sendNotSir) * count);
    this.gas.reserve(f.execution * count);
  }

  prohibitedInView(name: string): void {
    if (this.context.isView) throw new HostError({ kind: 'ProhibitedInView', method_name: name });
  }

  // ---- memory and registers ----

  readMemory(ptr: bigint, len: bigint): Uint8Array {
    this.pay('read_memory_base');
    this.pay('read_memory_byte', len);
    return this.mem.read(ptr, len);
  }

  writeMemory(ptr: bigint, data: Uint8Array): void {
    this.pay('write_memory_base');
    this.pay('write_memory_byte', BigInt(data.length));
    this.mem.write(ptr, data);
  }

  readU128(ptr: bigint): bigint {
    this.pay('read_memory_base');
    this.pay('read_memory_byte', 16n);
    return this.mem.readU128(ptr);
  }

  writeU128(ptr: bigint, value: bigint): void {
    this.pay('write_memory_base');
    this.pay('write_memory_byte', 16n);
    this.mem.writeU128(ptr, value);
  }

  writeRegister(id: bigint, data: Uint8Array): void {
    this.pay('write_register_base');
    this.pay('write_register_byte', BigInt(data.length));
    this.registers.set(id, data);
  }

  readRegister(id: bigint): Uint8Array {
    const data = this.registers.read(id);
    this.pay('read_register_base');
    this.pay('read_register_byte', BigInt(data.length));
    return data;
  }

  /** `len == u64::MAX` means "the bytes are in register `ptr`". */
  memoryOrRegister(ptr: bigint, len: bigint): Uint8Array {
    return len === U64_MAX ? this.readRegister(ptr) : this.readMemory(ptr, len);
  }

  decodeUtf8(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new HostError({ kind: 'BadUTF8' });
    }
  }

  accountIdFrom(ptr: bigint, len: bigint, isValid: (id: string) => boolean): string {
    const bytes = this.memoryOrRegister(ptr, len);
    let id: string;
    try {
      id = utf8.decode(bytes);
    } catch {
      throw new HostError({ kind: 'InvalidAccountId' });
    }
    if (!isValid(id)) throw new HostError({ kind: 'InvalidAccountId' });
    return id;
  }

  // ---- logs ----

  private checkLogBudget(length: bigint): void {
    const total = this.totalLogLength + length;
    if (total > this.config.limits.maxTotalLogLength) {
      throw new HostError({ kind: 'TotalLogLengthExceeded', length: total, limit: this.config.limits.maxTotalLogLength });
    }
    this.totalLogLength = total;
  }

  /** Text for logs and panics: `len == u64::MAX` means NUL-terminated (a 0x0000 unit for UTF-16). */
  readUtf8Text(ptr: bigint, len: bigint): string {
    const bytes = this.readText(ptr, len, 'utf8');
    this.checkLogBudget(BigInt(bytes.length));
    return this.decodeUtf8(bytes);
  }

  readUtf16Text(ptr: bigint, len: bigint): string {
    const bytes = this.readText(ptr, len, 'utf16');
    if (bytes.length % 2 !== 0) throw new HostError({ kind: 'BadUTF16' });
    let text: string;
    try {
      text = utf16.decode(bytes);
    } catch {
      throw new HostError({ kind: 'BadUTF16' });
    }
    this.checkLogBudget(BigInt(encoder.encode(text).length));
    return text;
  }

  private readText(ptr: bigint, len: bigint, encoding: 'utf8' | 'utf16'): Uint8Array {
    this.pay(`${encoding}_decoding_base`);
    let bytes: Uint8Array;
    if (len === U64_MAX) {
      bytes = encoding === 'utf8' ? this.mem.readNulTerminated(ptr) : this.mem.readNulTerminatedUtf16(ptr);
      this.pay('read_memory_base');
      this.pay('read_memory_byte', BigInt(bytes.length));
    } else {
      bytes = this.readMemory(ptr, len);
    }
    this.pay(`${encoding}_decoding_byte`, BigInt(bytes.length));
    return bytes;
  }

  log(message: string): void {
    if (this.logs.length >= this.config.limits.maxNumberLogs) {
      throw new HostError({ kind: 'NumberOfLogsExceeded', limit: BigInt(this.config.limits.maxNumberLogs) });
    }
    this.pay('log_base');
    this.pay('log_byte', BigInt(encoder.encode(message).length));
    this.logs.push(message);
  }

  // ---- balance and receipts ----

  spend(amount: bigint): void {
    if (amount > this.balance) throw new HostError({ kind: 'BalanceExceeded' });
    this.balance -= amount;
  }

  /** sir: the new receipt's receiver is the account running this code. */
  isSir(receiverId: string): boolean {
    return receiverId === this.context.currentAccountId;
  }

  appendAction(promiseIndex: bigint, action: Action): void {
    this.receipts.receiptForActions(promiseIndex).actions.push(action);
  }

  // ---- storage ----

  recordStorageWrite(key: Uint8Array, value: Uint8Array, previous: Uint8Array | undefined): void {
    if (previous) this.storageUsage += BigInt(value.length) - BigInt(previous.length);
    else this.storageUsage += BigInt(key.length) + BigInt(value.length) + this.config.storageNumExtraBytesRecord;
  }

  recordStorageRemove(key: Uint8Array, previous: Uint8Array): void {
    this.storageUsage -= BigInt(key.length) + BigInt(previous.length) + this.config.storageNumExtraBytesRecord;
  }
}
