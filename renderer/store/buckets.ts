// Buckets: the list (one HeadBucket each, so first paint costs one request per bucket), the full
// probe of the bucket that is opened (its permission checks decide what the window offers),
// buckets opened by name (remembered per connection), creating and deleting.
import type { StateCreator } from 'zustand';
import type { ProbeDepth, ProbeResult } from '../../electron/contract';
import { folderOf, parseS3Location } from '../../electron/shared/s3-location';
import { bridge, describeError } from '../api';
import { prefs } from './prefs';
import type { AppState, BucketsSlice } from './types';
import { withHint } from '../../electron/shared/bridge-error';

/** Probes of the list run a few at a time: 44 buckets are 44 HeadBuckets, not a burst of them. */
const LIST_PROBES_AT_ONCE = 6;

const inflight = new Map<string, Promise<void>>();

export const createBucketsSlice: StateCreator<AppState, [], [], BucketsSlice> = (set, get) => {
  async function ask(
    connectionId: string,
    bucket: string,
    depth: ProbeDepth,
    refresh: boolean | undefined,
    known: ProbeResult | 'probing' | undefined,
  ): Promise<void> {
    set((s) => ({ probes: { ...s.probes, [bucket]: known && known !== 'probing' && !refresh ? known : 'probing' } }));
    try {
      const result = await bridge()['bucket/probe']({ connectionId, bucket, refresh: refresh, depth });
      if (get().connectionId === connectionId) set((s) => ({ probes: { ...s.probes, [bucket]: result } }));
    } catch (error) {
      const e = describeError(error);
      const failed: ProbeResult = {
        bucket,
        depth,
        regionSource: 'unknown',
        locationType: 'Region',
        access: { verdict: 'error', explanation: withHint(e.message, e.hint) },
        permissions: [],
        probedAt: Date.now(),
      };
      if (get().connectionId === connectionId) set((s) => ({ probes: { ...s.probes, [bucket]: failed } }));
    }
  }

  return {
    buckets: [],
    bucketsLoading: false,
    probes: {},
    async loadBuckets() {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      const connection = get().connections.find((c) => c.id === connectionId);
      const byName = prefs.byName(connectionId).map((name) => ({ name, byName: true }));
      if (connection?.anonymous) {
        // Anonymous callers cannot list buckets; public ones are opened by name.
        set({ buckets: byName, bucketsLoading: false, bucketsError: undefined });
      } else {
        set({ bucketsLoading: true, bucketsError: undefined });
        try {
          const listed = await bridge()['buckets/list']({ connectionId });
          if (get().connectionId !== connectionId) return;
          const names = new Set(listed.map((b) => b.name));
          set({ buckets: [...listed, ...byName.filter((b) => !names.has(b.name))], bucketsLoading: false });
        } catch (error) {
          set({ buckets: byName, bucketsError: describeError(error), bucketsLoading: false });
        }
      }
      const queue = get().buckets.map((b) => b.name);
      await Promise.all(
        Array.from({ length: LIST_PROBES_AT_ONCE }, async () => {
          for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
            if (get().connectionId !== connectionId) return;
            if (!get().probes[name]) await get().probe(name, { depth: 'region' });
          }
        }),
      );
    },
    async probe(bucket, options = {}) {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      const depth: ProbeDepth = options.depth ?? 'full';
      const known = get().probes[bucket];
      if (!options.refresh && known && known !== 'probing' && (known.depth === 'full' || depth === 'region')) return;
      // One question at a time per bucket: a second caller waits for the answer already coming.
      const key = `${connectionId}\n${bucket}\n${depth}`;
      const pending = inflight.get(key);
      if (pending && !options.refresh) return pending;
      const asked = ask(connectionId, bucket, depth, options.refresh, known);
      inflight.set(key, asked);
      try {
        await asked;
      } finally {
        if (inflight.get(key) === asked) inflight.delete(key);
      }
    },
    async openBucket(bucket, prefix = '') {
      const region = get().buckets.find((b) => b.name === bucket)?.region;
      const probe = get().probes[bucket];
      const regionKnown =
        region !== undefined || (probe !== undefined && probe !== 'probing' && probe.region !== undefined);
      if (regionKnown) {
        await Promise.all([get().probe(bucket), get().open(bucket, prefix)]);
      } else {
        // The probe's HeadBucket learns the region (paying a 301 once); the listing then goes
        // straight there instead of paying the same 301 beside it.
        set({ bucket, prefix, folders: [], objects: [], listing: 'loading', listError: undefined });
        await get().probe(bucket);
        await get().open(bucket, prefix);
      }
    },
    async openBucketByName(input) {
      const connectionId = get().connectionId;
      const parsed = parseS3Location(input);
      if (!parsed.ok) {
        get().notify('error', parsed.problem);
        return false;
      }
      const { bucket, key } = parsed.location;
      if (!connectionId) return false;
      const added = !get().buckets.some((b) => b.name === bucket);
      if (added) {
        prefs.rememberByName(connectionId, bucket);
        set((s) => ({ buckets: [...s.buckets, { name: bucket, byName: true }] }));
      }
      await get().openBucket(bucket, folderOf(key));
      // A name with no bucket behind it (a typo) stays in the list with its 404 for now, but is
      // not remembered for the next start.
      const probe = get().probes[bucket];
      if (added && probe && probe !== 'probing' && probe.access.verdict === 'not-found')
        prefs.forgetByName(connectionId, bucket);
      if (key && !key.endsWith('/')) void get().selectObject(key);
      return true;
    },
    forgetBucket(bucket) {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      prefs.forgetByName(connectionId, bucket);
      set((s) => {
        const probes = { ...s.probes };
        delete probes[bucket];
        return {
          buckets: s.buckets.filter((b) => b.name !== bucket),
          probes,
          ...(s.bucket === bucket ? { bucket: undefined, folders: [], objects: [], listing: 'idle' as const } : {}),
        };
      });
    },
    async createBucket(name, region, objectLock) {
      const connectionId = get().connectionId;
      if (!connectionId) return false;
      try {
        const created = await bridge()['bucket/create']({ connectionId, bucket: name.trim(), region, objectLock });
        set((s) => ({
          buckets: [...s.buckets.filter((b) => b.name !== created.name), created].sort((a, b) =>
            a.name.localeCompare(b.name),
          ),
        }));
        get().notify(
          'info',
          `Created ${created.name} in ${created.region}${objectLock ? ', with Object Lock on (and versioning)' : ''}.`,
        );
        void get().probe(created.name, { refresh: true });
        return true;
      } catch (error) {
        // Already this account's: there is nothing to make, and what the user wants is in it.
        if (describeError(error).code === 'BucketAlreadyOwnedByYou') {
          get().notify(
            'info',
            `${name.trim()} is yours already${objectLock ? ', as it was made (asking again does not turn Object Lock on)' : ''}: here it is.`,
          );
          if (!get().buckets.some((b) => b.name === name.trim())) void get().loadBuckets();
          void get().openBucket(name.trim());
          return true;
        }
        get().notifyError(error);
        return false;
      }
    },
    async deleteBucket(name) {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      try {
        await bridge()['bucket/delete']({ connectionId, bucket: name });
        prefs.forgetByName(connectionId, name);
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
  };
};
