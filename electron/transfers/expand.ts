// What a drop means: paths main reads itself (the renderer never hands over file contents).
// Folders are expanded keeping their structure; symlinks, unreadable files and empty folders get
// an answer of their own.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export interface UploadItem {
  localPath: string;
  key: string;
  size: number;
  mtimeMs: number;
}

export interface Expansion {
  items: UploadItem[];
  /** Paths that will not be uploaded, with the reason. */
  skipped: Array<{ localPath: string; reason: string }>;
}

export async function expandPaths(paths: string[], prefix: string): Promise<Expansion> {
  const expansion: Expansion = { items: [], skipped: [] };
  const visit = async (localPath: string, keyBase: string): Promise<void> => {
    let info;
    try {
      info = await lstat(localPath);
    } catch (error) {
      expansion.skipped.push({ localPath, reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    if (info.isSymbolicLink()) {
      expansion.skipped.push({ localPath, reason: 'symbolic links are not followed' });
    } else if (info.isDirectory()) {
      const entries = await readdir(localPath).catch(() => undefined);
      if (!entries) return void expansion.skipped.push({ localPath, reason: 'the folder cannot be read' });
      if (entries.length === 0) return void expansion.skipped.push({ localPath, reason: 'the folder is empty' });
      for (const entry of entries.sort()) await visit(path.join(localPath, entry), `${keyBase}/${entry}`);
    } else if (info.isFile()) {
      expansion.items.push({ localPath, key: keyBase, size: info.size, mtimeMs: info.mtimeMs });
    } else {
      expansion.skipped.push({ localPath, reason: 'not a regular file' });
    }
  };
  for (const p of paths) await visit(p, `${prefix}${path.basename(p)}`);
  return expansion;
}
