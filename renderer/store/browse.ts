// Browsing a bucket: folders, the streamed listing, selection, history and object actions.
import type { StateCreator } from 'zustand';
import { bridge, describeError } from '../api';
import type { AppState, BrowseSlice } from './types';

let listingGeneration = 0;

export const createBrowseSlice: StateCreator<AppState, [], [], BrowseSlice> = (set, get) => ({
  prefix: '',
  folders: [],
  objects: [],
  listing: 'idle',
  filter: '',
  history: [],
  historyIndex: -1,
  selection: [],
  setSelection(selection, focused) {
    set({ selection, selectedKey: focused ?? selection.at(-1) });
  },
  async createFolder(name) {
    const { connectionId, bucket, prefix } = get();
    const clean = name.trim().replace(/^\/+|\/+$/g, '');
    if (!connectionId || !bucket || !clean) return;
    try {
      await bridge()['folder/create']({ connectionId, bucket, prefix: `${prefix}${clean}/` });
      get().refresh();
    } catch (error) {
      get().notifyError(error);
    }
  },
  async deleteSelection() {
    const { connectionId, bucket, selection } = get();
    if (!connectionId || !bucket || selection.length === 0) return;
    try {
      const keys = selection.filter((k) => !k.endsWith('/'));
      const prefixes = selection.filter((k) => k.endsWith('/'));
      const result = await bridge()['objects/delete']({ connectionId, bucket, keys, prefixes });
      get().notify(
        result.errors.length ? 'error' : 'info',
        result.errors.length
          ? `Deleted ${result.deleted.length}; ${result.errors.length} could not be deleted (${result.errors[0]!.code}: ${result.errors[0]!.message}).`
          : `Deleted ${result.deleted.length} object${result.deleted.length === 1 ? '' : 's'}.`,
      );
      get().refresh();
    } catch (error) {
      get().notifyError(error);
    }
  },
  async download(key) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return;
    try {
      const { id } = await bridge()['object/download']({ connectionId, bucket, key });
      if (id) set({ bottomTab: 'transfers' });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async shareLink(key, expiresInSeconds) {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return undefined;
    try {
      return (await bridge()['object/presign']({ connectionId, bucket, key, expiresInSeconds })).url;
    } catch (error) {
      get().notifyError(error);
      return undefined;
    }
  },
  refresh() {
    const { bucket, prefix } = get();
    if (bucket) void get().open(bucket, prefix, { fromHistory: true });
  },
  async open(bucket, prefix, options = {}) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    const generation = ++listingGeneration;
    set((s) => {
      const history = options.fromHistory ? s.history : [...s.history.slice(0, s.historyIndex + 1), { bucket, prefix }];
      return {
        bucket,
        prefix,
        folders: [],
        objects: [],
        listing: 'loading',
        listError: undefined,
        selectedKey: undefined,
        selection: [],
        details: undefined,
        filter: '',
        history,
        historyIndex: options.fromHistory ? s.historyIndex : history.length - 1,
      };
    });
    // Pages are pulled one after another and appended as they arrive, so the first page shows at
    // once; a newer navigation bumps the generation and this loop stops.
    let token: string | undefined;
    try {
      do {
        const page = await bridge()['browse/list']({ connectionId, bucket, prefix, continuationToken: token });
        if (generation !== listingGeneration) return;
        set((s) => ({
          folders: page.folders.length ? [...s.folders, ...page.folders] : s.folders,
          objects: page.objects.length ? [...s.objects, ...page.objects] : s.objects,
        }));
        token = page.nextToken;
      } while (token);
      set({ listing: 'done' });
    } catch (error) {
      if (generation === listingGeneration) set({ listing: 'error', listError: describeError(error) });
    }
  },
  back() {
    const { history, historyIndex } = get();
    const target = history[historyIndex - 1];
    if (!target) return;
    set({ historyIndex: historyIndex - 1 });
    void get().open(target.bucket, target.prefix, { fromHistory: true });
  },
  forward() {
    const { history, historyIndex } = get();
    const target = history[historyIndex + 1];
    if (!target) return;
    set({ historyIndex: historyIndex + 1 });
    void get().open(target.bucket, target.prefix, { fromHistory: true });
  },
  setFilter(filter) {
    set({ filter });
  },
  async selectObject(key) {
    const { connectionId, bucket } = get();
    set({ selectedKey: key, selection: key ? [key] : [], details: key ? 'loading' : undefined });
    if (!key || !connectionId || !bucket) return;
    try {
      const details = await bridge()['object/details']({ connectionId, bucket, key });
      if (get().selectedKey === key) set({ details });
    } catch (error) {
      if (get().selectedKey === key) set({ details: describeError(error) });
    }
  },
});
