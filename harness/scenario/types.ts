/**
 * A scenario: everything the harness needs to test one contract — its wasm and init
 * call, the users, the mock external contracts, the methods it may call with
 * arbitraries for their arguments and deposits, which methods are callbacks, and the
 * checks that are particular to this contract.
 */
import type * as fc from 'fast-check';
import type { Json, MockBehaviour } from './behaviour.js';

export interface AccountSpec {
  id: string;
  /** yoctoNEAR */
  balance: bigint;
}

export interface CallSpec {
  method: string;
  args?: Json;
  deposit?: bigint;
  gas?: bigint;
}

export interface ContractSpec {
  id: string;
  /** Path to the .wasm, relative to the project root or absolute. */
  wasm: string;
  balance?: bigint;
  init?: CallSpec;
}

export interface MockSpec {
  id: string;
  /** 'mock': the configurable mock (mocks/mock.ts); 'fungible-token': mocks/mock-ft.ts. */
  kind: 'mock' | 'fungible-token';
  balance?: bigint;
  /** mock: how each method answers unless a step says otherwise. */
  behaviours?: Record<string, MockBehaviour>;
  /**
   * mock: the methods the contract under test calls on it. The generator picks, for every
   * step, how each of them answers that step's calls.
   */
  calledMethods?: string[];
  /** fungible-token: init args. */
  init?: CallSpec;
  /** mock: used as a relay (mock_relay) for relayable methods; it should not be one the contract calls. */
  relay?: boolean;
}

/** What an argument arbitrary may depend on. */
export interface ArgContext {
  contract: string;
  users: string[];
  mocks: string[];
}

export interface MethodSpec {
  name: string;
  /** The account called: the contract (default) or another one, e.g. a token's ft_transfer_call. */
  receiver?: string;
  args: (context: ArgContext) => fc.Arbitrary<Json>;
  /** yoctoNEAR to attach; default none. */
  deposit?: (context: ArgContext) => fc.Arbitrary<bigint>;
  gas?: bigint;
  /**
   * The attached deposit is forwarded to external contracts. When they fail, the caller
   * must get back exactly the deposit minus what the external contracts kept.
   */
  forwardsDeposit?: boolean;
  /** May also be called through a relay contract, so that signer != predecessor. */
  relayable?: boolean;
  /** Relative frequency among the methods (default 1). */
  weight?: number;
}

/** Read-only access to the chain between blocks: for custom invariants and projections. */
export interface StateView {
  height: number;
  view<T = unknown>(accountId: string, method: string, args?: Json): T;
  /** The account's raw contract storage (key as latin1 string). */
  storage(accountId: string): Map<string, Uint8Array>;
  balance(accountId: string): bigint;
  /**
   * NEAR the account gained since the run started, not counting burnt-gas rewards:
   * what others sent it minus what it sent.
   */
  netReceived(accountId: string): bigint;
  /** Whether any transaction or receipt is still waiting to run. */
  busy: boolean;
}

export interface CustomInvariant {
  name: string;
  /** When to check: after every block (default) or once everything has settled. */
  when?: 'every-block' | 'quiescent';
  /** Returns a description of what is wrong, or undefined. */
  check(state: StateView, scenario: Scenario): string | undefined;
}

export interface StorageAllowance {
  /** Raw storage keys (latin1) that may differ. */
  keys?: (string | RegExp)[];
  /** Top-level fields of a near-sdk-js JSON `STATE` record that may differ. */
  stateFields?: string[];
}

export interface Scenario {
  name: string;
  /** The module this scenario was loaded from (set by the loader; used by counterexamples). */
  source?: { module: string };
  contract: ContractSpec;
  users: AccountSpec[];
  mocks: MockSpec[];
  /** Calls made once after deployment, before every run (registrations, seed deposits). */
  setup?: (CallSpec & { signer: string; receiver: string })[];
  methods: MethodSpec[];
  /** Methods of the contract that are callbacks: they must refuse foreign callers. */
  callbacks: string[];
  /** Arguments to probe a callback with when the run never called it. */
  callbackProbeArgs?: Record<string, Json>;
  /** An account that is not a user, used to call callbacks directly. */
  attacker?: string;
  /** What a failed operation may leave behind in contract storage. */
  allowedStorageDifferences?: StorageAllowance;
  /** Views used to describe state in traces and to compare runs: per-user projections. */
  projections?: { method: string; args: (user: string) => Json }[];
  /** Once everything has settled: a description of any pending or locked state left. */
  quiescent?: (state: StateView, scenario: Scenario) => string | undefined;
  invariants?: CustomInvariant[];
  /** Generation bounds. */
  limits?: { maxSteps?: number; maxWait?: number; maxDelay?: number };
  /** A self-test subject: the harness is expected to find a violation (e.g. a buggy variant). */
  expectViolation?: boolean;
}
