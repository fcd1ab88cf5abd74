/**
 * Purpose-made contracts for init's tests, built with the project's wasm assembler: one that
 * embeds an ABI the way near-sdk-rs does (an exported `__contract_abi` that value_returns a
 * zstd frame), one whose every method loops forever, one that exports no method.
 */
import { readFileSync } from 'node:fs';
import { br, call, drop, i64, loop, ModuleBuilder } from '../../mock/test/index.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
/** The ABI of the oracle-client test contract, as JSON text (fixtures/abi.json). */
export const ABI_JSON = readFileSync(new URL('abi.json', FIXTURES), 'utf8');
/** The same, compressed once with the zstd CLI (`zstd -19 abi.json -o abi.json.zst`): a real compressed frame with a checksum. */
export const ABI_ZSTD = new Uint8Array(readFileSync(new URL('abi.json.zst', FIXTURES)));

/**
 * A zstd frame holding `content` in raw (stored) blocks, built by hand from RFC 8878 §3.1.1:
 * magic, a single-segment frame header with a 4-byte content size, then blocks of at most
 * 128 KiB, each with its 3-byte header (last-block bit, type 0 = raw, size).
 */
export function zstdStoredFrame(content: Uint8Array): Uint8Array {
  const BLOCK = 128 * 1024;
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0b1010_0000];
  for (let shift = 0; shift < 32; shift += 8) parts.push((content.length >>> shift) & 0xff);
  for (let start = 0; start === 0 || start < content.length; start += BLOCK) {
    const block = content.subarray(start, start + BLOCK);
    const header = (block.length << 3) | (start + BLOCK >= content.length ? 1 : 0);
    parts.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff, ...block);
  }
  return new Uint8Array(parts);
}

const text = (s: string) => new TextEncoder().encode(s);

/**
 * The oracle-client: `__contract_abi` returns `abi` (the zstd frame given); `new` (init) does
 * nothing; `ping` calls oracle.test.near's get_price and then its own on_price
 * (promise_then); `on_price` and `get_greeting` do nothing.
 */
export function abiContract(abi: Uint8Array): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  const valueReturn = m.importFunction('env', 'value_return', ['i64', 'i64'], 'none');
  const currentAccountId = m.importFunction('env', 'current_account_id', ['i64'], 'none');
  const promiseCreate = m.importFunction('env', 'promise_create', ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64'], 'i64');
  const promiseThen = m.importFunction('env', 'promise_then', ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64'], 'i64');
  const ORACLE = 0;
  const GET_PRICE = 32;
  const ON_PRICE = 48;
  const ARGS = 64;
  const ZERO_AMOUNT = 80;
  const ABI = 128;
  m.data(ORACLE, text('oracle.test.near')).data(GET_PRICE, text('get_price')).data(ON_PRICE, text('on_price')).data(ARGS, text('{}')).data(ABI, abi);
  const c = (n: number | bigint) => i64.const(BigInt(n));
  const TGAS = 10n ** 12n;
  const U64_MAX = (1n << 64n) - 1n;
  const nothing = m.func('nothing', [], 'none', () => []);
  m.export('__contract_abi', m.func('__contract_abi', [], 'none', () => [call(valueReturn, c(abi.length), c(ABI))]));
  m.export('new', nothing).export('on_price', nothing).export('get_greeting', nothing);
  m.export(
    'ping',
    m.func('ping', [], 'none', () => [
      call(currentAccountId, c(0)),
      drop(
        call(
          promiseThen,
          // promise_create("oracle.test.near", "get_price", "{}", 0 yocto, 10 Tgas)
          call(promiseCreate, c(16), c(ORACLE), c(9), c(GET_PRICE), c(2), c(ARGS), c(ZERO_AMOUNT), c(10n * TGAS)),
          // then on_price on the contract itself: its id is in register 0 (length u64::MAX)
          c(U64_MAX),
          c(0),
          c(8),
          c(ON_PRICE),
          c(2),
          c(ARGS),
          c(ZERO_AMOUNT),
          c(10n * TGAS),
        ),
      ),
    ]),
  );
  return m.encode();
}

/** Every method (`spin`, `whirl`) loops forever. */
export function loopingContract(): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  const spin = m.func('spin', [], 'none', () => [loop((again) => [br(again)])]);
  return m.export('spin', spin).export('whirl', spin).encode();
}

/** A module exporting its memory and a function that takes a parameter, and no NEAR method. */
export function noMethodContract(): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  return m.export('helper', m.func('helper', ['i64'], 'none', () => [])).encode();
}

/**
 * One method per way a view run ends: `writes` calls storage_write (refused in views),
 * `reads` calls storage_read and returns, `panics` panics, `spins` loops forever.
 */
export function viewProbeContract(): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  const storageWrite = m.importFunction('env', 'storage_write', ['i64', 'i64', 'i64', 'i64', 'i64'], 'i64');
  const storageRead = m.importFunction('env', 'storage_read', ['i64', 'i64', 'i64'], 'i64');
  const panic = m.importFunction('env', 'panic', [], 'none');
  m.data(0, text('key'));
  const c = (n: number) => i64.const(BigInt(n));
  m.export('writes', m.func('writes', [], 'none', () => [drop(call(storageWrite, c(3), c(0), c(3), c(0), c(0)))]));
  m.export('reads', m.func('reads', [], 'none', () => [drop(call(storageRead, c(3), c(0), c(0)))]));
  m.export('panics', m.func('panics', [], 'none', () => [call(panic)]));
  m.export('spins', m.func('spins', [], 'none', () => [loop((again) => [br(again)])]));
  return m.encode();
}

/** Imports a host function NEAR does not have: it cannot even be instantiated. */
export function unlinkableContract(): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  const missing = m.importFunction('env', 'teleport', [], 'none');
  return m.export('go', m.func('go', [], 'none', () => [call(missing)])).encode();
}
