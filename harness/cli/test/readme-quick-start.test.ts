/**
 * The README's "Use it in your project" is what a new user types first: at most ten lines,
 * and every `npx near-rollback-harness …` in it is a command with options the command line
 * accepts as written (placeholders such as <file> standing for a value).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { parseCommandLine } from '../args.js';
import { COMMANDS } from '../command-specs.js';

const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

/** The first fenced block under the heading. */
function quickStart(): string[] {
  const section = README.split(/^## Use it in your project$/m)[1];
  const block = section?.match(/^```sh\n([\s\S]*?)^```$/m)?.[1];
  if (block === undefined) throw new Error('README.md has no ```sh block under "## Use it in your project"');
  return block.trimEnd().split('\n');
}

/** A command as a shell splits it, without its trailing comment. */
const words = (line: string) => line.replace(/\s+#.*$/, '').trim().split(/\s+/);

it('the quick start is at most ten lines: install, init, run, add to CI', () => {
  const lines = quickStart();
  expect(lines.length).toBeLessThanOrEqual(10);
  const text = lines.join('\n');
  for (const step of ['npm install --save-dev near-rollback-harness', 'npx near-rollback-harness init --wasm', 'npx near-rollback-harness run', 'CI']) {
    expect(text).toContain(step);
  }
});

it('every near-rollback-harness command in it parses as written', () => {
  const commands = quickStart()
    .flatMap((line) => [...line.matchAll(/(?:^|`)(npx near-rollback-harness [^`#]*)/g)].map((match) => match[1]!))
    .map(words);
  expect(commands.length).toBeGreaterThanOrEqual(4);
  for (const [, , name, ...argv] of commands) {
    const spec = COMMANDS.find((command) => command.name === name);
    expect(spec, `README names a command \`${name}\` the CLI does not have`).toBeDefined();
    expect(() => parseCommandLine(spec!, argv), `npx near-rollback-harness ${name} ${argv.join(' ')}`).not.toThrow();
  }
});
