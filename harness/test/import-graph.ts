/**
 * The project's import graph, read from its TypeScript sources: which file imports which,
 * and what that means for the folders of harness/. Used by the architecture test; written
 * without a dependency so anyone can run it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ImportEdge {
  /** Both project-relative, with forward slashes. */
  from: string;
  to: string;
  /** `import type` / `export type`: erased at run time. */
  typeOnly: boolean;
}

const SOURCE_ROOTS = ['harness', 'properties', 'bench', 'contract', 'mocks', 'toolchain'];
// Fixtures are other people's projects (a near-examples layout imports in a circle on purpose).
const SKIPPED = new Set(['node_modules', 'build', '.build', 'dist', 'fixtures']);
/** Static imports and re-exports (`import … from`, `export … from`, bare `import '…'`) and dynamic `import('…')`. */
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const projectPath = (root: string, file: string) => relative(root, file).split(sep).join('/');

function resolveImport(importer: string, specifier: string): string | undefined {
  const target = resolve(dirname(importer), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts'), target]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of SOURCE_ROOTS.flatMap((dir) => sourceFiles(join(root, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[3] ?? match[4];
      if (!specifier) continue;
      const target = resolveImport(file, specifier);
      if (target) edges.push({ from: projectPath(root, file), to: projectPath(root, target), typeOnly: match[2] !== undefined });
    }
  }
  return edges;
}

/** The top-level folder of harness/ a file belongs to (`backend`, `runtime`, …), or undefined outside harness/. */
export function harnessFolder(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'harness' && parts.length > 2 ? parts[1] : undefined;
}

export const isTestFile = (file: string) => /\.test\.ts$/.test(file) || file.split('/').includes('test');

/** Each cycle once, as the list of nodes around it (the first node repeated at the end). */
export function cycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}
