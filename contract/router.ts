/**
 * An example contract whose correctness depends on what an external contract returns:
 * the swap router, done right (see contract/router/router.ts).
 */
export * from './router/router';
