/**
 * The generated mock on the embedded runtime: what it exports, how it finds its answer
 * program, and what each op does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContract, decodeModule, PORTABLE_RULES } from '../../runtime/index.js';
import { accountId, answerKey, ANY_METHOD, CURRENT_ACCOUNT, MAX_PROGRAM_BYTES, MOCK_CONTINUE, MockInterfaceError, mockWasm, op, PREDECESSOR, SIGNER } from '../index.js';
import { FORMAT_VERSION, OP } from '../format.js';
import { PROMISE_FAILED } from './caller.js';
import { ALICE, BOB, CALLER, failureText, MOCK, MockChain, NEAR, OTHER, ran, ranOnce, successText, TGAS } from './fixture.js';

const exportsOf = (wasm: Uint8Array) => decodeModule(wasm).exports.map((e) => `${e.kind} ${e.name}`);

describe('the interface', () => {
  it('exports exactly the declared methods, sorted and deduplicated, plus mock_continue and its memory', () => {
    expect(exportsOf(mockWasm(['swap', 'ft_transfer', 'swap']))).toEqual(['function ft_transfer', 'function swap', 'function mock_continue', 'memory memory']);
    expect(exportsOf(mockWasm([]))).toEqual(['function mock_continue', 'memory memory']);
  });

  it('gives the same bytes for the same interface, different bytes for a different one', () => {
    expect(mockWasm(['b', 'a', 'a'])).toEqual(mockWasm(['a', 'b']));
    expect(mockWasm(['a', 'b'])).not.toEqual(mockWasm(['a', 'c']));
    expect(mockWasm(['a'])).not.toEqual(mockWasm(['a', 'b']));
  });

  it('refuses names it cannot export, naming each one', () => {
    const refuse = () => mockWasm(['ok', 'bad@name', MOCK_CONTINUE, '9lives', 'memory', '*', '', 'x'.repeat(257)]);
    expect(refuse).toThrow(MockInterfaceError);
    expect(refuse).toThrow(
      'mock interface refused: "" is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most 256 bytes); ' +
        '"*" is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most 256 bytes); ' +
        '"9lives" is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most 256 bytes); ' +
        '"bad@name" is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most 256 bytes); ' +
        '"memory" is the name of the exported memory; "mock_continue" is the mock\'s own method; ' +
        `"${'x'.repeat(257)}" is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most 256 bytes)`,
    );
  });

  it('passes NEAR\'s contract rules on every protocol (PORTABLE_RULES), whatever the interface', () => {
    const name = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,40}$/).filter((n) => n !== MOCK_CONTINUE && n !== 'memory');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 60 }), (methods) => {
        const wasm = mockWasm(methods);
        expect(checkContract(wasm, PORTABLE_RULES).violations).toEqual([]);
        expect(exportsOf(wasm)).toEqual([...[...new Set(methods)].sort().map((m) => `function ${m}`), `function ${MOCK_CONTINUE}`, 'memory memory']);
      }),
      { numRuns: 40, seed: 1 },
    );
    expect(checkContract(mockWasm(['m'.repeat(256), ...Array.from({ length: 500 }, (_, i) => `method_${i}`)]), PORTABLE_RULES).violations).toEqual([]);
  });

  it('fails a call to an undeclared method with NEAR\'s MethodNotFound', () => {
    const t = new MockChain(['swap']);
    expect(failureText(t.call(MOCK, 'ft_transfer'))).toBe('{"FunctionCallError":{"MethodResolveError":"MethodNotFound"}}');
  });
});

describe('finding the answer program', () => {
  it('returns null when no program is stored', () => {
    expect(successText(new MockChain().call(MOCK, 'swap'))).toBe('null');
  });

  it('takes "a:<method>@<signer>" over "a:<method>" over "a:*"', () => {
    const t = new MockChain(['swap', 'price'])
      .answer(MOCK, ANY_METHOD, [op.return('"any method"')])
      .answer(MOCK, 'swap', [op.return('"swap"')])
      .answer(MOCK, 'swap', [op.return('"swap for alice"')], ALICE);
    expect(successText(t.call(MOCK, 'swap', { signer: ALICE }))).toBe('"swap for alice"');
    expect(successText(t.call(MOCK, 'swap', { signer: BOB }))).toBe('"swap"');
    expect(successText(t.call(MOCK, 'price', { signer: ALICE }))).toBe('"any method"');
  });

  it('scopes by the transaction\'s signer, also when a contract makes the call', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.return('"for alice"')], ALICE).answer(MOCK, 'swap', [op.return('"for others"')]);
    expect(successText(t.viaCaller(MOCK, 'swap', { signer: ALICE }))).toBe('"for alice"');
    expect(successText(t.viaCaller(MOCK, 'swap', { signer: BOB }))).toBe('"for others"');
  });
});

describe('the ops', () => {
  it('RETURN returns its bytes as the value', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.return('{"amount":"5"}')]);
    expect(successText(t.call(MOCK, 'swap'))).toBe('{"amount":"5"}');
    expect(successText(t.viaCaller(MOCK, 'swap'))).toBe('{"amount":"5"}');
  });

  it('PANIC fails with "Smart contract panicked: <message>"', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.panic('pool is paused')]);
    expect(failureText(t.call(MOCK, 'swap'))).toBe('Smart contract panicked: pool is paused');
    expect(successText(t.viaCaller(MOCK, 'swap'))).toBe(PROMISE_FAILED);
  });

  it('TRAP fails with NEAR\'s unreachable trap text', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.trap()]);
    expect(failureText(t.call(MOCK, 'swap'))).toBe('WebAssembly trap: An `unreachable` opcode was executed.');
  });

  it('BURN_GAS runs until the prepaid gas is gone: "Exceeded the prepaid gas."', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.burnGas()]);
    const result = t.call(MOCK, 'swap', { gas: 300n * TGAS });
    expect(failureText(result)).toBe('Exceeded the prepaid gas.');
    expect(ranOnce(result, MOCK, 'swap').gasBurnt).toBeGreaterThanOrEqual(300n * TGAS);
  });

  it('END ends with no return value', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.end()]);
    expect(successText(t.call(MOCK, 'swap'))).toBe('');
  });

  it('running out of ops ends as END does', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.log('that is all')]);
    const result = t.call(MOCK, 'swap');
    expect(successText(result)).toBe('');
    expect(ranOnce(result, MOCK, 'swap').logs).toEqual(['that is all']);
  });

  it('LOG logs and continues; logs before a failure are kept', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.log('first'), op.log('second'), op.panic('then no')]);
    const result = t.call(MOCK, 'swap');
    expect(ranOnce(result, MOCK, 'swap').logs).toEqual(['first', 'second']);
    expect(failureText(result)).toBe('Smart contract panicked: then no');
  });

  it('TRANSFER keeps part of an attached deposit and sends the rest back to the caller', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.transfer(PREDECESSOR, 7n * NEAR), op.return('"kept 3"')]);
    const before = { mock: t.balance(MOCK), caller: t.balance(CALLER) };
    const result = t.viaCaller(MOCK, 'swap', { deposit: 10n * NEAR });
    t.settle();
    expect(successText(result)).toBe('"kept 3"');
    // Net of the burnt-gas rewards each contract earns for running code:
    expect(t.balance(MOCK) - before.mock - t.rewards(MOCK)).toBe(3n * NEAR);
    expect(t.balance(CALLER) - before.caller - t.rewards(CALLER)).toBe(7n * NEAR); // +10 from alice, -10 to the mock, +7 back
  });

  it('TRANSFER names the receiver by id, as the predecessor, the signer or the mock itself', () => {
    const t = new MockChain().answer(MOCK, 'swap', [
      op.transfer(accountId(BOB), 1n * NEAR),
      op.transfer(SIGNER, 2n * NEAR),
      op.transfer(PREDECESSOR, 3n * NEAR),
      op.transfer(CURRENT_ACCOUNT, 4n * NEAR),
    ]);
    const result = t.viaCaller(MOCK, 'swap', { deposit: 10n * NEAR, signer: ALICE });
    t.settle();
    const transfers = t.chain
      .outcomes()
      .filter((o) => o.predecessorId === MOCK && o.receipt?.actions[0]?.type === 'Transfer')
      .map((o) => `${o.executorId} ${(o.receipt!.actions[0] as { deposit: bigint }).deposit / NEAR}`);
    expect(transfers).toEqual([`${BOB} 1`, `${ALICE} 2`, `${CALLER} 3`, `${MOCK} 4`]);
    expect(successText(result)).toBe('');
  });

  it('REFUND_DEPOSIT sends the whole attached deposit, whatever it is, back to the caller', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.refundDeposit(), op.return('"nothing kept"')]);
    const before = { mock: t.balance(MOCK), caller: t.balance(CALLER) };
    const result = t.viaCaller(MOCK, 'swap', { deposit: 10n * NEAR + 7n });
    t.settle();
    expect(successText(result)).toBe('"nothing kept"');
    expect(t.balance(MOCK) - before.mock - t.rewards(MOCK)).toBe(0n);
    expect(t.balance(CALLER) - before.caller - t.rewards(CALLER)).toBe(10n * NEAR + 7n);
  });

  it('a failing answer sends nothing: the deposit comes back to the caller whole', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.transfer(PREDECESSOR, 7n * NEAR), op.panic('no deal')]);
    const before = { mock: t.balance(MOCK), caller: t.balance(CALLER) };
    t.viaCaller(MOCK, 'swap', { deposit: 10n * NEAR });
    t.settle();
    expect(t.balance(MOCK) - before.mock).toBe(0n);
    expect(t.balance(CALLER) - before.caller - t.rewards(CALLER)).toBe(10n * NEAR);
  });

  it('CALL calls a method with args, deposit, static gas and a share of the unused gas', () => {
    const t = new MockChain()
      .answer(OTHER, 'refund', [op.return('"refunded"')])
      .answer(MOCK, 'swap', [op.call({ account: accountId(OTHER), method: 'refund', args: '{"to":"alice"}', deposit: 2n * NEAR, gas: 5n * TGAS, weight: 1n }), op.return('"called"')]);
    const result = t.call(MOCK, 'swap', { deposit: 3n * NEAR });
    t.settle();
    expect(successText(result)).toBe('"called"');
    const refund = t.chain.outcomes().find((o) => o.executorId === OTHER)!;
    const action = refund.receipt!.actions[0]!;
    expect(action).toMatchObject({ type: 'FunctionCall', methodName: 'refund', deposit: 2n * NEAR });
    expect(new TextDecoder().decode((action as { args: Uint8Array }).args)).toBe('{"to":"alice"}');
    expect((action as { gas: bigint }).gas).toBeGreaterThan(5n * TGAS); // static gas plus the unused gas (weight 1)
    expect(refund.predecessorId).toBe(MOCK);
    expect(refund.status.type).toBe('SuccessValue');
  });

  it('CALL with weight 0 attaches exactly its static gas', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.call({ account: accountId(OTHER), method: 'price', gas: 7n * TGAS, weight: 0n })]);
    t.call(MOCK, 'swap');
    t.settle();
    const call = t.chain.outcomes().find((o) => o.executorId === OTHER)!.receipt!.actions[0] as { gas: bigint };
    expect(call.gas).toBe(7n * TGAS);
  });

  it('CALL + RETURN_PROMISE answers with the other contract\'s result, which the caller\'s callback sees', () => {
    const t = new MockChain().answer(OTHER, 'price', [op.return('"42"')]).answer(MOCK, 'swap', [op.call({ account: accountId(OTHER), method: 'price' }), op.returnPromise()]);
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"42"');
    expect(ranOnce(result, CALLER, 'on_result').promiseResults).toEqual(['Successful']);
  });

  it('THEN_CALL chains after the last promise; RETURN_PROMISE returns the last one', () => {
    const t = new MockChain()
      .answer(OTHER, 'price', [op.return('"first"')])
      .answer(OTHER, 'refund', [op.return('"second"')])
      .answer(MOCK, 'swap', [op.call({ account: accountId(OTHER), method: 'price' }), op.thenCall({ account: accountId(OTHER), method: 'refund' }), op.returnPromise()]);
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"second"');
    const price = ranOnce(result, OTHER, 'price');
    const refund = ranOnce(result, OTHER, 'refund');
    expect(refund.blockHeight).toBeGreaterThan(price.blockHeight);
    expect(refund.promiseResults).toEqual(['Successful']);
  });

  it('CALL to a missing account fails only that call; RETURN_PROMISE passes the failure on', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.call({ account: accountId('nobody.test.near'), method: 'price' }), op.returnPromise()]);
    expect(successText(t.viaCaller(MOCK, 'swap'))).toBe(PROMISE_FAILED);
  });
});

describe('mock_continue', () => {
  it('refuses a call from any account but the mock itself', () => {
    const t = new MockChain();
    const program = new TextEncoder().encode('ignored');
    expect(failureText(t.call(MOCK, MOCK_CONTINUE, { args: program }))).toBe('Smart contract panicked: mock_continue is private');
    const viaContract = t.viaCaller(MOCK, MOCK_CONTINUE);
    expect(successText(viaContract)).toBe(PROMISE_FAILED);
    expect(failureText(viaContract)).toBe('Smart contract panicked: mock_continue is private');
  });

  it('refuses an account whose id only starts like the mock\'s', () => {
    const t = new MockChain();
    t.chain.addAccount('mock.test.nea', { balance: NEAR, publicKeys: ['ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB'] });
    const hash = t.chain.submitTransaction({ signerId: 'mock.test.nea', receiverId: MOCK, actions: [{ type: 'FunctionCall', methodName: MOCK_CONTINUE, args: new Uint8Array(), gas: 300n * TGAS, deposit: 0n }] });
    expect(failureText(t.chain.runUntilFinal(hash))).toBe('Smart contract panicked: mock_continue is private');
  });
});

describe('programs the encoder would not write', () => {
  const stored = (bytes: number[] | Uint8Array) => {
    const t = new MockChain();
    t.chain.patchStorage(MOCK, answerKey('swap'), Uint8Array.from(bytes));
    return failureText(t.call(MOCK, 'swap'));
  };

  it('a program with another format version panics', () => {
    expect(stored([FORMAT_VERSION + 1, OP.END])).toBe(`Smart contract panicked: mock answer program does not start with format version ${FORMAT_VERSION}`);
    expect(stored([])).toBe('Smart contract panicked: mock answer program is malformed: an operand runs past its end');
  });

  it('an operand running past the end panics', () => {
    expect(stored([FORMAT_VERSION, OP.RETURN, 10, 0, 0, 0, 1, 2])).toBe('Smart contract panicked: mock answer program is malformed: an operand runs past its end');
    expect(stored([FORMAT_VERSION, OP.RETURN, 0xff, 0xff, 0xff, 0xff])).toBe('Smart contract panicked: mock answer program is malformed: an operand runs past its end');
    expect(stored([FORMAT_VERSION, OP.TRANSFER, 1, 0, 0])).toBe('Smart contract panicked: mock answer program is malformed: an operand runs past its end');
  });

  it('an unknown op or account kind panics', () => {
    expect(stored([FORMAT_VERSION, 0x7f])).toBe('Smart contract panicked: mock answer program has an unknown op');
    expect(stored([FORMAT_VERSION, OP.TRANSFER, 9, ...new Array(16).fill(0)])).toBe('Smart contract panicked: mock answer program has an unknown account kind');
  });

  it('a program larger than the mock\'s memory holds panics', () => {
    expect(stored(new Uint8Array(MAX_PROGRAM_BYTES + 1))).toBe(`Smart contract panicked: mock answer program is larger than the mock's ${MAX_PROGRAM_BYTES} bytes`);
  });
});

describe('the largest program', () => {
  it('runs: a return value filling the whole program area', () => {
    const t = new MockChain();
    const value = new Uint8Array(MAX_PROGRAM_BYTES - 6).fill(0x61); // version, op, u32 length
    t.answer(MOCK, 'swap', [op.return(value)]);
    const result = t.call(MOCK, 'swap');
    expect(successText(result)).toBe('a'.repeat(value.length));
    expect(ran(result, MOCK, 'swap')).toHaveLength(1);
  });
});
