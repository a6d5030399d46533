import { describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../electron/contract.js';
import { summarizeTransfers } from '../../electron/transfers/summary.js';

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
});
