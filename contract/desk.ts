/**
 * An example contract whose correctness depends on what an external contract returns:
 * the token deposit desk, done right (see contract/desk/desk.ts).
 */
export * from './desk/desk';
