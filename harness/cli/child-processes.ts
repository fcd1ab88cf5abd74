/**
 * The processes this process started (a sandbox node near-workspaces spawned, say), so
 * that an abandoned worker thread does not leave them running. Linux reads /proc; where
 * there is no /proc the list is empty and such children are left to the terminal's own
 * Ctrl-C, which reaches the whole process group.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The parent pid in /proc/<pid>/stat: the fourth field, after the parenthesised command name. */
function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined; // it ended while we looked
  }
}

export function childProcessIds(parent = process.pid): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === parent)
    .map(Number);
}

/** Asks every child process to stop (SIGTERM: the sandbox nodes exit cleanly on it). */
export function stopChildProcesses(): void {
  for (const pid of childProcessIds()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
