/** Miscellaneous API: the return value, panics, logs, AssemblyScript's abort and the sandbox's debug log. */
import { HostError } from '../errors.js';
import type { VMLogic } from '../logic.js';
import type { HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

/** An AssemblyScript string: a u32 byte length 4 bytes before the UTF-16 text. */
function assemblyScriptString(vm: VMLogic, ptr: number): string {
  const at = BigInt(ptr >>> 0);
  if (at < 4n) throw new HostError({ kind: 'BadUTF16' });
  const lengthBytes = vm.readMemory(at - 4n, 4n);
  const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset).getUint32(0, true);
  return vm.readUtf16Text(at, BigInt(length));
}

export const MISCELLANEOUS_FUNCTIONS = {
  value_return: {
    costs: ['base', 'data_receipt_creation_per_byte'],
    prohibitedInView: false,
    run: (vm, len, ptr) => {
      const data = vm.memoryOrRegister(u64(ptr), u64(len));
      const limit = vm.config.limits.maxLengthReturnedData;
      if (BigInt(data.length) > limit) throw new HostError({ kind: 'ReturnedValueLengthExceeded', length: BigInt(data.length), limit });
      for (const receiver of vm.context.outputDataReceivers) {
        // Each waiting receiver gets a data receipt carrying these bytes.
        vm.payDataReceipt('data_receipt_creation_per_byte', vm.isSir(receiver.receiverId), BigInt(data.length));
      }
      vm.returnData = { kind: 'Value', data };
    },
  },
  panic: {
    costs: ['base'],
    prohibitedInView: false,
    run: () => {
      throw new HostError({ kind: 'GuestPanic', panic_msg: 'explicit guest panic' });
    },
  },
  panic_utf8: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, len, ptr) => {
      throw new HostError({ kind: 'GuestPanic', panic_msg: vm.readUtf8Text(u64(ptr), u64(len)) });
    },
  },
  log_utf8: {
    costs: ['base', 'log_base', 'log_byte'],
    prohibitedInView: false,
    run: (vm, len, ptr) => vm.log(vm.readUtf8Text(u64(ptr), u64(len))),
  },
  log_utf16: {
    costs: ['base', 'log_base', 'log_byte'],
    prohibitedInView: false,
    run: (vm, len, ptr) => vm.log(vm.readUtf16Text(u64(ptr), u64(len))),
  },
  abort: {
    costs: ['base', 'log_base', 'log_byte'],
    prohibitedInView: false,
    // i32 arguments: pointers to AssemblyScript strings, then line and column.
    run: (vm, msgPtr, filenamePtr, line, col) => {
      const message = `${assemblyScriptString(vm, Number(msgPtr))}, filename: "${assemblyScriptString(vm, Number(filenamePtr))}" line: ${Number(line) >>> 0} col: ${Number(col) >>> 0}`;
      vm.log(`ABORT: ${message}`);
      throw new HostError({ kind: 'GuestPanic', panic_msg: message });
    },
  },
  sandbox_debug_log: {
    costs: ['base', 'log_base', 'log_byte'],
    prohibitedInView: false,
    run: (vm, len, ptr) => vm.log(vm.readUtf8Text(u64(ptr), u64(len))),
  },
} satisfies HostFunctionTable;
