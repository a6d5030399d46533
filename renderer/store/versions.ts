// Versions: the "Show versions" listing of the folder on screen, the bucket's versioning state,
// and what can be done with versions (revert, undelete, purge). Every change goes through main.
import { oneAtATime } from './one-at-a-time';
import type { StateCreator } from 'zustand';
import type { VersionsDeleted } from '../../electron/contract';
import { bridge, describeError } from '../api';
import { countOf } from '../format';
import { EMPTY_SELECTION } from '../browser/selection';
import type { AppState, VersionsSlice } from './types';

let versionsGeneration = 0;

function deletedInWords(
  result: VersionsDeleted,
  what: (n: number) => string,
): { kind: 'info' | 'error'; text: string } {
  if (!result.errors.length) return { kind: 'info', text: what(result.deleted) };
  const first = result.errors[0]!;
  return {
    kind: 'error',
    text: `${what(result.deleted)} ${result.errors.length} could not be changed (${first.code}: ${first.message}).`,
  };
}

export const createVersionsSlice: StateCreator<AppState, [], [], VersionsSlice> = (set, get) => ({
  showVersions: false,
  versionRows: [],
  versionFolders: [],
  versionsListing: 'idle',
  versioning: {},

  setShowVersions(on) {
    if (get().showVersions === on) return;
    set({ showVersions: on, versionRows: [], versionFolders: [], selection: EMPTY_SELECTION, details: undefined });
    const { bucket, prefix } = get();
    if (on && bucket) void get().loadVersions(bucket, prefix);
    else versionsGeneration++;
  },

  async loadVersions(bucket, prefix) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    const generation = ++versionsGeneration;
    set({ versionsListing: 'loading', versionsError: undefined, versionRows: [], versionFolders: [] });
    let next: { keyMarker: string; versionIdMarker?: string } | undefined;
    try {
      // Pages are appended as they arrive, like the folder's own listing: the first page shows at once.
      do {
        const page = await bridge()['versions/list']({ connectionId, bucket, prefix, ...next });
        if (generation !== versionsGeneration) return;
        set((s) => ({
          versionRows: page.versions.length ? [...s.versionRows, ...page.versions] : s.versionRows,
          versionFolders: page.folders.length ? [...s.versionFolders, ...page.folders] : s.versionFolders,
        }));
        next = page.next;
      } while (next);
      set({ versionsListing: 'done' });
    } catch (error) {
      if (generation === versionsGeneration) set({ versionsListing: 'error', versionsError: describeError(error) });
    }
  },

  async loadVersioning(bucket) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    set((s) => ({ versioning: { ...s.versioning, [bucket]: 'loading' } }));
    try {
      const state = await bridge()['bucket/versioning']({ connectionId, bucket });
      set((s) => ({ versioning: { ...s.versioning, [bucket]: state } }));
    } catch (error) {
      set((s) => ({ versioning: { ...s.versioning, [bucket]: describeError(error) } }));
    }
  },

  async changeVersioning(bucket, status) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    try {
      const state = await bridge()['bucket/versioning']({ connectionId, bucket, status });
      set((s) => ({ versioning: { ...s.versioning, [bucket]: state } }));
      get().notify('info', `Versioning is now ${status === 'Enabled' ? 'enabled' : 'suspended'} on ${bucket}.`);
    } catch (error) {
      get().notifyError(error);
    }
  },

  async revertVersion(key, versionId) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return;
    // A double-click made two new versions of the same content.
    await oneAtATime(`revert\n${connectionId}\n${bucket}\n${key}\n${versionId}`, async () => {
      try {
        await bridge()['object/revert']({ connectionId, bucket, key, versionId });
        get().notify('info', `${key} is back to that version's content, as a new version (nothing was deleted).`);
        get().refresh();
      } catch (error) {
        get().notifyError(error);
      }
    });
  },

  async purgeVersions(versions, bypassGovernance) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket || !versions.length) return;
    try {
      const result = await bridge()['versions/delete']({ connectionId, bucket, versions, bypassGovernance });
      const notice = deletedInWords(result, (n) => `Deleted ${countOf(n, 'version')} for good.`);
      get().notify(notice.kind, notice.text);
      get().refresh();
    } catch (error) {
      get().notifyError(error);
    }
  },

  async undelete(keys, prefixes) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return;
    try {
      if (prefixes.length) {
        // Folders are jobs with progress in the transfers panel.
        await bridge()['versions/folder-job']({ connectionId, bucket, prefixes, kind: 'undelete' });
        set({ bottomTab: 'transfers' });
        if (!keys.length) return;
      }
      const result = await bridge()['versions/undelete']({ connectionId, bucket, keys, prefixes: [] });
      const notice = deletedInWords(result, (n) =>
        n ? `Brought back ${countOf(n, 'object')}.` : 'Nothing to bring back: no object there is deleted.',
      );
      get().notify(notice.kind, notice.text);
      get().refresh();
    } catch (error) {
      get().notifyError(error);
    }
  },

  async purgeOldVersions(prefix) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return;
    try {
      // A job with progress in the transfers panel (the dialog counted what it deletes).
      await bridge()['versions/folder-job']({ connectionId, bucket, prefixes: [prefix], kind: 'purge' });
      set({ bottomTab: 'transfers' });
    } catch (error) {
      get().notifyError(error);
    }
  },
});
