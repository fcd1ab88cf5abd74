/** Bytes an access key record counts toward storage usage (40 + borsh key + borsh value). */
import type { ProtocolConfig } from '../config/protocol.js';
import type { AccessKey } from '../vm/actions.js';
import { publicKeyToBorsh } from './keys.js';

export function accessKeyRecordSize(config: ProtocolConfig, publicKey: string, key: AccessKey): bigint {
  // AccessKey borsh: nonce u64, permission enum tag, then for FunctionCall:
  // Option<u128> allowance, String receiver_id, Vec<String> method_names.
  let value = 8 + 1;
  if (key.functionCall) {
    const fc = key.functionCall;
    value += 1 + (fc.allowance === undefined ? 0 : 16);
    value += 4 + Buffer.byteLength(fc.receiverId);
    value += 4 + fc.methodNames.reduce((n, m) => n + 4 + Buffer.byteLength(m), 0);
  }
  return config.storageNumExtraBytesRecord + BigInt(publicKeyToBorsh(publicKey).length) + BigInt(value);
}
