// What a drop means: paths main reads itself (the renderer never hands over file contents).
// Folders are expanded keeping their structure; an empty folder becomes a folder marker (a
// zero-byte "name/" object, as the S3 console makes) at its own place; symlinks and unreadable
// files get an answer of their own, under the key they would have had. Expansion is bounded: a drop of a home folder or a folder loop made of
// bind mounts must not walk the whole disk, so depth and count are capped, and the core asks
// before queueing more than CONFIRM_ABOVE_FILES.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { S3RequestError } from '../s3/errors.js';
import { formatCount } from '../shared/format-bytes.js';

export interface UploadItem {
  localPath: string;
  key: string;
  /** An empty folder: uploaded as the zero-byte marker object `key` (which ends with /). */
  folder?: boolean;
  size: number;
  mtimeMs: number;
}

export interface Expansion {
  items: UploadItem[];
  /** Paths that will not be uploaded, with the reason. */
  skipped: Array<{ localPath: string; key: string; reason: string }>;
  /** Bytes of all items. */
  bytes: number;
}

export interface ExpansionLimits {
  /** Files in one drop; more is refused with TooManyFiles. */
  maxFiles: number;
  /** Folder levels below a dropped folder; deeper folders are skipped with a reason. */
  maxDepth: number;
}

export const EXPANSION_LIMITS: ExpansionLimits = { maxFiles: 100_000, maxDepth: 32 };
/** Above this many files the user is asked before anything is queued. */
export const CONFIRM_ABOVE_FILES = 10_000;

export async function expandPaths(
  paths: string[],
  prefix: string,
  limits: ExpansionLimits = EXPANSION_LIMITS,
): Promise<Expansion> {
  const expansion: Expansion = { items: [], skipped: [], bytes: 0 };
  const visit = async (localPath: string, keyBase: string, depth: number): Promise<void> => {
    let info;
    try {
      info = await lstat(localPath);
    } catch (error) {
      expansion.skipped.push({
        localPath,
        key: keyBase,
        reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      return;
    }
    if (info.isSymbolicLink()) {
      expansion.skipped.push({ localPath, key: keyBase, reason: 'symbolic links are not followed' });
    } else if (info.isDirectory()) {
      if (depth > limits.maxDepth)
        return void expansion.skipped.push({
          localPath,
          key: keyBase,
          reason: `more than ${limits.maxDepth} folders deep: not uploaded`,
        });
      const entries = await readdir(localPath).catch(() => undefined);
      if (!entries)
        return void expansion.skipped.push({ localPath, key: keyBase, reason: 'the folder cannot be read' });
      if (entries.length === 0) {
        expansion.items.push({ localPath, key: `${keyBase}/`, size: 0, mtimeMs: info.mtimeMs, folder: true });
        return;
      }
      for (const entry of entries.sort()) await visit(path.join(localPath, entry), `${keyBase}/${entry}`, depth + 1);
    } else if (info.isFile()) {
      if (expansion.items.length >= limits.maxFiles) {
        throw new S3RequestError(
          'TooManyFiles',
          `This drop holds more than ${formatCount(limits.maxFiles)} files, more than one upload takes.`,
          undefined,
          'Upload its folders one at a time.',
        );
      }
      expansion.items.push({ localPath, key: keyBase, size: info.size, mtimeMs: info.mtimeMs });
      expansion.bytes += info.size;
    } else {
      expansion.skipped.push({ localPath, key: keyBase, reason: 'not a regular file' });
    }
  };
  for (const p of paths) await visit(p, `${prefix}${path.basename(p)}`, 0);
  return expansion;
}
