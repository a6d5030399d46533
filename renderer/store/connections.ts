// Connections: which one is in use, and following the list as main changes it (a late demo).
// The window starts where the user left it (connection, bucket, folder); on a first start it
// waits for the demo instead of trying a connection that cannot work offline.
import type { StateCreator } from 'zustand';
import type { ConnectionSummary, DemoStatus } from '../../electron/contract';
import { bridge } from '../api';
import { prefs } from './prefs';
import type { AppState, ConnectionsSlice } from './types';

/** The connection to start with: the last one used, else the demo (or nothing while it starts). */
function startingConnection(connections: ConnectionSummary[], demo: DemoStatus): string | undefined {
  const last = prefs.lastConnection();
  if (last && connections.some((c) => c.id === last)) return last;
  const demoConnection = connections.find((c) => c.kind === 'demo');
  if (demoConnection) return demoConnection.id;
  if (demo.state === 'starting') return undefined;
  return connections[0]?.id;
}

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set, get) => ({
  connections: [],
  connectionChosen: false,
  demo: { state: 'off' },
  async connectionsChanged(connections) {
    set({ connections });
    const info = await bridge()['app/info']();
    set({ demo: info.demo });
    const { connectionId, connectionChosen } = get();
    const demo = connections.find((c) => c.kind === 'demo');
    if (!connectionId || !connections.some((c) => c.id === connectionId)) {
      const next = startingConnection(connections, info.demo);
      if (next) void get().selectConnection(next);
      else set({ connectionId: undefined });
    } else if (demo && !connectionChosen && connectionId !== demo.id && prefs.lastConnection() !== connectionId) {
      void get().selectConnection(demo.id);
    }
  },
  async loadConnections() {
    const [connections, info] = await Promise.all([bridge()['connections/list'](), bridge()['app/info']()]);
    set({ connections, demo: info.demo });
    const first = startingConnection(connections, info.demo);
    if (first && !get().connectionId) await get().selectConnection(first, { restorePlace: true });
  },
  async selectConnection(id, options = {}) {
    set((s) => ({ connectionChosen: s.connectionChosen || Boolean(options.byUser) }));
    set({
      connectionId: id,
      buckets: [],
      probes: {},
      access: {},
      versioning: {},
      bucket: undefined,
      folders: [],
      objects: [],
      listing: 'idle',
      history: [],
      historyIndex: -1,
    });
    if (options.byUser || prefs.lastConnection() === undefined) prefs.setLastConnection(id);
    await get().loadBuckets();
    const place = prefs.lastPlace(id);
    if (
      place &&
      get().connectionId === id &&
      (options.restorePlace || options.byUser || get().buckets.some((b) => b.name === place.bucket))
    ) {
      await get().openBucket(place.bucket, place.prefix);
    }
  },
});
