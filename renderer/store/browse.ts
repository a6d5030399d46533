// Browsing a bucket: folders, the streamed listing, selection, history and object actions.
import { oneAtATime } from './one-at-a-time';
import type { StateCreator } from 'zustand';
import { bridge, describeError } from '../api';
import { countOf } from '../format';
import { EMPTY_SELECTION } from '../browser/selection';
import { folderOf } from '../../electron/shared/s3-location';
import { favoriteLabel, prefs, samePlace } from './prefs';
import { parseRowId, versionRowId } from '../versions/version-ids';
import type { AppState, BrowseSlice } from './types';

let listingGeneration = 0;
let searchGeneration = 0;
/**
 * Something changed the folder while its search results were on screen (an upload landed, an
 * edit was saved): listing it then would have ended the search; it is listed when the search is left.
 */
let staleBehindSearch = false;
/** Results a search shows before it stops and offers more. */
export const SEARCH_CAP = 1000;

export const createBrowseSlice: StateCreator<AppState, [], [], BrowseSlice> = (set, get) => {
  return {
    prefix: '',
    folders: [],
    objects: [],
    listing: 'idle',
    filter: '',
    history: [],
    historyIndex: -1,
    selection: EMPTY_SELECTION,
    select(next) {
      const only = next.selected.length === 1 ? next.selected[0]! : undefined;
      // A delete marker has nothing to show details of (S3 answers 405): its row says it all.
      const marker =
        only !== undefined &&
        get().versionRows.some((v) => v.deleteMarker && only === versionRowId(v.key, v.versionId));
      if (only !== undefined && !only.endsWith('/') && !marker) {
        if (
          get().details !== undefined &&
          get().selection.selected.length === 1 &&
          get().selection.selected[0] === only
        ) {
          set({ selection: next });
          return;
        }
        set({ selection: next });
        void loadDetails(only);
        return;
      }
      set({ selection: next, details: undefined });
    },
    async createFolder(name) {
      const { connectionId, bucket, prefix } = get();
      const clean = name.trim().replace(/^\/+|\/+$/g, '');
      if (!connectionId || !bucket || !clean) return;
      try {
        const { created, key } = await bridge()['folder/create']({
          connectionId,
          bucket,
          prefix: `${prefix}${clean}/`,
        });
        // Made by someone else since this folder was listed: nothing written, and said so.
        if (!created) get().notify('info', `${key} is there already: nothing was written.`);
        get().refresh();
      } catch (error) {
        get().notifyError(error);
      }
    },
    async deleteSelection(folderObjects) {
      const { connectionId, bucket } = get();
      const selected = get().selection.selected;
      if (!connectionId || !bucket || selected.length === 0) return;
      try {
        const keys = selected.filter((k) => !k.endsWith('/'));
        const prefixes = selected.filter((k) => k.endsWith('/'));
        if (prefixes.length) {
          // Folders go as jobs with progress (and cancel) in the transfers panel; their counts
          // are the ones the confirmation showed.
          // One folder's total is the confirmed count; several share it (each job counts its own).
          await bridge()['folders/delete']({
            connectionId,
            bucket,
            folders: prefixes.map((prefix) => ({
              prefix,
              objects: prefixes.length === 1 ? (folderObjects ?? 0) : 0,
            })),
          });
          set({ bottomTab: 'transfers' });
          if (!keys.length) return;
        }
        const result = await bridge()['objects/delete']({ connectionId, bucket, keys, prefixes: [] });
        get().notify(
          result.errors.length ? 'error' : 'info',
          result.errors.length
            ? `Deleted ${result.deleted.length}; ${result.errors.length} could not be deleted (${result.errors[0]!.code}: ${result.errors[0]!.message}).`
            : `Deleted ${countOf(result.deleted.length, 'object')}.`,
        );
        // Deleted from search results, they leave the results, which stay on screen (the folder
        // behind them is listed when the search is left: see refresh).
        get().forgetResults(new Set(result.deleted));
        get().refresh();
      } catch (error) {
        get().notifyError(error);
      }
    },
    async download(key, versionId) {
      const { connectionId, bucket } = get();
      if (!connectionId || !bucket) return;
      // While the save dialog is open, another click does not queue a second one (a double-click
      // downloaded the object twice).
      await oneAtATime('download', async () => {
        try {
          // The size as listed: a small object is then checked against its own checksum.
          const size = versionId
            ? get().versionRows.find((v) => v.key === key && v.versionId === versionId)?.size
            : get().objects.find((o) => o.key === key)?.size;
          const { id } = await bridge()['object/download']({ connectionId, bucket, key, versionId, size });
          if (id) set({ bottomTab: 'transfers' });
        } catch (error) {
          get().notifyError(error);
        }
      });
    },
    async shareLink(key, expiresInSeconds, versionId) {
      const { connectionId, bucket } = get();
      if (!connectionId || !bucket) return undefined;
      try {
        return (await bridge()['object/presign']({ connectionId, bucket, key, expiresInSeconds, versionId })).url;
      } catch (error) {
        get().notifyError(error);
        return undefined;
      }
    },
    async objectUrl(key) {
      const { connectionId, bucket } = get();
      if (!connectionId || !bucket) return undefined;
      try {
        return (await bridge()['object/url']({ connectionId, bucket, key })).url;
      } catch (error) {
        get().notifyError(error);
        return undefined;
      }
    },
    reload() {
      const search = get().search;
      return search ? get().startSearch(search.pattern, search.cap) : get().refresh();
    },
    refresh() {
      const { bucket, prefix } = get();
      if (get().search) {
        staleBehindSearch = true;
        return Promise.resolve();
      }
      return bucket ? get().open(bucket, prefix, { fromHistory: true }) : Promise.resolve();
    },
    async open(bucket, prefix, options = {}) {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      const generation = ++listingGeneration;
      searchGeneration++; // a folder opened ends any search
      staleBehindSearch = false;
      // A refresh of the folder on screen keeps its rows, filter and selection until the new
      // first page arrives, so nothing jumps under the pointer or the keyboard.
      const again = get().bucket === bucket && get().prefix === prefix && get().listing !== 'idle';
      set((s) => {
        const history = options.fromHistory
          ? s.history
          : [...s.history.slice(0, s.historyIndex + 1), { bucket, prefix }];
        return {
          bucket,
          prefix,
          listing: 'loading',
          listError: undefined,
          search: undefined,
          ...(again ? {} : { folders: [], objects: [], selection: EMPTY_SELECTION, details: undefined, filter: '' }),
          history,
          historyIndex: options.fromHistory ? s.historyIndex : history.length - 1,
        };
      });
      prefs.setLastPlace(connectionId, bucket, prefix);
      if (get().showVersions) void get().loadVersions(bucket, prefix);
      // Pages are pulled one after another and appended as they arrive, so the first page shows at
      // once; a newer navigation bumps the generation and this loop stops.
      let token: string | undefined;
      try {
        do {
          const page = await bridge()['browse/list']({ connectionId, bucket, prefix, continuationToken: token });
          if (generation !== listingGeneration) return;
          const first = token === undefined;
          set((s) =>
            first && again
              ? { folders: page.folders, objects: page.objects }
              : {
                  folders: page.folders.length ? [...s.folders, ...page.folders] : s.folders,
                  objects: page.objects.length ? [...s.objects, ...page.objects] : s.objects,
                },
          );
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
    async startSearch(pattern, cap = SEARCH_CAP) {
      const { connectionId, bucket, prefix } = get();
      if (!connectionId || !bucket || !pattern.trim()) return;
      const generation = ++searchGeneration;
      set({
        search: { pattern, prefix, results: [], scanned: 0, state: 'running', cap },
        selection: EMPTY_SELECTION,
        details: undefined,
      });
      let token: string | undefined;
      try {
        do {
          const page = await bridge()['search/page']({
            connectionId,
            bucket,
            prefix,
            pattern,
            continuationToken: token,
          });
          if (generation !== searchGeneration || !get().search) return;
          token = page.nextToken;
          const current = get().search!;
          const results = page.matches.length ? [...current.results, ...page.matches].slice(0, cap) : current.results;
          const capped = current.results.length + page.matches.length > cap;
          set({
            search: {
              ...current,
              results,
              scanned: current.scanned + page.scanned,
              state: capped ? 'capped' : token ? 'running' : 'done',
            },
          });
          if (capped) return;
        } while (token);
      } catch (error) {
        if (generation === searchGeneration)
          set({ search: { ...get().search!, state: 'error', error: describeError(error).message } });
      }
    },
    stopSearch() {
      searchGeneration++;
      const search = get().search;
      if (search?.state === 'running') set({ search: { ...search, state: 'stopped' } });
    },
    closeSearch() {
      searchGeneration++;
      // The filter held the search's text: left there, it would hide the folder just returned to.
      set({ search: undefined, filter: '', selection: EMPTY_SELECTION, details: undefined });
      if (staleBehindSearch) {
        staleBehindSearch = false;
        void get().refresh();
      }
    },
    forgetResults(keys) {
      const search = get().search;
      if (!search || !search.results.some((r) => keys.has(r.key))) return;
      set({
        search: { ...search, results: search.results.filter((r) => !keys.has(r.key)) },
        selection: EMPTY_SELECTION,
        details: undefined,
      });
    },
    async goToKey(key) {
      const bucket = get().bucket;
      if (!bucket) return;
      searchGeneration++;
      // The search's text would filter the folder and could hide the very row being gone to.
      set({ search: undefined, filter: '' });
      await get().open(bucket, folderOf(key));
      get().select({ focused: key, anchor: key, selected: [key] });
    },
    async showInBucket(connectionId, bucket, key) {
      await get().openPlace(connectionId, bucket, key.endsWith('/') ? key : folderOf(key));
      if (!key.endsWith('/')) get().select({ focused: key, anchor: key, selected: [key] });
    },
    async openPlace(connectionId, bucket, prefix) {
      if (get().connectionId !== connectionId) await get().selectConnection(connectionId);
      if (get().bucket === bucket) await get().open(bucket, prefix);
      else await get().openBucket(bucket, prefix);
    },
    favorites: prefs.favorites(),
    toggleFavorite(place) {
      const { connectionId, bucket, prefix } = get();
      const target = place ?? (connectionId && bucket ? { connectionId, bucket, prefix } : undefined);
      if (!target) return;
      const favorites = get().favorites.some((f) => samePlace(f, target))
        ? get().favorites.filter((f) => !samePlace(f, target))
        : [...get().favorites, target];
      set({ favorites });
      prefs.setFavorites(favorites);
    },
    renameFavorite(place, typed) {
      const label = favoriteLabel(typed);
      const favorites = get().favorites.map((f) => {
        if (!samePlace(f, place)) return f;
        const renamed = { ...f, label };
        if (label === undefined) delete renamed.label;
        return renamed;
      });
      set({ favorites });
      prefs.setFavorites(favorites);
    },
    moveFavorite(place, step) {
      const favorites = [...get().favorites];
      // Among the shown ones: a favorite of a removed connection is not stepped over visibly.
      const connections = new Set(get().connections.map((c) => c.id));
      const shown = favorites.flatMap((f, index) => (connections.has(f.connectionId) ? [index] : []));
      const at = shown.findIndex((index) => samePlace(favorites[index]!, place));
      const other = shown[at + step];
      if (at < 0 || other === undefined) return;
      const from = shown[at]!;
      [favorites[from], favorites[other]] = [favorites[other]!, favorites[from]!];
      set({ favorites });
      prefs.setFavorites(favorites);
    },
    reloadDetails() {
      const selected = get().selection.selected;
      if (selected.length === 1 && !selected[0]!.endsWith('/')) void loadDetails(selected[0]!);
    },
    async selectObject(key) {
      get().select(key ? { focused: key, anchor: key, selected: [key] } : EMPTY_SELECTION);
    },
  };

  /** Details of the one selected object; a later selection wins over a slow answer. */
  async function loadDetails(id: string): Promise<void> {
    const { connectionId, bucket } = get();
    if (!connectionId || !bucket) return;
    const current = () => get().selection.selected.length === 1 && get().selection.selected[0] === id;
    const { key, versionId } = parseRowId(id);
    set({ details: 'loading' });
    try {
      const details = await bridge()['object/details']({ connectionId, bucket, key, versionId });
      if (current()) set({ details });
    } catch (error) {
      if (current()) set({ details: describeError(error) });
    }
  }
};
