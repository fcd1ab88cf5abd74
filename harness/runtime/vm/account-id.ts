/**
 * NEAR account id syntax: 2-64 chars of lowercase letters, digits and the separators
 * `-`, `_`, `.`; separators never lead, trail or follow each other.
 */
const ACCOUNT_ID = /^(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;

export function isValidAccountId(id: string): boolean {
  return id.length >= 2 && id.length <= 64 && ACCOUNT_ID.test(id);
}

/** 64 lowercase hex chars: a NEAR-implicit account (an ed25519 public key). */
export function isNearImplicitAccount(id: string): boolean {
  return /^[0-9a-f]{64}$/.test(id);
}

/** "0x" + 40 lowercase hex chars: an ETH-implicit account. */
export function isEthImplicitAccount(id: string): boolean {
  return /^0x[0-9a-f]{40}$/.test(id);
}

export function isTopLevelAccount(id: string): boolean {
  return !id.includes('.');
}

/** True if `id` is a direct sub-account of `parent` (a.b is a sub-account of b). */
export function isDirectSubAccount(id: string, parent: string): boolean {
  return id.endsWith(`.${parent}`) && !id.slice(0, id.length - parent.length - 1).includes('.');
}
