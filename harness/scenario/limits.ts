/**
 * The bounds of a plan. A counterexample file is refused beyond them (so an edited file
 * cannot make a replay run for hours), and a scenario's `limits` may not ask the generator
 * for more (so everything the harness finds can be replayed). They sit far above what the
 * generator draws by default (6 steps, waits of 0-3 blocks, delays of 1-2 blocks, 2 receipt
 * delays a step, 12 order entries, one delay level) and low enough that the worst plan they
 * allow replays in about ten seconds (measured on the vault scenario with every bound at its
 * maximum): empty blocks cost well under a millisecond on the embedded runtime, and a run
 * settles within 400 blocks after its last step anyway. They live with the scenario because
 * its validation enforces them; generate/ and counterexample/ re-export them.
 */
/** The most steps in a plan. */
export const MAX_PLAN_STEPS = 64;
/** The longest `wait` before a step, in blocks. */
export const MAX_WAIT_BLOCKS = 100;
/** The longest delay, in blocks: a receipt held by `delays`, or a mock's `delay` answer. */
export const MAX_DELAY_BLOCKS = 100;
/** The most receipt `delays` of one step. */
export const MAX_DELAYS_PER_STEP = 16;
/** The most `order` entries (one per block, from the first block of the run). */
export const MAX_ORDER_ENTRIES = 256;
/** The deepest nesting of `delay` answers in one mock behaviour (`delay … then delay …`). */
export const MAX_DELAY_NESTING = 8;
