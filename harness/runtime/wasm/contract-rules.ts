/**
 * NEAR's acceptance rules for contract wasm (nearcore's "prepare" step):
 * imports, features and size limits. Each violation carries the PrepareError kind
 * nearcore reports for it, so the runtime can fail a deploy or call the same way.
 */
import { WasmDecodeError } from './byte-reader.js';
import { scanBody, type WasmFeature } from './instructions.js';
import { decodeModule, SECTION, type WasmModule } from './module.js';

/** nearcore's PrepareError variants (runtime/near-vm-runner errors.rs). */
export type PrepareErrorKind =
  | 'Serialization'
  | 'Deserialization'
  | 'InternalMemoryDeclared'
  | 'GasInstrumentation'
  | 'StackHeightInstrumentation'
  | 'Instantiate'
  | 'Memory'
  | 'TooManyFunctions'
  | 'TooManyLocals'
  | 'TooManyTables'
  | 'TooManyTableElements'
  | 'FunctionBodyTooLarge'
  | 'TooManyBlocksPerFunction'
  | 'TooManyBlocksPerContract'
  | 'TooManyTypes'
  | 'TooManyParamsPerFunction'
  | 'TooManyParamsPerContract'
  /** Not a PrepareError: deploys larger than max_contract_size fail as ContractSizeExceeded. */
  | 'ContractSizeExceeded';

/** nearcore's display texts for PrepareError (errors.rs). */
export const PREPARE_ERROR_TEXT: Record<PrepareErrorKind, string> = {
  Serialization: 'Error happened while serializing the module.',
  Deserialization: 'Error happened while deserializing the module.',
  InternalMemoryDeclared: 'Internal memory declaration has been found in the module.',
  GasInstrumentation: 'Gas instrumentation failed.',
  StackHeightInstrumentation: 'Stack instrumentation failed.',
  Instantiate: 'Error happened during instantiation.',
  Memory: 'Error creating memory.',
  TooManyFunctions: 'Too many functions in contract.',
  TooManyLocals: 'Too many locals declared in the contract.',
  TooManyTables: 'Too many tables declared in the contract.',
  TooManyTableElements: 'Too many table elements declared in the contract.',
  FunctionBodyTooLarge: 'A function body is too large.',
  TooManyBlocksPerFunction: 'Too many blocks in a function.',
  TooManyBlocksPerContract: 'Too many blocks in the contract.',
  TooManyTypes: 'Too many types declared in the contract.',
  TooManyParamsPerFunction: 'Too many parameters in a function type.',
  TooManyParamsPerContract: 'Too many parameters in the contract.',
  ContractSizeExceeded: 'The contract is larger than max_contract_size.',
};

export interface ContractRules {
  /** Post-MVP features accepted on top of MVP (+ floats, mutable globals). */
  acceptedFeatures: ReadonlySet<WasmFeature>;
  maxContractSize: number;
  maxFunctions: number;
  maxLocals: number;
  /** Limits added by newer protocol versions; undefined means "not enforced". */
  maxTables?: number;
  maxTableElements?: number;
  maxFunctionBodySize?: number;
  maxBlocksPerFunction?: number;
  maxBlocksPerContract?: number;
  maxTypes?: number;
  maxParamsPerFunction?: number;
  maxParamsPerContract?: number;
}

/** Rules of older protocols (prepare V0/V1, e.g. the nearcore 2.6.2 sandbox). */
export const LEGACY_RULES: ContractRules = {
  acceptedFeatures: new Set(),
  maxContractSize: 4 * 1024 * 1024,
  maxFunctions: 10_000,
  maxLocals: 1_000_000,
};

/** Rules of the newest parameter snapshot (prepare V2, reftypes_bulk_memory on). */
export const LATEST_RULES: ContractRules = {
  acceptedFeatures: new Set<WasmFeature>(['sign-extension', 'bulk-memory', 'reference-types']),
  maxContractSize: 4 * 1024 * 1024,
  maxFunctions: 10_000,
  maxLocals: 1_000_000,
  maxTables: 1,
  maxTableElements: 10_000,
  maxFunctionBodySize: 196_608,
  maxBlocksPerFunction: 5_000,
  maxBlocksPerContract: 50_000,
  maxTypes: 1_024,
  maxParamsPerFunction: 64,
  maxParamsPerContract: 50_000,
};

/** Accepted by every protocol version: the older feature set with the newer limits. */
export const PORTABLE_RULES: ContractRules = { ...LATEST_RULES, acceptedFeatures: new Set() };

export interface RuleViolation {
  kind: PrepareErrorKind;
  /** What is wrong, for a human (the kind's nearcore text is in PREPARE_ERROR_TEXT). */
  detail: string;
}

export interface ContractCheck {
  module?: WasmModule;
  violations: RuleViolation[];
}

function over(limit: number | undefined, value: number): boolean {
  return limit !== undefined && value > limit;
}

