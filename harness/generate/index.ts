/** Generation: fast-check arbitraries for runs, and the plain-JSON plan they produce. */
export { plan, step, mockBehaviour, argContext } from './arbitraries.js';
export type { Plan, Step, PlannedDelay } from './plan.js';
export { planSize } from './plan.js';
