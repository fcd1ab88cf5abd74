/**
 * Conformance: every `env` host function, called from purpose-built wasm, through real
 * transactions on the embedded chain. Each test names the nearcore behaviour it checks
 * (runtime/near-vm-runner/src/logic/logic.rs unless said otherwise).
 */
import { ed25519 } from '@noble/curves/ed25519';
import { describe, expect, it } from 'vitest';
import { ALICE_KEY, failureText, NEAR, successBytes, successText, TestChain, TGAS } from './chain-fixture.js';
import { imports, wat } from './wat.js';
import { publicKeyToBorsh } from '../index.js';

const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');
const U64_MAX = '-1';

/** A contract whose method `name` runs `body` with the given imports, memory page 0 holding `data`. */
function probe(methods: Record<string, string>, hostImports: string[], data = ''): Uint8Array {
  return wat(`(module
    ${imports('value_return', ...hostImports.filter((n) => n !== 'value_return'))}
    (memory 1)
    (data (i32.const 1024) "${data}")
    (func $return_register (param $r i64) (call $value_return (i64.const ${U64_MAX}) (local.get $r)))
    ${Object.entries(methods)
      .map(([name, body]) => `(func (export "${name}") ${body})`)
      .join('\n')}
  )`);
}

function runProbe(code: Uint8Array, method: string, options: { deposit?: bigint; gas?: bigint; args?: unknown } = {}) {
  const t = new TestChain().deploy('probe.test.near', code);
  return { t, result: t.call('alice.test.near', 'probe.test.near', method, options) };
}

const text = (code: Uint8Array, method: string, options?: { deposit?: bigint; gas?: bigint; args?: unknown }) => successText(runProbe(code, method, options).result);
/** The raw return bytes, as a latin1 string (one char per byte). */
const raw = (code: Uint8Array, method: string, options?: { deposit?: bigint; gas?: bigint; args?: unknown }) =>
  Buffer.from(successBytes(runProbe(code, method, options).result)).toString('latin1');
const error = (code: Uint8Array, method: string, options?: { deposit?: bigint; gas?: bigint }) => failureText(runProbe(code, method, options).result);

describe('registers', () => {
  const code = probe(
    {
      len_of_unset: '(call $value_return (i64.const 8) (i64.const 0)) ',
      read_unset: '(call $read_register (i64.const 7) (i64.const 0))',
      write_then_return: '(call $write_register (i64.const 3) (i64.const 5) (i64.const 1024)) (call $return_register (i64.const 3))',
      too_many: `(local $i i64) (loop $l (call $write_register (local.get $i) (i64.const 1) (i64.const 1024))
          (local.set $i (i64.add (local.get $i) (i64.const 1))) (br_if $l (i64.lt_u (local.get $i) (i64.const 101))))`,
    },
    ['read_register', 'register_len', 'write_register'],
    'hello',
  );

  it('read_register of an unset register fails with InvalidRegisterId', () => {
    expect(error(code, 'read_unset')).toBe('Accessed invalid register id: 7');
  });

  it('write_register stores guest memory; value_return with len u64::MAX reads a register', () => {
    expect(text(code, 'write_then_return')).toBe('hello');
  });

  it('at most max_number_registers = 100 registers: the 101st fails with MemoryAccessViolation', () => {
    expect(error(code, 'too_many')).toBe('Accessed memory outside the bounds.');
  });

  it('register_len of an unset register is u64::MAX', () => {
    const lenCode = wat(`(module ${imports('register_len', 'value_return')} (memory 1)
      (func (export "m") (i64.store (i32.const 0) (call $register_len (i64.const 9))) (call $value_return (i64.const 8) (i64.const 0))))`);
    expect(Buffer.from(raw(lenCode, 'm'), 'latin1').readBigUInt64LE()).toBe(2n ** 64n - 1n);
  });
});

