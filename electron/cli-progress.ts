// The terminal's progress line for what goes through the transfer queue (get, put, cp, mv): files
// and bytes done of those known so far, and the rate, redrawn a few times a second on stderr when
// it is a terminal. Scripts and pipes (and stdout, which carries the result and --json) see nothing
// of it. The counts come from the rows the queue publishes, kept as the window keeps them
// (shared/transfer-batches.ts), so a folder of 100,000 costs nothing per redraw.
import type { TransferProgress } from './contract.js';
import { formatBytes, formatCount } from './shared/format-bytes.js';
import { applyRows, type TransferBatch } from './shared/transfer-batches.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** The queue's `publish`. */
  publish(rows: TransferProgress[]): void;
  /** Clears the line (before the result is printed). */
  stop(): void;
}

const REDRAW_MS = 200;
/** The rate is measured over about this long. */
const RATE_WINDOW_MS = 2_000;

/** `what`: the past participle of the work ("downloaded", "uploaded", "copied"). */
export function progressLine(stream: ProgressStream, what: string, now = () => Date.now()): ProgressLine {
  if (!stream.isTTY) return { publish: () => undefined, stop: () => undefined };
  let batches: TransferBatch[] = [];
  const rows = new Map<string, TransferProgress>();
  const samples: Array<{ at: number; bytes: number }> = [];
  let drawn = false;
  const draw = () => {
    let files = 0;
    let finished = 0;
    let failed = 0;
    let bytes = 0;
    let total = 0;
    for (const { ids, summary } of batches) {
      files += ids.length;
      finished += summary.done + summary.skipped;
      failed += summary.failed;
      bytes += summary.bytesDone;
      total += summary.bytesTotal;
    }
    if (files === 0) return;
    const at = now();
    samples.push({ at, bytes });
    while (samples.length > 2 && at - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const rate = at > first.at ? ((bytes - first.bytes) / (at - first.at)) * 1000 : 0;
    const parts = [
      `${what} ${formatCount(finished)} of ${formatCount(files)} file${files === 1 ? '' : 's'}`,
      `${formatBytes(bytes)} of ${formatBytes(total)}`,
    ];
    if (rate >= 1) parts.push(`${formatBytes(Math.round(rate))}/s`);
    if (failed) parts.push(`${formatCount(failed)} failed`);
    const line = parts.join(' · ');
    const width = Math.max(20, (stream.columns || 80) - 1); // 0 when the terminal does not say
    stream.write(`\r${line.length > width ? `${line.slice(0, width - 1)}…` : line}\x1b[K`);
    drawn = true;
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    publish(changed) {
      batches = applyRows(batches, (id) => rows.get(id), changed);
      for (const row of changed) rows.set(row.id, row);
    },
    stop() {
      clearInterval(timer);
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
