/**
 * The example contract under test: the vault, with every rollback done right.
 * The harness's property suite must pass against it (see contract/vault/vault.ts).
 */
export * from './vault/vault';