describe('context', () => {
  const code = probe(
    {
      current: '(call $current_account_id (i64.const 0)) (call $return_register (i64.const 0))',
      signer: '(call $signer_account_id (i64.const 0)) (call $return_register (i64.const 0))',
      signer_pk: '(call $signer_account_pk (i64.const 0)) (call $return_register (i64.const 0))',
      predecessor: '(call $predecessor_account_id (i64.const 0)) (call $return_register (i64.const 0))',
      input: '(call $input (i64.const 0)) (call $return_register (i64.const 0))',
      numbers: `(i64.store (i32.const 0) (call $block_index)) (i64.store (i32.const 8) (call $block_timestamp))
        (i64.store (i32.const 16) (call $epoch_height)) (i64.store (i32.const 24) (call $storage_usage))
        (call $value_return (i64.const 32) (i64.const 0))`,
    },
    ['current_account_id', 'signer_account_id', 'signer_account_pk', 'predecessor_account_id', 'input', 'block_index', 'block_timestamp', 'epoch_height', 'storage_usage'],
  );

  it('current_account_id, signer_account_id and predecessor_account_id name the accounts', () => {
    expect(text(code, 'current')).toBe('probe.test.near');
    expect(text(code, 'signer')).toBe('alice.test.near');
    expect(text(code, 'predecessor')).toBe('alice.test.near');
  });

  it('signer_account_pk is the borsh public key: 33 bytes for ed25519 (type byte 0)', () => {
    expect(hex(raw(code, 'signer_pk'))).toBe(Buffer.from(publicKeyToBorsh(ALICE_KEY)).toString('hex'));
  });

  it('input returns the FunctionCall args bytes', () => {
    expect(text(code, 'input', { args: { a: 1 } })).toBe('{"a":1}');
  });

  it('block_index, block_timestamp, epoch_height and storage_usage describe the receipt\'s block and account', () => {
    const { t, result } = runProbe(code, 'numbers');
    const bytes = Buffer.from(successBytes(result));
    const height = result.receiptsOutcome[0]!.blockHeight;
    expect(bytes.readBigUInt64LE(0)).toBe(BigInt(height));
    expect(bytes.readBigUInt64LE(8)).toBe(t.chain.block(height)!.timestamp);
    expect(bytes.readBigUInt64LE(16)).toBe(0n);
    expect(bytes.readBigUInt64LE(24)).toBe(t.chain.viewAccount('probe.test.near').storageUsage);
  });
});

describe('economics', () => {
  const code = probe(
    {
      balances: `(call $account_balance (i64.const 0)) (call $attached_deposit (i64.const 16)) (call $account_locked_balance (i64.const 32))
        (call $value_return (i64.const 48) (i64.const 0))`,
      gas: `(i64.store (i32.const 0) (call $prepaid_gas)) (i64.store (i32.const 8) (call $used_gas)) (call $value_return (i64.const 16) (i64.const 0))`,
    },
    ['account_balance', 'attached_deposit', 'account_locked_balance', 'prepaid_gas', 'used_gas'],
  );
  const u128 = (bytes: Buffer, at: number) => bytes.readBigUInt64LE(at) + (bytes.readBigUInt64LE(at + 8) << 64n);

  it('account_balance includes the attached deposit; attached_deposit is the FunctionCall deposit', () => {
    const { t, result } = runProbe(code, 'balances', { deposit: 7n });
    const bytes = Buffer.from(successBytes(result));
    expect(u128(bytes, 16)).toBe(7n);
    expect(u128(bytes, 0)).toBe(50n * NEAR + 7n);
    expect(u128(bytes, 32)).toBe(0n);
    expect(t.balance('probe.test.near')).toBeGreaterThanOrEqual(50n * NEAR + 7n);
  });

  it('prepaid_gas is the attached gas; used_gas is positive and below it', () => {
    const bytes = Buffer.from(raw(code, 'gas', { gas: 42n * TGAS }), 'latin1');
    expect(bytes.readBigUInt64LE(0)).toBe(42n * TGAS);
    expect(bytes.readBigUInt64LE(8)).toBeGreaterThan(0n);
    expect(bytes.readBigUInt64LE(8)).toBeLessThan(42n * TGAS);
  });
});

