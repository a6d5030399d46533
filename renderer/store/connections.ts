// Connections: which one is in use, and following the list as main changes it (a late demo).
import type { StateCreator } from 'zustand';
import { bridge } from '../api';
import type { AppState, ConnectionsSlice } from './types';

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set, get) => ({
  connections: [],
  connectionChosen: false,
  demo: { state: 'off' },
  connectionsChanged(connections) {
    set({ connections });
    const api = bridge();
    void api['app/info']().then((info) => set({ demo: info.demo }));
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
    set({
      connectionId: id,
      buckets: [],
      probes: {},
      bucket: undefined,
      folders: [],
      objects: [],
      listing: 'idle',
      history: [],
      historyIndex: -1,
    });
    await get().loadBuckets();
  },
});
