// One number for the OS taskbar and one sentence for the "batch finished" notification.
import type { TransferProgress } from '../contract.js';

export interface TransferSummary {
  active: number;
  /** 0–1 over the active transfers' bytes, or -1 when nothing is running (hides the bar). */
  fraction: number;
  done: number;
  failed: number;
}

/**
 * The summary kept row by row: each pushed row takes its previous state's share away and adds its
 * own, so a push costs what it carries. Walking every row on each push cost main ~10 ms a push at
 * 100,000 transfers, and a Cancel all of them now arrives as twenty pushes (app-core.ts).
 */
export class TransferTally {
  private readonly rows = new Map<string, TransferProgress>();
  private active = 0;
  private total = 0;
  private sent = 0;
  private done = 0;
  private failed = 0;

  add(row: TransferProgress): void {
    const before = this.rows.get(row.id);
    if (before) this.account(before, -1);
    this.account(row, 1);
    this.rows.set(row.id, row);
  }

  get summary(): TransferSummary {
    const { active, total, sent, done, failed } = this;
    return { active, fraction: active ? (total ? sent / total : 0) : -1, done, failed };
  }

  private account(row: TransferProgress, sign: 1 | -1): void {
    if (row.state === 'queued' || row.state === 'running') {
      this.active += sign;
      this.total += sign * row.bytesTotal;
      this.sent += sign * row.bytesDone;
    } else if (row.state === 'done') this.done += sign;
    else if (row.state === 'failed') this.failed += sign;
  }
}

export function summarizeTransfers(rows: Iterable<TransferProgress>): TransferSummary {
  const tally = new TransferTally();
  for (const row of rows) tally.add(row);
  return tally.summary;
}
