// Deletes gathered into DeleteObjects requests (up to 1,000 keys each): a folder move deletes
// each source as soon as its copy is confirmed, and thousands of single DeleteObject requests
// cost the client more CPU than the copies themselves. A batch goes when it is full or a few
// milliseconds after its first key; each key's promise settles with that key's own answer.
import { DeleteObjectsCommand, type DeleteObjectsCommandOutput } from '@aws-sdk/client-s3';
import { S3RequestError } from '../s3/errors.js';
import type { S3Transport } from '../s3/transport.js';

interface Waiting {
  key: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class DeleteBatcher {
  private readonly batches = new Map<
    string,
    { transport: S3Transport; bucket: string; keys: Waiting[]; timer?: NodeJS.Timeout }
  >();

  constructor(private readonly delayMs = 25) {}

  delete(transport: S3Transport, bucket: string, key: string): Promise<void> {
    const id = `${transport.connection.id}\n${bucket}`;
    let batch = this.batches.get(id);
    if (!batch) this.batches.set(id, (batch = { transport, bucket, keys: [] }));
    const done = new Promise<void>((resolve, reject) => batch.keys.push({ key, resolve, reject }));
    if (batch.keys.length >= 1000) this.flush(id);
    else batch.timer ??= setTimeout(() => this.flush(id), this.delayMs);
    return done;
  }

  private flush(id: string): void {
    const batch = this.batches.get(id);
    if (!batch) return;
    this.batches.delete(id);
    clearTimeout(batch.timer);
    const { transport, bucket, keys } = batch;
    transport
      .send<DeleteObjectsCommandOutput>(
        { operation: 'DeleteObjects', bucket, bytes: keys.length },
        () =>
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.map((w) => ({ Key: w.key })), Quiet: true },
          }),
      )
      .then(
        (out) => {
          const failed = new Map((out.Errors ?? []).map((e) => [e.Key ?? '', e]));
          for (const w of keys) {
            const e = failed.get(w.key);
            if (e) w.reject(new S3RequestError(e.Code ?? 'Error', e.Message ?? 'not deleted'));
            else w.resolve();
          }
        },
        (error: Error) => keys.forEach((w) => w.reject(error)),
      );
  }
}
