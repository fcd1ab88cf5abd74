/**
 * Writing a page to disk: atomically (a reader never sees half a page), and with an error a
 * person can act on — which file, why, and what to do — instead of Node's raw error text.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

export class PageWriteError extends Error {
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`cannot write the page ${file} (${why}); choose a path in a folder you can write to`);
    this.name = 'PageWriteError';
  }
}

/** The coverage page's name, beside coverage.json. */
export const COVERAGE_PAGE = 'coverage.html';

/** The page written beside a counterexample file: its name with .html for .json. */
export function pageFileName(counterexampleFile: string): string {
  return counterexampleFile.endsWith('.json') ? `${counterexampleFile.slice(0, -'.json'.length)}.html` : `${counterexampleFile}.html`;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'a folder on the path cannot be made',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file is in the way of a folder',
};

function reason(error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return code !== undefined ? `${REASONS[code] ?? 'the file system refused'}: ${code}` : 'the file system refused';
}

/**
 * Makes a folder and its missing parents one level at a time: Node's recursive mkdir never
 * returns for some unwritable paths (under /proc, say), where a single level fails at once.
 */
function makeFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = dirname(folder);
  if (parent !== folder) makeFolder(parent);
  mkdirSync(folder);
}

/** Writes `html` to `file` (creating its folder); returns `file`. */
export function writePage(file: string, html: string): string {
  if (basename(file) === '' || (existsSync(file) && statSync(file).isDirectory())) throw new PageWriteError(file, 'it is a folder, not a file');
  const temporary = `${file}.tmp-${process.pid}-${threadId}`;
  try {
    makeFolder(dirname(file));
    writeFileSync(temporary, html);
    renameSync(temporary, file);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written there, or the path cannot even be looked at: nothing to clean.
    }
    throw new PageWriteError(file, reason(error));
  }
  return file;
}
