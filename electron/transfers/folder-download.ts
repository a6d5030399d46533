// Taking a folder (or a multi-selection) home: every object under the chosen prefixes, placed
// under the chosen local folder with its structure, every path segment made a safe file name on
// every OS (".." and empty segments, "\\", ":", reserved names such as "con", NUL, over-long
// names), and every resulting path checked to stay inside the chosen folder. Keys that would land
// on the same local path after that are told apart with " (1)", " (2)".
import path from 'node:path';
import { objectsUnder } from '../s3/browse.js';
import type { S3Transport } from '../s3/transport.js';
import { S3RequestError } from '../s3/errors.js';
import { safeFileName } from '../shared/local-names.js';

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

/** Everything under the prefixes and the single keys, placed under `target`. */
export async function planFolderDownload(
  transport: S3Transport,
  request: { bucket: string; base: string; keys: string[]; prefixes: string[]; target: string },
): Promise<PlannedDownload[]> {
  const planned: PlannedDownload[] = [];
  const taken = new Map<string, number>();
  const place = (key: string, size: number) => {
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
    planned.push({ key, localPath, size, folder });
    if (planned.length > MAX_FOLDER_DOWNLOAD) {
      throw new S3RequestError(
        'TooManyObjects',
        `More than ${MAX_FOLDER_DOWNLOAD.toLocaleString('en-US')} objects: download the folders one at a time.`,
      );
    }
  };
  for (const prefix of request.prefixes) {
    for await (const page of objectsUnder(transport, request.bucket, prefix))
      for (const o of page) place(o.key, o.size);
  }
  for (const key of request.keys) place(key, 0);
  return planned;
}
