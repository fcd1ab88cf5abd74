import type { VMLogic } from '../logic.js';
import type { WasmArg } from './host-function.js';
import { u64 } from './u64.js';

const encoder = new TextEncoder();

/** Account ids go to the contract as their UTF-8 bytes in a register. */
export function writeAccountId(vm: VMLogic, register: WasmArg, id: string): void {
  vm.writeRegister(u64(register), encoder.encode(id));
}
