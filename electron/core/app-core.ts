// The app's core: every channel of the contract implemented in plain Node. The Electron ipc glue
// and the browser test host both call into this object; neither holds product behaviour.
import { ListBucketsCommand, type ListBucketsCommandOutput } from '@aws-sdk/client-s3';
import type { AppInfo, CoreApi, EventName, Events, ProbeResult, RequestRecord, TransferProgress } from '../contract.js';
import type { ConnectionRegistry } from '../connections/connections.js';
import { listPage, objectDetails } from '../s3/browse.js';
import { probeBucket } from '../s3/probe.js';
import { UploadQueue } from '../transfers/uploads.js';

export interface CoreOptions {
  connections: ConnectionRegistry;
  appInfo: AppInfo;
  openExternal: (url: string) => Promise<void>;
  /** How often batched events are pushed (ms). */
  flushIntervalMs?: number;
}

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface Core {
  api: CoreApi;
  subscribe(listener: EventListener): () => void;
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const { connections } = options;
  const listeners = new Set<EventListener>();
  const probeCache = new Map<string, ProbeResult>();

  // High-frequency feeds are coalesced here and pushed in batches: a record that changed three
  // times between flushes is sent once, in its newest state.
  const pendingRecords = new Map<number, RequestRecord>();
  const pendingTransfers = new Map<string, TransferProgress>();
  const unsubscribeLog = connections.log.subscribe((record) => pendingRecords.set(record.id, record));
  const flush = () => {
    if (pendingRecords.size) {
      const batch = [...pendingRecords.values()].map((r) => structuredClone(r));
      pendingRecords.clear();
      for (const l of listeners) l('log/records', batch);
    }
    if (pendingTransfers.size) {
      const batch = [...pendingTransfers.values()];
      pendingTransfers.clear();
      for (const l of listeners) l('transfers/progress', batch);
    }
  };
  const timer = setInterval(flush, options.flushIntervalMs ?? 100);
  timer.unref?.();

  const uploads = new UploadQueue((rows) => rows.forEach((row) => pendingTransfers.set(row.id, row)));

  const api: CoreApi = {
    'app/info': async () => options.appInfo,
    'connections/list': async () => connections.list(),
    'buckets/list': async ({ connectionId }) => {
      const transport = connections.transport(connectionId);
      const out = await transport.send<ListBucketsCommandOutput>({ operation: 'ListBuckets' }, () => new ListBucketsCommand({}));
      return (out.Buckets ?? []).map((b) => {
        const name = b.Name ?? '';
        if (b.BucketRegion) transport.rememberRegion(name, b.BucketRegion);
        return { name, createdAt: b.CreationDate?.toISOString(), region: b.BucketRegion ?? transport.knownRegion(name) };
      });
    },
    'bucket/probe': async ({ connectionId, bucket, refresh, expectedOwner }) => {
      const cacheKey = `${connectionId}\n${bucket}\n${expectedOwner ?? ''}`;
      const cached = probeCache.get(cacheKey);
      if (cached && !refresh) return cached;
      const result = await probeBucket(connections.transport(connectionId), bucket, { expectedOwner });
      probeCache.set(cacheKey, result);
      return result;
    },
    'browse/list': async ({ connectionId, ...request }) => listPage(connections.transport(connectionId), request),
    'object/details': async ({ connectionId, bucket, key }) => objectDetails(connections.transport(connectionId), bucket, key),
    'log/since': async ({ afterId }) => connections.log.since(afterId),
    'transfers/add': async ({ connectionId, bucket, prefix, paths }) => ({
      ids: await uploads.add(connections.transport(connectionId), bucket, prefix, paths),
    }),
    'transfers/cancel': async ({ id }) => uploads.cancel(id),
    'external/open': async ({ url }) => options.openExternal(url),
  };

  return {
    api,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      clearInterval(timer);
      unsubscribeLog();
      connections.destroy();
    },
  };
}
