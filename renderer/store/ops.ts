// File operations like a file manager's: cut, copy and paste between folders and buckets, rename,
// copy to and move to — each counted first (the dialog shows what will happen), then run as jobs
// in the transfer queue, server-side.
import type { StateCreator } from 'zustand';
import type { ConflictPolicy, CopyPlan } from '../../electron/contract';
import { bridge, errorText } from '../api';
import { objectsShown } from '../browser/selection';
import { parseRowId } from '../versions/version-ids';
import { mayChange } from './may-change';
import type { AppState, OpDestination, OpsSlice, OpRequest } from './types';

export const createOpsSlice: StateCreator<AppState, [], [], OpsSlice> = (set, get) => ({
  clipboard: undefined,
  op: undefined,

  /** What the selection is, for an operation: objects with their sizes (a folder's rows or search results), and folders. */
  selectionItems() {
    const selected = get().selection.selected;
    const sizes = new Map(objectsShown(get()).map((o) => [o.key, o.size]));
    return {
      keys: selected
        .filter((k) => !k.endsWith('/') && parseRowId(k).versionId === undefined)
        .map((key) => ({ key, size: sizes.get(key) ?? 0 })),
      prefixes: selected.filter((k) => k.endsWith('/')),
    };
  },

  clip(mode) {
    const { bucket, prefix } = get();
    if (!bucket) return;
    const items = get().selectionItems();
    const count = items.keys.length + items.prefixes.length;
    if (count === 0) return;
    get().notify(
      'info',
      `${count} item${count === 1 ? '' : 's'} ${mode === 'cut' ? 'cut' : 'copied'}: open a folder or a bucket and paste (Ctrl+V) to ${mode === 'cut' ? 'move' : 'copy'} ${count === 1 ? 'it' : 'them'} there.`,
    );
    set({ clipboard: { mode, bucket, base: prefix, ...items, hintId: get().notice?.id } });
  },

  async paste(target) {
    const clipboard = get().clipboard;
    const bucket = target?.bucket ?? get().bucket;
    const prefix = target?.prefix ?? (target ? '' : get().prefix);
    if (!clipboard || !bucket) return;
    if (!(await mayChange(get, bucket))) {
      get().notify('error', `${bucket} is read-only for this identity: nothing can be pasted there.`);
      return;
    }
    // The hint said how to paste; pasting, it has done its work (it stayed over the dialog).
    if (clipboard.hintId !== undefined && get().notice?.id === clipboard.hintId) get().dismissNotice();
    get().openOp({
      kind: clipboard.mode === 'cut' ? 'move' : 'copy',
      bucket: clipboard.bucket,
      base: clipboard.base,
      keys: clipboard.keys,
      prefixes: clipboard.prefixes,
      targetBucket: bucket,
      targetPrefix: prefix,
      fromClipboard: true,
    });
  },

  openOp(request) {
    set({ op: request });
  },

  closeOp() {
    set({ op: undefined });
  },

  async planOp(request: OpRequest, destination: OpDestination): Promise<CopyPlan | string> {
    const connectionId = get().connectionId;
    if (!connectionId) return 'No connection.';
    try {
      return await bridge()['objects/plan-copy']({
        connectionId,
        bucket: request.bucket,
        base: request.base,
        keys: request.keys,
        prefixes: request.prefixes,
        targetBucket: destination.targetBucket,
        targetPrefix: destination.targetPrefix,
        move: request.kind !== 'copy',
        rename: destination.rename,
        storageClass: destination.storageClass || undefined,
        targetConnectionId:
          destination.targetConnectionId && destination.targetConnectionId !== connectionId
            ? destination.targetConnectionId
            : undefined,
      });
    } catch (error) {
      return errorText(error);
    }
  },

  async startOp(plan: CopyPlan, decision: ConflictPolicy | 'cancel') {
    try {
      const { ids } = await bridge()['objects/start-copy']({ planId: plan.planId, decision });
      const op = get().op;
      set({
        op: undefined,
        ...(op?.fromClipboard && op.kind === 'move' && ids.length ? { clipboard: undefined } : {}),
      });
      if (ids.length) set({ bottomTab: 'transfers' });
    } catch (error) {
      get().notifyError(error);
    }
  },
});
