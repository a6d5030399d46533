// Rows dragged out of the window to the desktop or a file manager. An operating system drag
// carries files that exist, so the selection is downloaded first, through the transfer queue like
// any download (progress, retries, safe local names, nothing outside its folder), into a folder of
// its own under a private temporary folder. The page gets a token, never a path: main's glue turns
// the token into the files it hands to Electron's startDrag, so a page cannot make the user drag a
// file of its choosing.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DownloadSelection } from '../contract.js';
import { S3RequestError } from '../s3/errors.js';
import type { S3Transport } from '../s3/transport.js';
import { formatBytes, formatCount } from '../shared/format-bytes.js';
import { planFolderDownload } from './folder-download.js';
import type { TransferQueue } from './queue.js';

/** A drag is for a handful of things, not a backup: beyond these, Download… is the way. */
export const DRAG_MAX_OBJECTS = 1000;
export const DRAG_MAX_BYTES = 1024 ** 3;
/** Downloaded drags kept at once; older ones are removed from the disk. */
const KEPT_DRAGS = 5;

export class DragOut {
  private root: string | undefined;
  private readonly prepared = new Map<string, string[]>();

  constructor(
    private readonly transfers: TransferQueue,
    private readonly parent: string = os.tmpdir(),
  ) {}

  /** Download the selection; resolves when every file is on disk, with the token to drag it. */
  async prepare(
    transport: S3Transport,
    request: DownloadSelection,
  ): Promise<{ token: string; files: number; bytes: number }> {
    this.root ??= await mkdtemp(path.join(this.parent, 'bucket-explorer-drag-'));
    const token = randomBytes(12).toString('hex');
    const target = path.join(this.root, token);
    const planned = await planFolderDownload(transport, { ...request, target });
    const objects = planned.filter((p) => !p.folder);
    const bytes = objects.reduce((sum, p) => sum + p.size, 0);
    if (objects.length > DRAG_MAX_OBJECTS || bytes > DRAG_MAX_BYTES) {
      throw new S3RequestError(
        'TooMuchToDrag',
        `That is ${formatCount(objects.length)} objects, ${formatBytes(bytes)}: more than a drag takes (${formatCount(DRAG_MAX_OBJECTS)} objects, ${formatBytes(DRAG_MAX_BYTES)}).`,
        undefined,
        'Use Download… to choose a folder for them.',
      );
    }
    if (planned.length === 0) throw new S3RequestError('NothingToDrag', 'There is nothing in that selection to drag.');
    await mkdir(target, { recursive: true });
    const label = `${objects.length} object${objects.length === 1 ? '' : 's'} from s3://${request.bucket}/${request.base} to drag`;
    const ids = await this.transfers.addDownloads(
      { connectionId: request.connectionId, bucket: request.bucket, label },
      planned,
    );
    const rows = await this.transfers.settled(ids);
    const failed = rows.find((r) => r.state !== 'done');
    if (failed) {
      await rm(target, { recursive: true, force: true });
      throw new S3RequestError(
        'DragNotReady',
        `${failed.key} could not be downloaded to drag: ${failed.message ?? failed.state}.`,
        undefined,
        'Retry the drag, or use Download….',
      );
    }
    // What the user dragged: the top of each item (a file, or a folder with its contents).
    const top = new Set(planned.map((p) => path.join(target, path.relative(target, p.localPath).split(path.sep)[0]!)));
    this.prepared.set(token, [...top]);
    // The temporary folder does not grow with every drag of a long session: the oldest drags go
    // (their drops have long been copied by the file manager).
    for (const old of [...this.prepared.keys()].slice(0, -KEPT_DRAGS)) {
      this.prepared.delete(old);
      await rm(path.join(this.root, old), { recursive: true, force: true });
    }
    return { token, files: objects.length, bytes };
  }

  /** The files behind a token, for main's startDrag; undefined for a token this never gave. */
  files(token: string): string[] | undefined {
    return this.prepared.get(token);
  }

  /** Removes every downloaded drag (the app is quitting: the drops have been copied by then). */
  async dispose(): Promise<void> {
    this.prepared.clear();
    if (this.root) await rm(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
