/** Generation: fast-check arbitraries for runs, and the plain-JSON plan they produce. */
export { plan, step } from './arbitraries.js';
export { answerKeys, mockAnswer, stepAnswers } from './answers.js';
export { amount, amountText, AMOUNT_BOUNDARIES } from './amounts.js';
export { argContext } from '../scenario/index.js';
export type { Plan, Step, PlannedDelay } from './plan.js';
export { planSize, withoutStep, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS, MAX_DELAY_BLOCKS, MAX_DELAYS_PER_STEP, MAX_ORDER_ENTRIES, MAX_DELAY_NESTING } from './plan.js';