describe('math and crypto', () => {
  const digest = (fn: string) => `(call $${fn} (i64.const 3) (i64.const 1024) (i64.const 0)) (call $return_register (i64.const 0))`;
  const code = probe(
    { sha256: digest('sha256'), keccak256: digest('keccak256'), keccak512: digest('keccak512'), ripemd160: digest('ripemd160'), seed: '(call $random_seed (i64.const 0)) (call $return_register (i64.const 0))' },
    ['sha256', 'keccak256', 'keccak512', 'ripemd160', 'random_seed'],
    'abc',
  );

  it('sha256, keccak256, keccak512 and ripemd160 hash into a register (standard "abc" vectors)', () => {
    expect(hex(raw(code, 'sha256'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(raw(code, 'keccak256'))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    expect(hex(raw(code, 'keccak512'))).toBe(
      '18587dc2ea106b9a1563e32b3312421ca164c7f1f07bc922a9c83d77cea3a1e5d0c69910739025372dc14ac9642629379540c17e2a65b19d77aa511a9d00bb96',
    );
    expect(hex(raw(code, 'ripemd160'))).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
  });

  it('random_seed is 32 bytes and differs between receipts', () => {
    const t = new TestChain().deploy('probe.test.near', code);
    const a = Buffer.from(successBytes(t.call('alice.test.near', 'probe.test.near', 'seed'))).toString('hex');
    const b = Buffer.from(successBytes(t.call('alice.test.near', 'probe.test.near', 'seed'))).toString('hex');
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
  });

  it('ed25519_verify returns 1 for a valid signature, 0 otherwise; a wrong length is Ed25519VerifyInvalidInput', () => {
    const secret = new Uint8Array(32).fill(7);
    const publicKey = ed25519.getPublicKey(secret);
    const message = new TextEncoder().encode('near');
    const signature = ed25519.sign(message, secret);
    const data = [...signature, ...publicKey, ...message].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    const verify = (sigLen: number) =>
      `(i64.store (i32.const 0) (call $ed25519_verify (i64.const ${sigLen}) (i64.const 1024) (i64.const 4) (i64.const 1120) (i64.const 32) (i64.const 1088)))
       (call $value_return (i64.const 1) (i64.const 0))`;
    const c = probe({ ok: verify(64), short: verify(63), tampered: `(i32.store8 (i32.const 1120) (i32.const 88)) ${verify(64)}` }, ['ed25519_verify'], data);
    expect(raw(c, 'ok').charCodeAt(0)).toBe(1);
    expect(raw(c, 'tampered').charCodeAt(0)).toBe(0);
    expect(error(c, 'short')).toBe('ED25519 signature verification error: invalid signature length');
  });

  it('ecrecover rejects a bad hash length with ECRecoverError', () => {
    const c = probe(
      { bad: '(drop (call $ecrecover (i64.const 31) (i64.const 1024) (i64.const 64) (i64.const 1024) (i64.const 0) (i64.const 0) (i64.const 0)))' },
      ['ecrecover'],
    );
    expect(error(c, 'bad')).toBe('ECDSA recover error: invalid hash input length, expected 32 bytes, got 31');
  });
});

describe('logs, panics and aborts', () => {
  const code = probe(
    {
      log: '(call $log_utf8 (i64.const 5) (i64.const 1024))',
      log_nul: `(call $log_utf8 (i64.const ${U64_MAX}) (i64.const 1024))`,
      log16: '(call $log_utf16 (i64.const 4) (i64.const 1040))',
      log16_bad: '(call $log_utf16 (i64.const 3) (i64.const 1040))',
      many: `(local $i i32) (loop $l (call $log_utf8 (i64.const 1) (i64.const 1024)) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 101))))`,
      long: '(call $log_utf8 (i64.const 16385) (i64.const 0))',
      panic: '(call $panic)',
      panic_utf8: '(call $panic_utf8 (i64.const 5) (i64.const 1024))',
      panic_bad_utf8: '(call $panic_utf8 (i64.const 1) (i64.const 1050))',
      abort: '(call $abort (i32.const 1064) (i32.const 1076) (i32.const 7) (i32.const 3))',
    },
    ['log_utf8', 'log_utf16', 'panic', 'panic_utf8', 'abort'],
    // 1024 "hello\0", 1040 utf16 "hi", 1050 invalid utf8, 1060 AS string "oops" (len 8), 1072 AS string "a.ts" (len 8)
    'hello\\00' + '\\00'.repeat(10) + 'h\\00i\\00' + '\\00'.repeat(6) + '\\ff' + '\\00'.repeat(9) + '\\08\\00\\00\\00o\\00o\\00p\\00s\\00' + '\\08\\00\\00\\00a\\00.\\00t\\00s\\00',
  );

  it('log_utf8 appends a log line, kept in the outcome', () => {
    expect(runProbe(code, 'log').result.receiptsOutcome[0]!.logs).toEqual(['hello']);
  });

  it('log_utf8 with len u64::MAX reads a NUL-terminated string', () => {
    expect(runProbe(code, 'log_nul').result.receiptsOutcome[0]!.logs).toEqual(['hello']);
  });

  it('log_utf16 decodes UTF-16LE; an odd length is BadUTF16', () => {
    expect(runProbe(code, 'log16').result.receiptsOutcome[0]!.logs).toEqual(['hi']);
    expect(error(code, 'log16_bad')).toBe('String encoding is bad UTF-16 sequence.');
  });

  it('at most max_number_logs = 100 logs: NumberOfLogsExceeded', () => {
    expect(error(code, 'many')).toBe('The number of logs will exceed the limit 100');
  });

  it('at most max_total_log_length = 16 KiB of log text: TotalLogLengthExceeded', () => {
    expect(error(code, 'long')).toBe('The length of a log message 16385 exceeds the limit 16384');
  });

  it('panic is GuestPanic "explicit guest panic"; panic_utf8 carries the message', () => {
    expect(error(code, 'panic')).toBe('Smart contract panicked: explicit guest panic');
    expect(error(code, 'panic_utf8')).toBe('Smart contract panicked: hello');
  });

  it('panic_utf8 with invalid UTF-8 is BadUTF8', () => {
    expect(error(code, 'panic_bad_utf8')).toBe('String encoding is bad UTF-8 sequence.');
  });

  it('abort (AssemblyScript) logs "ABORT: …" and panics with the message, file, line and column', () => {
    const { result } = runProbe(code, 'abort');
    expect(failureText(result)).toBe('Smart contract panicked: oops, filename: "a.ts" line: 7 col: 3');
    expect(result.receiptsOutcome[0]!.logs).toEqual(['ABORT: oops, filename: "a.ts" line: 7 col: 3']);
  });
});

describe('storage', () => {
  const code = probe(
    {
      write_twice: `(i64.store (i32.const 0) (call $storage_write (i64.const 3) (i64.const 1024) (i64.const 5) (i64.const 1027) (i64.const 1)))
        (i64.store (i32.const 8) (call $storage_write (i64.const 3) (i64.const 1024) (i64.const 2) (i64.const 1027) (i64.const 1)))
        (call $read_register (i64.const 1) (i64.const 16))
        (call $value_return (i64.const 21) (i64.const 0))`,
      read: `(i64.store (i32.const 0) (call $storage_read (i64.const 3) (i64.const 1024) (i64.const 2)))
        (i64.store (i32.const 8) (call $storage_has_key (i64.const 3) (i64.const 1024)))
        (call $value_return (i64.const 16) (i64.const 0))`,
      remove: `(i64.store (i32.const 0) (call $storage_remove (i64.const 3) (i64.const 1024) (i64.const 2)))
        (i64.store (i32.const 8) (call $storage_has_key (i64.const 3) (i64.const 1024)))
        (call $value_return (i64.const 16) (i64.const 0))`,
      usage: `(i64.store (i32.const 0) (call $storage_usage))
        (drop (call $storage_write (i64.const 3) (i64.const 1024) (i64.const 5) (i64.const 1027) (i64.const 1)))
        (i64.store (i32.const 8) (call $storage_usage)) (call $value_return (i64.const 16) (i64.const 0))`,
      long_key: '(drop (call $storage_write (i64.const 2049) (i64.const 0) (i64.const 1) (i64.const 0) (i64.const 1)))',
      iterate: '(drop (call $storage_iter_prefix (i64.const 1) (i64.const 0)))',
    },
    ['storage_write', 'storage_read', 'storage_remove', 'storage_has_key', 'storage_usage', 'storage_iter_prefix', 'read_register'],
    'keyvalue',
  );
  const u64s = (s: string) => [0, 8].map((at) => Buffer.from(s, 'latin1').readBigUInt64LE(at));

  it('storage_write returns 0 for a new key and 1 with the evicted value in the register for an existing one', () => {
    const out = raw(code, 'write_twice');
    expect(u64s(out)).toEqual([0n, 1n]);
    expect(out.slice(16)).toBe('value');
  });

  it('storage_read and storage_has_key see committed writes; storage_remove deletes', () => {
    const t = new TestChain().deploy('probe.test.near', code);
    t.call('alice.test.near', 'probe.test.near', 'write_twice');
    expect(u64s(Buffer.from(successBytes(t.call('alice.test.near', 'probe.test.near', 'read'))).toString('latin1'))).toEqual([1n, 1n]);
    expect(u64s(Buffer.from(successBytes(t.call('alice.test.near', 'probe.test.near', 'remove'))).toString('latin1'))).toEqual([1n, 0n]);
    expect(u64s(Buffer.from(successBytes(t.call('alice.test.near', 'probe.test.near', 'read'))).toString('latin1'))).toEqual([0n, 0n]);
  });

  it('a new record adds 40 + key + value bytes to storage_usage, within the same call', () => {
    const [before, after] = u64s(raw(code, 'usage'));
    expect(after! - before!).toBe(40n + 3n + 5n);
  });

  it('keys are limited to max_length_storage_key = 2 KiB: KeyLengthExceeded', () => {
    expect(error(code, 'long_key')).toBe('The length of a storage key 2049 exceeds the limit 2048');
  });

  it('storage iterators are importable but Deprecated', () => {
    expect(error(code, 'iterate')).toBe('Attempted to call deprecated host function storage_iter_prefix');
  });
});

describe('validator and exotic host functions', () => {
  const code = probe(
    {
      stake: '(call $validator_total_stake (i64.const 0)) (call $value_return (i64.const 16) (i64.const 0))',
      bn: '(call $alt_bn128_g1_sum (i64.const 0) (i64.const 0) (i64.const 0))',
      yield: '(drop (call $promise_yield_create (i64.const 1) (i64.const 1024) (i64.const 0) (i64.const 0) (i64.const 1) (i64.const 1) (i64.const 0)))',
    },
    ['validator_total_stake', 'alt_bn128_g1_sum', 'promise_yield_create'],
    'm',
  );

  it('validator_total_stake is 0: the embedded chain has no validator set', () => {
    expect(Buffer.from(raw(code, 'stake'), 'latin1').every((b) => b === 0)).toBe(true);
  });

  it('alt_bn128 and yield/resume are importable and fail with a clear "not supported yet" host error when called', () => {
    expect(error(code, 'bn')).toBe("alt_bn128_g1_sum is not supported yet by near-rollback-harness's embedded runtime");
    expect(error(code, 'yield')).toBe("promise_yield_create is not supported yet by near-rollback-harness's embedded runtime");
  });
});
