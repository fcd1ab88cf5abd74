/**
 * The timeline of a counterexample as geometry: accounts as lanes (rows), blocks as columns,
 * each receipt an arrow in its own slot of its block's column, the call→callback gaps, the
 * answers and scheduling choices, and where each violation broke. Pure data computed from
 * the plan and the run record; svg.ts only draws it.
 */
import type { ProbeRecord, ReceiptRecord, RunRecord } from '../backend/index.js';
import type { Counterexample } from '../counterexample/index.js';
import { externalCalls, stepsInGap } from '../coverage/index.js';
import type { Violation } from '../invariants/index.js';
import { describeBehaviour, type Scenario } from '../scenario/index.js';

/** What the page draws: the counterexample file, the run its plan gave (a replay's or the search's) and the scenario it ran in. */
export interface CounterexampleRun {
  counterexample: Counterexample;
  record: RunRecord;
  /** The violations of this run (a replay's; for the embedded backend the file's). */
  violations: readonly Violation[];
  scenario: Scenario;
}

// Geometry, in SVG pixels: compact enough that hundreds of receipts scroll sideways.
export const LANE_HEIGHT = 64;
/** Room above the lanes: the block numbers, then the strip of scheduling choices. */
export const TOP = 58;
export const SLOT_WIDTH = 108;
export const COLUMN_PADDING = 10;
/** Extra room where blocks without receipts were left out. */
export const BREAK_WIDTH = 18;
export const BOTTOM = 16;

export type LaneRole = 'user' | 'contract' | 'external' | 'system';

export interface Lane {
  account: string;
  role: LaneRole;
  /** Centre line of the lane. */
  y: number;
}

export interface Column {
  block: number;
  x: number;
  width: number;
  /** Blocks before this one were left out (they ran nothing). */
  breakBefore: boolean;
  /** plan.order's choice for this block, when it reordered two or more receipts. */
  reorder?: number;
}

export interface Arrow {
  /** Position in the drawing: names the receipt's details element. */
  index: number;
  receipt: ReceiptRecord;
  x: number;
  fromY: number;
  toY: number;
  method: string;
  deposit: bigint;
  ok: boolean;
  /** The first call of a step on the contract that ran while another step's gap was open. */
  inGap: boolean;
  /** A callback: it received promise results, or runs a method the scenario names a callback. */
  callback: boolean;
  /** The mock answer injected into this receipt, and whether the plan chose it (else the default). */
  answer?: { text: string; planned: boolean };
}

export interface Gap {
  step: number;
  /** The account whose call awaited the callback. */
  account: string;
  /** From the call's arrow to its last callback's. */
  x1: number;
  x2: number;
  call: string;
  callback: string;
  fromBlock: number;
  toBlock: number;
}

export interface Mark {
  x: number;
  text: string;
  kind: 'delay' | 'reorder';
}

export interface BalanceChange {
  account: string;
  delta: bigint;
}

export interface StorageChange {
  account: string;
  key: string;
  before: string | null;
  after: string | null;
}

export interface ViolationMark {
  index: number;
  violation: Violation;
  x: number;
  /** Markers at the same place stack downwards: the k-th there is in row k. */
  row: number;
  /** The block it broke in; undefined: judged on the run as a whole (the marker stands at the end). */
  block?: number;
  /** The differences that show it: of its block's receipts, or of the whole run. */
  balances: BalanceChange[];
  storage: StorageChange[];
}

/** A callback called directly from a foreign account after the run (callbacks-private's check): not a receipt of the plan. */
export interface ProbeArrow {
  index: number;
  probe: ProbeRecord;
  x: number;
  fromY: number;
  toY: number;
}

export interface Timeline {
  lanes: Lane[];
  columns: Column[];
  arrows: Arrow[];
  probes: ProbeArrow[];
  /** The column of the probes, after the run's blocks (none without probes). */
  probeColumn?: { x: number; width: number };
  gaps: Gap[];
  marks: Mark[];
  violations: ViolationMark[];
  width: number;
  height: number;
}

