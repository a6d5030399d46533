// The terminal's progress line: drawn on a terminal's stderr only, counting files and bytes of
// every batch the queue publishes, with the rate, cut to the terminal's width, and cleared at
// the end so the result prints on a clean line.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransferProgress, TransferState } from '../../electron/contract.js';
import { progressLine } from '../../electron/cli-progress.js';

function row(id: string, state: TransferState, bytesDone: number, bytesTotal = 1_048_576): TransferProgress {
  return {
    id,
    direction: 'download',
    bucket: 'b',
    key: `k/${id}`,
    batchId: 'b1',
    state,
    bytesDone,
    bytesTotal,
    rate: 0,
  };
}

describe('the terminal progress line', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('draws files, bytes and rate on a terminal, follows the rows, and clears itself', () => {
    const written: string[] = [];
    const line = progressLine({ isTTY: true, columns: 120, write: (t) => written.push(t) }, 'downloaded', () => clock);
    line.publish([row('1', 'running', 0), row('2', 'queued', 0), row('3', 'queued', 0)]);
    vi.advanceTimersByTime(200);
    expect(written.at(-1)).toBe('\rdownloaded 0 of 3 files · 0 B of 3.0 MiB\x1b[K');
    clock = 1_000;
    line.publish([row('1', 'done', 1_048_576), row('2', 'running', 524_288)]);
    line.publish([row('2', 'failed', 0)]); // a row changing twice between two draws
    vi.advanceTimersByTime(200);
    expect(written.at(-1)).toBe('\rdownloaded 1 of 3 files · 1.0 MiB of 3.0 MiB · 1.0 MiB/s · 1 failed\x1b[K');
    line.stop();
    expect(written.at(-1)).toBe('\r\x1b[K');
    const count = written.length;
    vi.advanceTimersByTime(1_000);
    expect(written).toHaveLength(count); // stopped: nothing more
  });

  it('is cut to the terminal width, and says nothing where stderr is not a terminal', () => {
    const narrow: string[] = [];
    const line = progressLine({ isTTY: true, columns: 30, write: (t) => narrow.push(t) }, 'uploaded', () => clock);
    line.publish([row('1', 'queued', 0)]);
    vi.advanceTimersByTime(200);
    expect(narrow.at(-1)).toBe('\ruploaded 0 of 1 file · 0 B o…\x1b[K'); // 29 characters: one column left free
    line.stop();

    const piped: string[] = [];
    const quiet = progressLine({ isTTY: false, write: (t) => piped.push(t) }, 'uploaded');
    quiet.publish([row('1', 'queued', 0)]);
    vi.advanceTimersByTime(1_000);
    quiet.stop();
    expect(piped).toEqual([]);
  });
});
