// The app's core: every channel of the contract implemented in plain Node. The Electron ipc glue
// and the browser test host both call into this object; neither holds product behaviour.
import { changeObjectLock, putBucketLock, versionLocks } from '../s3/object-lock.js';
import {
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type HeadBucketCommandOutput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { S3Transport } from '../s3/transport.js';
import type { RequestLog } from '../s3/request-log.js';
import type {
  AppInfo,
  BucketAccessReport,
  ConnectionTestResult,
  CoreApi,
  NewConnection,
  DemoStatus,
  EventName,
  Events,
  ProbeResult,
  RequestRecord,
  TransferProgress,
  UploadAnswer,
} from '../contract.js';
import type { ConnectionRegistry } from '../connections/connections.js';
import type { SavedConnections } from '../connections/saved-connections.js';
import { S3RequestError } from '../s3/errors.js';
import { listPage, measurePage, objectDetails, objectPreview, searchPage } from '../s3/browse.js';
import { listIncompleteUploads } from '../s3/incomplete-uploads.js';
import { abortMultipart } from '../transfers/multipart.js';
import { probeBucket } from '../s3/probe.js';
import { editObject, putTags, restoreObjects, saveText } from '../s3/object-edit.js';
import { existingTargets, planCopy, type PlannedCopy } from '../transfers/copy.js';
import {
  putBucketPolicy,
  putBucketTags,
  putDefaultEncryption,
  putPublicAccessBlock,
  putWebsite,
  readBucketAccess,
} from '../s3/bucket-access.js';
import { changeLifecycle } from '../s3/lifecycle.js';
import { changeCors } from '../s3/cors-config.js';
import {
  deleteVersions,
  getVersioning,
  listVersionsPage,
  measureOldVersions,
  purgeOldVersions,
  revertToVersion,
  setVersioning,
  undelete,
  versionsOfKey,
} from '../s3/versions.js';
import {
  createBucket,
  createFolder,
  deleteBucket,
  deleteObjects,
  listBuckets,
  objectUrl,
  presignDownload,
} from '../s3/objects.js';
import { hopChain, toHar, toJson } from '../shared/log-export.js';
import { opendir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { existingKeys } from '../transfers/conflicts.js';
import { DragOut } from '../transfers/drag-out.js';
import {
  exists,
  planFolderDownload,
  planFolderPages,
  resolveLocal,
  type PlannedDownload,
} from '../transfers/folder-download.js';
import { CONFIRM_ABOVE_FILES, expandPaths, type Expansion } from '../transfers/expand.js';
import { randomBytes } from 'node:crypto';
import { TransferQueue, type CopyBatch, type UploadRequest } from '../transfers/queue.js';
import { formatBytes, formatCount } from '../shared/format-bytes.js';
import { safeFileName } from '../shared/local-names.js';
import { tidyConnection } from '../shared/connection-form.js';
import { withHint } from '../shared/bridge-error.js';

export interface CoreOptions {
  connections: ConnectionRegistry;
  appInfo: Omit<AppInfo, 'demo'>;
  /** Where main may keep state (the transfer journal); none keeps nothing across runs. */
  userDataDir?: string;
  /** Where dragged-out rows are downloaded (a private folder is made inside); the OS's temp folder by default. */
  dragDir?: string;
  /** Main's save dialog: the path to write, or undefined if the user cancelled. */
  chooseSaveFile: (suggestedName: string) => Promise<string | undefined>;
  /** Main's open dialog: the files to upload, or none if the user cancelled. */
  chooseFilesToUpload: () => Promise<string[]>;
  /** Main's folder picker, for downloads of folders and selections; undefined if cancelled. */
  chooseFolder?: () => Promise<string | undefined>;
  /** Main's file manager, showing a file in its folder ("Show in folder"). */
  revealFile?: (file: string) => void;
  /** Main's own question (a native dialog with Cancel as the default): true to go ahead. */
  confirm?: (question: { message: string; detail: string; confirmLabel: string }) => Promise<boolean>;
  /** Where added connections are kept; without it, connections cannot be added. */
  savedConnections?: SavedConnections;
  /** How often batched events are pushed (ms). */
  flushIntervalMs?: number;
}

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface Core {
  api: CoreApi;
  /** Tell the window the connection list changed (a connection was added outside the UI). */
  connectionsChanged(): void;
  /** Record how the embedded demo is doing; the window hears of it with the connection list. */
  setDemoStatus(status: DemoStatus): void;
  subscribe(listener: EventListener): () => void;
  /** The files a `drag/prepare` token stands for (main's startDrag glue); undefined if unknown. */
  draggedFiles(token: string): string[] | undefined;
  /** Stops transfers (multipart uploads stay journaled) and closes every connection. */
  dispose(): Promise<void>;
}

/**
 * Try a connection before it is saved: ListBuckets (or HeadBucket of a named bucket, for keys
 * that may not list) with the form's settings, through a transport of its own that logs into the
 * app's request log. Nothing is kept.
 */
async function testConnection(
  form: NewConnection,
  bucket: string | undefined,
  log: RequestLog,
): Promise<ConnectionTestResult> {
  const transport = new S3Transport(
    {
      id: 'connection-test',
      defaultRegion: form.region,
      endpointTemplate: form.service === 'endpoint' ? form.endpointTemplate : undefined,
      forcePathStyle: form.service === 'endpoint' && form.forcePathStyle,
      credentials: form.anonymous
        ? undefined
        : {
            accessKeyId: form.accessKeyId ?? '',
            secretAccessKey: form.secretAccessKey ?? '',
            sessionToken: form.sessionToken || undefined,
          },
    },
    { log, maxAttempts: 1 },
  );
  const before = log.since(0).records.at(-1)?.id ?? 0;
  const chain = () => {
    const record = log
      .since(before)
      .records.filter((r) => r.connectionId === 'connection-test')
      .at(-1);
    return record ? hopChain(record) : undefined;
  };
  try {
    if (bucket) {
      const head = await transport.send<HeadBucketCommandOutput>(
        { operation: 'HeadBucket', bucket },
        () => new HeadBucketCommand({ Bucket: bucket }),
      );
      return {
        ok: true,
        message: `Connected: ${bucket} answered${head.BucketRegion ? ` from ${head.BucketRegion}` : ''}.`,
        chain: chain(),
      };
    }
    const out = await transport.send<ListBucketsCommandOutput>(
      { operation: 'ListBuckets' },
      () => new ListBucketsCommand({}),
    );
    const count = out.Buckets?.length ?? 0;
    return { ok: true, message: `Connected: ${count} bucket${count === 1 ? '' : 's'} listed.`, chain: chain() };
  } catch (error) {
    let e = error as S3RequestError;
    if (bucket && e.status === 403 && e.code === 'Forbidden') e = await whyHeadWasRefused(transport, bucket, e);
    const listDenied = !bucket && e.status === 403;
    return {
      ok: false,
      message: `${withHint(e.message, e.hint)}${listDenied ? ' If these keys may not list buckets, name one bucket to test with.' : ''}`,
      chain: chain(),
    };
  } finally {
    transport.destroy();
  }
}

/**
 * HeadBucket's 403 has no body to say why: keys the endpoint does not know, a secret that does not
 * match, or keys that may not do it all look alike ("not allowed: check the bucket policy", said
 * for a mistyped key). A GET of the same bucket (an empty listing) carries S3's reason; its code is
 * taken when it names the keys, else HEAD's refusal stands.
 */
async function whyHeadWasRefused(
  transport: S3Transport,
  bucket: string,
  refused: S3RequestError,
): Promise<S3RequestError> {
  try {
    await transport.send(
      { operation: 'ListObjectsV2', bucket },
      () => new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 0 }),
    );
    return refused;
  } catch (error) {
    const why = error as S3RequestError;
    const aboutTheKeys = ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken'];
    return aboutTheKeys.includes(why.code) ? why : refused;
  }
}

