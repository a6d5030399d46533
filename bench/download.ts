// Downloading a 1 GiB object and 2,000 small ones: the app's core (in a process of its own, so its
// peak RSS is its own) beside `aws s3 cp` and `rclone copy`, from the same world and store.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import { S3Transport } from '../electron/s3/transport.js';
import { TransferQueue } from '../electron/transfers/queue.js';
import { startTestWorld } from '../test/support/world.js';
import { awsCliEnv, hasCommand, rcloneEnv, buildChild, runPeer } from './peers.js';
import { medianOfRotatingRounds, type BenchResult } from './report.js';
import { BENCH_STORE } from './store.js';

const BIG = Number(process.env.BENCH_DOWNLOAD_BYTES ?? 1024 ** 3);
const SMALL_FILES = Number(process.env.BENCH_DOWNLOAD_FILES ?? 2000);
const SMALL_SIZE = 4096;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUCKET = 'bench-downloads';

/**
 * Where the clients write: a RAM-backed folder where there is one (BENCH_DOWNLOAD_DIR to choose).
 * This machine's disk is ext4 without a journal, whose inode allocator skips inodes freed in the
 * last 30 s and scans further the more of them a block group holds: creating the same 2,000 files
 * cost 0.2 s or 1.0 s of system time depending on which group a new folder landed in (measured with
 * perf: `recently_deleted`), for every client alike. In RAM the rounds measure the clients.
 */
export function downloadFolder(): string {
  if (process.env.BENCH_DOWNLOAD_DIR) return process.env.BENCH_DOWNLOAD_DIR;
  return process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

export async function benchDownload(): Promise<{ big: BenchResult[]; small: BenchResult[] }> {
  const dir = await mkdtemp(path.join(downloadFolder(), 'bench-download-'));
  const t = await startTestWorld({ store: BENCH_STORE });
  try {
    await t.world.registerBucket({ name: BUCKET, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    // The objects go up once, with the core's own upload queue.
    const source = path.join(dir, 'source');
    await mkdir(path.join(source, 'small'), { recursive: true });
    const handle = await open(path.join(source, 'big.bin'), 'w');
    const chunk = randomBytes(8 * 1024 * 1024);
    for (let written = 0; written < BIG; written += chunk.length)
      await handle.write(chunk, 0, Math.min(chunk.length, BIG - written));
    await handle.close();
    for (let i = 0; i < SMALL_FILES; i++)
      await writeFile(path.join(source, 'small', `file-${i}.txt`), randomBytes(SMALL_SIZE));
    const uploader = new S3Transport({
      id: 'seed',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      // As the app's demo connection and AWS: the large object carries a CRC32 of its whole bytes,
      // which the core's download checks (rclone and aws-cli check nothing for it).
      wholeObjectChecksums: true,
      credentials: DEMO_ACCOUNT,
    });
    const queue = new TransferQueue({ transport: () => uploader, publish: () => undefined });
    const seeded = await queue.settled(
      await queue.addUploads({
        connectionId: 'seed',
        bucket: BUCKET,
        prefix: '',
        paths: [path.join(source, 'big.bin'), path.join(source, 'small')],
      }),
    );
    if (seeded.some((r) => r.state !== 'done')) throw new Error('the bench objects did not upload');
    await queue.shutdown();
    uploader.destroy();
    // Deleting the 2,000 sources now would slow the first round's file creation (see below).
    await rm(path.join(source, 'big.bin'));

    const child = await buildChild('bench/download-child.ts');

    // Each round writes into a folder of its own, and a folder of many files stays until the end:
    // ext4 without a journal (this machine's) skips inodes freed in the last 30 s when it creates
    // a file (recently_deleted(), seen with perf), so a client creating 2,000 files right after
    // the previous round's 2,000 were deleted paid ~0.5 ms of system time per file for it.
    let target = '';
    let round = 0;
    type Client = { name: string; go: () => Promise<Awaited<ReturnType<typeof runPeer>> & { inside?: string }> };
    const run = async (
      bytes: number,
      files: number,
      key: string,
      local: (target: string) => string,
      aws: string[],
      rclone: string[],
    ): Promise<BenchResult[]> => {
      const clients: Client[] = [
        {
          name: 'Bucket Explorer core',
          go: async () => {
            const mine = await runPeer('node', [child, t.world.endpointTemplate, BUCKET, key, local(target)], {
              NODE_NO_WARNINGS: '1',
              // Node's compile cache, as the terminal's commands keep it (electron/cli-compile-cache.ts):
              // from the second round on, loading takes ~135 ms instead of ~165 ms here.
              NODE_COMPILE_CACHE: path.join(dir, 'compile-cache'),
            });
            const report = JSON.parse(mine.stdout) as {
              ms: number;
              loadMs: number;
              failed: number;
              firstError?: string;
            };
            if (report.failed) throw new Error(`the core failed ${report.failed}: ${report.firstError}`);
            // The app's core runs in a process that is already up: what the download itself took.
            return {
              ...mine,
              inside: `${(report.ms / 1000).toFixed(2)} s once started (loading took ${report.loadMs} ms)`,
            };
          },
        },
      ];
      if (await hasCommand('aws')) {
        clients.push({
          name: 'aws s3 cp (aws-cli v1)',
          go: () =>
            runPeer(
              'aws',
              [
                's3',
                'cp',
                aws[0]!,
                target,
                ...aws.slice(1),
                '--endpoint-url',
                t.world.globalEndpoint,
                '--only-show-errors',
              ],
              awsCliEnv(),
            ),
        });
      }
      if (await hasCommand('rclone')) {
        clients.push({
          name: 'rclone copy',
          go: () => runPeer('rclone', ['copy', ...rclone, target], rcloneEnv(t.world.globalEndpoint, 'us-east-1')),
        });
      }
      return medianOfRotatingRounds(clients, ROUNDS, async (client) => {
        target = path.join(dir, `round-${++round}`);
        await mkdir(target, { recursive: true });
        // The previous round's gigabyte is still being written back to disk: flushed before the
        // clock starts, it does not land on whichever client comes next.
        if (process.platform !== 'win32') execFileSync('sync');
        const before = t.world.requests;
        const r = await client.go();
        // Every client must have written everything: count and size the result.
        const written = (await readdir(target, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
        const total = (await Promise.all(written.map((e) => stat(path.join(e.parentPath, e.name))))).reduce(
          (sum, x) => sum + x.size,
          0,
        );
        if (written.length !== files || total !== bytes)
          throw new Error(`${client.name} wrote ${written.length} files, ${total} bytes`);
        // One large file: its space back now (deleting one inode slows nobody's next file).
        if (files === 1) await rm(target, { recursive: true, force: true });
        return {
          name: client.name,
          ms: r.ms,
          bytes,
          requests: t.world.requests - before,
          peakRssMiB: r.peakRssMiB,
          cpuSeconds: r.cpuSeconds,
          note: r.inside ? `${files} file(s), ${r.inside}` : `${files} file(s)`,
        };
      });
    };

    const big = await run(
      BIG,
      1,
      'big.bin',
      (to) => path.join(to, 'big.bin'),
      [`s3://${BUCKET}/big.bin`],
      [`world:${BUCKET}/big.bin`],
    );
    const small = await run(
      SMALL_FILES * SMALL_SIZE,
      SMALL_FILES,
      'small/',
      (to) => to,
      [`s3://${BUCKET}/small/`, '--recursive'],
      [`world:${BUCKET}/small/`],
    );
    return { big, small };
  } finally {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
