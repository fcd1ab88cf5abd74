/**
 * near-sdk-js 2.0.0's acceptance of a contract's TypeScript, reproduced (facts from
 * node_modules/near-sdk-js/lib/cli/cli.js `checkTsBuildWithTsc` and lib/cli/utils.js
 * `validateContract`):
 *
 * - `near-sdk-js build` runs `node_modules/.bin/tsc --noEmit --skipLibCheck
 *   --experimentalDecorators --target es2020 --moduleResolution node <entry>` from the project
 *   root and fails on any error tsc reports. Naming the file ignores tsconfig.json, so
 *   `strict` is off: no strictNullChecks (TS2322 for `string | null` into `string` does not
 *   occur), catch variables are `any` (no TS18046), no noImplicitAny. Every
 *   node_modules/@types package is loaded, DOM is in the default lib.
 * - Only .ts entries are checked; a .js entry goes straight to the bundler.
 * - Then it validates the entry file: every property of a @NearBindgen class needs an
 *   initializer or a `this.<name>` in the constructor.
 *
 * The same program also tells which exports of the entry module are not contract methods.
 */
import { relative, resolve } from 'node:path';
import type * as ts from 'typescript';
import { BuildError } from './build-errors.js';
import type { NearSdk } from './near-sdk.js';

/** near-sdk-js 2.0.0's tsc command line (lib/cli/cli.js), minus the file. */
export const NEAR_SDK_JS_TSC_FLAGS = ['--noEmit', '--skipLibCheck', '--experimentalDecorators', '--target', 'es2020', '--moduleResolution', 'node'];

export interface CheckInput {
  ts: typeof ts;
  entry: string;
  projectRoot: string;
  sdk: NearSdk;
  /** Paths in messages are shown relative to this folder. */
  cwd: string;
}

export interface ExportedValue {
  name: string;
  kind: 'function' | 'class' | 'value';
  /** Where it is declared, shown relative to cwd, and its 1-based line. */
  file: string;
  line: number;
}

export interface CheckResult {
  /** Every value the entry module exports (types are erased by the bundler, so not listed). */
  exports: ExportedValue[];
}

export const showPath = (cwd: string, file: string): string => {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
};

function compilerOptions(input: CheckInput, allowJs: boolean): ts.CompilerOptions {
  const { ts: compiler, sdk } = input;
  const parsed = compiler.parseCommandLine([...NEAR_SDK_JS_TSC_FLAGS, input.entry]);
  const options: ts.CompilerOptions = { ...parsed.options };
  if (allowJs) options.allowJs = true;
  if (sdk.from === 'near-rollback-harness') {
    // The project has no near-sdk-js; point its imports at the copy the bundler uses.
    // paths needs a baseUrl under TypeScript 4.x; near-sdk-js's builder/ holds only
    // builder.c, so no other bare import resolves there.
    options.baseUrl = resolve(sdk.dir, 'builder');
    options.paths = { 'near-sdk-js': [sdk.dir], 'near-sdk-js/*': [`${sdk.dir}/*`] };
  }
  return options;
}

function program(input: CheckInput, options: ts.CompilerOptions): ts.Program {
  const { ts: compiler } = input;
  const host = compiler.createCompilerHost(options);
  // tsc runs from the project root: @types are discovered from there.
  host.getCurrentDirectory = () => input.projectRoot;
  return compiler.createProgram({ rootNames: [input.entry], options, host });
}

