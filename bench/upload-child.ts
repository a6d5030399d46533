// Runs in its own process so its peak RSS is the app core's alone: uploads the given paths with
// the transfer queue through the transport, then prints what it did as JSON.
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import type { TransferProgress } from '../electron/contract.js';
import { RequestLog } from '../electron/s3/request-log.js';
import { S3Transport } from '../electron/s3/transport.js';
import { TransferQueue } from '../electron/transfers/queue.js';

// A function, not top-level await: built as CommonJS, like the terminal's bin (see buildChild).
async function main(): Promise<void> {
  const [endpointTemplate, bucket, prefix, ...paths] = process.argv.slice(2);
  const transport = new S3Transport(
    { id: 'bench', defaultRegion: 'us-east-1', endpointTemplate: endpointTemplate!, credentials: DEMO_ACCOUNT },
    { log: new RequestLog(100) },
  );
  const rows = new Map<string, TransferProgress>();
  const partConcurrency = process.env.BENCH_PART_CONCURRENCY ? Number(process.env.BENCH_PART_CONCURRENCY) : undefined;
  const partSize = process.env.BENCH_PART_MIB ? Number(process.env.BENCH_PART_MIB) * 1024 * 1024 : undefined;
  // Counts finished rows as they are published (polling all rows would bill the harness's CPU to the core).
  let ended = 0;
  let allEnded: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allEnded = resolve));
  let expected = Infinity;
  const ENDED = new Set(['done', 'failed', 'cancelled', 'skipped', 'paused']);
  const queue = new TransferQueue({
    transport: () => transport,
    publish: (batch) =>
      batch.forEach((r) => {
        const before = rows.get(r.id)?.state;
        rows.set(r.id, r);
        if (ENDED.has(r.state) && !ENDED.has(before ?? '')) ended++;
        if (ended === expected) allEnded();
      }),
    partConcurrency,
    partSize,
  });
  const started = performance.now();
  const ids = await queue.addUploads({ connectionId: 'bench', bucket: bucket!, prefix: prefix!, paths });
  expected = ids.length;
  if (ended === expected) allEnded();
  await finished;
  const failed = ids.filter((id) => rows.get(id)!.state !== 'done');
  process.stdout.write(
    JSON.stringify({
      ms: performance.now() - started,
      files: ids.length,
      failed: failed.length,
      firstError: failed[0] ? rows.get(failed[0])!.message : undefined,
    }),
  );
  transport.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
