// Transfers: rows by id, the conflict policy, and starting or steering uploads.
import type { StateCreator } from 'zustand';
import { bridge } from '../api';
import type { AppState, TransfersSlice } from './types';

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Coalesce refreshes: a batch of finished uploads re-lists the folder once. */
function scheduleRefresh(refresh: () => void): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    refresh();
  }, 300);
}

export const createTransfersSlice: StateCreator<AppState, [], [], TransfersSlice> = (set, get) => ({
  transferIds: [],
  transfersById: {},
  applyProgress(rows) {
    // Finished uploads into the folder on screen show up in it without a manual refresh.
    const { bucket, prefix, transfersById } = get();
    const landedHere = rows.some(
      (r) =>
        r.direction === 'upload' &&
        r.state === 'done' &&
        transfersById[r.id]?.state !== 'done' &&
        r.bucket === bucket &&
        r.key.startsWith(prefix),
    );
    if (landedHere) scheduleRefresh(() => get().refresh());
    set((s) => {
      const byId = { ...s.transfersById };
      const ids = [...s.transferIds];
      for (const row of rows) {
        if (!byId[row.id]) ids.unshift(row.id);
        byId[row.id] = row;
      }
      return { transfersById: byId, transferIds: ids };
    });
  },
  conflict: 'overwrite',
  async upload(files, prefix) {
    const { connectionId, bucket, conflict } = get();
    if (!connectionId || !bucket || files.length === 0) return;
    // Nothing is sent to a bucket this identity may not change (the full probe decides; a drop
    // made while it runs waits for it).
    await get().probe(bucket);
    const probe = get().probes[bucket];
    if (!probe || probe === 'probing' || probe.mode !== 'read-write') {
      get().notify('error', `${bucket} is read-only for this identity: files cannot be uploaded there.`);
      return;
    }
    set({ bottomTab: 'transfers' });
    try {
      await bridge().uploadFiles({ connectionId, bucket, prefix: prefix ?? get().prefix, files, conflict });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async pickAndUpload() {
    const { connectionId, bucket, prefix, conflict } = get();
    if (!connectionId || !bucket) return;
    try {
      const { ids } = await bridge()['transfers/pick']({ connectionId, bucket, prefix, conflict });
      if (ids.length) set({ bottomTab: 'transfers' });
    } catch (error) {
      get().notifyError(error);
    }
  },
  setConflict(conflict) {
    set({ conflict });
  },
  async controlTransfer(id, action) {
    try {
      await bridge()[`transfers/${action}`]({ id });
    } catch (error) {
      get().notifyError(error);
    }
  },
});
