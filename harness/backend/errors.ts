/** A scenario a backend cannot set up: a missing wasm, a failing init or setup call, an account it cannot create. */
export class ScenarioSetupError extends Error {
  constructor(scenario: string, message: string) {
    super(`scenario "${scenario}": ${message}`);
    this.name = 'ScenarioSetupError';
  }
}
