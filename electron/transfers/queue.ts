// The transfer queue: uploads and downloads as jobs (add → id, progress, cancel, pause, resume,
// retry), a limit on how many run at once, a conflict policy for uploads, and the journal that
// lets an interrupted multipart upload or ranged download continue after a restart.
import { PutObjectCommand, type StorageClass } from '@aws-sdk/client-s3';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictPolicy, ObjectEdit, TransferProgress } from '../contract.js';
import { S3RequestError } from '../s3/errors.js';
import type { S3Transport } from '../s3/transport.js';
import { discardPartial, downloadObject } from './download.js';
import { expandPaths, type Expansion } from './expand.js';
import type { PlannedDownload } from './folder-download.js';
import { TransferJournal } from './journal.js';
import { FileWriter } from './file-writer.js';
import { ConcurrencyLimit } from './limit.js';
import { abortMultipart, uploadFile, uploadLanded, type MultipartState } from './multipart.js';
import { copyOneObject, landedCopy, relayCopy, type CopyResult, type PlannedCopy } from './copy.js';
import os from 'node:os';
import { DeleteBatcher } from './delete-batcher.js';
import { objectsUnder } from '../s3/browse.js';
import { deleteObjects } from '../s3/objects.js';
import { editObject, restoreObjects } from '../s3/object-edit.js';
import { deleteVersions, versionsUnder } from '../s3/versions.js';
import { formatCount } from '../shared/format-bytes.js';
import { withHint } from '../shared/bridge-error.js';
import { localErrorInWords } from './local-errors.js';

export interface TransferQueueOptions {
  transport: (connectionId: string) => S3Transport;
  publish: (rows: TransferProgress[]) => void;
  /** Where unfinished multipart uploads are remembered; none in tests that do not restart. */
  journalFile?: string;
  /**
   * Transfers running at once (16 unless given). Their requests share maxRequests, so this bounds
   * how many small files are between their request and their file: with 8, a folder of 2,000
   * files of 4 KiB waited on each file's write before the next request went (0.63 s against
   * 0.58 s with 16, alternating rounds; 32 doubled the store's CPU).
   */
  maxConcurrent?: number;
  partConcurrency?: number;
  /** Body-carrying requests in flight across all transfers. */
  maxRequests?: number;
  partSize?: number;
  multipartThreshold?: number;
  /** Objects above this size download in parallel ranges of this size (16 MiB: DOWNLOAD_RANGE). */
  downloadPartSize?: number;
  downloadConcurrency?: number;
  /** Copies above this size go as UploadPartCopy parts (S3: 5 GiB; tests make it small). */
  copyMultipartAbove?: number;
  copyPartSize?: number;
  /** Where copies between connections keep their relay files (the OS temp folder otherwise). */
  relayDir?: string;
}

export interface UploadRequest {
  connectionId: string;
  bucket: string;
  prefix: string;
  conflict?: ConflictPolicy;
  /** Written in this storage class (absent: the bucket's default). */
  storageClass?: string;
}

interface Job {
  row: TransferProgress;
  connectionId: string;
  localPath: string;
  mtimeMs?: number;
  conflict: ConflictPolicy;
  /** An upload's storage class (absent: the bucket's default), or a copy's (absent: its source's). */
  storageClass?: string;
  controller?: AbortController;
  /** Stops even what a stop lets finish (a CopyObject on its way): the app quitting. */
  hardStop?: AbortController;
  /** Settles when the running attempt has ended (success, failure, pause or cancel). */
  finished?: Promise<void>;
  /** Why the running job was stopped: decides what happens to its multipart upload. */
  stopping?: 'pause' | 'cancel' | 'shutdown';
  rateWindow: Array<{ at: number; bytes: number }>;
  /** When its running attempt started (an object S3 dates from before it is not this attempt's). */
  startedAt?: number;
  /** Where the job sits in `order`. */
  position?: number;
  /** A folder job's operation on each object under it. */
  folderOp?: FolderOp;
}

/** A batch of copies or moves: where from, where to, and how it reads in the transfers panel. */
export interface CopyBatch {
  connectionId: string;
  sourceBucket: string;
  targetBucket: string;
  move: boolean;
  label: string;
  /** Another connection's bucket (the bytes come through this computer). */
  targetConnectionId?: string;
  /** The copies' storage class (absent: each keeps its source's). */
  storageClass?: string;
}

export type FolderOp =
  | { kind: 'edit'; edit: ObjectEdit }
  | { kind: 'restore'; days: number; tier: 'Expedited' | 'Standard' | 'Bulk' }
  | { kind: 'undelete' }
  | { kind: 'purge' };