function formatDiagnostic(input: CheckInput, diagnostic: ts.Diagnostic): string {
  const { ts: compiler } = input;
  const text = compiler.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${showPath(input.cwd, diagnostic.file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${text}`;
}

/** A build that fails on hundreds of diagnostics names the first ones and how many more. */
const MAX_SHOWN_DIAGNOSTICS = 30;

/**
 * Syntax errors inside declaration files under node_modules mean the TypeScript the check
 * runs is older than a package's types: near-sdk-js's own typescript (~4.7) cannot parse
 * a recent @types/node, which its own dependencies pull in. near-sdk-js would fail the
 * same way; the fix is in the project, so say which.
 */
function unreadableDeclarations(input: CheckInput, errors: readonly ts.Diagnostic[]): string | undefined {
  const packages = new Set<string>();
  for (const diagnostic of errors) {
    const file = diagnostic.file?.fileName;
    if (!isSyntaxDiagnostic(diagnostic) || file === undefined || !file.endsWith('.d.ts')) return undefined;
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(file.lastIndexOf('node_modules/')));
    if (!match) return undefined;
    packages.add(match[1]!);
  }
  const names = [...packages].sort().join(', ');
  return (
    `TypeScript ${input.ts.version} cannot read the declarations of ${names} (written for a newer TypeScript); near-sdk-js's own build fails the same way. ` +
    `The check runs your project's node_modules/.bin/tsc, as near-sdk-js does: install a newer one (npm install --save-dev typescript@5) or an older major of ${names}.`
  );
}

/** Syntax errors are told apart from type errors so the build names which it is. */
const isSyntaxDiagnostic = (diagnostic: ts.Diagnostic) => diagnostic.code >= 1000 && diagnostic.code < 2000;

function decoratorNames(compiler: typeof ts, node: ts.Node): string[] {
  const names: string[] = [];
  // forEachChild visits decorators under TypeScript 4.x (node.decorators) and 5.x (modifiers).
  compiler.forEachChild(node, (child) => {
    if (!compiler.isDecorator(child)) return;
    let expression = child.expression;
    if (compiler.isCallExpression(expression)) expression = expression.expression;
    if (compiler.isIdentifier(expression)) names.push(expression.text);
    else if (compiler.isPropertyAccessExpression(expression)) names.push(expression.name.text);
  });
  return names;
}

/** near-sdk-js's validateContract, on the entry file only (as near-sdk-js does). */
function validateNearBindgenClasses(input: CheckInput, source: ts.SourceFile): string[] {
  const { ts: compiler } = input;
  for (const statement of source.statements) {
    if (!compiler.isClassDeclaration(statement) || !decoratorNames(compiler, statement).includes('NearBindgen')) continue;
    const properties = statement.members.filter(compiler.isPropertyDeclaration);
    const uninitialized = properties.filter((p) => p.initializer === undefined);
    const constructor = statement.members.find(compiler.isConstructorDeclaration);
    // near-sdk-js stops at the first such class that passes; so does this.
    if (!constructor && uninitialized.length === 0) return [];
    const text = constructor?.getText(source) ?? '';
    const missing = uninitialized.filter((p) => !text.includes(`this.${p.name.getText(source)}`));
    if (missing.length === 0) continue;
    const className = statement.name?.text ?? '(anonymous class)';
    return missing.map((p) => {
      const { line } = source.getLineAndCharacterOfPosition(p.getStart(source));
      const name = p.name.getText(source);
      return (
        `${showPath(input.cwd, source.fileName)}:${line + 1}: property \`${name}\` of the @NearBindgen class ${className} is not initialized; ` +
        `near-sdk-js requires an initializer (\`${name} = …\`) or an assignment \`this.${name} = …\` in the constructor`
      );
    });
  }
  return [];
}

function entryExports(input: CheckInput, built: ts.Program): ExportedValue[] {
  const { ts: compiler } = input;
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(input.entry);
  if (!source) return [];
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  const values: ExportedValue[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & compiler.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(target.flags & compiler.SymbolFlags.Value)) continue;
    const declaration = target.valueDeclaration ?? target.declarations?.[0];
    if (!declaration) continue;
    const declaredIn = declaration.getSourceFile();
    const line = declaredIn.getLineAndCharacterOfPosition(declaration.getStart(declaredIn)).line + 1;
    let kind: ExportedValue['kind'] = 'value';
    if (target.flags & compiler.SymbolFlags.Class) kind = 'class';
    else if (target.flags & compiler.SymbolFlags.Function) kind = 'function';
    else if (checker.getTypeOfSymbolAtLocation(target, declaration).getCallSignatures().length > 0) kind = 'function';
    values.push({ name: exported.name, kind, file: showPath(input.cwd, declaredIn.fileName), line });
  }
  return values;
}

/** Type-checks and validates as near-sdk-js does; throws BuildError('syntax' | 'type' | 'validation'). */
export function checkLikeNearSdkJs(input: CheckInput): CheckResult {
  const isTs = /\.(c|m)?ts$/.test(input.entry);
  const built = program(input, compilerOptions(input, !isTs));
  if (isTs) {
    const errors = input.ts
      .getPreEmitDiagnostics(built)
      .filter((d) => d.category === input.ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const syntax = errors.some(isSyntaxDiagnostic);
      const shown = errors.slice(0, MAX_SHOWN_DIAGNOSTICS).map((d) => `  ${formatDiagnostic(input, d)}`);
      if (errors.length > shown.length) shown.push(`  … and ${errors.length - shown.length} more`);
      const hint = unreadableDeclarations(input, errors);
      throw new BuildError(
        syntax ? 'syntax' : 'type',
        `${syntax ? 'syntax' : 'type'} error${errors.length > 1 ? 's' : ''} (near-sdk-js's check: tsc ${NEAR_SDK_JS_TSC_FLAGS.join(' ')}, TypeScript ${input.ts.version}):\n` +
          shown.join('\n') +
          (hint ? `\n${hint}` : ''),
      );
    }
    const source = built.getSourceFile(input.entry);
    const invalid = source ? validateNearBindgenClasses(input, source) : [];
    if (invalid.length > 0) {
      throw new BuildError('validation', `near-sdk-js's contract validation fails:\n${invalid.map((line) => `  ${line}`).join('\n')}`);
    }
  }
  return { exports: entryExports(input, built) };
}
