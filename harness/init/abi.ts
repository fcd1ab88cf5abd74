/**
 * The ABI a near-sdk-rs contract built with the `abi` feature embeds: its exported
 * `__contract_abi` method returns the ABI JSON compressed with zstd. The ABI names each
 * function's kind (view or call), its modifiers (init, private, payable) and its parameters
 * with their JSON schemas. Read here: decompressed, checked with zod (it comes from the
 * contract, i.e. from outside), and turned into placeholder arguments and fast-check
 * arbitraries for the starting scenario.
 */
import { decompress } from 'fzstd';
import { z } from 'zod';
import type { Json } from '../scenario/index.js';
import { InitError } from './errors.js';

const parameterSchema = z.object({ name: z.string().min(1), type_schema: z.unknown() });

const functionSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(['view', 'call']),
  modifiers: z.array(z.enum(['init', 'private', 'payable'])).optional(),
  params: z
    .discriminatedUnion('serialization_type', [
      z.object({ serialization_type: z.literal('json'), args: z.array(parameterSchema) }),
      z.object({ serialization_type: z.literal('borsh'), args: z.array(parameterSchema) }),
    ])
    .optional(),
  doc: z.string().nullable().optional(),
});

const abiSchema = z.object({
  schema_version: z.string(),
  body: z.object({
    functions: z.array(functionSchema),
    root_schema: z.looseObject({ definitions: z.record(z.string(), z.unknown()).optional() }).optional(),
  }),
});

export type AbiFunction = z.infer<typeof functionSchema>;
export interface ContractAbi {
  schemaVersion: string;
  functions: AbiFunction[];
  /** The root schema's definitions, which parameters' `$ref`s point into. */
  definitions: Record<string, unknown>;
}

/** The zstd frame magic number, little-endian. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** Decompresses and checks what `__contract_abi` returned. */
export function decodeAbi(returned: Uint8Array): ContractAbi {
  if (ZSTD_MAGIC.some((byte, i) => returned[i] !== byte)) {
    throw new InitError(`__contract_abi returned ${returned.length} bytes that are not a zstd frame (near-sdk-rs embeds the ABI zstd-compressed); rebuild with cargo near build, or remove the export`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decompress(returned));
  } catch (error) {
    throw new InitError(`__contract_abi returned a zstd frame that does not decompress to UTF-8 text: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InitError(`the ABI __contract_abi returned is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = abiSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the ABI'}: ${issue.message}`);
    throw new InitError(`the ABI __contract_abi returned is not a NEAR ABI (schema_version, body.functions[] with name, kind "view" or "call", modifiers, params): ${problems.join('; ')}`);
  }
  const { schema_version, body } = parsed.data;
  return { schemaVersion: schema_version, functions: body.functions, definitions: body.root_schema?.definitions ?? {} };
}

// ---- parameters ----

/** The part of JSON Schema the placeholders read; anything else is ignored. */
const schemaNode = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  $ref: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  required: z.array(z.string()).optional(),
  items: z.unknown().optional(),
  anyOf: z.array(z.unknown()).optional(),
  oneOf: z.array(z.unknown()).optional(),
  allOf: z.array(z.unknown()).optional(),
  enum: z.array(z.unknown()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});
type SchemaNode = z.infer<typeof schemaNode>;

/** What a parameter is, as far as a starting scenario cares. */
export type ParamType =
  | { kind: 'account' }
  | { kind: 'amount' }
  | { kind: 'string' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'array'; items: ParamType }
  | { kind: 'object'; fields: { name: string; type: ParamType }[] }
  | { kind: 'value'; value: Json };

export interface AbiParam {
  name: string;
  type: ParamType;
}

/** near-sdk's string-encoded number types: U128 and U64 serialize as decimal strings. */
const AMOUNT_TYPES = new Set(['U128', 'U64', 'Balance', 'NearToken']);
const ACCOUNT_TYPES = new Set(['AccountId']);
const MAX_DEPTH = 8;