function methodOf(receipt: ReceiptRecord): string {
  const call = receipt.actions.find((a) => a.kind === 'call');
  if (call) return call.name;
  return receipt.actions.map((a) => a.name).join(', ') || '(no action)';
}

const depositOf = (receipt: ReceiptRecord) => receipt.actions.reduce((sum, a) => sum + BigInt(a.deposit), 0n);

/** Receipts in the order they ran: block by block, in each block's order. */
function executed(record: RunRecord): ReceiptRecord[] {
  return record.blocks.flatMap((b) => b.receipts.map((id) => record.receipts[id]).filter((r): r is ReceiptRecord => r !== undefined));
}

/** Lanes top to bottom: the users (who start everything), the contract, the external accounts, then `system` (refunds). */
function laneOrder(run: CounterexampleRun, receipts: readonly ReceiptRecord[]): { account: string; role: LaneRole }[] {
  const { scenario, counterexample } = run;
  const seen: string[] = [];
  const see = (account: string) => {
    if (!seen.includes(account)) seen.push(account);
  };
  for (const step of counterexample.plan.steps) see(step.caller);
  for (const r of receipts) {
    see(r.predecessor);
    see(r.receiver);
  }
  for (const p of run.record.probes) {
    see(p.caller);
    see(scenario.contract.id);
  }
  const users = new Set([...scenario.users.map((u) => u.id), ...counterexample.plan.steps.map((s) => s.caller), ...run.record.probes.map((p) => p.caller)]);
  const role = (account: string): LaneRole =>
    account === scenario.contract.id ? 'contract' : account === 'system' ? 'system' : users.has(account) ? 'user' : 'external';
  const rank: Record<LaneRole, number> = { user: 0, contract: 1, external: 2, system: 3 };
  return seen.map((account) => ({ account, role: role(account) })).sort((a, b) => rank[a.role] - rank[b.role] || seen.indexOf(a.account) - seen.indexOf(b.account));
}

/** The differences a violation is read from: a block's receipts, or the whole run (first value before, last after). */
function differences(receipts: readonly ReceiptRecord[]): { balances: BalanceChange[]; storage: StorageChange[] } {
  const balances = new Map<string, bigint>();
  const storage = new Map<string, StorageChange>();
  for (const r of receipts) {
    if (r.balanceBefore !== null && r.balanceAfter !== null && r.balanceBefore !== r.balanceAfter) {
      balances.set(r.receiver, (balances.get(r.receiver) ?? 0n) + BigInt(r.balanceAfter) - BigInt(r.balanceBefore));
    }
    for (const change of r.storage) {
      const key = `${r.receiver}\u0000${change.key}`;
      const earlier = storage.get(key);
      storage.set(key, { account: r.receiver, key: change.key, before: earlier ? earlier.before : change.before, after: change.after });
    }
  }
  return {
    balances: [...balances].filter(([, delta]) => delta !== 0n).map(([account, delta]) => ({ account, delta })),
    storage: [...storage.values()].filter((c) => c.before !== c.after),
  };
}

/** Columns: every block that ran a receipt, took a step's transaction, or saw a violation; each as wide as its receipts need. */
function layoutColumns(run: CounterexampleRun): { columns: Column[]; columnOf: Map<number, Column>; width: number } {
  const { record, counterexample } = run;
  const heights = new Set<number>();
  for (const block of record.blocks) if (block.receipts.length > 0) heights.add(block.height);
  for (const step of record.steps) heights.add(step.submittedAtBlock);
  for (const v of run.violations) if (v.block !== undefined) heights.add(v.block);
  const blockIndex = new Map(record.blocks.map((b, i) => [b.height, i]));
  const columns: Column[] = [];
  let x = 0;
  let previous: number | undefined;
  for (const block of [...heights].sort((a, b) => a - b)) {
    const breakBefore = previous !== undefined && block > previous + 1;
    if (breakBefore) x += BREAK_WIDTH;
    const ran = record.blocks[blockIndex.get(block) ?? -1]?.receipts.length ?? 0;
    const width = COLUMN_PADDING * 2 + Math.max(1, ran) * SLOT_WIDTH;
    const choice = counterexample.plan.order[blockIndex.get(block) ?? -1] ?? 0;
    // The same rule coverage counts reordered blocks by (coverage/accumulate.ts).
    columns.push({ block, x, width, breakBefore, ...(choice !== 0 && ran >= 2 ? { reorder: choice } : {}) });
    x += width;
    previous = block;
  }
  return { columns, columnOf: new Map(columns.map((c) => [c.block, c])), width: x };
}

