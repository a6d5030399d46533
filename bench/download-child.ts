// Runs in its own process so its peak RSS is the app core's alone: downloads one object, or a
// folder, with the transfer queue through the transport, then prints what it did as JSON.
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import { RequestLog } from '../electron/s3/request-log.js';
import { S3Transport } from '../electron/s3/transport.js';
import { planFolderPages } from '../electron/transfers/folder-download.js';
import { TransferQueue } from '../electron/transfers/queue.js';

// A function, not top-level await: built as CommonJS, like the terminal's bin (see buildChild).
async function main(): Promise<void> {
  const [endpointTemplate, bucket, key, target] = process.argv.slice(2);
  const transport = new S3Transport(
    { id: 'bench', defaultRegion: 'us-east-1', endpointTemplate: endpointTemplate!, credentials: DEMO_ACCOUNT },
    { log: new RequestLog(100) },
  );
  const queue = new TransferQueue({ transport: () => transport, publish: () => undefined });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  // As the terminal's `get` does: a folder is queued page by page as its listing arrives.
  const ids = key!.endsWith('/')
    ? await queue.addDownloadPages(
        { connectionId: 'bench', bucket: bucket!, label: key! },
        planFolderPages(transport, { bucket: bucket!, base: key!, keys: [], prefixes: [key!], target: target! }),
      )
    : [queue.addDownload({ connectionId: 'bench', bucket: bucket!, key: key!, destination: target! })];
  const listMs = Math.round(performance.now() - started);
  const rows = await queue.settled(ids);
  const failed = rows.filter((r) => r.state !== 'done');
  process.stdout.write(
    JSON.stringify({
      ms: performance.now() - started,
      // performance.now() counts from the process's start: how long loading the core took.
      loadMs: Math.round(started),
      listMs,
      cpuMs: (({ user, system }) => Math.round((user + system) / 1000))(process.cpuUsage(cpuBefore)),
      files: ids.length,
      failed: failed.length,
      firstError: failed[0]?.message,
    }),
  );
  await queue.shutdown();
  transport.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
