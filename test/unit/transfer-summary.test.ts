import { describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../electron/contract.js';
import { summarizeTransfers, TransferTally } from '../../electron/transfers/summary.js';

const row = (state: TransferProgress['state'], bytesDone: number, bytesTotal: number): TransferProgress => ({
  id: `t${Math.random()}`,
  direction: 'upload',
  bucket: 'b',
  key: 'k',
  state,
  bytesDone,
  bytesTotal,
  rate: 0,
});

describe('transfer summary for the taskbar', () => {
  it('reports the fraction of the active transfers and hides the bar when nothing runs', () => {
    expect(summarizeTransfers([row('running', 50, 100), row('queued', 0, 100), row('done', 10, 10)])).toEqual({
      active: 2,
      fraction: 0.25,
      done: 1,
      failed: 0,
    });
    expect(summarizeTransfers([row('done', 1, 1), row('failed', 0, 5)])).toEqual({
      active: 0,
      fraction: -1,
      done: 1,
      failed: 1,
    });
  });

  it('keeps the same summary row by row as pushes arrive, whatever order the states come in', () => {
    const tally = new TransferTally();
    const states: TransferProgress['state'][] = [
      'queued',
      'running',
      'paused',
      'done',
      'failed',
      'cancelled',
      'skipped',
    ];
    const latest = new Map<string, TransferProgress>();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let push = 0; push < 300; push++) {
      for (let i = 0; i < 20; i++) {
        const id = `r${Math.floor(random() * 200)}`;
        const total = 100 + Math.floor(random() * 900);
        const next: TransferProgress = {
          ...row(states[Math.floor(random() * states.length)]!, Math.floor(random() * total), total),
          id,
        };
        tally.add(next);
        latest.set(id, next);
      }
      expect(tally.summary).toEqual(summarizeTransfers(latest.values()));
    }
  });
});