export class TransferQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly order: string[] = [];
  /** No job before this position in `order` is queued: pump starts here, not at the top. */
  private firstQueued = 0;
  private readonly journal: TransferJournal;
  private readonly limit: ConcurrencyLimit;
  /**
   * Downloads create and rename their files two at a time. A file system creates entries in a
   * folder one after the other anyway; eight threads asking at once only spin on its lock
   * (measured on ext4 here: 2,000 files in the same time, with 2.2 s of system CPU instead of
   * 1.3 s, CPU the downloads themselves then lack).
   */
  private readonly fileLimit = new ConcurrencyLimit(2);
  private readonly fileWriter = new FileWriter();
  /**
   * Folders already made for downloads, so a folder of thousands asks for each one once (one
   * deleted meanwhile is made again when its file is created: see download.ts createFile).
   */
  private readonly madeFolders = new Set<string>();
  private readonly deletes = new DeleteBatcher();
  /** Download batches still being listed (addDownloadPages), and what the user asked of them. */
  private readonly listing = new Map<string, { stop: boolean; paused: boolean }>();
  private nextId = 1;
  private nextBatch = 1;
  /** Called whenever a transfer changes state (see settled). */
  private readonly waiters = new Set<(job: Job) => void>();
  private running = 0;

  constructor(private readonly options: TransferQueueOptions) {
    this.journal = new TransferJournal(options.journalFile);
    this.limit = new ConcurrencyLimit(options.maxRequests ?? 16);
  }

  /** Bring back the transfers an earlier run did not finish, paused until the user resumes them. */
  async restore(): Promise<TransferProgress[]> {
    const entries = await this.journal.load();
    for (const entry of entries) {
      const parts = entry.state ? entry.state.parts.map((p) => p.PartNumber) : (entry.download?.done ?? []);
      const partSize = entry.state?.partSize ?? entry.download?.partSize ?? 1;
      const done = parts.reduce((sum, n) => sum + Math.min(partSize, entry.size - (n - 1) * partSize), 0);
      this.addJob({
        row: {
          id: entry.id,
          direction: entry.download ? 'download' : 'upload',
          bucket: entry.bucket,
          key: entry.key,
          state: 'paused',
          bytesDone: done,
          bytesTotal: entry.size,
          rate: 0,
          message: 'Interrupted: resume to continue where it stopped',
        },
        connectionId: entry.connectionId,
        localPath: entry.localPath,
        mtimeMs: entry.mtimeMs,
        storageClass: entry.storageClass,
        conflict: 'overwrite',
        rateWindow: [],
      });
      const n = Number(entry.id.replace(/^t/, ''));
      if (Number.isFinite(n)) this.nextId = Math.max(this.nextId, n + 1);
    }
    return this.list();
  }

  list(): TransferProgress[] {
    return this.order.map((id) => ({ ...this.jobs.get(id)!.row }));
  }

  async addUploads(request: UploadRequest & { paths: string[] }): Promise<string[]> {
    return this.addExpanded(request, await expandPaths(request.paths, request.prefix));
  }

  /** Queue what a drop expanded to (the core asks the user first when it is a lot). */
  addExpanded(request: UploadRequest, { items, skipped }: Expansion): string[] {
    const ids: string[] = [];
    const count = items.length + skipped.length;
    const batchId = `b${this.nextBatch++}`;
    const batchLabel =
      count === 1
        ? `${path.basename((items[0] ?? skipped[0])!.localPath)} → s3://${request.bucket}/${request.prefix}`
        : `${count} items → s3://${request.bucket}/${request.prefix}`;
    for (const s of skipped) {
      const id = this.newId();
      ids.push(id);
      this.addJob({
        row: {
          id,
          direction: 'upload',
          bucket: request.bucket,
          key: s.key,
          batchId,
          batchLabel,
          state: 'skipped',
          bytesDone: 0,
          bytesTotal: 0,
          rate: 0,
          message: s.reason,
          localPath: s.localPath,
        },
        connectionId: request.connectionId,
        localPath: s.localPath,
        conflict: 'skip',
        rateWindow: [],
      });
    }
    for (const item of items) {
      const id = this.newId();
      ids.push(id);
      this.addJob({
        row: {
          id,
          direction: 'upload',
          bucket: request.bucket,
          key: item.key,
          batchId,
          batchLabel,
          folder: item.folder,
          state: 'queued',
          bytesDone: 0,
          bytesTotal: item.size,
          rate: 0,
          localPath: item.localPath,
        },
        connectionId: request.connectionId,
        localPath: item.localPath,
        mtimeMs: item.mtimeMs,
        conflict: request.conflict ?? 'overwrite',
        storageClass: request.storageClass,
        rateWindow: [],
      });
    }
    this.pump();
    return ids;
  }

  addDownload(request: {
    connectionId: string;
    bucket: string;
    key: string;
    destination: string;
    versionId?: string;
    /** As listed, when known: a small object is then asked for whole and checked by its checksum. */
    size?: number;
  }): string {
    const id = this.newId();
    this.addJob({
      row: {
        id,
        direction: 'download',
        bucket: request.bucket,
        key: request.key,
        versionId: request.versionId,
        batchId: `b${this.nextBatch++}`,
        batchLabel: `s3://${request.bucket}/${request.key}${request.versionId ? ` (version ${request.versionId})` : ''} → ${path.basename(request.destination)}`,
        state: 'queued',
        bytesDone: 0,
        bytesTotal: request.size ?? 0,
        rate: 0,
        localPath: request.destination,
      },
      connectionId: request.connectionId,
      localPath: request.destination,
      conflict: 'overwrite',
      rateWindow: [],
    });
    this.pump();
    return id;
  }

  /**
   * A folder or a selection taken home: one batch, its folders made at once, its objects queued
   * (each a download of its own, ranged when large).
   */
  async addDownloads(
    request: { connectionId: string; bucket: string; label: string },
    planned: PlannedDownload[],
  ): Promise<string[]> {
    return this.queueDownloads(request, `b${this.nextBatch++}`, planned);
  }

  /**
   * Downloads planned a listing page at a time (see planFolderPages), each page queued as it comes:
   * the first files come down while the rest of the folder is still being listed. Resolves with
   * every id once the listing has ended. Cancelling the batch (controlAll) ends its listing too;
   * pausing it holds the rows the listing adds next. A listing that fails (or passes the cap)
   * cancels what it had queued, files already whole staying whole, and rejects with its error.
   */
  async addDownloadPages(
    request: { connectionId: string; bucket: string; label: string },
    pages: AsyncIterable<PlannedDownload[]>,
  ): Promise<string[]> {
    const batchId = `b${this.nextBatch++}`;
    const feed = { stop: false, paused: false };
    this.listing.set(batchId, feed);
    const ids: string[] = [];
    try {
      for await (const page of pages) {
        if (feed.stop) break; // cancelled meanwhile: the listing goes no further
        for (const id of await this.queueDownloads(request, batchId, page, feed.paused)) ids.push(id);
      }
    } catch (error) {
      await Promise.all(ids.map((id) => this.cancel(id)));
      await this.settled(ids);
      if (!feed.stop) throw error; // after a cancel, how the listing ended is nobody's concern
    } finally {
      this.listing.delete(batchId);
    }
    return ids;
  }

  private async queueDownloads(
    request: { connectionId: string; bucket: string; label: string },
    batchId: string,
    planned: PlannedDownload[],
    paused = false,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const item of planned) {
      const id = this.newId();
      ids.push(id);
      const row: TransferProgress = {
        id,
        direction: 'download',
        bucket: request.bucket,
        key: item.key,
        batchId,
        batchLabel: request.label,
        folder: item.folder,
        state: paused ? 'paused' : 'queued',
        bytesDone: 0,
        bytesTotal: item.size,
        rate: 0,
        localPath: item.localPath,
      };
      if (item.folder) {
        await mkdir(item.localPath, { recursive: true });
        Object.assign(row, { state: 'done', message: 'folder' });
      }
      this.addJob({
        row,
        connectionId: request.connectionId,
        localPath: item.localPath,
        conflict: 'overwrite',
        rateWindow: [],
      });
    }
    this.pump();
    return ids;
  }

  /**
   * Copies or moves, server-side: one batch, a job per object. Each job asks the conflict policy
   * at its destination, copies, confirms, and (a move) only then deletes its source.
   */
  addCopies(request: CopyBatch & { conflict: ConflictPolicy }, planned: PlannedCopy[]): string[] {
    const batchId = `b${this.nextBatch++}`;
    const ids = planned.map((item) =>
      this.addServerJob(
        request.connectionId,
        {
          direction: request.move ? 'move' : 'copy',
          bucket: request.sourceBucket,
          key: item.sourceKey,
          target: { bucket: request.targetBucket, key: item.targetKey, connectionId: request.targetConnectionId },
          listed: item.etag ? { size: item.size, etag: item.etag, storageClass: item.storageClass } : undefined,
          batchId,
          batchLabel: request.label,
          bytesTotal: item.size,
        },
        { conflict: request.conflict, storageClass: request.storageClass },
      ),
    );
    this.pump();
    return ids;
  }

  /** Folders deleted as jobs: one a folder, its progress counted in objects. */
  addFolderDeletes(
    request: { connectionId: string; bucket: string },
    folders: Array<{ prefix: string; objects: number }>,
  ): string[] {
    const batchId = `b${this.nextBatch++}`;
    const total = folders.reduce((sum, f) => sum + f.objects, 0);
    const batchLabel = `Delete ${formatCount(total)} object${total === 1 ? '' : 's'} in ${folders.length} folder${folders.length === 1 ? '' : 's'} of s3://${request.bucket}`;
    const ids = folders.map((folder) =>
      this.addServerJob(request.connectionId, {
        direction: 'delete',
        bucket: request.bucket,
        key: folder.prefix,
        batchId,
        batchLabel,
        bytesTotal: folder.objects,
      }),
    );
    this.pump();
    return ids;
  }

  /** The same edit, or a restore, of every object under each folder: a job a folder, counted in objects. */
  addFolderJobs(request: { connectionId: string; bucket: string; op: FolderOp }, prefixes: string[]): string[] {
    const batchId = `b${this.nextBatch++}`;
    const what = {
      edit: 'Edit everything',
      restore: 'Restore everything',
      undelete: 'Undelete everything',
      purge: 'Delete the old versions of everything',
    }[request.op.kind];
    const batchLabel = `${what} in ${prefixes.length === 1 ? prefixes[0] || 'the bucket' : `${prefixes.length} folders`} of s3://${request.bucket}`;
    const ids = prefixes.map((prefix) =>
      this.addServerJob(
        request.connectionId,
        { direction: request.op.kind, bucket: request.bucket, key: prefix, batchId, batchLabel, bytesTotal: 0 },
        { folderOp: request.op },
      ),
    );
    this.pump();
    return ids;
  }

  /**
   * A server-side job (a copy, a move, a folder's delete, edit, restore, undelete or purge): no
   * local file, nothing done yet. Queued; the caller pumps.
   */
  private addServerJob(
    connectionId: string,
    row: Omit<TransferProgress, 'id' | 'state' | 'bytesDone' | 'rate'>,
    extra: { conflict?: ConflictPolicy; folderOp?: FolderOp; storageClass?: string } = {},
  ): string {
    const id = this.newId();
    this.addJob({
      row: { id, ...row, state: 'queued', bytesDone: 0, rate: 0 },
      connectionId,
      localPath: '',
      conflict: extra.conflict ?? 'overwrite',
      rateWindow: [],
      folderOp: extra.folderOp,
      storageClass: extra.storageClass,
    });
    return id;
  }

  /** Forget finished transfers (done, skipped, cancelled): the ids removed. */
  clearFinished(): string[] {
    const finished = new Set(['done', 'skipped', 'cancelled']);
    const removed = this.order.filter((id) => finished.has(this.jobs.get(id)!.row.state));
    if (removed.length === 0) return [];
    const gone = new Set(removed);
    const kept = this.order.filter((id) => !gone.has(id));
    this.order.length = 0;
    this.order.push(...kept);
    kept.forEach((id, index) => (this.jobs.get(id)!.position = index));
    for (const id of removed) this.jobs.delete(id);
    this.firstQueued = 0;
    return removed;
  }

  /** Pause, resume or cancel every transfer (of one batch, when given) that it applies to. */
  async controlAll(action: 'pause' | 'resume' | 'cancel', batchId?: string): Promise<number> {
    // A batch still being listed: a cancel ends its listing, a pause holds what it adds next.
    for (const [id, feed] of this.listing) {
      if (batchId !== undefined && id !== batchId) continue;
      if (action === 'cancel') feed.stop = true;
      else feed.paused = action === 'pause';
    }
    const targets = this.order
      .map((id) => this.jobs.get(id)!)
      .filter((job) => batchId === undefined || job.row.batchId === batchId);
    let touched = 0;
    for (const job of targets) {
      const state = job.row.state;
      if (action === 'pause' && (state === 'running' || state === 'queued')) this.pause(job.row.id);
      else if (action === 'resume' && (state === 'paused' || state === 'failed')) this.resume(job.row.id);
      else if (action === 'cancel' && ['running', 'queued', 'paused', 'failed'].includes(state))
        await this.cancel(job.row.id);
      else continue;
      touched++;
    }
    return touched;
  }

  /** Where a finished download was written (for "Show in folder"). */
  downloadedFile(id: string): string {
    const job = this.mustGet(id);
    if (job.row.direction !== 'download' || job.row.state !== 'done') {
      throw new S3RequestError('NotDownloaded', 'Only a finished download can be shown in its folder.');
    }
    return job.localPath;
  }

  async cancel(id: string): Promise<void> {
    const job = this.mustGet(id);
    if (job.controller) {
      job.stopping = 'cancel';
      job.controller.abort();
      return;
    }
    if (job.row.state === 'queued' || job.row.state === 'paused' || job.row.state === 'failed') {
      await this.discardMultipart(job);
      this.update(job, { state: 'cancelled', rate: 0, message: undefined });
    }
  }

  pause(id: string): void {
    const job = this.mustGet(id);
    if (job.controller) {
      job.stopping = 'pause';
      job.controller.abort();
    } else if (job.row.state === 'queued') {
      this.update(job, { state: 'paused' });
    }
  }

  resume(id: string): void {
    const job = this.mustGet(id);
    if (job.row.state === 'paused' || job.row.state === 'failed') {
      this.update(job, { state: 'queued', message: undefined });
      this.pump();
    }
  }

  /** Stop everything for an app quit: multipart uploads stay journaled and resume next time. */
  async shutdown(): Promise<void> {
    for (const feed of this.listing.values()) feed.stop = true;
    const stopped: Array<Promise<void> | undefined> = [];
    for (const job of this.jobs.values()) {
      if (job.controller) {
        job.stopping = 'shutdown';
        job.controller.abort();
        job.hardStop?.abort();
        stopped.push(job.finished);
      }
    }
    await Promise.all(stopped);
    await this.fileWriter.close();
  }

  private newId(): string {
    return `t${this.nextId++}`;
  }

  private addJob(job: Job): void {
    job.row.connectionId ??= job.connectionId;
    this.jobs.set(job.row.id, job);
    job.position = this.order.push(job.row.id) - 1;
    this.options.publish([{ ...job.row }]);
  }

  private mustGet(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new S3RequestError('NoSuchTransfer', `No transfer ${id}.`);
    return job;
  }

  private update(job: Job, change: Partial<TransferProgress>): void {
    Object.assign(job.row, change);
    if (change.state === 'queued') this.firstQueued = Math.min(this.firstQueued, job.position ?? 0);
    this.options.publish([{ ...job.row }]);
    if (change.state) for (const waiter of [...this.waiters]) waiter(job);
  }

  /** Resolves when none of these transfers is queued or running, with their final rows. */
  settled(ids: string[]): Promise<TransferProgress[]> {
    const active = (job: Job) => job.row.state === 'queued' || job.row.state === 'running';
    // Only the job that changed is looked at: a folder of thousands settles in linear time.
    const unsettled = new Set(ids.filter((id) => active(this.mustGet(id))));
    return new Promise((resolve) => {
      const done = () => resolve(ids.map((id) => ({ ...this.mustGet(id).row })));
      if (!unsettled.size) return done();
      const watch = new Set(ids);
      const check = (job: Job) => {
        if (!watch.has(job.row.id)) return;
        if (active(job)) unsettled.add(job.row.id);
        else unsettled.delete(job.row.id);
        if (unsettled.size) return;
        this.waiters.delete(check);
        done();
      };
      this.waiters.add(check);
    });
  }

  private progress(job: Job, bytesDone: number): void {
    const now = Date.now();
    job.rateWindow.push({ at: now, bytes: bytesDone });
    while (job.rateWindow.length > 2 && now - job.rateWindow[0]!.at > 3000) job.rateWindow.shift();
    const first = job.rateWindow[0]!;
    const seconds = (now - first.at) / 1000;
    // The bar never goes back: a retried part or a part lost to a pause is sent again without
    // taking back progress the user has already seen.
    this.update(job, {
      bytesDone: Math.max(job.row.bytesDone, bytesDone),
      rate: seconds > 0.2 ? Math.max(0, (bytesDone - first.bytes) / seconds) : job.row.rate,
    });
  }

  private pump(): void {
    const limit = this.options.maxConcurrent ?? 16;
    // Rescanning the whole order after every finished job made 2,000 small files quadratic.
    let skipping = true;
    for (let i = this.firstQueued; i < this.order.length; i++) {
      if (this.running >= limit) return;
      const job = this.jobs.get(this.order[i]!)!;
      if (job.row.state !== 'queued') {
        if (skipping) this.firstQueued = i + 1;
        continue;
      }
      skipping = false;
      this.running++;
      job.finished = this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const controller = new AbortController();
    job.controller = controller;
    job.hardStop = new AbortController();
    job.startedAt = Date.now();
    job.stopping = undefined;
    job.rateWindow = [];
    this.update(job, { state: 'running', message: undefined });
    try {
      if (job.row.direction === 'upload') await this.runUpload(job, controller.signal);
      else if (job.row.direction === 'download') await this.runDownload(job, controller.signal);
      else if (job.row.direction === 'delete') await this.runFolderDelete(job, controller.signal);
      else if (job.row.direction === 'edit' || job.row.direction === 'restore')
        await this.runFolderEach(job, controller.signal);
      else if (job.row.direction === 'undelete' || job.row.direction === 'purge')
        await this.runFolderVersions(job, controller.signal);
      else await this.runCopy(job, controller.signal);
    } catch (error) {
      const stopping = job.stopping;
      if ((stopping === 'cancel' || stopping === 'pause') && (await this.landedBeforeStop(job))) return;
      if (stopping === 'cancel') {
        await this.discardMultipart(job);
        this.update(job, { state: 'cancelled', rate: 0 });
      } else if (stopping === 'pause' || stopping === 'shutdown') {
        this.update(job, {
          state: 'paused',
          rate: 0,
          message: stopping === 'shutdown' ? 'Interrupted: resume to continue where it stopped' : undefined,
        });
      } else {
        const e = error as S3RequestError;
        // The row names the object already: the reason goes first ("Access Denied"), not the request's name.
        const reason = localErrorInWords(error) ?? e.reason ?? e.message;
        this.update(job, { state: 'failed', rate: 0, message: withHint(reason, e.hint) });
      }
    } finally {
      job.controller = undefined;
    }
  }

  private async runUpload(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const { bucket } = job.row;
    const info = await stat(job.localPath).catch(() => undefined);
    if (!info)
      throw new S3RequestError(
        'FileGone',
        `${job.localPath} can no longer be read.`,
        undefined,
        'Was it moved or deleted? Add it again.',
      );
    let journaled = this.journal.get(job.row.id);
    if (journaled && (journaled.size !== info.size || journaled.mtimeMs !== info.mtimeMs)) {
      // The file changed since the parts were sent: finishing that upload would mix two versions.
      await this.discardMultipart(job);
      journaled = undefined;
    }
    // "Skip" and "keep both" look first (HEAD, for stores that ignore conditions) and then write
    // only if the key is still free (If-None-Match: *): an object that appears in between is
    // never overwritten. A 412 means it did: skip it, or pick the next free name.
    const onlyIfAbsent = job.conflict !== 'overwrite';
    for (let attempt = 0; ; attempt++) {
      if (!journaled) {
        const key = await this.resolveConflict(transport, bucket, job.row.key, job.conflict, signal);
        if (key === undefined) {
          this.update(job, {
            state: 'skipped',
            message: 'An object with this name exists (upload onto a taken name: skip)',
          });
          return;
        }
        if (key !== job.row.key) this.update(job, { key });
      }
      try {
        await this.send(job, transport, info, journaled, onlyIfAbsent, signal);
        return;
      } catch (error) {
        if ((error as S3RequestError).code !== 'PreconditionFailed' || !onlyIfAbsent || attempt >= 4) throw error;
        await this.discardMultipart(job);
        journaled = undefined;
        if (job.conflict === 'skip') {
          this.update(job, {
            state: 'skipped',
            message: 'An object with this name appeared while it was uploading (skip)',
          });
          return;
        }
      }
    }
  }

  /** One upload of the job's file (or folder marker) to its current key. */
  private async send(
    job: Job,
    transport: S3Transport,
    info: { size: number; mtimeMs: number },
    journaled: ReturnType<TransferJournal['get']>,
    onlyIfAbsent: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const { bucket } = job.row;
    if (job.row.folder) {
      await transport.send(
        { operation: 'PutObject', bucket, key: job.row.key, bytes: 0 },
        () =>
          new PutObjectCommand({
            Bucket: bucket,
            Key: job.row.key,
            ContentLength: 0,
            Body: Buffer.alloc(0),
            IfNoneMatch: onlyIfAbsent ? '*' : undefined,
          }),
        { signal },
      );
      this.update(job, { state: 'done', bytesDone: 0, bytesTotal: 0, message: 'empty folder' });
      return;
    }
    this.update(job, { bytesTotal: info.size });
    const upload = (resume: MultipartState | undefined) =>
      uploadFile({
        transport,
        bucket,
        key: job.row.key,
        localPath: job.localPath,
        size: info.size,
        signal,
        resume,
        onlyIfAbsent,
        partSize: this.options.partSize,
        partConcurrency: this.options.partConcurrency,
        multipartThreshold: this.options.multipartThreshold,
        limit: this.limit,
        describe: job.storageClass ? { StorageClass: job.storageClass as StorageClass } : undefined,
        onProgress: (bytes) => this.progress(job, bytes),
        onState: (state: MultipartState) =>
          this.journal.put({
            id: job.row.id,
            connectionId: job.connectionId,
            bucket,
            key: job.row.key,
            localPath: job.localPath,
            size: info.size,
            mtimeMs: info.mtimeMs,
            storageClass: job.storageClass,
            state,
          }),
      });
    const result = await upload(journaled?.state).catch(async (error: unknown) => {
      if ((error as S3RequestError).code === 'NoSuchUpload' && journaled) {
        // The server forgot the upload (aborted or expired): start it over rather than fail.
        await this.journal.remove(job.row.id);
        return upload(undefined);
      }
      throw error;
    });
    await this.journal.remove(job.row.id);
    this.update(job, {
      state: 'done',
      bytesDone: info.size,
      message: undefined,
      multipart: result.multipart,
      checked: result.checked,
    });
  }

  /** The key to write, or undefined to skip, under the job's conflict policy. */
  private async resolveConflict(
    transport: S3Transport,
    bucket: string,
    key: string,
    policy: ConflictPolicy,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    if (policy === 'overwrite') return key;
    const exists = (candidate: string) => transport.objectExists(bucket, candidate, { signal });
    if (!(await exists(key))) return key;
    if (policy === 'skip') return undefined;
    const dot = key.lastIndexOf('.');
    const slash = key.lastIndexOf('/');
    const [stem, ext] = dot > slash + 1 ? [key.slice(0, dot), key.slice(dot)] : [key, ''];
    for (let n = 1; n < 1000; n++) {
      const candidate = `${stem} (${n})${ext}`;
      if (!(await exists(candidate))) return candidate;
    }
    throw new S3RequestError('NoFreeName', `No free name for ${key}.`);
  }

  private async folderFor(file: string): Promise<void> {
    const folder = path.dirname(file);
    if (this.madeFolders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    this.madeFolders.add(folder);
  }

  private async runDownload(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const { bucket, key } = job.row;
    const journaled = this.journal.get(job.row.id)?.download;
    await this.folderFor(job.localPath);
    // A stable name beside the destination, so a restart finds the ranges already written.
    const partial = journaled?.partial ?? `${job.localPath}.${job.row.id}.part`;
    try {
      const result = await downloadObject({
        transport,
        bucket,
        key,
        versionId: job.row.versionId,
        partial,
        signal,
        resume: journaled,
        // A folder's objects were sized by their listing (a lone download's row says 0 until it is).
        expectedSize: job.row.bytesTotal || undefined,
        partSize: this.options.downloadPartSize,
        concurrency: this.options.downloadConcurrency,
        limit: this.limit,
        fileLimit: this.fileLimit,
        destination: job.localPath,
        writer: this.fileWriter,
        onProgress: (bytes) => this.progress(job, bytes),
        onState: (state) => {
          if (job.row.bytesTotal !== state.size) this.update(job, { bytesTotal: state.size });
          return this.journal.put({
            id: job.row.id,
            connectionId: job.connectionId,
            bucket,
            key,
            localPath: job.localPath,
            size: state.size,
            mtimeMs: 0,
            download: { partial, ...state },
          });
        },
      });
      await this.journal.remove(job.row.id);
      this.update(job, {
        state: 'done',
        bytesDone: result.size,
        bytesTotal: result.size,
        checked: result.checked,
        unchecked: result.unchecked,
      });
    } catch (error) {
      // A pause or a quit keeps the ranges written so far for the resume; anything else leaves
      // nothing half-written where the user asked the file to go.
      if (job.stopping !== 'pause' && job.stopping !== 'shutdown') {
        await discardPartial(partial);
        await this.journal.remove(job.row.id);
      }
      if ((error as S3RequestError).status === 412) {
        throw new S3RequestError(
          'ObjectChanged',
          `${key} was replaced while it was downloading.`,
          412,
          'Retry to download the new version.',
        );
      }
      throw error;
    }
  }

  /**
   * Everything under a folder, 1,000 keys a request, listed as it goes (a retry or a resume lists
   * what is left). A pause or a cancel stops between batches: what was deleted is gone, the rest
   * is whole.
   */
  private async runFolderDelete(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const { bucket, key: prefix } = job.row;
    let deleted = job.row.bytesDone;
    for await (const page of objectsUnder(transport, bucket, prefix)) {
      if (signal.aborted) throw new S3RequestError('Stopped', 'stopped');
      if (!page.length) continue;
      const result = await deleteObjects(
        transport,
        bucket,
        page.map((o) => o.key),
      );
      deleted += result.deleted.length;
      this.progress(job, deleted);
      if (result.errors.length)
        throw new S3RequestError(
          result.errors[0]!.code,
          `${result.errors.length} not deleted (${result.errors[0]!.key}: ${result.errors[0]!.message}); ${deleted} were.`,
        );
    }
    this.update(job, {
      state: 'done',
      bytesDone: deleted,
      bytesTotal: Math.max(deleted, job.row.bytesTotal),
      rate: 0,
      message: `deleted ${formatCount(deleted)} object${deleted === 1 ? '' : 's'}`,
    });
  }

  /**
   * An edit (a copy in place, keeping what it does not change) or a restore of each object under
   * a folder, four at a time, listed as it goes. What fails is counted and named; a retry goes over
   * the folder again (an edit again is the same edit; a restore under way counts as done).
   */
  private async runFolderEach(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const { bucket, key: prefix } = job.row;
    const op = job.folderOp!;
    let done = 0;
    let skipped = 0;
    const failures: string[] = [];
    for await (const page of objectsUnder(transport, bucket, prefix)) {
      const objects = page.filter((o) => !o.key.endsWith('/'));
      let next = 0;
      const worker = async () => {
        while (next < objects.length) {
          if (signal.aborted) throw new S3RequestError('Stopped', 'stopped');
          const o = objects[next++]!;
          if (op.kind === 'restore' && !['GLACIER', 'DEEP_ARCHIVE'].includes(o.storageClass ?? '')) {
            skipped++;
            continue;
          }
          try {
            if (op.kind === 'edit') await editObject(transport, bucket, o.key, op.edit);
            else if (op.kind === 'restore')
              await restoreObjects(transport, bucket, { keys: [o.key], prefixes: [], days: op.days, tier: op.tier });
            done++;
            this.progress(job, done);
          } catch (error) {
            failures.push(`${o.key}: ${(error as Error).message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      this.update(job, { bytesTotal: done + failures.length });
    }
    if (failures.length)
      throw new S3RequestError(
        'SomeFailed',
        `${failures.length} failed (${failures[0]}); ${done} done. Retry to go over the folder again.`,
      );
    const verb = op.kind === 'edit' ? 'edited' : 'restore started for';
    this.update(job, {
      state: 'done',
      bytesDone: done,
      bytesTotal: done,
      rate: 0,
      message: `${verb} ${formatCount(done)} object${done === 1 ? '' : 's'}${skipped ? ` (${skipped} not archived)` : ''}`,
    });
  }

  /**
   * Undelete (remove each latest delete marker) or purge (delete each non-current version) under a
   * folder, a page of versions at a time, 1,000 deletes a request, counted as it goes.
   */
  private async runFolderVersions(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const { bucket, key: prefix } = job.row;
    const undeleting = job.row.direction === 'undelete';
    let done = 0;
    for await (const page of versionsUnder(transport, bucket, prefix)) {
      if (signal.aborted) throw new S3RequestError('Stopped', 'stopped');
      const chosen = page
        .filter((v) => (undeleting ? v.isLatest && v.deleteMarker : !v.isLatest))
        .map((v) => ({ key: v.key, versionId: v.versionId }));
      if (!chosen.length) continue;
      const result = await deleteVersions(transport, bucket, chosen);
      done += result.deleted;
      this.progress(job, done);
      if (result.errors.length)
        throw new S3RequestError(
          result.errors[0]!.code,
          `${result.errors.length} failed (${result.errors[0]!.key}: ${result.errors[0]!.message}); ${done} done.`,
        );
    }
    this.update(job, {
      state: 'done',
      bytesDone: done,
      bytesTotal: done,
      rate: 0,
      message: undeleting
        ? `brought back ${formatCount(done)} object${done === 1 ? '' : 's'}`
        : `deleted ${formatCount(done)} old version${done === 1 ? '' : 's'} for good`,
    });
  }

  private async runCopy(job: Job, signal: AbortSignal): Promise<void> {
    const transport = this.options.transport(job.connectionId);
    const target = job.row.target!;
    const targetTransport = target.connectionId ? this.options.transport(target.connectionId) : transport;
    const targetKey = await this.resolveConflict(targetTransport, target.bucket, target.key, job.conflict, signal);
    if (targetKey === undefined) {
      this.update(job, { state: 'skipped', message: `${target.key} exists: skipped` });
      return;
    }
    if (targetKey !== target.key) this.update(job, { target: { ...target, key: targetKey } });
    const request = {
      transport,
      sourceBucket: job.row.bucket,
      sourceKey: job.row.key,
      targetBucket: target.bucket,
      targetKey,
      signal,
      hardSignal: job.hardStop?.signal,
      storageClass: job.storageClass,
      limit: this.limit,
      multipartAbove: this.options.copyMultipartAbove,
      partSize: this.options.copyPartSize,
      onProgress: (bytes: number) => this.progress(job, bytes),
      listed: job.row.listed,
    };
    let result: CopyResult;
    let landed: boolean;
    try {
      result = target.connectionId
        ? await relayCopy({
            ...request,
            targetTransport,
            relayFile: path.join(
              this.options.relayDir ?? os.tmpdir(),
              `bucket-explorer-relay-${job.row.id}-${Date.now()}`,
            ),
            upload: { partSize: this.options.partSize, multipartThreshold: this.options.multipartThreshold },
          })
        : await copyOneObject(request);
      landed = result.landed === true;
    } catch (error) {
      // A move cancelled or paused while its copy was on its way: S3 may have made the copy all
      // the same. Then the move is finished (its source deleted), rather than leaving the object
      // at both places; otherwise the stop stands, the source untouched.
      const stopped = signal.aborted && (job.stopping === 'cancel' || job.stopping === 'pause');
      const size = stopped && job.row.direction === 'move' && !target.connectionId && (await landedCopy(request));
      if (size === false || size === undefined) throw error;
      result = { size, multipart: false };
      landed = true;
    }
    const finished = { bytesDone: result.size, bytesTotal: result.size, multipart: result.multipart };
    if (job.row.direction === 'copy') {
      const copied = landed ? 'copied: it had reached S3 when you stopped it' : 'copied (confirmed)';
      this.update(job, { state: 'done', ...finished, message: copied });
      return;
    }
    // A move: the copy is confirmed, so its source may go now — gathered with other sources into
    // DeleteObjects requests. The job's slot is free meanwhile; the row finishes with its delete.
    this.update(job, { ...finished, message: 'copied; deleting the source' });
    const moved = landed
      ? 'moved: its copy had reached S3 when you stopped it, so the source was deleted'
      : 'moved (copy confirmed, source deleted)';
    void this.deletes.delete(transport, job.row.bucket, job.row.key).then(
      () => this.update(job, { state: 'done', rate: 0, message: moved }),
      (error: S3RequestError) =>
        this.update(job, {
          state: 'failed',
          rate: 0,
          message: `copied, but the source could not be deleted (${error.message}): it is at both places; retry to move it`,
        }),
    );
  }

  /**
   * An upload stopped while its last request was on its way may be in S3 all the same (see
   * uploadLanded): then the row says so and is done, its journal entry gone, instead of
   * "cancelled" over an object that is there. Moves have their own check (runCopy).
   */
  private async landedBeforeStop(job: Job): Promise<boolean> {
    if (job.row.direction !== 'upload' || job.row.folder) return false;
    const size = job.row.bytesTotal;
    const state = this.journal.get(job.row.id)?.state;
    const target = {
      bucket: job.row.bucket,
      key: job.row.key,
      localPath: job.localPath,
      size,
      since: job.startedAt ?? Date.now(),
    };
    const landed = await uploadLanded(
      this.options.transport(job.connectionId),
      target,
      state,
      this.options.multipartThreshold,
    );
    if (!landed) return false;
    await this.journal.remove(job.row.id);
    this.update(job, {
      state: 'done',
      bytesDone: size,
      rate: 0,
      multipart: Boolean(state),
      message: 'uploaded: it had reached S3 when you stopped it',
    });
    return true;
  }

  /** What a stopped transfer left behind: a multipart upload on the server, a partial download. */
  private async discardMultipart(job: Job): Promise<void> {
    const entry = this.journal.get(job.row.id);
    if (entry?.download) {
      await discardPartial(entry.download.partial);
      await this.journal.remove(job.row.id);
      return;
    }
    if (!entry?.state) return;
    await abortMultipart(
      this.options.transport(entry.connectionId),
      entry.bucket,
      entry.key,
      entry.state.uploadId,
    ).catch(() => undefined);
    await this.journal.remove(job.row.id);
  }
}
