// Transfers: rows by id, the conflict policy, and starting or steering uploads.
import { listedSizes, objectsShown } from '../browser/selection';
import { oneAtATime } from './one-at-a-time';
import type { StateCreator } from 'zustand';
import { bridge } from '../api';
import type { ConflictPolicy } from '../../electron/contract';
import { mayChange } from './may-change';
import { applyRows, removeRows } from '../../electron/shared/transfer-batches';
import { folderOf } from '../../electron/shared/s3-location';
import type { AppState, ConflictChoice, TransfersSlice } from './types';

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * A folder download asked for and not answered yet: main answers once the whole folder is listed,
 * but queues each page as it comes, so its first rows show the transfers as soon as they arrive.
 */
let downloadAsked = false;
/**
 * One object renamed (or moved within the folder on screen) while it was the selection: once the
 * folder is listed again the selection follows it to its new name, as a file manager's does.
 */
let follow: { bucket: string; prefix: string; from: string; to: string } | undefined;

/** Coalesce refreshes: a batch of finished uploads re-lists the folder once. */
function scheduleRefresh(refresh: () => Promise<void>): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void refresh();
  }, 300);
}

/** 'ask' sends no policy: main then answers with the names that exist, and the window asks. */
const policyToSend = (conflict: ConflictChoice): ConflictPolicy | undefined =>
  conflict === 'ask' ? undefined : conflict;

