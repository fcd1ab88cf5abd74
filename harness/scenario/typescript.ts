/**
 * A user's TypeScript scenario module, loaded into the same module graph as the harness.
 *
 * The scenario imports `near-rollback-harness` and `fast-check`; the thread that runs it has
 * already loaded both. tsx's `tsImport` loads a module and everything it imports again,
 * under a namespace of its own, and its CommonJS hook compiles every ES module a CommonJS
 * file requires to CommonJS: either way the scenario got a second copy of the whole harness
 * (another ScenarioError class, other module state) and each thread paid 1.3 s (ES module
 * project) to 2.7 s (CommonJS project) compiling it. So:
 *
 * - ES module TypeScript (a `"type": "module"` project, `.mts`): tsx's ES module hooks,
 *   registered once per thread for the whole process, not namespaced: `near-rollback-harness`
 *   resolves to the module already loaded.
 * - CommonJS TypeScript (npm init's default project, `.cts`): a `require` extension for
 *   `.ts`, `.cts` and `.tsx` that compiles just that file with esbuild (tsx's own compiler)
 *   to CommonJS. What it requires goes through Node itself, and Node 20.19 `require`s an
 *   ES module as the instance `import` loaded — the harness, once. `__dirname` and
 *   `require` work in it as in any CommonJS file.
 *
 * Under the harness's own TypeScript sources (this repository: bin/, its threads and vitest)
 * a TypeScript loader is in place already and only the CommonJS extension is added.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { transformSync, type Loader } from 'esbuild';

/** The extensions a CommonJS file's `require` compiles, and how. (`.mts` is always an ES module.) */
const COMMONJS_TYPESCRIPT: Readonly<Record<string, Loader>> = { '.ts': 'ts', '.cts': 'ts', '.tsx': 'tsx' };

/** What Node's CommonJS loader hands a `require` extension: a module that compiles source. */
interface CompilableModule {
  _compile(code: string, filename: string): unknown;
}
const isCompilable = (module: unknown): module is CompilableModule =>
  typeof module === 'object' && module !== null && '_compile' in module && typeof module._compile === 'function';

/** Node's major version as esbuild names a target: the syntax this Node runs as written. */
const TARGET = `node${process.versions.node.split('.')[0] ?? '20'}`;

function compileCommonJs(loader: Loader) {
  return (module: unknown, filename: string): void => {
    if (!isCompilable(module)) throw new TypeError(`cannot compile ${filename}: Node's CommonJS loader gave no module to compile it into`);
    const { code } = transformSync(readFileSync(filename, 'utf8'), { loader, format: 'cjs', target: TARGET, sourcefile: filename, sourcemap: 'inline' });
    module._compile(code, filename);
  };
}

let registered: Promise<void> | undefined;

/** Makes `import()` of a TypeScript module work in this thread, once; later calls wait for the first. */
export function registerTypeScript(): Promise<void> {
  registered ??= (async () => {
    if (!import.meta.url.endsWith('.ts')) {
      const { register } = await import('tsx/esm/api');
      register();
    }
    const extensions = createRequire(import.meta.url).extensions;
    for (const [extension, loader] of Object.entries(COMMONJS_TYPESCRIPT)) {
      // Another loader of the user's (ts-node, tsx's CommonJS hook) already handles it: keep theirs.
      if (!(extension in extensions)) extensions[extension] = compileCommonJs(loader);
    }
  })();
  return registered;
}