/** Transfer rows a push carries at most (see flush in createCore). */
const TRANSFERS_PER_PUSH = 5_000;

/** Whether a folder holds nothing (one entry read, however many it has). */
async function isEmptyFolder(folder: string): Promise<boolean> {
  const entries = await opendir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined; // gone meanwhile: made again by the downloads
    throw error;
  });
  if (!entries) return true;
  try {
    return (await entries.read()) === null;
  } finally {
    await entries.close();
  }
}

export function createCore(options: CoreOptions): Core {
  const { connections } = options;
  const listeners = new Set<EventListener>();
  const probeCache = new Map<string, ProbeResult>();
  /** Public-access reports per connection and bucket: eleven requests each, so asked again only on refresh. */
  const accessCache = new Map<string, BucketAccessReport>();
  /** A change to a bucket's access or setup, answered with its report as it is then (and kept). */
  const changeAccess = async (
    connectionId: string,
    bucket: string,
    change: (transport: S3Transport) => Promise<unknown>,
  ): Promise<BucketAccessReport> => {
    const transport = connections.transport(connectionId);
    await change(transport);
    const report = await readBucketAccess(transport, bucket);
    accessCache.set(`${connectionId}\n${bucket}`, report);
    return report;
  };
  let demoStatus: DemoStatus = { state: 'off' };

  // High-frequency feeds are coalesced here and pushed in batches: a record that changed three
  // times between flushes is sent once, in its newest state.
  const pendingRecords = new Map<number, RequestRecord>();
  const pendingTransfers = new Map<string, TransferProgress>();
  const unsubscribeLog = connections.log.subscribe((record) => pendingRecords.set(record.id, record));
  /** A push of more than TRANSFERS_PER_PUSH rows left the rest for the next turn, already asked for. */
  let draining = false;
  const flush = () => {
    if (pendingRecords.size) {
      const batch = [...pendingRecords.values()].map((r) => structuredClone(r));
      pendingRecords.clear();
      for (const l of listeners) l('log/records', batch);
    }
    if (pendingTransfers.size) {
      // At most TRANSFERS_PER_PUSH rows a push, the rest right after: a Cancel all of ~97,000
      // queued downloads changed them all at once, and the window spent 0.4 s in one task
      // receiving and applying them (measured in the 100,000-key e2e).
      const batch: TransferProgress[] = [];
      for (const [id, row] of pendingTransfers) {
        pendingTransfers.delete(id);
        batch.push(row);
        if (batch.length >= TRANSFERS_PER_PUSH) break;
      }
      for (const l of listeners) l('transfers/progress', batch);
      if (pendingTransfers.size && !draining) {
        draining = true;
        setImmediate(() => {
          draining = false;
          flush();
        });
      }
    }
  };
  const timer = setInterval(flush, options.flushIntervalMs ?? 100);
  timer.unref?.();

  const transfers = new TransferQueue({
    transport: (id) => connections.transport(id),
    publish: (rows) => rows.forEach((row) => pendingTransfers.set(row.id, row)),
    journalFile: options.userDataDir ? path.join(options.userDataDir, 'transfers.json') : undefined,
  });
  const restored = transfers.restore();
  const dragOut = new DragOut(transfers, options.dragDir);

  /** Downloads waiting for the user's answer about local files that exist already. */
  const downloadPlans = new Map<
    string,
    { connectionId: string; bucket: string; label: string; planned: PlannedDownload[]; expires: number }
  >();

  /** Batches waiting for the user's answer about names that exist already. */
  const plans = new Map<string, { request: UploadRequest; expansion: Expansion; expires: number }>();

  /** Copies and moves counted and waiting for the user's go (and conflict answer). */
  const copyPlans = new Map<string, { request: CopyBatch; planned: PlannedCopy[]; duplicate: boolean }>();

  /**
   * Expand a drop (bounded), ask before a very large one, then queue it; without a conflict
   * policy, a batch whose names exist already waits as a plan for the user's one answer.
   */
  const queueUploads = async (request: UploadRequest, paths: string[]): Promise<UploadAnswer> => {
    const expansion = await expandPaths(paths, request.prefix);
    if (expansion.items.length > CONFIRM_ABOVE_FILES) {
      const go = await (options.confirm ?? (async () => false))({
        message: `Upload ${formatCount(expansion.items.length)} files (${formatBytes(expansion.bytes)})?`,
        detail: `They go to s3://${request.bucket}/${request.prefix}, keeping their folders.`,
        confirmLabel: `Upload ${formatCount(expansion.items.length)} files`,
      });
      if (!go) return { ids: [] };
    }
    if (request.conflict === undefined) {
      const existing = await existingKeys(
        connections.transport(request.connectionId),
        request.bucket,
        request.prefix,
        paths,
        expansion,
      );
      if (existing.length > 0) {
        const now = Date.now();
        for (const [id, plan] of plans) if (plan.expires < now) plans.delete(id);
        const planId = `p${randomBytes(8).toString('hex')}`;
        plans.set(planId, { request, expansion, expires: now + 30 * 60 * 1000 });
        return {
          ids: [],
          conflicts: { planId, count: existing.length, examples: existing.slice(0, 5), total: expansion.items.length },
        };
      }
    }
    await restored;
    return { ids: transfers.addExpanded({ ...request, conflict: request.conflict ?? 'overwrite' }, expansion) };
  };

  const connectionsChanged = () => {
    const list = connections.list();
    for (const l of listeners) l('connections/changed', list);
  };

  const api: CoreApi = {
    'app/info': async () => ({ ...options.appInfo, demo: demoStatus }),
    'connections/list': async () => connections.list(),
    'connections/add': async (request) => {
      if (!options.savedConnections)
        throw new S3RequestError('NotAvailable', 'Connections cannot be saved in this session.');
      const saved = await options.savedConnections.add(request);
      return connections.addEndpoint(saved, options.savedConnections.credentials(saved));
    },
    'connections/remove': async ({ id }) => {
      if (!(await options.savedConnections?.remove(id)))
        throw new S3RequestError('NoSuchConnection', `No saved connection ${id}.`);
      connections.remove(id);
    },
    'connections/update': async ({ id, connection }) => {
      if (!options.savedConnections)
        throw new S3RequestError('NotAvailable', 'Connections cannot be saved in this session.');
      const saved = await options.savedConnections.update(id, connection);
      connections.remove(id); // its transport held the old keys and endpoint
      const summary = connections.addEndpoint(saved, options.savedConnections.credentials(saved));
      for (const key of probeCache.keys()) if (key.startsWith(`${id}\n`)) probeCache.delete(key);
      connectionsChanged();
      return summary;
    },
    'connections/test': async ({ connection, bucket }) =>
      testConnection(tidyConnection(connection), bucket, connections.log),
    'buckets/list': async ({ connectionId }) => listBuckets(connections.transport(connectionId)),
    'bucket/probe': async ({ connectionId, bucket, refresh, expectedOwner, depth = 'full' }) => {
      const cacheKey = `${connectionId}\n${bucket}\n${expectedOwner ?? ''}`;
      const cached = probeCache.get(cacheKey);
      // A full answer serves a region question too; a region answer does not serve a full one.
      if (cached && !refresh && (cached.depth === 'full' || depth === 'region')) return cached;
      const result = await probeBucket(connections.transport(connectionId), bucket, { expectedOwner, depth });
      probeCache.set(cacheKey, result);
      return result;
    },
    'browse/list': async ({ connectionId, ...request }) => listPage(connections.transport(connectionId), request),
    'bucket/create': async ({ connectionId, bucket, region, objectLock }) =>
      createBucket(connections.transport(connectionId), bucket, region, { objectLock }),
    'bucket/delete': async ({ connectionId, bucket }) => {
      await deleteBucket(connections.transport(connectionId), bucket);
      for (const key of probeCache.keys()) if (key.startsWith(`${connectionId}\n${bucket}\n`)) probeCache.delete(key);
    },
    'folder/create': async ({ connectionId, bucket, prefix }) =>
      createFolder(connections.transport(connectionId), bucket, prefix),
    'folder/measure': async ({ connectionId, ...request }) => measurePage(connections.transport(connectionId), request),
    'search/page': async ({ connectionId, ...request }) => searchPage(connections.transport(connectionId), request),
    'uploads/list': async ({ connectionId, bucket }) =>
      listIncompleteUploads(connections.transport(connectionId), bucket),
    'uploads/abort': async ({ connectionId, bucket, key, uploadId }) =>
      abortMultipart(connections.transport(connectionId), bucket, key, uploadId),
    'folders/delete': async ({ connectionId, bucket, folders }) => {
      connections.transport(connectionId);
      await restored;
      return { ids: transfers.addFolderDeletes({ connectionId, bucket }, folders) };
    },
    'object/save-text': async ({ connectionId, bucket, key, text, ifMatch }) =>
      saveText(connections.transport(connectionId), bucket, key, text, ifMatch),
    'folders/edit': async ({ connectionId, bucket, prefixes, edit }) => {
      connections.transport(connectionId);
      await restored;
      return { ids: transfers.addFolderJobs({ connectionId, bucket, op: { kind: 'edit', edit } }, prefixes) };
    },
    'folders/restore': async ({ connectionId, bucket, prefixes, days, tier }) => {
      connections.transport(connectionId);
      await restored;
      return { ids: transfers.addFolderJobs({ connectionId, bucket, op: { kind: 'restore', days, tier } }, prefixes) };
    },
    'objects/delete': async ({ connectionId, bucket, keys, prefixes }) =>
      deleteObjects(connections.transport(connectionId), bucket, keys, prefixes),
    'object/url': async ({ connectionId, bucket, key }) => objectUrl(connections.transport(connectionId), bucket, key),
    'object/presign': async ({ connectionId, bucket, key, expiresInSeconds, versionId }) =>
      presignDownload(connections.transport(connectionId), bucket, key, expiresInSeconds, versionId),
    'log/export': async ({ format, ids }) => {
      const wanted = ids ? new Set(ids) : undefined;
      const records = connections.log.since(0).records.filter((r) => !wanted || wanted.has(r.id));
      const file = await options.chooseSaveFile(`bucket-explorer-requests.${format === 'har' ? 'har' : 'json'}`);
      if (!file) return { count: records.length };
      await writeFile(
        file,
        format === 'har'
          ? toHar(records, { name: options.appInfo.name, version: options.appInfo.version })
          : toJson(records),
      );
      return { path: file, count: records.length };
    },
    'object/preview': async ({ connectionId, ...request }) =>
      objectPreview(connections.transport(connectionId), request),
    'object/details': async ({ connectionId, bucket, key, versionId }) =>
      objectDetails(connections.transport(connectionId), bucket, key, versionId),
    'objects/plan-copy': async ({
      connectionId,
      bucket,
      base,
      keys,
      prefixes,
      targetBucket,
      targetPrefix,
      move,
      rename,
      targetConnectionId,
      storageClass,
    }) => {
      const transport = connections.transport(connectionId);
      const across = targetConnectionId !== undefined && targetConnectionId !== connectionId;
      const targetTransport = across ? connections.transport(targetConnectionId) : transport;
      const planned = await planCopy(transport, {
        sourceBucket: bucket,
        keys,
        prefixes,
        base,
        targetBucket,
        targetPrefix,
        move,
        rename,
        across,
        duplicate: !move,
      });
      // A copy into its own folder makes duplicates: a file's target is its own key, renamed when it
      // runs. Only in its own bucket: the same key in another bucket is a copy like any other.
      const duplicate = !move && !across && targetBucket === bucket && planned.some((p) => p.sourceKey === p.targetKey);
      const existing = duplicate ? [] : await existingTargets(targetTransport, targetBucket, planned);
      const planId = `c${randomBytes(8).toString('hex')}`;
      const what =
        rename !== undefined
          ? `${keys[0]?.key ?? prefixes[0]} → ${rename}`
          : `${planned.length} object${planned.length === 1 ? '' : 's'}`;
      const plain = duplicate
        ? `Duplicate ${what} in s3://${bucket}/${base}`
        : `${move ? (rename !== undefined ? 'Rename' : 'Move') : 'Copy'} ${what} from s3://${bucket}/${base} → s3://${targetBucket}/${targetPrefix}`;
      const inClass = storageClass ? `, in ${storageClass}` : '';
      const label = across ? `${plain}${inClass} (through this computer: another connection)` : `${plain}${inClass}`;
      copyPlans.set(planId, {
        request: {
          connectionId,
          sourceBucket: bucket,
          targetBucket,
          move,
          label,
          targetConnectionId: across ? targetConnectionId : undefined,
          storageClass,
        },
        planned,
        duplicate,
      });
      return {
        planId,
        objects: planned.length,
        bytes: planned.reduce((sum, p) => sum + p.size, 0),
        existing: existing.length,
        examples: existing.slice(0, 5),
        label,
        duplicate,
      };
    },
    'objects/start-copy': async ({ planId, decision }) => {
      const plan = copyPlans.get(planId);
      copyPlans.delete(planId);
      if (!plan) throw new S3RequestError('NoSuchPlan', 'That copy is no longer waiting: choose what to copy again.');
      if (decision === 'cancel' || plan.planned.length === 0) return { ids: [] };
      await restored;
      // Duplicates always keep both: replacing an object with itself, or skipping it, copies nothing.
      const conflict = plan.duplicate ? 'keep-both' : decision;
      return { ids: transfers.addCopies({ ...plan.request, conflict }, plan.planned) };
    },
    'object/edit': async ({ connectionId, bucket, key, edit }) =>
      editObject(connections.transport(connectionId), bucket, key, edit),
    'object/tags': async ({ connectionId, bucket, key, tags }) =>
      putTags(connections.transport(connectionId), bucket, key, tags),
    'objects/restore': async ({ connectionId, bucket, ...request }) =>
      restoreObjects(connections.transport(connectionId), bucket, request),
    'bucket/access': async ({ connectionId, bucket, refresh }) => {
      const cacheKey = `${connectionId}\n${bucket}`;
      const cached = accessCache.get(cacheKey);
      if (cached && !refresh) return cached;
      const report = await readBucketAccess(connections.transport(connectionId), bucket, { refresh });
      accessCache.set(cacheKey, report);
      return report;
    },
    'bucket/policy': ({ connectionId, bucket, policy }) =>
      changeAccess(connectionId, bucket, (transport) => putBucketPolicy(transport, bucket, policy)),
    'bucket/lifecycle': ({ connectionId, bucket, add, remove }) =>
      changeAccess(connectionId, bucket, (transport) => changeLifecycle(transport, bucket, { add, remove })),
    'bucket/cors': ({ connectionId, bucket, add, remove }) =>
      changeAccess(connectionId, bucket, (transport) => changeCors(transport, bucket, { add, remove })),
    'bucket/encryption': ({ connectionId, bucket, encryption }) =>
      changeAccess(connectionId, bucket, (transport) => putDefaultEncryption(transport, bucket, encryption)),
    'bucket/website': ({ connectionId, bucket, website }) =>
      changeAccess(connectionId, bucket, (transport) => putWebsite(transport, bucket, website)),
    'bucket/object-lock': ({ connectionId, bucket, lock }) =>
      changeAccess(connectionId, bucket, (transport) => putBucketLock(transport, bucket, lock)),
    'object/lock': ({ connectionId, bucket, key, versionId, change }) =>
      changeObjectLock(connections.transport(connectionId), { bucket, key, versionId }, change),
    'bucket/tags': ({ connectionId, bucket, tags }) =>
      changeAccess(connectionId, bucket, (transport) => putBucketTags(transport, bucket, tags)),
    'bucket/public-access-block': ({ connectionId, bucket, switches }) =>
      changeAccess(connectionId, bucket, (transport) => putPublicAccessBlock(transport, bucket, switches)),
    'bucket/versioning': async ({ connectionId, bucket, status }) => {
      const transport = connections.transport(connectionId);
      return status ? setVersioning(transport, bucket, status) : getVersioning(transport, bucket);
    },
    'versions/list': async ({ connectionId, bucket, prefix, key, keyMarker, versionIdMarker }) => {
      const transport = connections.transport(connectionId);
      if (key !== undefined)
        return { bucket, prefix: key, folders: [], versions: await versionsOfKey(transport, bucket, key) };
      return listVersionsPage(transport, { bucket, prefix, keyMarker, versionIdMarker });
    },
    'versions/delete': async ({ connectionId, bucket, versions, bypassGovernance }) =>
      deleteVersions(connections.transport(connectionId), bucket, versions, { bypassGovernance }),
    'versions/locks': async ({ connectionId, bucket, versions }) =>
      versionLocks(connections.transport(connectionId), bucket, versions),
    'versions/undelete': async ({ connectionId, bucket, keys, prefixes }) =>
      undelete(connections.transport(connectionId), bucket, { keys, prefixes }),
    'versions/measure-old': async ({ connectionId, bucket, prefix }) =>
      measureOldVersions(connections.transport(connectionId), bucket, prefix),
    'versions/purge-old': async ({ connectionId, bucket, prefix }) =>
      purgeOldVersions(connections.transport(connectionId), bucket, prefix),
    'versions/folder-job': async ({ connectionId, bucket, prefixes, kind }) => {
      connections.transport(connectionId);
      await restored;
      return { ids: transfers.addFolderJobs({ connectionId, bucket, op: { kind } }, prefixes) };
    },
    'object/revert': async ({ connectionId, bucket, key, versionId }) =>
      revertToVersion(connections.transport(connectionId), bucket, key, versionId),
    'log/since': async ({ afterId }) => connections.log.since(afterId),
    'transfers/add': async ({ connectionId, paths, ...request }) => {
      connections.transport(connectionId); // an unknown connection fails here, before any work
      return queueUploads({ connectionId, ...request }, paths);
    },
    'transfers/pick': async ({ connectionId, ...request }) => {
      connections.transport(connectionId);
      const paths = await options.chooseFilesToUpload();
      if (paths.length === 0) return { ids: [] };
      return queueUploads({ connectionId, ...request }, paths);
    },
    'transfers/resolve': async ({ planId, decision }) => {
      const download = downloadPlans.get(planId);
      if (download) {
        downloadPlans.delete(planId);
        if (decision === 'cancel') return { ids: [] };
        const planned = await resolveLocal(download.planned, decision);
        await restored;
        return { ids: await transfers.addDownloads(download, planned) };
      }
      const plan = plans.get(planId);
      plans.delete(planId);
      if (!plan)
        throw new S3RequestError('NoSuchPlan', 'That upload is no longer waiting for an answer: drop the files again.');
      if (decision === 'cancel') return { ids: [] };
      await restored;
      return { ids: transfers.addExpanded({ ...plan.request, conflict: decision }, plan.expansion) };
    },
    'transfers/clear': async () => ({ removed: transfers.clearFinished() }),
    'transfers/control-all': async ({ action, batchId }) => ({ count: await transfers.controlAll(action, batchId) }),
    'transfers/reveal': async ({ id }) => {
      if (!options.revealFile)
        throw new S3RequestError('NotAvailable', 'This window cannot show files in their folder.');
      options.revealFile(transfers.downloadedFile(id));
    },
    'transfers/list': async () => {
      await restored;
      return transfers.list();
    },
    'transfers/cancel': async ({ id }) => transfers.cancel(id),
    'transfers/pause': async ({ id }) => transfers.pause(id),
    'transfers/resume': async ({ id }) => transfers.resume(id),
    'object/download': async ({ connectionId, bucket, key, versionId, size }) => {
      connections.transport(connectionId);
      const destination = await options.chooseSaveFile(safeFileName(key));
      if (!destination) return {};
      return { id: transfers.addDownload({ connectionId, bucket, key, destination, versionId, size }) };
    },
    'drag/prepare': async ({ connectionId, ...request }) => {
      const transport = connections.transport(connectionId);
      await restored;
      return dragOut.prepare(transport, { connectionId, ...request });
    },
    'objects/download': async ({ connectionId, bucket, base, keys, prefixes, sizes }) => {
      const transport = connections.transport(connectionId);
      const target = await options.chooseFolder?.();
      if (!target) return { ids: [] };
      const request = { bucket, base, keys, prefixes, target, sizes };
      // The batch's own row counts its objects (a folder streamed in does not know how many yet).
      // Named by what was asked for: one folder or object by its own name, several by their count.
      const items = keys.length + prefixes.length;
      const label =
        items === 1
          ? `s3://${bucket}/${prefixes[0] ?? keys[0]} → ${target}`
          : `${formatCount(items)} items from s3://${bucket}/${base} → ${target}`;
      if (await isEmptyFolder(target)) {
        // Nothing there can be in the way, so nothing to ask: each listing page is queued as it
        // comes, and a large folder starts coming down at once instead of after its whole listing.
        await restored;
        const ids = await transfers.addDownloadPages(
          { connectionId, bucket, label },
          planFolderPages(transport, request),
        );
        return { ids, folder: target };
      }
      const planned = await planFolderDownload(transport, request);
      const existing = (
        await Promise.all(
          planned.map(async (p) => (!p.folder && (await exists(p.localPath)) ? p.localPath : undefined)),
        )
      ).filter((p): p is string => p !== undefined);
      if (existing.length) {
        const planId = `p${randomBytes(8).toString('hex')}`;
        downloadPlans.set(planId, { connectionId, bucket, label, planned, expires: Date.now() + 30 * 60 * 1000 });
        return {
          ids: [],
          folder: target,
          conflicts: {
            planId,
            count: existing.length,
            // Said where they are in the dialog's title: here as the user knows them there.
            examples: existing.slice(0, 5).map((file) => path.relative(target, file)),
            total: planned.length,
          },
        };
      }
      await restored;
      return { ids: await transfers.addDownloads({ connectionId, bucket, label }, planned), folder: target };
    },
  };

  return {
    api,
    connectionsChanged,
    setDemoStatus(status) {
      demoStatus = status;
      connectionsChanged();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    draggedFiles: (token) => dragOut.files(token),
    async dispose() {
      clearInterval(timer);
      unsubscribeLog();
      await transfers.shutdown();
      await dragOut.dispose();
      connections.destroy();
    },
  };
}
