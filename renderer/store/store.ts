// One zustand store made of slices, one per domain (see the files beside this one). Rows are
// keyed by id so a component that selects `s.logById[id]` re-renders only when that row changes;
// collections are replaced, never mutated, on change.
import { create } from 'zustand';
import type { RequestRecord, TransferProgress } from '../../electron/contract';
import { bridge } from '../api';
import { createBrowseSlice } from './browse';
import { createBucketsSlice } from './buckets';
import { createConnectionsSlice } from './connections';
import { createLogSlice } from './log';
import { createTransfersSlice } from './transfers';
import type { AppState } from './types';
import { createUiSlice } from './ui';
import { createVersionsSlice } from './versions';
import { createAccessSlice } from './access';
import { createOpsSlice } from './ops';

export { LOG_CAPACITY } from './types';
export type { AppState } from './types';

export const useStore = create<AppState>()((...a) => ({
  ...createConnectionsSlice(...a),
  ...createBucketsSlice(...a),
  ...createAccessSlice(...a),
  ...createOpsSlice(...a),
  ...createBrowseSlice(...a),
  ...createVersionsSlice(...a),
  ...createLogSlice(...a),
  ...createTransfersSlice(...a),
  ...createUiSlice(...a),
}));

/**
 * Pushed feeds are buffered and applied once per animation frame, so a burst of hundreds of log
 * records costs one store update and one render.
 */
export function connectFeeds(): () => void {
  const api = bridge();
  let records: RequestRecord[] = [];
  let transfers: TransferProgress[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    if (records.length) useStore.getState().appendRecords(records);
    if (transfers.length) useStore.getState().applyProgress(transfers);
    records = [];
    transfers = [];
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };
  const offLog = api.on('log/records', (batch) => {
    records.push(...batch);
    schedule();
  });
  const offTransfers = api.on('transfers/progress', (batch) => {
    transfers.push(...batch);
    schedule();
  });
  const offConnections = api.on('connections/changed', (list) => void useStore.getState().connectionsChanged(list));
  void api['transfers/list']().then((rows) => {
    transfers.unshift(...rows);
    schedule();
  });
  void api['log/since']({ afterId: 0 }).then(({ records: initial }) => {
    records.unshift(...initial);
    schedule();
  });
  return () => {
    offLog();
    offTransfers();
    offConnections();
    if (frame) cancelAnimationFrame(frame);
  };
}
