/**
 * The calls a backend sends, built once for both: the setup calls of a scenario, each
 * step's transaction (direct, or through a relay mock) and callback probes.
 */
import type { Step } from '../generate/index.js';
import type { Action } from '../runtime/index.js';
import type { CallSpec, Json, Scenario } from '../scenario/index.js';
import { DEFAULT_GAS, RELAY_FORWARD_GAS } from './defaults.js';

const encoder = new TextEncoder();

/**
 * A FunctionCall action. Arguments are JSON; none given is `{}`, as near-api-js and
 * near-workspaces send for a call without arguments (near-sdk-js and near-sdk-rs parse
 * `{}` as "no arguments"; an empty input would fail a method that reads them).
 */
export function functionCall(method: string, args: Json | undefined, deposit = 0n, gas = DEFAULT_GAS): Action & { type: 'FunctionCall' } {
  return { type: 'FunctionCall', methodName: method, args: encoder.encode(JSON.stringify(args === undefined ? {} : args)), gas, deposit };
}

export interface CallRequest {
  signer: string;
  receiver: string;
  action: Action & { type: 'FunctionCall' };
}

/** The scenario's setup calls, in the order every run makes them: the contract's init, the mocks' inits, then `setup`. */
export function setupCalls(scenario: Scenario): CallRequest[] {
  const request = (signer: string, receiver: string, spec: CallSpec): CallRequest => ({
    signer,
    receiver,
    action: functionCall(spec.method, spec.args, spec.deposit ?? 0n, spec.gas ?? DEFAULT_GAS),
  });
  return [
    ...(scenario.contract.init ? [request(scenario.contract.id, scenario.contract.id, scenario.contract.init)] : []),
    ...scenario.mocks.flatMap((mock) => (mock.init ? [request(mock.id, mock.id, mock.init)] : [])),
    ...(scenario.setup ?? []).map((s) => request(s.signer, s.receiver, s)),
  ];
}

/** A step's transaction: the call itself, or `mock_relay` on the relay, which forwards it so that predecessor ≠ signer. */
export function stepCall(step: Step): CallRequest {
  const deposit = BigInt(step.deposit);
  const gas = BigInt(step.gas);
  if (!step.via) return { signer: step.caller, receiver: step.receiver, action: functionCall(step.method, step.args, deposit, gas) };
  const relayArgs: Json = { receiver_id: step.receiver, method: step.method, args: step.args, gas: RELAY_FORWARD_GAS.toString() };
  return { signer: step.caller, receiver: step.via, action: functionCall('mock_relay', relayArgs, deposit, gas) };
}

export const describeCall = (call: CallRequest) => `${call.signer} → ${call.receiver}.${call.action.methodName}`;