/** The mock answer each receipt got, as the backend's rule gives it (coverage/external-calls.ts). */
function answersByReceipt(run: CounterexampleRun): Map<string, { text: string; planned: boolean }> {
  const plan = run.counterexample.plan;
  const answers = new Map<string, { text: string; planned: boolean }>();
  for (const call of externalCalls(run.scenario, plan, run.record)) {
    if (call.kind !== 'mock' || call.receipt.step === undefined) continue;
    const planned = plan.steps[call.receipt.step]?.answers[call.key] !== undefined;
    const text = describeBehaviour(call.answer);
    const earlier = answers.get(call.receipt.id);
    answers.set(call.receipt.id, earlier ? { text: `${earlier.text}; ${text}`, planned: earlier.planned || planned } : { text, planned });
  }
  return answers;
}

function layoutArrows(run: CounterexampleRun, receipts: readonly ReceiptRecord[], lanes: readonly Lane[], columnOf: ReadonlyMap<number, Column>): { arrows: Arrow[]; gaps: Gap[] } {
  const { scenario, record } = run;
  const laneY = new Map(lanes.map((l) => [l.account, l.y]));
  const inGapSteps = stepsInGap(scenario, record);
  const callbacks = new Set(scenario.callbacks);
  const isCallback = (r: ReceiptRecord) => r.inputs !== undefined || r.actions.some((a) => a.kind === 'call' && callbacks.has(a.name));
  const onContract = (r: ReceiptRecord) => r.step !== undefined && r.receiver === scenario.contract.id && r.actions.some((a) => a.kind === 'call');
  const answers = answersByReceipt(run);

  const arrows: Arrow[] = [];
  const slotInBlock = new Map<number, number>();
  const firstOnContract = new Map<number, Arrow>();
  for (const receipt of receipts) {
    const column = columnOf.get(receipt.block);
    if (!column) continue;
    const slot = slotInBlock.get(receipt.block) ?? 0;
    slotInBlock.set(receipt.block, slot + 1);
    const answer = answers.get(receipt.id);
    const arrow: Arrow = {
      index: arrows.length,
      receipt,
      x: column.x + COLUMN_PADDING + slot * SLOT_WIDTH + SLOT_WIDTH / 2,
      fromY: laneY.get(receipt.predecessor) ?? TOP,
      toY: laneY.get(receipt.receiver) ?? TOP,
      method: methodOf(receipt),
      deposit: depositOf(receipt),
      ok: receipt.ok,
      inGap: false,
      callback: isCallback(receipt),
      ...(answer ? { answer } : {}),
    };
    arrows.push(arrow);
    if (receipt.step !== undefined && onContract(receipt) && !firstOnContract.has(receipt.step)) firstOnContract.set(receipt.step, arrow);
  }
  // The step's first receipt on the contract is its user call, the one stepsInGap judges.
  for (const step of inGapSteps) {
    const arrow = firstOnContract.get(step);
    if (arrow) arrow.inGap = true;
  }

  return { arrows, gaps: openGaps(arrows) };
}

/**
 * A gap per call that awaited a callback (a receipt given promise results), on any account:
 * the contract's own, or an external one such as a token's ft_transfer_call → ft_resolve_transfer.
 * The call is the receipt whose result was delegated to the callback; where the record does
 * not link them (a callback of a callback), the step's first call on that account before it.
 */
