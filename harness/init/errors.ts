/** What `init --wasm` refuses, worded for the person who gave it the file. */
export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InitError';
  }
}
