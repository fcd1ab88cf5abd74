/**
 * The checker every built contract must pass before it is written: only `env`
 * function imports, no post-MVP wasm feature (so every NEAR protocol version accepts
 * it), NEAR's size/function/table limits, and `() -> ()` method exports.
 */
import { checkContract, functionType, PORTABLE_RULES, PREPARE_ERROR_TEXT } from '../harness/runtime/index.js';

export interface CheckedContract {
  imports: string[];
  methods: string[];
  size: number;
}

export class ContractCheckError extends Error {
  constructor(
    readonly contract: string,
    readonly problems: string[],
  ) {
    super(`${contract} is not an acceptable NEAR contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContractCheckError';
  }
}

/** Checks wasm bytes; throws ContractCheckError listing every problem. */
export function checkContractWasm(label: string, bytes: Uint8Array): CheckedContract {
  const { module, violations } = checkContract(bytes, PORTABLE_RULES);
  const problems = violations.map((v) => `${v.kind}: ${v.detail} ("${PREPARE_ERROR_TEXT[v.kind]}")`);
  if (!module) throw new ContractCheckError(label, problems);

  const methods: string[] = [];
  for (const exp of module.exports) {
    if (exp.kind === 'memory') continue;
    if (exp.kind !== 'function') {
      problems.push(`exports ${exp.kind} "${exp.name}"; a contract exports only its methods and memory`);
      continue;
    }
    const type = functionType(module, exp.index);
    if (!type || type.params.length > 0 || type.results.length > 0) {
      problems.push(`method "${exp.name}" must take no parameters and return nothing (NEAR MethodInvalidSignature)`);
    }
    methods.push(exp.name);
  }
  if (problems.length > 0) throw new ContractCheckError(label, problems);
  return {
    imports: module.imports.map((i) => `${i.module}.${i.name}`),
    methods: methods.sort(),
    size: bytes.length,
  };
}
