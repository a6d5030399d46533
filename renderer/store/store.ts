// One zustand store made of slices, one per domain. Rows are keyed by id so a component that
// selects `s.log.byId[id]` re-renders only when that row changes; collections are replaced, never
// mutated, on change.
import { create } from 'zustand';
import type {
  BridgeErrorShape,
  BucketSummary,
  ConflictPolicy,
  DemoStatus,
  ConnectionSummary,
  ObjectDetails,
  ObjectRow,
  ProbeResult,
  RequestRecord,
  TransferProgress,
} from '../../electron/contract';
import { bridge, describeError } from '../api';

export const LOG_CAPACITY = 2000;

export interface ConnectionsSlice {
  connections: ConnectionSummary[];
  connectionId?: string;
  /** The user picked the connection (so a late-arriving Demo does not take over). */
  connectionChosen: boolean;
  demo: DemoStatus;
  loadConnections(): Promise<void>;
  selectConnection(id: string, options?: { byUser?: boolean }): Promise<void>;
  connectionsChanged(connections: ConnectionSummary[]): void;
}

export interface BucketsSlice {
  buckets: BucketSummary[];
  bucketsError?: BridgeErrorShape;
  bucketsLoading: boolean;
  probes: Record<string, ProbeResult | 'probing'>;
  loadBuckets(): Promise<void>;
  probe(bucket: string, refresh?: boolean): Promise<void>;
  openBucketByName(name: string): Promise<void>;
  createBucket(name: string, region: string): Promise<boolean>;
  deleteBucket(name: string): Promise<void>;
}

export interface BrowseSlice {
  bucket?: string;
  prefix: string;
  folders: string[];
  objects: ObjectRow[];
  listing: 'idle' | 'loading' | 'done' | 'error';
  listError?: BridgeErrorShape;
  filter: string;
  history: Array<{ bucket: string; prefix: string }>;
  historyIndex: number;
  selectedKey?: string;
  /** Rows picked for a batch action (Ctrl/Shift-click); the focused row is selectedKey. */
  selection: string[];
  details?: ObjectDetails | 'loading' | BridgeErrorShape;
  setSelection(keys: string[], focused?: string): void;
  createFolder(name: string): Promise<void>;
  deleteSelection(): Promise<void>;
  download(key: string): Promise<void>;
  shareLink(key: string, expiresInSeconds: number): Promise<string | undefined>;
  refresh(): void;
  open(bucket: string, prefix: string, options?: { fromHistory?: boolean }): Promise<void>;
  back(): void;
  forward(): void;
  setFilter(filter: string): void;
  selectObject(key: string | undefined): Promise<void>;
}

export interface LogSlice {
  logIds: number[]; // newest first
  logById: Record<number, RequestRecord>;
  logDropped: number;
  logFilter: 'all' | 'redirected' | 'errors';
  /** Only requests for this bucket ('' = every bucket). */
  logBucket: string;
  selectedRequestId?: number;
  setLogBucket(bucket: string): void;
  appendRecords(records: RequestRecord[]): void;
  setLogFilter(filter: LogSlice['logFilter']): void;
  selectRequest(id: number | undefined): void;
}

export interface TransfersSlice {
  transferIds: string[];
  transfersById: Record<string, TransferProgress>;
  conflict: ConflictPolicy;
  applyProgress(rows: TransferProgress[]): void;
  upload(paths: string[], prefix?: string): Promise<void>;
  pickAndUpload(): Promise<void>;
  setConflict(policy: ConflictPolicy): void;
  controlTransfer(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<void>;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  bottomTab: 'log' | 'transfers';
  setBottomTab(tab: UiSlice['bottomTab']): void;
  notice?: Notice;
  notify(kind: Notice['kind'], text: string): void;
  notifyError(error: unknown): void;
  dismissNotice(): void;
  exportLog(format: 'har' | 'json'): Promise<void>;
}

export type AppState = ConnectionsSlice & BucketsSlice & BrowseSlice & LogSlice & TransfersSlice & UiSlice;

let listingGeneration = 0;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Coalesce refreshes: a batch of finished uploads re-lists the folder once. */
function scheduleRefresh(refresh: () => void): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    refresh();
  }, 300);
}