/** Checks wasm bytes against NEAR's contract rules. Never throws on bad input. */
export function checkContract(bytes: Uint8Array, rules: ContractRules): ContractCheck {
  const violations: RuleViolation[] = [];
  if (bytes.length > rules.maxContractSize) {
    violations.push({
      kind: 'ContractSizeExceeded',
      detail: `code is ${bytes.length} bytes, the limit is ${rules.maxContractSize}`,
    });
  }
  let module: WasmModule;
  try {
    module = decodeModule(bytes);
  } catch (error) {
    const detail = error instanceof WasmDecodeError ? error.message : String(error);
    return { violations: [...violations, { kind: 'Deserialization', detail }] };
  }

  if (module.unknownSectionIds.length > 0) {
    violations.push({ kind: 'Deserialization', detail: `unknown section id(s) ${module.unknownSectionIds.join(', ')}` });
  }

  for (const imp of module.imports) {
    if (imp.module !== 'env') {
      violations.push({ kind: 'Instantiate', detail: `imports ${imp.module}.${imp.name}; only module "env" may be imported` });
    } else if (imp.kind === 'memory') {
      violations.push({ kind: 'Memory', detail: `imports memory env.${imp.name}; NEAR supplies env.memory itself` });
    } else if (imp.kind !== 'function') {
      violations.push({ kind: 'Instantiate', detail: `imports ${imp.kind} env.${imp.name}; only functions may be imported` });
    }
  }

  const features = new Map<WasmFeature, string>();
  const noteFeature = (feature: WasmFeature, where: string) => {
    if (!features.has(feature)) features.set(feature, where);
  };
  if (module.sections.some((s) => s.id === SECTION.dataCount)) noteFeature('bulk-memory', 'a DataCount section');
  if (module.sections.some((s) => s.id === SECTION.tag)) noteFeature('exceptions', 'a tag section');
  for (const segment of module.dataSegments) {
    if (segment.flags !== 0) noteFeature('bulk-memory', 'a passive or explicit-memory data segment');
  }
  for (const segment of module.elementSegments) {
    if (segment.flags !== 0) noteFeature('bulk-memory', 'a non-MVP element segment encoding');
  }
  for (const type of module.types) {
    if (type.results.length > 1) noteFeature('multi-value', 'a function type with several results');
    if ([...type.params, ...type.results].some((t) => t === 'v128')) noteFeature('simd', 'a v128 value type');
    if ([...type.params, ...type.results].some((t) => t === 'funcref' || t === 'externref')) {
      noteFeature('reference-types', 'a reference value type in a function signature');
    }
  }
  for (const memory of module.memories) {
    if (memory.shared) noteFeature('threads', 'a shared memory');
  }
  if (module.tables.length > 1) noteFeature('reference-types', 'several tables');

  let totalBlocks = 0;
  let totalLocals = 0;
  for (const body of module.bodies) {
    totalLocals += body.localCount;
    const size = body.end - body.start;
    if (over(rules.maxFunctionBodySize, size)) {
      violations.push({
        kind: 'FunctionBodyTooLarge',
        detail: `function ${body.functionIndex} body is ${size} bytes, the limit is ${rules.maxFunctionBodySize}`,
      });
    }
    try {
      const summary = scanBody(module, body, {
        feature: (feature, offset) => noteFeature(feature, `function ${body.functionIndex} at byte ${offset}`),
      });
      totalBlocks += summary.blocks;
      if (over(rules.maxBlocksPerFunction, summary.blocks)) {
        violations.push({
          kind: 'TooManyBlocksPerFunction',
          detail: `function ${body.functionIndex} has ${summary.blocks} blocks, the limit is ${rules.maxBlocksPerFunction}`,
        });
      }
    } catch (error) {
      const detail = error instanceof WasmDecodeError ? error.message : String(error);
      violations.push({ kind: 'Deserialization', detail: `function ${body.functionIndex}: ${detail}` });
    }
  }

  for (const [feature, where] of features) {
    if (!rules.acceptedFeatures.has(feature)) {
      violations.push({ kind: 'Deserialization', detail: `uses the post-MVP "${feature}" feature (${where})` });
    }
  }

  const functionCount = module.imports.filter((i) => i.kind === 'function').length + module.bodies.length;
  if (functionCount > rules.maxFunctions) {
    violations.push({ kind: 'TooManyFunctions', detail: `${functionCount} functions, the limit is ${rules.maxFunctions}` });
  }
  if (totalLocals > rules.maxLocals) {
    violations.push({ kind: 'TooManyLocals', detail: `${totalLocals} locals, the limit is ${rules.maxLocals}` });
  }
  if (over(rules.maxBlocksPerContract, totalBlocks)) {
    violations.push({ kind: 'TooManyBlocksPerContract', detail: `${totalBlocks} blocks, the limit is ${rules.maxBlocksPerContract}` });
  }
  if (over(rules.maxTables, module.tables.length)) {
    violations.push({ kind: 'TooManyTables', detail: `${module.tables.length} tables, the limit is ${rules.maxTables}` });
  }
  const tableElements = module.tables.reduce((sum, t) => sum + t.limits.min, 0);
  if (over(rules.maxTableElements, tableElements)) {
    violations.push({
      kind: 'TooManyTableElements',
      detail: `${tableElements} table elements, the limit is ${rules.maxTableElements}`,
    });
  }
  if (over(rules.maxTypes, module.types.length)) {
    violations.push({ kind: 'TooManyTypes', detail: `${module.types.length} types, the limit is ${rules.maxTypes}` });
  }
  let totalParams = 0;
  for (const [index, type] of module.types.entries()) {
    totalParams += type.params.length;
    if (over(rules.maxParamsPerFunction, type.params.length)) {
      violations.push({
        kind: 'TooManyParamsPerFunction',
        detail: `type ${index} has ${type.params.length} params, the limit is ${rules.maxParamsPerFunction}`,
      });
    }
  }
  if (over(rules.maxParamsPerContract, totalParams)) {
    violations.push({
      kind: 'TooManyParamsPerContract',
      detail: `${totalParams} params in all types, the limit is ${rules.maxParamsPerContract}`,
    });
  }
  return { module, violations };
}
