/**
 * Where the node's unexpected failures go. Clients get a neutral INTERNAL_ERROR (a JavaScript
 * message can leak internals and means nothing to them); the developer gets the error here.
 */

export interface NodeDiagnostic {
  /** What the node was doing: the JSON-RPC method, or "http" for the transport around it. */
  context: string;
  /** The thrown value, with its stack. */
  error: unknown;
}

export type DiagnosticHook = (diagnostic: NodeDiagnostic) => void;

/** The default hook: one line on stderr. */
export const writeDiagnosticToStderr: DiagnosticHook = ({ context, error }) => {
  process.stderr.write(`[near-rollback-harness node] unexpected error in ${context}: ${describeError(error)}\n`);
};

/** "Name: message (where)" on one line, where = the first stack frame. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const frame = error.stack
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  return oneLine(`${error.name}: ${error.message}${frame ? ` (${frame})` : ''}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Calls the hook, which must not take the node down either. */
export function safelyReport(hook: DiagnosticHook, diagnostic: NodeDiagnostic): void {
  try {
    hook(diagnostic);
  } catch {
    // A failing hook has nowhere left to report to.
  }
}
