// Runs in its own process (as aws-cli and rclone do), so the core does not share a CPU with the
// world it talks to: moves a folder with the transfer queue's move jobs, then prints JSON.
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import { RequestLog } from '../electron/s3/request-log.js';
import { S3Transport } from '../electron/s3/transport.js';
import { copyFolder } from './folder-copy.js';
import { TransferQueue } from '../electron/transfers/queue.js';

// A function, not top-level await: built as CommonJS, like the terminal's bin (see buildChild).
async function main(): Promise<void> {
  const [endpointTemplate, sourceBucket, from, targetBucket, to] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const transport = new S3Transport(
    { id: 'bench', defaultRegion: 'us-east-1', endpointTemplate, credentials: DEMO_ACCOUNT },
    { log: new RequestLog(100) },
  );
  const queue = new TransferQueue({ transport: () => transport, publish: () => undefined });
  const report = await copyFolder(transport, queue, { sourceBucket, from, targetBucket, to, move: true });
  process.stdout.write(JSON.stringify(report));
  await queue.shutdown();
  transport.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
