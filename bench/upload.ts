// Uploading a 1 GiB file and 2,000 small files: the app's core (in a process of its own, bundled so
// its peak RSS is its own) beside `aws s3 cp` and `rclone copy`, against the same world and store.
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import { S3Transport } from '../electron/s3/transport.js';
import { startTestWorld } from '../test/support/world.js';
import { BENCH_STORE } from './store.js';
import { awsCliEnv, hasCommand, rcloneEnv, buildChild, runPeer } from './peers.js';
import { medianOfRotatingRounds, type BenchResult } from './report.js';

const BIG = Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 ** 3);
const SMALL_FILES = Number(process.env.BENCH_UPLOAD_FILES ?? 2000);
const SMALL_SIZE = 4096;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUCKET = 'bench-uploads';

export async function benchUpload(): Promise<{ big: BenchResult[]; small: BenchResult[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-upload-'));
  const t = await startTestWorld({ store: BENCH_STORE });
  try {
    await t.world.registerBucket({ name: BUCKET, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    const bigFile = path.join(dir, 'big.bin');
    const handle = await open(bigFile, 'w');
    const chunk = randomBytes(8 * 1024 * 1024);
    for (let written = 0; written < BIG; written += chunk.length)
      await handle.write(chunk, 0, Math.min(chunk.length, BIG - written));
    await handle.close();
    const smallDir = path.join(dir, 'small');
    await mkdir(smallDir);
    for (let i = 0; i < SMALL_FILES; i++)
      await writeFile(path.join(smallDir, `file-${i}.txt`), randomBytes(SMALL_SIZE));

    const child = await buildChild('bench/upload-child.ts');

    const cleaner = new S3Transport({
      id: 'clean',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    const empty = async () => {
      for (;;) {
        const page = await cleaner.send<ListObjectsV2CommandOutput>(
          { operation: 'ListObjectsV2', bucket: BUCKET },
          () => new ListObjectsV2Command({ Bucket: BUCKET }),
        );
        const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
        if (!keys.length) return;
        await cleaner.send(
          { operation: 'DeleteObjects', bucket: BUCKET },
          () => new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys, Quiet: true } }),
        );
      }
    };

    type Client = {
      name: string;
      go: () => Promise<{ run: { ms: number; peakRssMiB?: number; cpuSeconds?: number }; note: string }>;
    };
    /**
     * Each client uploads ROUNDS times, in a rotating order (the store is warmer for whoever goes
     * later), into an emptied bucket; the median round is reported.
     */
    const run = async (
      label: string,
      bytes: number,
      files: number,
      ours: string[],
      aws: string[],
      rclone: string[],
    ): Promise<BenchResult[]> => {
      const clients: Client[] = [
        {
          name: 'Bucket Explorer core',
          go: async () => {
            const mine = await runPeer('node', [child, t.world.endpointTemplate, BUCKET, `${label}/`, ...ours], {
              NODE_NO_WARNINGS: '1',
            });
            const report = JSON.parse(mine.stdout) as { failed: number; firstError?: string };
            return {
              run: mine,
              note: report.failed ? `${report.failed} failed: ${report.firstError}` : `${files} file(s)`,
            };
          },
        },
      ];
      if (await hasCommand('aws')) {
        clients.push({
          name: 'aws s3 cp (aws-cli v1)',
          go: async () => ({
            run: await runPeer(
              'aws',
              ['s3', 'cp', ...aws, '--endpoint-url', t.world.globalEndpoint, '--only-show-errors'],
              awsCliEnv(),
            ),
            note: `${files} file(s)`,
          }),
        });
      }
      if (await hasCommand('rclone')) {
        clients.push({
          name: 'rclone copy',
          go: async () => ({
            run: await runPeer('rclone', ['copy', ...rclone], rcloneEnv(t.world.globalEndpoint, 'us-east-1')),
            note: `${files} file(s)`,
          }),
        });
      }
      return medianOfRotatingRounds(clients, ROUNDS, async (client) => {
        await empty();
        const before = t.world.requests;
        const { run: r, note } = await client.go();
        return {
          name: client.name,
          ms: r.ms,
          bytes,
          requests: t.world.requests - before,
          peakRssMiB: r.peakRssMiB,
          cpuSeconds: r.cpuSeconds,
          note,
        };
      });
    };

    const big = await run(
      'big',
      BIG,
      1,
      [bigFile],
      [bigFile, `s3://${BUCKET}/big/big.bin`],
      [bigFile, `world:${BUCKET}/big/`],
    );
    const small = await run(
      'small',
      SMALL_FILES * SMALL_SIZE,
      SMALL_FILES,
      [smallDir],
      [smallDir, `s3://${BUCKET}/small/`, '--recursive'],
      [smallDir, `world:${BUCKET}/small/`],
    );
    cleaner.destroy();
    return { big, small };
  } finally {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
