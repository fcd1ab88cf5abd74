/** A home, flag or file another program wrote that cannot be used; the message says what to do. */
export class SandboxUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUsageError';
  }
}
