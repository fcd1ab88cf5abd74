/**
 * The readable trace of a run, block by block: each receipt with sender → receiver,
 * method, deposit, status, logs, and the storage and balance changes it made. Pure text,
 * derived only from the plan and the run record, so a replay gives the same bytes.
 */
import type { ReceiptRecord, RunRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import { near, type Violation } from '../invariants/index.js';
import { describeBehaviour } from '../scenario/index.js';

const short = (id: string) => id.slice(0, 8);
const printable = (text: string) => JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
/** Error texts from near-sdk-js carry a JS stack after the message: the trace keeps the message. */
const message = (text: string | undefined) => {
  const [first = '', ...rest] = (text ?? '').split('\n');
  return rest.some((l) => l.trim()) ? `${first} (+ JS stack)` : first;
};

function amount(yocto: string): string {
  const value = BigInt(yocto);
  return value === 0n ? '0' : near(value).replace(/ \(.*\)$/, '') + (value < 10n ** 18n ? ` (${value} yocto)` : '');
}

function describeReceipt(r: ReceiptRecord): string[] {
  const lines: string[] = [];
  const actions = r.actions
    .map((a) => (a.kind === 'call' ? `${a.name}(${clip(a.args ?? '', 100)})` : a.name) + (a.deposit !== '0' ? ` +${amount(a.deposit)}` : ''))
    .join(', ');
  const refund = r.refund ? ` [${r.refund} refund]` : '';
  const inputs = r.inputs ? ` inputs=[${r.inputs.join(', ')}]` : '';
  const status = r.ok ? (r.delegatedTo ? `ok → ${short(r.delegatedTo)}` : `ok ${clip(printable(r.value ?? ''), 80)}`) : `FAILED ${clip(message(r.error), 200)}`;
  lines.push(`  ${short(r.id)} ${r.predecessor} → ${r.receiver}${r.step !== undefined ? ` (step ${r.step})` : ''}${refund}: ${actions}${inputs}`);
  lines.push(`      ${status}`);
  for (const log of r.logs) lines.push(`      log: ${clip(log)}`);
  if (r.balanceBefore !== r.balanceAfter && r.balanceBefore !== null && r.balanceAfter !== null) {
    const delta = BigInt(r.balanceAfter) - BigInt(r.balanceBefore);
    lines.push(`      balance ${r.receiver}: ${delta >= 0n ? '+' : '-'}${amount((delta < 0n ? -delta : delta).toString())}`);
  }
  for (const change of r.storage) {
    const before = change.before === null ? '(absent)' : clip(printable(change.before), 100);
    const after = change.after === null ? '(removed)' : clip(printable(change.after), 100);
    lines.push(`      storage ${printable(change.key)}: ${before} → ${after}`);
  }
  return lines;
}

export function renderTrace(scenario: string, plan: Plan, record: RunRecord, violations: Violation[]): string {
  const lines: string[] = [];
  lines.push(`scenario ${scenario} — ${plan.steps.length} step(s), ${record.backend} backend`);
  lines.push('');
  lines.push('violations:');
  for (const v of violations) lines.push(`  [${v.invariant}] ${message(v.message)}`);
  lines.push('');
  lines.push('steps:');
  plan.steps.forEach((step, i) => {
    const s = record.steps[i];
    const via = step.via ? ` via ${step.via}` : '';
    lines.push(`  ${i}. after ${step.wait} block(s): ${step.caller}${via} → ${step.receiver}.${step.method}(${clip(JSON.stringify(step.args), 120)}) deposit ${amount(step.deposit)}`);
    const answers = Object.entries(step.answers).map(([k, b]) => `${k}: ${describeBehaviour(b)}`);
    if (answers.length) lines.push(`     answers: ${answers.join('; ')}`);
    if (step.unregisteredAt?.length) lines.push(`     ${step.caller} not registered with: ${step.unregisteredAt.join(', ')}`);
    if (step.delays.length) lines.push(`     delays: ${step.delays.map((d) => `receipt #${d.receipt} +${d.blocks} block(s)`).join(', ')}`);
    if (s) lines.push(`     submitted in block ${s.submittedAtBlock}: ${s.outcome}${s.result !== undefined ? ` ${clip(printable(s.result), 160)}` : ''}${s.refused ? ` (${s.refused})` : ''}`);
  });
  if (plan.order.some((o) => o !== 0)) lines.push(`  receipt order choices per block: ${plan.order.join(', ')}`);
  lines.push('');
  lines.push('blocks:');
  for (const block of record.blocks) {
    const submitted = record.steps.filter((s) => s.submittedAtBlock === block.height);
    if (block.receipts.length === 0 && submitted.length === 0) continue;
    lines.push(`block ${block.height}`);
    for (const s of submitted) lines.push(`  transaction of step ${s.index}${s.transaction ? ` (${short(s.transaction)})` : ''}`);
    for (const id of block.receipts) lines.push(...describeReceipt(record.receipts[id]!));
  }
  if (record.probes.length) {
    lines.push('');
    lines.push('callbacks called directly from a foreign account:');
    for (const p of record.probes) lines.push(`  ${p.method} by ${p.caller}: ${p.ok ? 'ACCEPTED' : `refused (${clip(message(p.error), 120)})`}`);
  }
  lines.push('');
  return lines.join('\n');
}
