/**
 * Conformance: view calls (state_viewer: what is prohibited, with nearcore's texts) and
 * bad input — every failure is an outcome with nearcore's error, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_2_6_PROTOCOL, ViewError } from '../index.js';
import { failureText, NEAR, TestChain, TGAS } from './chain-fixture.js';
import { buildModule } from './wasm-builder.js';
import { imports, wat } from './wat.js';

const VIEWS = wat(`(module ${imports('storage_write', 'predecessor_account_id', 'attached_deposit', 'value_return', 'prepaid_gas', 'promise_batch_create')} (memory 1)
  (data (i32.const 0) "k")
  (func (export "write") (drop (call $storage_write (i64.const 1) (i64.const 0) (i64.const 1) (i64.const 0) (i64.const 0))))
  (func (export "who") (call $predecessor_account_id (i64.const 0)))
  (func (export "gas") (drop (call $prepaid_gas)))
  (func (export "promise") (drop (call $promise_batch_create (i64.const 1) (i64.const 0))))
  (func (export "deposit") (call $attached_deposit (i64.const 16)) (call $value_return (i64.const 16) (i64.const 16))))`);

const viewError = (t: TestChain, account: string, method: string) => {
  try {
    t.chain.view(account, method);
  } catch (error) {
    if (error instanceof ViewError) return error.message;
    throw error;
  }
  throw new Error(`view ${method} succeeded`);
};

describe('view calls', () => {
  const t = new TestChain().deploy('views.test.near', VIEWS);

  it('storage_write is prohibited in views, with nearcore\'s ProhibitedInView text', () => {
    expect(viewError(t, 'views.test.near', 'write')).toBe('wasm execution failed with error: HostError(ProhibitedInView { method_name: "storage_write" })');
  });

  it('predecessor_account_id, prepaid_gas and promise creation are prohibited too', () => {
    expect(viewError(t, 'views.test.near', 'who')).toContain('ProhibitedInView { method_name: "predecessor_account_id" }');
    expect(viewError(t, 'views.test.near', 'gas')).toContain('ProhibitedInView { method_name: "prepaid_gas" }');
    expect(viewError(t, 'views.test.near', 'promise')).toContain('ProhibitedInView { method_name: "promise_batch_create" }');
  });

  it('attached_deposit is allowed in views and returns 0', () => {
    expect([...t.chain.view('views.test.near', 'deposit').result]).toEqual(new Array(16).fill(0));
  });

  it('older nearcore (the 2.6 sandbox) wraps view errors in FunctionCallError(…)', () => {
    const old = new TestChain({ protocol: SANDBOX_2_6_PROTOCOL }).deploy('views.test.near', VIEWS);
    expect(viewError(old, 'views.test.near', 'write')).toBe(
      'wasm execution failed with error: FunctionCallError(HostError(ProhibitedInView { method_name: "storage_write" }))',
    );
  });

  it('a missing account or missing code gives the "while viewing" / CodeDoesNotExist texts', () => {
    expect(viewError(t, 'nobody.test.near', 'x')).toBe('account nobody.test.near does not exist while viewing');
    expect(viewError(t, 'alice.test.near', 'x')).toBe(
      'wasm execution failed with error: CompilationError(CodeDoesNotExist { account_id: AccountId("alice.test.near") })',
    );
  });

  it('a near-sdk-js @call invoked as a view fails at its STATE write', () => {
    const vault = new TestChain().deploy('vault.test.near', 'contract/build/vault.wasm');
    expect(viewError(vault, 'vault.test.near', 'init')).toContain('ProhibitedInView { method_name: "storage_write" }');
  });

  it('a view sees the latest state and changes nothing', () => {
    const vault = new TestChain().deploy('vault.test.near', 'contract/build/vault.wasm');
    vault.callAndSettle('alice.test.near', 'vault.test.near', 'init', { args: { token_id: 't.test.near', externals: [] } });
    const before = vault.chain.viewState('vault.test.near');
    expect(vault.view('vault.test.near', 'get_config')).toEqual({ token_id: 't.test.near', externals: [] });
    expect(vault.chain.viewState('vault.test.near')).toEqual(before);
  });
});

describe('bad input: each gives the error nearcore gives, as an outcome', () => {
  const callOn = (code: Uint8Array, method = 'main', gas = 300n * TGAS) =>
    failureText(new TestChain().deploy('c.test.near', code).call('alice.test.near', 'c.test.near', method, { gas }));

  it('invalid wasm: CompilationError(PrepareError(Deserialization))', () => {
    const t = new TestChain().deploy('c.test.near', new TextEncoder().encode('definitely not wasm'));
    expect(t.call('alice.test.near', 'c.test.near', 'main').status).toMatchObject({
      type: 'Failure',
      error: { ActionError: { index: 0, kind: { FunctionCallError: { CompilationError: { PrepareError: 'Deserialization' } } } } },
    });
  });

  it('an import from a module other than env: PrepareError(Instantiate)', () => {
    const code = buildModule({ imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_write' }], functions: [{ export: 'main' }] });
    const t = new TestChain().deploy('c.test.near', code);
    expect(t.call('alice.test.near', 'c.test.near', 'main').status).toMatchObject({
      error: { ActionError: { kind: { FunctionCallError: { CompilationError: { PrepareError: 'Instantiate' } } } } },
    });
  });

  it('an unknown env import: LinkError', () => {
    const code = buildModule({ imports: [{ module: 'env', name: 'teleport' }], functions: [{ export: 'main' }] });
    expect(callOn(code)).toMatch(/^Link Error: /);
  });

  it('a missing method: MethodResolveError(MethodNotFound); a method with parameters: MethodInvalidSignature', () => {
    const code = wat('(module (memory 1) (func (export "main")) (func (export "takes") (param i32)))');
    const t = new TestChain().deploy('c.test.near', code);
    expect(t.call('alice.test.near', 'c.test.near', 'nope').status).toMatchObject({
      error: { ActionError: { kind: { FunctionCallError: { MethodResolveError: 'MethodNotFound' } } } },
    });
    expect(t.call('alice.test.near', 'c.test.near', 'takes').status).toMatchObject({
      error: { ActionError: { kind: { FunctionCallError: { MethodResolveError: 'MethodInvalidSignature' } } } },
    });
  });

  it('malformed JSON arguments to a near-sdk-js contract: its parser\'s panic', () => {
    const t = new TestChain().deploy('vault.test.near', 'contract/build/vault.wasm');
    const result = t.call('alice.test.near', 'vault.test.near', 'init', { raw: new TextEncoder().encode('{not json') });
    expect(failureText(result)).toMatch(/^Smart contract panicked: expecting property name/);
  });

  it('wasm traps map to nearcore\'s texts: unreachable, memory out of bounds, division by zero', () => {
    expect(callOn(wat('(module (memory 1) (func (export "main") unreachable))'))).toBe('WebAssembly trap: An `unreachable` opcode was executed.');
    expect(callOn(wat('(module (memory 1) (func (export "main") (drop (i32.load (i32.const -1)))))'))).toBe('WebAssembly trap: Memory out of bounds trap.');
    expect(callOn(wat('(module (memory 1) (func (export "main") (drop (i32.div_u (i32.const 1) (i32.const 0)))))'))).toBe(
      'WebAssembly trap: An arithmetic exception, e.g. divided by zero.',
    );
  });

  it('a host function reading past guest memory: MemoryAccessViolation', () => {
    const code = wat(`(module ${imports('log_utf8')} (memory 1) (func (export "main") (call $log_utf8 (i64.const 16) (i64.const 200000000))))`);
    expect(callOn(code)).toBe('Accessed memory outside the bounds.');
  });

  it('a u128 pointer too close to the end of memory (a value of the wrong size): MemoryAccessViolation', () => {
    const code = wat(`(module ${imports('attached_deposit')} (memory 1) (func (export "main") (call $attached_deposit (i64.const 67108860))))`);
    expect(callOn(code)).toBe('Accessed memory outside the bounds.');
  });

  it('a contract that loops forever ends in gas exhaustion, never a hang', () => {
    const code = wat('(module (memory 1) (func (export "main") (loop $l (br $l))))');
    const t = new TestChain().deploy('c.test.near', code);
    const result = t.call('alice.test.near', 'c.test.near', 'main', { gas: 5n * TGAS });
    expect(failureText(result)).toBe('Exceeded the prepaid gas.');
    expect(result.receiptsOutcome[0]!.gasBurnt).toBeGreaterThanOrEqual(5n * TGAS);
  });

  it('burning past max_gas_burnt is GasLimitExceeded', () => {
    const code = wat('(module (memory 1) (func (export "main") (loop $l (br $l))))');
    const t = new TestChain({ protocol: { ...SANDBOX_2_6_PROTOCOL, limits: { ...SANDBOX_2_6_PROTOCOL.limits, maxGasBurnt: 10n * TGAS } } }).deploy('c.test.near', code);
    expect(failureText(t.call('alice.test.near', 'c.test.near', 'main', { gas: 50n * TGAS }))).toBe('Exceeded the maximum amount of gas allowed to burn per contract.');
  });

  it('deep recursion is a stack-overflow trap, and the host process survives it', () => {
    const code = wat('(module (memory 1) (func $f (export "main") (call $f)))');
    expect(callOn(code)).toBe('WebAssembly trap: Stack overflow.');
  });

  it('calling an account without code: CompilationError(CodeDoesNotExist)', () => {
    const t = new TestChain();
    expect(t.call('alice.test.near', 'bob.test.near', 'main').status).toMatchObject({
      error: { ActionError: { kind: { FunctionCallError: { CompilationError: { CodeDoesNotExist: { account_id: 'bob.test.near' } } } } } },
    });
  });

  it('a near-sdk-js exception in module top-level code traps instead of panicking (a trap-mode mock call)', () => {
    const t = new TestChain().deploy('mock.test.near', 'mocks/build/mock.wasm');
    const result = t.call('alice.test.near', 'mock.test.near', 'swap', { args: { __mock: { kind: 'trap' } }, deposit: NEAR });
    expect(failureText(result)).toBe('WebAssembly trap: An `unreachable` opcode was executed.');
  });
});
