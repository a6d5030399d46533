// Public access: each bucket's state, read lazily like the permission checks — when its info pane
// opens, or for every reachable bucket (two at a time) when the user filters the list by it —
// never on first paint; the report the info pane explains; and changes to the policy and to Block
// Public Access, each answered with the bucket's access as it is afterwards.
import type { StateCreator } from 'zustand';
import type { BucketAccessReport } from '../../electron/contract';
import { bridge, describeError } from '../api';
import type { AccessSlice, AppState } from './types';
import { withHint } from '../../electron/shared/bridge-error';

/** Reports for the list's chips are read two buckets at a time, after the list is on screen. */
const CHIPS_AT_ONCE = 2;

export const createAccessSlice: StateCreator<AppState, [], [], AccessSlice> = (set, get) => {
  const store = (bucket: string, value: AccessSlice['access'][string]) =>
    set((s) => ({ access: { ...s.access, [bucket]: value } }));

  return {
    access: {},
    accessFilter: 'all',
    setAccessFilter(filter) {
      set({ accessFilter: filter });
      // Filtering is when the other buckets' labels are needed: read them now (never on first paint).
      if (filter !== 'all') void get().loadAccessChips();
    },
    async loadAccess(bucket, refresh = false) {
      const connectionId = get().connectionId;
      if (!connectionId) return;
      const known = get().access[bucket];
      if (!refresh && known && known !== 'loading') return;
      store(bucket, 'loading');
      try {
        const report = await bridge()['bucket/access']({ connectionId, bucket, refresh });
        if (get().connectionId === connectionId) store(bucket, report);
      } catch (error) {
        if (get().connectionId === connectionId) store(bucket, describeError(error));
      }
    },
    async loadAccessChips() {
      const connectionId = get().connectionId;
      const queue = get()
        .buckets.filter((b) => {
          const probe = get().probes[b.name];
          // Only buckets this identity may reach, and never a directory bucket (no such settings).
          return probe && probe !== 'probing' && probe.access.verdict === 'ok' && probe.locationType === 'Region';
        })
        .map((b) => b.name);
      await Promise.all(
        Array.from({ length: CHIPS_AT_ONCE }, async () => {
          for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
            if (get().connectionId !== connectionId) return;
            if (!get().access[name]) await get().loadAccess(name);
          }
        }),
      );
    },
    async savePolicy(bucket, policy) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/policy']({ connectionId, bucket, policy }),
        policy === null ? 'Removed the bucket policy.' : 'Saved the bucket policy.',
      );
    },
    async saveLifecycle(bucket, edit) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/lifecycle']({ connectionId, bucket, ...edit }),
        edit.add ? 'Added the lifecycle rule.' : 'Removed the lifecycle rule.',
      );
    },
    async saveCors(bucket, edit) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/cors']({ connectionId, bucket, ...edit }),
        edit.add ? 'Added the CORS rule.' : 'Removed the CORS rule.',
      );
    },
    async saveEncryption(bucket, encryption) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/encryption']({ connectionId, bucket, encryption }),
        'Saved the default encryption.',
      );
    },
    async saveBucketTags(bucket, tags) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/tags']({ connectionId, bucket, tags }),
        Object.keys(tags).length ? "Saved the bucket's tags." : "Removed the bucket's tags.",
      );
    },
    async saveWebsite(bucket, website) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/website']({ connectionId, bucket, website }),
        website ? 'Saved the static website.' : 'Turned the static website off.',
      );
    },
    async saveBucketLock(bucket, lock) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/object-lock']({ connectionId, bucket, lock }),
        'Saved Object Lock.',
      );
    },
    async saveBlock(bucket, switches) {
      return change(
        bucket,
        (connectionId) => bridge()['bucket/public-access-block']({ connectionId, bucket, switches }),
        'Saved Block Public Access.',
      );
    },
  };

  async function change(
    bucket: string,
    send: (connectionId: string) => Promise<BucketAccessReport>,
    done: string,
  ): Promise<boolean> {
    const connectionId = get().connectionId;
    if (!connectionId) return false;
    try {
      store(bucket, await send(connectionId));
      get().notify('info', done);
      return true;
    } catch (error) {
      const e = describeError(error);
      get().notify(
        'error',
        e.code === 'AccessDenied' && done.includes('policy')
          ? `S3 refused the policy (AccessDenied). If Block Public Access's BlockPublicPolicy is on, S3 refuses any policy that would make the bucket public; otherwise this identity may not change the policy.`
          : withHint(e.message, e.hint),
      );
      return false;
    }
  }
};
