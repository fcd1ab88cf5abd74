/**
 * Every example scenario: the vault and its variants (vault.scenario.ts), the router and the
 * desk and theirs (returns.scenario.ts). `near-rollback-harness run` checks this module by
 * default, and the committed corpus names it.
 */
import type { Scenario } from '../../harness/scenario/index.js';
import { scenarios as returnScenarios } from './returns.scenario.js';
import { scenarios as rustScenarios } from './rust.scenario.js';
import { scenarios as vaultScenarios } from './vault.scenario.js';

export const scenarios: Scenario[] = [...vaultScenarios, ...returnScenarios, ...rustScenarios];
