/**
 * The call→callback gap: a step lands in it when its first receipt on the contract runs
 * after another step's call ran on the contract and before that call's last callback.
 */
import { describe, expect, it } from 'vitest';
import { stepsInGap } from '../index.js';
import { ALICE, BOB, call, CONTRACT, POOL, receipt, record, scenario, stepRecord } from './fixtures.js';

const steps = [stepRecord(0, 'success'), stepRecord(1, 'success'), stepRecord(2, 'success')];

describe('calls in an open call→callback gap', () => {
  it("counts a step whose call runs after another's call and before its callback, not the step that opened the gap", () => {
    const stake = receipt(0, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const pool = receipt(0, CONTRACT, POOL, [call('deposit_and_stake')], { block: 2 });
    const raced = receipt(1, BOB, CONTRACT, [call('pay')], { block: 2 });
    const callback = receipt(0, POOL, CONTRACT, [call('on_stake')], { block: 3, inputs: ['Successful'] });
    const after = receipt(2, BOB, CONTRACT, [call('pay')], { block: 4 });
    const r = record([stake, pool, raced, callback, after], steps, { blocks: [[stake], [pool, raced], [callback], [after]] });
    expect([...stepsInGap(scenario(), r)]).toEqual([1]);
  });

  it('keeps the gap open until the last callback of a chain (call.then(a).then(b))', () => {
    const stake = receipt(0, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const first = receipt(0, POOL, CONTRACT, [call('on_stake')], { block: 3, inputs: ['Successful'] });
    const raced = receipt(1, BOB, CONTRACT, [call('pay')], { block: 4 });
    const last = receipt(0, CONTRACT, CONTRACT, [call('on_pay')], { block: 5, inputs: ['Failed'] });
    const r = record([stake, first, raced, last], steps, { blocks: [[stake], [first], [raced], [last]] });
    expect([...stepsInGap(scenario(), r)]).toEqual([1]);
  });

  it('orders receipts of one block as the block ran them', () => {
    const stake = receipt(0, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const callback = receipt(0, POOL, CONTRACT, [call('on_stake')], { block: 3, inputs: ['Successful'] });
    const before = receipt(1, BOB, CONTRACT, [call('pay')], { block: 3 });
    const after = receipt(2, BOB, CONTRACT, [call('pay')], { block: 3 });
    const r = record([stake, before, callback, after], steps, { blocks: [[stake], [before, callback, after]] });
    expect([...stepsInGap(scenario(), r)]).toEqual([1]);
  });

  it('on a node, whose record has no order within a block, takes two steps\' receipts in one block to run in the order the steps were sent', () => {
    const stake = receipt(1, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const sentBefore = receipt(0, BOB, CONTRACT, [call('pay')], { block: 1 });
    const sentAfter = receipt(2, BOB, CONTRACT, [call('pay')], { block: 1 });
    const callback = receipt(1, POOL, CONTRACT, [call('on_stake')], { block: 3, inputs: ['Successful'] });
    const r = record([sentBefore, stake, sentAfter, callback], steps, { backend: 'workspaces' });
    expect([...stepsInGap(scenario(), r)]).toEqual([2]);
  });

  it('opens no gap for an operation without a callback', () => {
    const deposit = receipt(0, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const next = receipt(1, BOB, CONTRACT, [call('pay')], { block: 2 });
    const r = record([deposit, next], steps, { blocks: [[deposit], [next]] });
    expect(stepsInGap(scenario(), r).size).toBe(0);
  });
});