export const createTransfersSlice: StateCreator<AppState, [], [], TransfersSlice> = (set, get) => ({
  transfersById: {},
  transferBatches: [],
  applyProgress(rows) {
    // Finished uploads into the folder on screen show up in it without a manual refresh.
    const { bucket, prefix, transfersById } = get();
    // Copies and moves change the folder they come from or go to; edits, its rows' dates and classes.
    const landedHere = rows.some(
      (r) =>
        r.direction !== 'download' &&
        r.state === 'done' &&
        transfersById[r.id]?.state !== 'done' &&
        ((r.bucket === bucket && r.key.startsWith(prefix)) ||
          (r.target !== undefined && r.target.bucket === bucket && r.target.key.startsWith(prefix))),
    );
    const selected = get().selection.selected;
    const finishedMoves = rows.filter(
      (r) => r.direction === 'move' && r.state === 'done' && transfersById[r.id]?.state !== 'done',
    );
    const moved = finishedMoves.length === 1 ? finishedMoves[0]! : undefined;
    if (
      moved?.target &&
      moved.bucket === bucket &&
      moved.target.bucket === bucket &&
      !moved.target.connectionId &&
      folderOf(moved.target.key) === prefix &&
      (selected.length === 0 || (selected.length === 1 && selected[0] === moved.key))
    )
      follow = { bucket, prefix, from: moved.key, to: moved.target.key };
    if (landedHere)
      scheduleRefresh(async () => {
        await get().refresh();
        const f = follow;
        follow = undefined;
        const now = get();
        const still = now.selection.selected;
        if (
          f &&
          now.bucket === f.bucket &&
          now.prefix === f.prefix &&
          (still.length === 0 || (still.length === 1 && still[0] === f.from)) &&
          now.objects.some((o) => o.key === f.to)
        )
          void now.selectObject(f.to);
      });
    // Moved from among search results (Move to…): they are not where the results say any more.
    if (finishedMoves.length)
      get().forgetResults(new Set(finishedMoves.filter((r) => r.bucket === bucket).map((r) => r.key)));
    if (downloadAsked && rows.some((r) => r.direction === 'download' && !transfersById[r.id])) {
      downloadAsked = false;
      set({ bottomTab: 'transfers', bottomCollapsed: false });
    }
    set((s) => {
      // Rows by id change in place (see TransfersSlice): a copy per delivery cost ~60 ms at 100,000.
      const byId = s.transfersById;
      const batches = applyRows(s.transferBatches, (id) => byId[id], rows);
      for (const row of rows) byId[row.id] = row;
      return { transfersById: byId, transferBatches: batches };
    });
  },
  conflict: 'ask',
  uploadClass: '',
  setUploadClass(uploadClass) {
    set({ uploadClass });
  },
  async upload(files, prefix) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket || files.length === 0) return;
    // Nothing is sent to a bucket this identity may not change.
    if (!(await mayChange(get, bucket))) {
      get().notify('error', `${bucket} is read-only for this identity: files cannot be uploaded there.`);
      return;
    }
    const target = { connectionId, bucket, prefix: prefix ?? get().prefix };
    try {
      const answer = await bridge().uploadFiles({
        ...target,
        files,
        conflict: policyToSend(get().conflict),
        storageClass: get().uploadClass || undefined,
      });
      get().afterUpload(answer, target.bucket, target.prefix);
    } catch (error) {
      get().notifyError(error);
    }
  },
  async pickAndUpload() {
    const { connectionId, bucket, prefix } = get();
    if (!connectionId || !bucket) return;
    // One file chooser at a time: a double-click on Upload… opened a second after the first.
    await oneAtATime('upload', async () => {
      try {
        const answer = await bridge()['transfers/pick']({
          connectionId,
          bucket,
          prefix,
          conflict: policyToSend(get().conflict),
          storageClass: get().uploadClass || undefined,
        });
        get().afterUpload(answer, bucket, prefix);
      } catch (error) {
        get().notifyError(error);
      }
    });
  },
  afterUpload(answer, bucket, prefix) {
    if (answer.conflicts)
      set({ pendingConflict: { ...answer.conflicts, where: `s3://${bucket}/${prefix}`, direction: 'upload' } });
    else if (answer.ids.length) set({ bottomTab: 'transfers', bottomCollapsed: false });
  },
  async downloadSelection() {
    const { connectionId, bucket, prefix, selection } = get();
    const selected = selection.selected;
    if (!connectionId || !bucket || selected.length === 0) return;
    if (selected.length === 1 && !selected[0]!.endsWith('/')) return get().download(selected[0]!);
    // While the folder chooser is open, another click does not queue a second one.
    await oneAtATime('download', async () => {
      downloadAsked = true;
      try {
        const answer = await bridge()['objects/download']({
          connectionId,
          bucket,
          base: prefix,
          keys: selected.filter((k) => !k.endsWith('/')),
          prefixes: selected.filter((k) => k.endsWith('/')),
          sizes: listedSizes(objectsShown(get()), selected),
        });
        if (answer.conflicts) {
          set({
            pendingConflict: {
              ...answer.conflicts,
              where: answer.folder ?? 'the chosen folder',
              direction: 'download',
            },
          });
        } else if (answer.ids.length) set({ bottomTab: 'transfers', bottomCollapsed: false });
      } catch (error) {
        get().notifyError(error);
      } finally {
        downloadAsked = false;
      }
    });
  },
  async resolveConflict(decision, applyToAll) {
    const pending = get().pendingConflict;
    if (!pending) return;
    const remember = applyToAll && decision !== 'cancel' && pending.direction === 'upload';
    set({ pendingConflict: undefined, ...(remember ? { conflict: decision } : {}) });
    try {
      const { ids } = await bridge()['transfers/resolve']({ planId: pending.planId, decision });
      if (ids.length) set({ bottomTab: 'transfers', bottomCollapsed: false });
    } catch (error) {
      get().notifyError(error);
    }
  },
  setConflict(conflict) {
    set({ conflict });
  },
  async clearFinished() {
    try {
      const { removed } = await bridge()['transfers/clear']();
      const gone = new Set(removed);
      set((s) => {
        const batches = removeRows(s.transferBatches, gone, (id) => s.transfersById[id]);
        const byId = s.transfersById;
        for (const id of removed) delete byId[id];
        return { transfersById: byId, transferBatches: batches };
      });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async controlAll(action, batchId) {
    try {
      await bridge()['transfers/control-all']({ action, batchId });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async reveal(id) {
    try {
      await bridge()['transfers/reveal']({ id });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async controlTransfer(id, action) {
    try {
      await bridge()[`transfers/${action}`]({ id });
    } catch (error) {
      get().notifyError(error);
    }
  },
});
