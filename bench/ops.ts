// Moving a folder of 2,000 objects across regions: the app's core (its transfer queue's move jobs:
// server-side copy, confirmed, then delete; in a process of its own, like the peers) beside `aws s3 mv --recursive` and `rclone move`, on
// the same world and store. Before each run the folder is put back (server-side, not timed); after
// each, the destination must hold every object and the source none.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { objectsUnder } from '../electron/s3/browse.js';
import { deleteObjects } from '../electron/s3/objects.js';
import { S3Transport } from '../electron/s3/transport.js';
import { TransferQueue } from '../electron/transfers/queue.js';
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import { startTestWorld } from '../test/support/world.js';
import { awsCliEnv, hasCommand, rcloneEnv, buildChild, runPeer } from './peers.js';
import { medianOfRotatingRounds, type BenchResult } from './report.js';
import { BENCH_STORE } from './store.js';
import { copyFolder } from './folder-copy.js';

const FILES = Number(process.env.BENCH_OPS_FILES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCE = 'bench-ops-east';
const TARGET = 'bench-ops-west';

export async function benchOps(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ops-'));
  const t = await startTestWorld({ store: BENCH_STORE });
  const transport = new S3Transport({
    id: 'bench',
    defaultRegion: 'us-east-1',
    endpointTemplate: t.world.endpointTemplate,
    credentials: DEMO_ACCOUNT,
  });
  const queue = new TransferQueue({ transport: () => transport, publish: () => undefined });
  try {
    await t.world.registerBucket({ name: SOURCE, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    await t.world.registerBucket({ name: TARGET, region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    // The folder is uploaded once, under seed/; each run moves a server-side copy of it.
    const local = path.join(dir, 'seed');
    await mkdir(local, { recursive: true });
    for (let i = 0; i < FILES; i++) await writeFile(path.join(local, `file-${i}.txt`), randomBytes(4096));
    const up = await queue.settled(
      await queue.addUploads({ connectionId: 'bench', bucket: SOURCE, prefix: '', paths: [local] }),
    );
    if (up.some((r) => r.state !== 'done')) throw new Error('the bench objects did not upload');
    await rm(local, { recursive: true, force: true });

    const count = async (bucket: string, prefix: string) => {
      let n = 0;
      for await (const page of objectsUnder(transport, bucket, prefix)) n += page.length;
      return n;
    };
    const putBack = async () => {
      const done = await copyFolder(transport, queue, {
        sourceBucket: SOURCE,
        from: 'seed/',
        targetBucket: SOURCE,
        to: 'moving/',
        move: false,
      });
      if (done.failed) throw new Error(`${done.failed} not copied back: ${done.firstError}`);
    };

    const child = await buildChild('bench/ops-child.ts');
    type Client = {
      name: string;
      destination: string;
      go: () => Promise<{ ms: number; peakRssMiB?: number; cpuSeconds?: number }>;
    };
    const clients: Client[] = [
      {
        name: 'Bucket Explorer core',
        destination: 'moved-core/',
        go: async () => {
          const run = await runPeer(
            'node',
            [child, t.world.endpointTemplate, SOURCE, 'moving/', TARGET, 'moved-core/'],
            {
              NODE_NO_WARNINGS: '1',
            },
          );
          const report = JSON.parse(run.stdout) as { failed: number; firstError?: string };
          if (report.failed) throw new Error(`the core failed ${report.failed}: ${report.firstError}`);
          return run;
        },
      },
    ];
    if (await hasCommand('aws'))
      clients.push({
        name: 'aws s3 mv --recursive (aws-cli v1)',
        destination: 'moved-aws/',
        go: () =>
          runPeer(
            'aws',
            [
              's3',
              'mv',
              `s3://${SOURCE}/moving/`,
              `s3://${TARGET}/moved-aws/`,
              '--recursive',
              '--endpoint-url',
              t.world.globalEndpoint,
              '--only-show-errors',
            ],
            awsCliEnv(),
          ),
      });
    if (await hasCommand('rclone'))
      clients.push({
        // One rclone remote cannot reach a bucket in another region (it signs for its own region
        // and does not follow the 400), so the destination is a second remote in eu-west-1; rclone
        // then moves the bytes through itself, as it does between remotes.
        name: 'rclone move (two remotes)',
        destination: 'moved-rclone/',
        go: () =>
          runPeer('rclone', ['move', `world:${SOURCE}/moving`, `west:${TARGET}/moved-rclone`], {
            ...rcloneEnv(t.world.globalEndpoint, 'us-east-1'),
            ...Object.fromEntries(
              Object.entries(rcloneEnv(t.world.globalEndpoint, 'eu-west-1')).map(([k, v]) => [
                k.replace('_WORLD_', '_WEST_'),
                v,
              ]),
            ),
          }),
      });

    return await medianOfRotatingRounds(clients, ROUNDS, async (client) => {
      // Put the folder back (not timed), and clear this client's destination.
      if ((await count(SOURCE, 'moving/')) !== FILES) await putBack();
      for await (const page of objectsUnder(transport, TARGET, client.destination))
        if (page.length)
          await deleteObjects(
            transport,
            TARGET,
            page.map((o) => o.key),
          );
      const before = t.world.requests;
      const run = await client.go();
      const [left, arrived] = await Promise.all([count(SOURCE, 'moving/'), count(TARGET, client.destination)]);
      if (left !== 0 || arrived !== FILES)
        throw new Error(`${client.name} left ${left} at the source and moved ${arrived} of ${FILES}`);
      return {
        name: client.name,
        ms: run.ms,
        requests: t.world.requests - before,
        peakRssMiB: run.peakRssMiB,
        cpuSeconds: run.cpuSeconds,
        note: `${FILES} objects, us-east-1 → eu-west-1`,
      };
    });
  } finally {
    await queue.shutdown();
    transport.destroy();
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
