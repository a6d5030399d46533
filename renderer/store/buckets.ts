// Buckets: the list, each bucket's probe, and creating or deleting one.
import type { StateCreator } from 'zustand';
import { bridge, describeError } from '../api';
import type { AppState, BucketsSlice } from './types';

export const createBucketsSlice: StateCreator<AppState, [], [], BucketsSlice> = (set, get) => ({
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
        probes: {
          ...s.probes,
          [bucket]: {
            bucket,
            regionSource: 'unknown',
            locationType: 'Region',
            access: { verdict: 'error', explanation: `${e.message}${e.hint ? ` ${e.hint}` : ''}` },
            permissions: [],
            probedAt: Date.now(),
          },
        },
      }));
    }
  },
  async createBucket(name, region) {
    const connectionId = get().connectionId;
    if (!connectionId) return false;
    try {
      const created = await bridge()['bucket/create']({ connectionId, bucket: name.trim(), region });
      set((s) => ({
        buckets: [...s.buckets.filter((b) => b.name !== created.name), created].sort((a, b) =>
          a.name.localeCompare(b.name),
        ),
      }));
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
        return {
          buckets: s.buckets.filter((b) => b.name !== name),
          probes,
          ...(s.bucket === name ? { bucket: undefined, folders: [], objects: [], listing: 'idle' as const } : {}),
        };
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
});