function typeOf(value: unknown, definitions: Record<string, unknown>, name: string, depth = 0): ParamType {
  const parsed = schemaNode.safeParse(value);
  if (!parsed.success || depth > MAX_DEPTH) return { kind: 'value', value: null };
  const node: SchemaNode = parsed.data;
  if (node.$ref !== undefined) {
    const target = node.$ref.replace(/^#\/definitions\//, '');
    if (ACCOUNT_TYPES.has(target)) return { kind: 'account' };
    if (AMOUNT_TYPES.has(target)) return { kind: 'amount' };
    return typeOf(definitions[target], definitions, name, depth + 1);
  }
  const alternatives = node.anyOf ?? node.oneOf ?? node.allOf;
  if (alternatives) {
    const nonNull = alternatives.filter((alt) => schemaNode.safeParse(alt).data?.type !== 'null');
    return typeOf(nonNull[0] ?? null, definitions, name, depth + 1);
  }
  if (node.enum && node.enum.length > 0) return { kind: 'value', value: jsonOrNull(node.enum[0]) };
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type) {
    case 'string':
      return /(^|_)(account|account_id|receiver_id|owner_id|sender_id)$|_id$/.test(name) ? { kind: 'account' } : { kind: 'string' };
    case 'integer':
    case 'number':
      return { kind: 'integer', min: Math.max(node.minimum ?? 0, -1_000_000), max: Math.min(node.maximum ?? 1_000_000, 1_000_000) };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return { kind: 'array', items: typeOf(node.items ?? null, definitions, name.replace(/s$/, ''), depth + 1) };
    case 'object': {
      const properties = node.properties ?? {};
      const required = new Set(node.required ?? Object.keys(properties));
      return { kind: 'object', fields: Object.entries(properties).filter(([key]) => required.has(key)).map(([key, schema]) => ({ name: key, type: typeOf(schema, definitions, key, depth + 1) })) };
    }
    default:
      return { kind: 'value', value: null };
  }
}

function jsonOrNull(value: unknown): Json {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

/** The JSON parameters of an ABI function (borsh parameters cannot be written as JSON arguments: none). */
export function abiParams(fn: AbiFunction, abi: ContractAbi): AbiParam[] {
  if (fn.params?.serialization_type !== 'json') return [];
  return fn.params.args.map((arg) => ({ name: arg.name, type: typeOf(arg.type_schema, abi.definitions, arg.name) }));
}

/** An account id made from a parameter's name: `receiver_id` → `receiver.test.near`. */
export function placeholderAccount(name: string): string {
  const base = name.replace(/(_account)?(_id)?s?$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'account'}.test.near`;
}

/** A value of the type, to run the method once with. */
export function placeholder(type: ParamType, name: string): Json {
  switch (type.kind) {
    case 'account':
      return placeholderAccount(name);
    case 'amount':
      return '1';
    case 'string':
      return '';
    case 'integer':
      return Math.min(Math.max(1, type.min), type.max);
    case 'boolean':
      return false;
    case 'array':
      return [placeholder(type.items, name)];
    case 'object':
      return Object.fromEntries(type.fields.map((f) => [f.name, placeholder(f.type, f.name)]));
    case 'value':
      return type.value;
  }
}

/** The placeholder arguments of a method: one value per parameter. */
export function placeholderArgs(params: AbiParam[]): { [key: string]: Json } {
  return Object.fromEntries(params.map((p) => [p.name, placeholder(p.type, p.name)]));
}

/** Source text of a fast-check arbitrary for the type (`amountText` where an amount is meant). */
export function arbitrarySource(type: ParamType, name: string): string {
  switch (type.kind) {
    case 'account':
      return `fc.constant(${JSON.stringify(placeholderAccount(name))})`;
    case 'amount':
      return 'amountText()';
    case 'string':
      return 'fc.string()';
    case 'integer':
      return `fc.integer({ min: ${type.min}, max: ${type.max} })`;
    case 'boolean':
      return 'fc.boolean()';
    case 'array':
      return `fc.array(${arbitrarySource(type.items, name)}, { maxLength: 3 })`;
    case 'object':
      return recordSource(type.fields);
    case 'value':
      return `fc.constant(${JSON.stringify(type.value)})`;
  }
}

const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function recordSource(fields: { name: string; type: ParamType }[]): string {
  if (fields.length === 0) return 'fc.constant({})';
  return `fc.record({ ${fields.map((f) => `${KEY.test(f.name) ? f.name : JSON.stringify(f.name)}: ${arbitrarySource(f.type, f.name)}`).join(', ')} })`;
}

/** Whether any arbitrary of these parameters uses `amountText`. */
export function usesAmount(type: ParamType): boolean {
  if (type.kind === 'amount') return true;
  if (type.kind === 'array') return usesAmount(type.items);
  if (type.kind === 'object') return type.fields.some((f) => usesAmount(f.type));
  return false;
}
