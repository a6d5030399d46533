// Taking a folder (or a multi-selection) home: every object under the chosen prefixes, placed
// under the chosen local folder with its structure, every path segment made a safe file name on
// every OS (".." and empty segments, "\\", ":", reserved names such as "con", NUL, over-long
// names), and every resulting path checked to stay inside the chosen folder. Keys that would land
// on the same local path after that are told apart with " (1)", " (2)".
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictPolicy } from '../contract.js';
import { objectsUnder } from '../s3/browse.js';
import type { S3Transport } from '../s3/transport.js';
import { S3RequestError } from '../s3/errors.js';
import { safeFileName } from '../shared/local-names.js';
import { formatCount } from '../shared/format-bytes.js';

export interface PlannedDownload {
  key: string;
  /** Absolute, inside the target folder. */
  localPath: string;
  size: number;
  /** A folder marker ("name/"): a folder is made, nothing downloaded. */
  folder: boolean;
}

export const MAX_FOLDER_DOWNLOAD = 100_000;

/** Where a key goes under `target`, relative to `base` (the folder the user was looking at). */
export function localPathFor(target: string, base: string, key: string): string {
  const relative = key.startsWith(base) ? key.slice(base.length) : key;
  const segments = relative.split('/');
  const isFolder = relative.endsWith('/');
  if (isFolder) segments.pop();
  // Empty and dot segments ("a//b", "a/./b", "a/../b") are kept as a safe name, never resolved.
  const safe = segments.map((segment) => safeFileName(segment, segment === '' ? '_' : 'download'));
  const resolved = path.resolve(target, ...safe);
  const root = path.resolve(target);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw new S3RequestError(
      'UnsafePath',
      `The key ${JSON.stringify(key)} would be written outside the chosen folder.`,
    );
  }
  return resolved;
}

export interface FolderDownloadRequest {
  bucket: string;
  /** The folder the user was looking at: keys are placed under `target` relative to it. */
  base: string;
  keys: string[];
  prefixes: string[];
  target: string;
  /** The keys' sizes as the window listed them, when it says (else 0: not known). */
  sizes?: Record<string, number>;
}

/**
 * Everything under the prefixes and the single keys, placed under `target`, a listing page at a
 * time: downloads can start on the first page while the next is listed (see addDownloadPages).
 */
export async function* planFolderPages(
  transport: S3Transport,
  request: FolderDownloadRequest,
): AsyncGenerator<PlannedDownload[]> {
  const taken = new Map<string, number>();
  let count = 0;
  const place = (key: string, size: number, into: PlannedDownload[]) => {
    const folder = key.endsWith('/');
    let localPath = localPathFor(request.target, request.base, key);
    const lower = localPath.toLowerCase(); // a case-insensitive disk would merge "A" and "a"
    const seen = taken.get(lower) ?? 0;
    taken.set(lower, seen + 1);
    if (seen > 0 && !folder) {
      const ext = path.extname(localPath);
      localPath = `${localPath.slice(0, localPath.length - ext.length)} (${seen})${ext}`;
    }
    if (seen > 0 && folder) return;
    into.push({ key, localPath, size, folder });
    if (++count > MAX_FOLDER_DOWNLOAD) {
      throw new S3RequestError(
        'TooManyObjects',
        `More than ${formatCount(MAX_FOLDER_DOWNLOAD)} objects: download the folders one at a time.`,
      );
    }
  };
  for (const prefix of request.prefixes) {
    for await (const listed of objectsUnder(transport, request.bucket, prefix)) {
      const page: PlannedDownload[] = [];
      for (const o of listed) place(o.key, o.size, page);
      if (page.length) yield page;
    }
  }
  const page: PlannedDownload[] = [];
  for (const key of request.keys) place(key, request.sizes?.[key] ?? 0, page);
  if (page.length) yield page;
}

/** The whole plan at once: for a window that asks about local conflicts before anything starts. */
export async function planFolderDownload(
  transport: S3Transport,
  request: FolderDownloadRequest,
): Promise<PlannedDownload[]> {
  const planned: PlannedDownload[] = [];
  for await (const page of planFolderPages(transport, request)) for (const item of page) planned.push(item);
  return planned;
}

/** Whether a local path exists (any kind). */
export const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Local files in the way: skipped, replaced, or kept beside under a free name "x (1).ext" — the
 * window's answer to its question, and the terminal's `get --if-exists`.
 */
export async function resolveLocal(planned: PlannedDownload[], decision: ConflictPolicy): Promise<PlannedDownload[]> {
  if (decision === 'overwrite') return planned;
  const out: PlannedDownload[] = [];
  for (const item of planned) {
    if (item.folder || !(await exists(item.localPath))) {
      out.push(item);
    } else if (decision === 'keep-both') {
      const ext = path.extname(item.localPath);
      const stem = item.localPath.slice(0, item.localPath.length - ext.length);
      let n = 1;
      while (await exists(`${stem} (${n})${ext}`)) n++;
      out.push({ ...item, localPath: `${stem} (${n})${ext}` });
    }
  }
  return out;
}
