// A folder's contents copied or moved into another folder with the core's own plan and queue: what
// the ops bench times (in its child) and how it puts the folder back between runs.
import type { S3Transport } from '../electron/s3/transport.js';
import { planCopy } from '../electron/transfers/copy.js';
import type { TransferQueue } from '../electron/transfers/queue.js';

export async function copyFolder(
  transport: S3Transport,
  queue: TransferQueue,
  request: { sourceBucket: string; from: string; targetBucket: string; to: string; move: boolean },
): Promise<{ objects: number; failed: number; firstError?: string }> {
  const { sourceBucket, from, targetBucket, to, move } = request;
  const planned = await planCopy(transport, {
    sourceBucket,
    keys: [],
    prefixes: [from],
    base: from,
    targetBucket,
    targetPrefix: to,
    move,
  });
  const rows = await queue.settled(
    queue.addCopies(
      { connectionId: 'bench', sourceBucket, targetBucket, move, label: 'bench', conflict: 'overwrite' },
      planned,
    ),
  );
  const failed = rows.filter((r) => r.state !== 'done');
  return { objects: rows.length, failed: failed.length, firstError: failed[0]?.message };
}
