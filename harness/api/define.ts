/**
 * `defineScenario`: writes a scenario with its type checked as you type, and nothing else —
 * the harness validates it (and names every problem) when it loads or checks it.
 */
import type { Scenario } from '../scenario/index.js';

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

/** Several scenarios of one module (`export const scenarios = defineScenarios([...])`). */
export function defineScenarios(scenarios: Scenario[]): Scenario[] {
  return scenarios;
}
