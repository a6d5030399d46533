// The demo's buckets: three regions, one still propagating (307s), a directory bucket, a bucket
// of another account (403), a public one, nested prefixes, awkward key names, and a big prefix.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Transport } from '../s3/transport.js';
import type { WorldAccounts } from './accounts.js';
import type { Account } from './sigv4-verify.js';
import type { World } from './world.js';

export const DEMO_BUCKETS = {
  usEast: 'demo-us-east',
  euWest: 'demo-eu-west',
  apSoutheast: 'demo-ap-southeast',
  propagating: 'demo-just-created',
  directory: 'demo-express--usw2-az1--x-s3',
  forbidden: 'demo-other-account',
  public: 'demo-public-data',
} as const;

/** The demo's buckets its identity cannot list but may open by name: offered as suggestions. */
export const BY_NAME_SUGGESTIONS: string[] = [DEMO_BUCKETS.forbidden, DEMO_BUCKETS.public, DEMO_BUCKETS.directory];

export interface SeedOptions {
  /** Keys under `many/` in demo-us-east, written into the store directly (see startDemo). */
  bigPrefixKeys?: number;
  /** How long demo-just-created answers 307. */
  propagationMs?: number;
}

export async function seedDemo(world: World, accounts: WorldAccounts, options: SeedOptions = {}): Promise<void> {
  const me = accounts.demo.accountId;
  const other = accounts.other.accountId;
  await Promise.all([
    world.registerBucket({ name: DEMO_BUCKETS.usEast, region: 'us-east-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.euWest, region: 'eu-west-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.apSoutheast, region: 'ap-southeast-2', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.propagating, region: 'eu-west-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.directory, region: 'us-west-2', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.forbidden, region: 'eu-central-1', ownerAccountId: other }),
    world.registerBucket({ name: DEMO_BUCKETS.public, region: 'us-west-2', ownerAccountId: other, public: true }),
  ]);

  // Objects go in through the front door with the SDK, like any client's would.
  const writer = (account: Account) =>
    new S3Transport(
      { id: 'seed', defaultRegion: 'us-east-1', endpointTemplate: world.endpointTemplate, credentials: account },
      { maxSockets: 16 },
    );
  const mine = writer(accounts.demo);
  const theirs = writer(accounts.other);
  const put = (transport: S3Transport, bucket: string, key: string, body: string) =>
    transport.send(
      { operation: 'PutObject', bucket, key },
      () =>
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: key.endsWith('.json') ? 'application/json' : 'text/plain',
        }),
    );

  const files: Array<[S3Transport, string, string, string]> = [
    [
      mine,
      DEMO_BUCKETS.usEast,
      'README.txt',
      'Welcome to the Bucket Explorer demo. Every bucket here lives in a region of its own.\n',
    ],
    [mine, DEMO_BUCKETS.usEast, 'reports/2026/q1/summary.json', '{"quarter":"Q1","revenue":1200}\n'],
    [mine, DEMO_BUCKETS.usEast, 'reports/2026/q2/summary.json', '{"quarter":"Q2","revenue":1350}\n'],
    [mine, DEMO_BUCKETS.usEast, 'reports/2026/q2/notes with spaces.txt', 'Keys may contain spaces.\n'],
    [mine, DEMO_BUCKETS.usEast, 'odd names/a+b=c.txt', 'Plus and equals signs survive.\n'],
    [mine, DEMO_BUCKETS.usEast, 'odd names/Ünïcödé — ünicode.txt', 'Unicode keys.\n'],
    [mine, DEMO_BUCKETS.usEast, 'odd names/emoji 🚀📦.txt', 'Emoji keys.\n'],
    [mine, DEMO_BUCKETS.euWest, 'photos/2025/holiday/beach.jpg.txt', 'A photo would be here.\n'],
    [mine, DEMO_BUCKETS.euWest, 'photos/2025/holiday/hills.jpg.txt', 'Another photo.\n'],
    [mine, DEMO_BUCKETS.euWest, 'deep/a/b/c/d/e/f/leaf.txt', 'Deep only: every level is a folder.\n'],
    [mine, DEMO_BUCKETS.apSoutheast, 'logs/2026-11-20.log', 'GET / 200\n'],
    [mine, DEMO_BUCKETS.apSoutheast, 'logs/2026-11-21.log', 'GET /health 200\n'],
    [mine, DEMO_BUCKETS.directory, 'express/hot-object.bin', 'Low-latency data in one zone.\n'],
    [theirs, DEMO_BUCKETS.forbidden, 'secret/plans.txt', 'You should not be able to read this.\n'],
    [theirs, DEMO_BUCKETS.public, 'datasets/weather.csv', 'date,temp\n2026-11-21,14\n'],
    [theirs, DEMO_BUCKETS.public, 'LICENSE.txt', 'Public domain.\n'],
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < files.length) {
        const [transport, bucket, key, body] = files[next++]!;
        await put(transport, bucket, key, body);
      }
    }),
  );
  mine.destroy();
  theirs.destroy();
  // Only now start the propagation window, so the seed itself was not redirected.
  const propagating = world.buckets.get(DEMO_BUCKETS.propagating);
  if (propagating) propagating.temporaryRedirectUntil = Date.now() + (options.propagationMs ?? 10 * 60 * 1000);
}