function openGaps(arrows: readonly Arrow[]): Gap[] {
  const lastCallback = new Map<Arrow, Arrow>();
  for (const [position, callback] of arrows.entries()) {
    if (callback.receipt.inputs === undefined) continue;
    const delegating = arrows.find((a) => a.receipt.delegatedTo === callback.receipt.id && a.receipt.inputs === undefined);
    const call =
      delegating ??
      arrows
        .slice(0, position)
        .find((a) => a.receipt.step === callback.receipt.step && a.receipt.receiver === callback.receipt.receiver && a.receipt.inputs === undefined && a.receipt.actions.some((x) => x.kind === 'call'));
    if (call) lastCallback.set(call, callback);
  }
  return [...lastCallback].map(([call, callback]) => ({
    step: call.receipt.step ?? -1,
    account: call.receipt.receiver,
    x1: call.x,
    x2: callback.x,
    call: call.method,
    callback: callback.method,
    fromBlock: call.receipt.block,
    toBlock: callback.receipt.block,
  }));
}

export function layoutTimeline(run: CounterexampleRun): Timeline {
  const { record, counterexample } = run;
  const plan = counterexample.plan;
  const receipts = executed(record);
  const lanes: Lane[] = laneOrder(run, receipts).map((lane, i) => ({ ...lane, y: TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2 }));
  const { columns, columnOf, width: drawn } = layoutColumns(run);
  const { arrows, gaps } = layoutArrows(run, receipts, lanes, columnOf);

  const marks: Mark[] = [];
  for (const column of columns) {
    if (column.reorder !== undefined) marks.push({ x: column.x + COLUMN_PADDING, text: `reordered (choice ${column.reorder})`, kind: 'reorder' });
  }
  plan.steps.forEach((step, index) => {
    const stepRecord = record.steps.find((s) => s.index === index);
    const tree = stepRecord?.receipts.length ?? 0;
    const held = step.delays.filter((d) => d.blocks > 0 && d.receipt < tree);
    if (held.length === 0 || !stepRecord) return;
    // The record does not say which receipt was created n-th: the choice is shown where the step's tree starts.
    const first = arrows.find((a) => a.receipt.step === index);
    const x = first ? first.x - SLOT_WIDTH / 2 + 4 : (columnOf.get(stepRecord.submittedAtBlock)?.x ?? 0) + COLUMN_PADDING;
    marks.push({ x, text: `step ${index}: ${held.map((d) => `receipt #${d.receipt} +${d.blocks} block(s)`).join(', ')}`, kind: 'delay' });
  });

  // The probes ran after the last block: a column of their own at the end.
  const probeColumn = record.probes.length > 0 ? { x: drawn + BREAK_WIDTH, width: COLUMN_PADDING * 2 + record.probes.length * SLOT_WIDTH } : undefined;
  const contractY = lanes.find((l) => l.account === run.scenario.contract.id)?.y ?? TOP;
  const probes: ProbeArrow[] = record.probes.map((probe, index) => ({
    index,
    probe,
    x: (probeColumn?.x ?? 0) + COLUMN_PADDING + index * SLOT_WIDTH + SLOT_WIDTH / 2,
    fromY: lanes.find((l) => l.account === probe.caller)?.y ?? TOP,
    toY: contractY,
  }));
  const width = (probeColumn ? probeColumn.x + probeColumn.width : drawn) + COLUMN_PADDING;
  const rows = new Map<number, number>();
  const violations: ViolationMark[] = run.violations.map((violation, index) => {
    const column = violation.block !== undefined ? columnOf.get(violation.block) : undefined;
    const inBlock = column ? receipts.filter((r) => r.block === column.block) : receipts;
    const key = column?.block ?? -1;
    const row = rows.get(key) ?? 0;
    rows.set(key, row + 1);
    return {
      index,
      violation,
      row,
      // After the block's receipts ran (invariants look after every block); at the end for the run as a whole.
      x: column ? column.x + column.width - 4 : Math.max(4, width - 4),
      ...(column ? { block: column.block } : {}),
      ...differences(inBlock),
    };
  });

  return {
    lanes,
    columns,
    arrows,
    probes,
    ...(probeColumn ? { probeColumn } : {}),
    gaps,
    marks,
    violations,
    width: Math.max(width, 200),
    height: TOP + Math.max(lanes.length, 1) * LANE_HEIGHT + BOTTOM,
  };
}
