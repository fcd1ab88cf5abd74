/**
 * Which tools built the committed contracts. Every build prints the versions it uses and
 * compares them with toolchain/built-with.json, written by the last build that wrote
 * the committed .wasm files; a difference is named tool by tool, so a rebuild that
 * differs byte for byte says why before anyone goes looking.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BUNDLER_PACKAGES } from './bundle.js';
import type { ToolVersions } from './tools.js';

export const BUILT_WITH_FILE = 'toolchain/built-with.json';

/** The npm packages whose code shapes the wasm (bundling, bytecode, builder.c); pinned by package-lock.json. */
const OUTPUT_SHAPING_PACKAGES = ['qjsc', 'near-sdk-js', ...BUNDLER_PACKAGES] as const;

const BuiltWith = z.object({
  note: z.string().optional(),
  tools: z.record(z.string(), z.string()),
  /** The Rust build's tools (toolchain/rust-build.ts): a section of its own, so each build compares only the tools it uses. */
  rustTools: z.record(z.string(), z.string()).optional(),
});

/** Which build's tools: the near-sdk-js build's (`tools`) or the Rust build's (`rustTools`). */
export type ToolSection = 'tools' | 'rustTools';

const PackageManifest = z.object({ name: z.string(), version: z.string() });

/** An installed package's version, found from its entry point (some packages do not export their package.json). */
function installedVersion(require: NodeJS.Require, name: string): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return 'not installed';
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = PackageManifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (manifest.success && manifest.data.name === name) return manifest.data.version;
  }
  return 'unknown';
}

export function packageVersions(projectRoot: string): ToolVersions {
  const require = createRequire(join(projectRoot, 'package.json'));
  return Object.fromEntries(OUTPUT_SHAPING_PACKAGES.map((name) => [`npm ${name}`, installedVersion(require, name)]));
}

function readRecord(projectRoot: string): z.infer<typeof BuiltWith> | undefined {
  const file = join(projectRoot, BUILT_WITH_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return BuiltWith.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The versions recorded by the last build of the committed contracts, or undefined if there is no (readable) record. */
export function recordedToolVersions(projectRoot: string, section: ToolSection = 'tools'): ToolVersions | undefined {
  return readRecord(projectRoot)?.[section];
}

/** Writes one build's section of the record, keeping the other's. */
export function writeToolRecord(projectRoot: string, tools: ToolVersions, section: ToolSection = 'tools'): void {
  const file = join(projectRoot, BUILT_WITH_FILE);
  const previous = readRecord(projectRoot);
  const sections = { tools: previous?.tools ?? {}, rustTools: previous?.rustTools, [section]: tools };
  const record: z.infer<typeof BuiltWith> = {
    note: 'The tools that built the committed contract .wasm files (written by `npm run build:contracts`): `tools` for the near-sdk-js contracts, `rustTools` for the Rust ones. Another version of any of them may give other bytes.',
    tools: sections.tools,
    ...(sections.rustTools ? { rustTools: sections.rustTools } : {}),
  };
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temp, file);
}

/** One line per tool whose version differs from the record: "clang: Debian clang version 16.0.6 (the committed wasm: … 14.0.6)". */
export function toolDifferences(recorded: ToolVersions, current: ToolVersions): string[] {
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort();
  return names
    .filter((name) => recorded[name] !== current[name])
    .map((name) => `${name}: ${current[name] ?? '(not used)'} (the committed wasm was built with: ${recorded[name] ?? '(not used)'})`);
}

export function describeTools(tools: ToolVersions): string[] {
  return Object.entries(tools).map(([name, version]) => `  ${name}: ${version}`);
}
