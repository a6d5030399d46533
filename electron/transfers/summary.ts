// One number for the OS taskbar and one sentence for the "batch finished" notification.
import type { TransferProgress } from '../contract.js';

export interface TransferSummary {
  active: number;
  /** 0–1 over the active transfers' bytes, or -1 when nothing is running (hides the bar). */
  fraction: number;
  done: number;
  failed: number;
}

export function summarizeTransfers(rows: Iterable<TransferProgress>): TransferSummary {
  let active = 0;
  let total = 0;
  let sent = 0;
  let done = 0;
  let failed = 0;
  for (const row of rows) {
    if (row.state === 'queued' || row.state === 'running') {
      active++;
      total += row.bytesTotal;
      sent += row.bytesDone;
    } else if (row.state === 'done') {
      done++;
    } else if (row.state === 'failed') {
      failed++;
    }
  }
  return { active, fraction: active ? (total ? sent / total : 0) : -1, done, failed };
}
