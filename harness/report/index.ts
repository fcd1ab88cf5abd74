/**
 * Pages people look at: a counterexample's timeline (accounts as lanes, blocks as columns,
 * receipts as arrows, the call→callback gaps, the violation where it broke) and the coverage
 * report, each one self-contained HTML file.
 */
export { counterexampleHtml } from './counterexample-page.js';
export type { CounterexampleRun } from './layout.js';
export { coverageHtml } from './coverage-page.js';
export type { CoverageReport } from './coverage-page.js';
export { escapeHtml } from './text.js';
export { COVERAGE_PAGE, PageWriteError, pageFileName, writePage } from './write.js';
