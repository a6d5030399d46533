// Uploads from paths main reads itself (the renderer never hands over file contents). Folders are
// expanded keeping their structure; symlinks, unreadable files and empty folders get an answer of
// their own. Each body is a file stream reopened for every hop, so a redirect resends it intact.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TransferProgress } from '../contract.js';
import type { S3Transport } from '../s3/transport.js';

export interface UploadItem {
  localPath: string;
  key: string;
  size: number;
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
      expansion.items.push({ localPath, key: keyBase, size: info.size });
    } else {
      expansion.skipped.push({ localPath, reason: 'not a regular file' });
    }
  };
  for (const p of paths) await visit(p, `${prefix}${path.basename(p)}`);
  return expansion;
}

export class UploadQueue {
  private nextId = 1;
  private readonly cancelled = new Set<string>();

  constructor(private readonly publish: (rows: TransferProgress[]) => void) {}

  async add(transport: S3Transport, bucket: string, prefix: string, paths: string[]): Promise<string[]> {
    const { items, skipped } = await expandPaths(paths, prefix);
    const ids: string[] = [];
    for (const s of skipped) {
      const id = `t${this.nextId++}`;
      ids.push(id);
      this.publish([{ id, direction: 'upload', bucket, key: `${prefix}${path.basename(s.localPath)}`, state: 'skipped', bytesDone: 0, bytesTotal: 0, rate: 0, message: s.reason }]);
    }
    const rows = items.map((item): TransferProgress => {
      const id = `t${this.nextId++}`;
      ids.push(id);
      return { id, direction: 'upload', bucket, key: item.key, state: 'queued', bytesDone: 0, bytesTotal: item.size, rate: 0 };
    });
    this.publish(rows);
    void this.run(transport, items, rows);
    return ids;
  }

  cancel(id: string): void {
    this.cancelled.add(id);
  }

  private async run(transport: S3Transport, items: UploadItem[], rows: TransferProgress[]): Promise<void> {
    for (const [index, item] of items.entries()) {
      const row = rows[index]!;
      if (this.cancelled.has(row.id)) {
        this.publish([{ ...row, state: 'cancelled' }]);
        continue;
      }
      const started = Date.now();
      this.publish([{ ...row, state: 'running' }]);
      try {
        await transport.send({ operation: 'PutObject', bucket: row.bucket, key: item.key, bytes: item.size }, () =>
          new PutObjectCommand({ Bucket: row.bucket, Key: item.key, Body: createReadStream(item.localPath), ContentLength: item.size }));
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        this.publish([{ ...row, state: 'done', bytesDone: item.size, rate: item.size / seconds }]);
      } catch (error) {
        this.publish([{ ...row, state: 'failed', message: (error as Error).message }]);
      }
    }
  }
}
