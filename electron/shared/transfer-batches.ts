// Transfer batches (one drop, pick, download or folder operation each) for the transfers panel
// and the terminal's progress line, kept up to date row by row: a batch's counts and bytes change
// by what each pushed row changed, never by walking every row. A folder of 100,000 downloads
// pushes thousands of rows a second; walking them all on every store change (and copying the rows
// by id) froze the window for 0.4–1.1 s at a time (measured in Chromium with the demo's
// 100,000-key folder).
import type { TransferProgress, TransferState } from '../contract.js';

export type BatchSummary = Record<TransferState, number> & {
  /** Bytes on their way or there (a finished row counts whole). */
  bytesDone: number;
  bytesTotal: number;
  /** Bytes a second of the rows running now. */
  rate: number;
};

export interface TransferBatch {
  id: string;
  label: string;
  /** Its rows in the order they were queued. */
  ids: string[];
  summary: BatchSummary;
}

export function emptySummary(): BatchSummary {
  return {
    queued: 0,
    running: 0,
    paused: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
    bytesDone: 0,
    bytesTotal: 0,
    rate: 0,
  };
}

/** Adds a row's share to a summary (`sign` 1) or takes it away (-1). */
function account(summary: BatchSummary, row: TransferProgress, sign: 1 | -1): void {
  summary[row.state] += sign;
  summary.bytesDone += sign * (row.state === 'done' ? row.bytesTotal : row.bytesDone);
  summary.bytesTotal += sign * row.bytesTotal;
  if (row.state === 'running') summary.rate += sign * row.rate;
}

const batchOf = (row: TransferProgress) => row.batchId ?? row.id;

/**
 * The batches once `rows` have arrived, newest batch first; `previous` gives a row as it was before
 * (undefined for a new one). Batches the rows do not touch are the same objects as before.
 */
export function applyRows(
  batches: TransferBatch[],
  previous: (id: string) => TransferProgress | undefined,
  rows: TransferProgress[],
): TransferBatch[] {
  const position = new Map(batches.map((b, i) => [b.id, i]));
  const next = batches.slice();
  const touched = new Map<string, { batch: TransferBatch; idsCopied: boolean }>();
  const created: TransferBatch[] = [];
  /** A row pushed twice in one delivery: its second change is measured from its first. */
  const latest = new Map<string, TransferProgress>();
  for (const row of rows) {
    const id = batchOf(row);
    let entry = touched.get(id);
    if (!entry) {
      const at = position.get(id);
      const old = at === undefined ? undefined : next[at];
      const batch: TransferBatch = old
        ? { ...old, summary: { ...old.summary } }
        : { id, label: row.batchLabel ?? '', ids: [], summary: emptySummary() };
      entry = { batch, idsCopied: !old };
      touched.set(id, entry);
      if (at === undefined) created.push(batch);
      else next[at] = batch;
    }
    const before = latest.get(row.id) ?? previous(row.id);
    if (before) account(entry.batch.summary, before, -1);
    else {
      if (!entry.idsCopied) {
        entry.batch.ids = [...entry.batch.ids];
        entry.idsCopied = true;
      }
      entry.batch.ids.push(row.id);
    }
    account(entry.batch.summary, row, 1);
    latest.set(row.id, row);
  }
  return created.length ? [...created.reverse(), ...next] : next;
}

/** The batches without `removed` rows (cleared from the panel); a batch left empty goes. */
export function removeRows(
  batches: TransferBatch[],
  removed: Set<string>,
  rowOf: (id: string) => TransferProgress | undefined,
): TransferBatch[] {
  const next: TransferBatch[] = [];
  for (const batch of batches) {
    if (!batch.ids.some((id) => removed.has(id))) {
      next.push(batch);
      continue;
    }
    const ids = batch.ids.filter((id) => !removed.has(id));
    if (ids.length === 0) continue;
    const summary = emptySummary();
    for (const id of ids) {
      const row = rowOf(id);
      if (row) account(summary, row, 1);
    }
    next.push({ ...batch, ids, summary });
  }
  return next;
}