export const useStore = create<AppState>()((set, get) => ({
  // connections
  connections: [],
  connectionChosen: false,
  demo: { state: 'off' },
  connectionsChanged(connections) {
    set({ connections });
    void bridge()['app/info']().then((info) => set({ demo: info.demo }));
    const { connectionId, connectionChosen } = get();
    const demo = connections.find((c) => c.kind === 'demo');
    if (!connections.some((c) => c.id === connectionId)) {
      const next = demo ?? connections[0];
      if (next) void get().selectConnection(next.id);
    } else if (demo && !connectionChosen && connectionId !== demo.id) {
      void get().selectConnection(demo.id);
    }
  },
  async loadConnections() {
    const [connections, info] = await Promise.all([bridge()['connections/list'](), bridge()['app/info']()]);
    set({ connections, demo: info.demo });
    const first = connections.find((c) => c.kind === 'demo') ?? connections[0];
    if (first && !get().connectionId) await get().selectConnection(first.id);
  },
  async selectConnection(id, options = {}) {
    set((s) => ({ connectionChosen: s.connectionChosen || Boolean(options.byUser) }));
    set({ connectionId: id, buckets: [], probes: {}, bucket: undefined, folders: [], objects: [], listing: 'idle', history: [], historyIndex: -1 });
    await get().loadBuckets();
  },

  // buckets
  buckets: [],
  bucketsLoading: false,
  probes: {},
  async loadBuckets() {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    set({ bucketsLoading: true, bucketsError: undefined });
    try {
      const buckets = await bridge()['buckets/list']({ connectionId });
      set({ buckets, bucketsLoading: false });
      // Regions, location types and access fill in as the probes answer, all at once.
      await Promise.all(buckets.map((b) => get().probe(b.name)));
    } catch (error) {
      set({ bucketsError: describeError(error), bucketsLoading: false });
    }
  },
  async probe(bucket, refresh = false) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    set((s) => ({ probes: { ...s.probes, [bucket]: 'probing' } }));
    try {
      const result = await bridge()['bucket/probe']({ connectionId, bucket, refresh });
      set((s) => ({ probes: { ...s.probes, [bucket]: result } }));
    } catch (error) {
      const e = describeError(error);
      set((s) => ({
        probes: { ...s.probes, [bucket]: { bucket, regionSource: 'unknown', locationType: 'Region', access: { verdict: 'error', explanation: `${e.message}${e.hint ? ` ${e.hint}` : ''}` }, permissions: [], probedAt: Date.now() } },
      }));
    }
  },
  async createBucket(name, region) {
    const connectionId = get().connectionId;
    if (!connectionId) return false;
    try {
      const created = await bridge()['bucket/create']({ connectionId, bucket: name.trim(), region });
      set((s) => ({ buckets: [...s.buckets.filter((b) => b.name !== created.name), created].sort((a, b) => a.name.localeCompare(b.name)) }));
      get().notify('info', `Created ${created.name} in ${created.region}.`);
      void get().probe(created.name, true);
      return true;
    } catch (error) {
      get().notifyError(error);
      return false;
    }
  },
  async deleteBucket(name) {
    const connectionId = get().connectionId;
    if (!connectionId) return;
    try {
      await bridge()['bucket/delete']({ connectionId, bucket: name });
      set((s) => {
        const probes = { ...s.probes };
        delete probes[name];
        return { buckets: s.buckets.filter((b) => b.name !== name), probes, ...(s.bucket === name ? { bucket: undefined, folders: [], objects: [], listing: 'idle' as const } : {}) };
      });
      get().notify('info', `Deleted bucket ${name}.`);
    } catch (error) {
      get().notifyError(error);
    }
  },
  async openBucketByName(name) {
    const trimmed = name.trim();
    if (!trimmed) return;
    if (!get().buckets.some((b) => b.name === trimmed)) set((s) => ({ buckets: [...s.buckets, { name: trimmed }] }));
    await Promise.all([get().probe(trimmed, true), get().open(trimmed, '')]);
  },

  // browse
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
      get().notify(result.errors.length ? 'error' : 'info', result.errors.length
        ? `Deleted ${result.deleted.length}; ${result.errors.length} could not be deleted (${result.errors[0]!.code}: ${result.errors[0]!.message}).`
        : `Deleted ${result.deleted.length} object${result.deleted.length === 1 ? '' : 's'}.`);
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
        bucket, prefix, folders: [], objects: [], listing: 'loading', listError: undefined, selectedKey: undefined, selection: [], details: undefined, filter: '',
        history, historyIndex: options.fromHistory ? s.historyIndex : history.length - 1,
      };
    });
    // Pages are pulled one after another and appended as they arrive, so the first page shows at
    // once; a newer navigation bumps the generation and this loop stops.
    let token: string | undefined;
    try {
      do {
        const page = await bridge()['browse/list']({ connectionId, bucket, prefix, continuationToken: token });
        if (generation !== listingGeneration) return;
        set((s) => ({ folders: page.folders.length ? [...s.folders, ...page.folders] : s.folders, objects: page.objects.length ? [...s.objects, ...page.objects] : s.objects }));
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

  // request log
  logIds: [],
  logById: {},
  logDropped: 0,
  logFilter: 'all',
  logBucket: '',
  setLogBucket(logBucket) {
    set({ logBucket });
  },
  appendRecords(records) {
    set((s) => {
      const byId = { ...s.logById };
      const fresh: number[] = [];
      for (const record of records) {
        if (!byId[record.id]) fresh.push(record.id);
        byId[record.id] = record;
      }
      let ids = fresh.length ? [...fresh.sort((a, b) => b - a), ...s.logIds] : s.logIds;
      let dropped = s.logDropped;
      if (ids.length > LOG_CAPACITY) {
        for (const id of ids.slice(LOG_CAPACITY)) delete byId[id];
        dropped += ids.length - LOG_CAPACITY;
        ids = ids.slice(0, LOG_CAPACITY);
      }
      return { logById: byId, logIds: ids, logDropped: dropped };
    });
  },
  setLogFilter(logFilter) {
    set({ logFilter });
  },
  selectRequest(id) {
    set({ selectedRequestId: id });
  },

  // transfers
  transferIds: [],
  transfersById: {},
  applyProgress(rows) {
    // Finished uploads into the folder on screen show up in it without a manual refresh.
    const { bucket, prefix, transfersById } = get();
    const landedHere = rows.some((r) => r.direction === 'upload' && r.state === 'done' && transfersById[r.id]?.state !== 'done' && r.bucket === bucket && r.key.startsWith(prefix));
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
  async upload(paths, prefix) {
    const { connectionId, bucket, conflict } = get();
    if (!connectionId || !bucket || paths.length === 0) return;
    set({ bottomTab: 'transfers' });
    try {
      await bridge()['transfers/add']({ connectionId, bucket, prefix: prefix ?? get().prefix, paths, conflict });
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

  // ui
  bottomTab: 'log',
  setBottomTab(bottomTab) {
    set({ bottomTab });
  },
  notify(kind, text) {
    set({ notice: { id: Date.now(), kind, text } });
  },
  notifyError(error) {
    const e = describeError(error);
    get().notify('error', `${e.message}${e.hint ? ` ${e.hint}` : ''}`);
  },
  dismissNotice() {
    set({ notice: undefined });
  },
  async exportLog(format) {
    try {
      const result = await bridge()['log/export']({ format });
      if (result.path) get().notify('info', `Saved ${result.count} requests to ${result.path}.`);
    } catch (error) {
      get().notifyError(error);
    }
  },
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
  const offConnections = api.on('connections/changed', (list) => useStore.getState().connectionsChanged(list));
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
