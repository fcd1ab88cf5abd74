/**
 * Text for the pages: HTML escaping (everything drawn comes from contracts, whose logs and
 * errors can hold markup), truncation for compact labels, and amounts people can read.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** At most `max` characters, with an ellipsis when cut (the details panel shows the whole text). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : text;
}

const YOCTO_PER_NEAR = 10n ** 24n;

/** An amount of yoctoNEAR as NEAR with all its digits: `0.000337 NEAR`, `1 NEAR`. */
export function nearExact(yocto: bigint): string {
  const sign = yocto < 0n ? '-' : '';
  const value = yocto < 0n ? -yocto : yocto;
  const fraction = (value % YOCTO_PER_NEAR).toString().padStart(24, '0').replace(/0+$/, '');
  return `${sign}${value / YOCTO_PER_NEAR}${fraction ? `.${fraction}` : ''} NEAR`;
}

/**
 * An amount for a label: a few significant digits of NEAR, or yocto for dust (a 1 yocto
 * deposit is how NEAR asks for a full-access key's confirmation, and reads badly as NEAR).
 */
export function nearShort(yocto: bigint): string {
  const sign = yocto < 0n ? '-' : '';
  const value = yocto < 0n ? -yocto : yocto;
  if (value === 0n) return '0';
  if (value < 10n ** 18n) return `${sign}${value} yocto`;
  const whole = value / YOCTO_PER_NEAR;
  const digits = (value % YOCTO_PER_NEAR).toString().padStart(24, '0');
  // Four significant digits after the point for small amounts, four decimals for larger ones.
  const firstSignificant = digits.search(/[1-9]/);
  const keep = whole > 0n ? 4 : Math.min(24, firstSignificant + 4);
  const fraction = digits.slice(0, keep).replace(/0+$/, '');
  const cut = /[1-9]/.test(digits.slice(keep));
  return `${cut ? '≈' : ''}${sign}${whole}${fraction ? `.${fraction}` : ''} NEAR`;
}

/** Gas for people: `2.43 Tgas`. */
export function gasText(gas: string): string {
  const value = BigInt(gas);
  const hundredths = (value * 100n) / 10n ** 12n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} Tgas`;
}

/**
 * A string as a JSON string literal with non-printable characters escaped, so storage keys
 * and values (often bytes) read the same as in the text trace.
 */
export function printable(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
