// The demo's buckets: three regions, one still propagating (307s), a directory bucket, a bucket
// of another account (403), a public one, nested prefixes, awkward key names, a big prefix; and
// the states the access and versions views show: a versioned bucket with history, a bucket public
// by policy, one behind Block Public Access, one whose public policy is restricted, and objects
// in Glacier in a bucket with default encryption.
import {
  DeleteObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { S3Transport } from '../s3/transport.js';
import { contentTypeFor } from '../transfers/content-type.js';
import { samplePdf, sampleWav } from './media-samples.js';
import type { WorldAccounts } from '../world/accounts.js';
import type { Account } from '../world/sigv4-verify.js';
import type { World } from '../world/world.js';

export const DEMO_BUCKETS = {
  usEast: 'demo-us-east',
  euWest: 'demo-eu-west',
  apSoutheast: 'demo-ap-southeast',
  propagating: 'demo-just-created',
  directory: 'demo-express--usw2-az1--x-s3',
  forbidden: 'demo-other-account',
  public: 'demo-public-data',
  versioned: 'demo-versioned',
  website: 'demo-website',
  locked: 'demo-locked',
  records: 'demo-records',
  restricted: 'demo-restricted',
  archive: 'demo-archive',
} as const;

/** A policy that lets everyone read a bucket's objects (and list it). */
export function publicReadPolicy(bucket: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PublicList',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${bucket}`,
        },
        {
          Sid: 'PublicRead',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        },
      ],
    },
    null,
    2,
  );
}

const ALL_BLOCKED = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

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
    world.registerBucket({ name: DEMO_BUCKETS.public, region: 'us-west-2', ownerAccountId: other }),
    world.registerBucket({ name: DEMO_BUCKETS.versioned, region: 'us-east-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.website, region: 'eu-west-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.locked, region: 'us-east-1', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.records, region: 'us-east-1', ownerAccountId: me, objectLock: true }),
    world.registerBucket({ name: DEMO_BUCKETS.restricted, region: 'ap-southeast-2', ownerAccountId: me }),
    world.registerBucket({ name: DEMO_BUCKETS.archive, region: 'eu-west-1', ownerAccountId: me }),
  ]);

  // Objects go in through the front door with the SDK, like any client's would.
  const writer = (account: Account) =>
    new S3Transport(
      { id: 'seed', defaultRegion: 'us-east-1', endpointTemplate: world.endpointTemplate, credentials: account },
      { maxSockets: 16 },
    );
  const mine = writer(accounts.demo);
  const theirs = writer(accounts.other);
  const put = async (
    transport: S3Transport,
    bucket: string,
    key: string,
    body: string | Buffer,
    storageClass?: StorageClass,
  ) => {
    // What an upload of the same name would get: the website's page is HTML, the dataset CSV.
    const type = await contentTypeFor(key);
    return transport.send(
      { operation: 'PutObject', bucket, key },
      () =>
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: type, StorageClass: storageClass }),
    );
  };

  // Settings first, so the objects written next are versioned and encrypted as they would be.
  await Promise.all([
    mine.send(
      { operation: 'PutBucketVersioning', bucket: DEMO_BUCKETS.versioned },
      () =>
        new PutBucketVersioningCommand({
          Bucket: DEMO_BUCKETS.versioned,
          VersioningConfiguration: { Status: 'Enabled' },
        }),
    ),
    mine.send(
      { operation: 'PutBucketPolicy', bucket: DEMO_BUCKETS.website },
      () =>
        new PutBucketPolicyCommand({ Bucket: DEMO_BUCKETS.website, Policy: publicReadPolicy(DEMO_BUCKETS.website) }),
    ),
    // The bucket named for a website is one (it said "Static website: off" beside its index.html).
    mine.send(
      { operation: 'PutBucketWebsite', bucket: DEMO_BUCKETS.website },
      () =>
        new PutBucketWebsiteCommand({
          Bucket: DEMO_BUCKETS.website,
          WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } },
        }),
    ),
    theirs.send(
      { operation: 'PutBucketPolicy', bucket: DEMO_BUCKETS.public },
      () => new PutBucketPolicyCommand({ Bucket: DEMO_BUCKETS.public, Policy: publicReadPolicy(DEMO_BUCKETS.public) }),
    ),
    mine.send(
      { operation: 'PutPublicAccessBlock', bucket: DEMO_BUCKETS.records },
      () =>
        new PutPublicAccessBlockCommand({ Bucket: DEMO_BUCKETS.records, PublicAccessBlockConfiguration: ALL_BLOCKED }),
    ),
    mine.send(
      { operation: 'PutPublicAccessBlock', bucket: DEMO_BUCKETS.locked },
      () =>
        new PutPublicAccessBlockCommand({ Bucket: DEMO_BUCKETS.locked, PublicAccessBlockConfiguration: ALL_BLOCKED }),
    ),
    mine.send(
      { operation: 'PutBucketEncryption', bucket: DEMO_BUCKETS.locked },
      () =>
        new PutBucketEncryptionCommand({
          Bucket: DEMO_BUCKETS.locked,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: `arn:aws:kms:us-east-1:${me}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                },
                BucketKeyEnabled: true,
              },
            ],
          },
        }),
    ),
    mine.send(
      { operation: 'PutBucketEncryption', bucket: DEMO_BUCKETS.archive },
      () =>
        new PutBucketEncryptionCommand({
          Bucket: DEMO_BUCKETS.archive,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
        }),
    ),
    // A public policy first, then Block Public Access's RestrictPublicBuckets over it: "only
    // authorized users of this account" (BlockPublicPolicy stays off, or the policy would be refused).
    mine
      .send(
        { operation: 'PutBucketPolicy', bucket: DEMO_BUCKETS.restricted },
        () =>
          new PutBucketPolicyCommand({
            Bucket: DEMO_BUCKETS.restricted,
            Policy: publicReadPolicy(DEMO_BUCKETS.restricted),
          }),
      )
      .then(() =>
        mine.send(
          { operation: 'PutPublicAccessBlock', bucket: DEMO_BUCKETS.restricted },
          () =>
            new PutPublicAccessBlockCommand({
              Bucket: DEMO_BUCKETS.restricted,
              PublicAccessBlockConfiguration: { ...ALL_BLOCKED, BlockPublicPolicy: false },
            }),
        ),
      ),
  ]);

  const files: Array<[S3Transport, string, string, string | Buffer]> = [
    // Something to open in the preview besides text.
    [
      mine,
      DEMO_BUCKETS.usEast,
      'media/guide.pdf',
      samplePdf([
        'Bucket Explorer\nA PDF in the demo.',
        'Page two\nPage Down or the arrows turn pages.',
        'Page three\nThe end.',
      ]),
    ],
    [mine, DEMO_BUCKETS.usEast, 'media/tone.wav', sampleWav(2)],
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
    [mine, DEMO_BUCKETS.website, 'index.html', '<!doctype html><title>Demo site</title><h1>Served to everyone</h1>\n'],
    [mine, DEMO_BUCKETS.website, 'about.txt', 'Anyone may read the objects in this bucket: its policy says so.\n'],
    [mine, DEMO_BUCKETS.locked, 'payroll/2026-10.csv', 'name,amount\nAda,100\n'],
    [mine, DEMO_BUCKETS.restricted, 'shared/readme.txt', 'The policy is public; Block Public Access restricts it.\n'],
    [mine, DEMO_BUCKETS.archive, 'recent/notes.txt', 'Still in STANDARD.\n'],
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
  // Cold objects: readable only after a restore.
  for (const [key, body, storageClass] of [
    ['2019/backup-2019.tar.txt', 'An old backup, in Glacier Flexible Retrieval.\n', 'GLACIER'],
    ['2018/backup-2018.tar.txt', 'An older backup, in Deep Archive.\n', 'DEEP_ARCHIVE'],
  ] as const)
    await put(mine, DEMO_BUCKETS.archive, key, body, storageClass);

  // History in the versioned bucket: overwrites, a deleted file, and an old version worth reverting to.
  const history: Array<[string, string | null]> = [
    ['notes/todo.txt', 'Buy milk.\n'],
    ['notes/todo.txt', 'Buy milk.\nCall the bank.\n'],
    ['notes/todo.txt', 'Call the bank.\n'],
    ['config/settings.json', '{"theme":"light","retries":3}\n'],
    ['config/settings.json', '{"theme":"dark","retries":0}\n'],
    ['notes/draft.md', '# Draft\n\nA note that was deleted later.\n'],
    ['notes/draft.md', null],
    ['old/report.txt', 'A report in a folder whose every object was deleted.\n'],
    ['old/report.txt', null],
  ];
  for (const [key, body] of history) {
    if (body === null)
      await mine.send(
        { operation: 'DeleteObject', bucket: DEMO_BUCKETS.versioned, key },
        () => new DeleteObjectCommand({ Bucket: DEMO_BUCKETS.versioned, Key: key }),
      );
    else await put(mine, DEMO_BUCKETS.versioned, key, body);
  }
  // Object Lock: records kept 30 days by default (governance), a contract under a legal hold.
  await mine.send(
    { operation: 'PutObjectLockConfiguration', bucket: DEMO_BUCKETS.records },
    () =>
      new PutObjectLockConfigurationCommand({
        Bucket: DEMO_BUCKETS.records,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
        },
      }),
  );
  await put(mine, DEMO_BUCKETS.records, 'audit/2026-q3.csv', 'quarter,findings\n2026-Q3,0\n');
  await put(mine, DEMO_BUCKETS.records, 'contracts/signed-2026.txt', 'Signed by both parties on 2026-11-02.\n');
  await mine.send(
    { operation: 'PutObjectLegalHold', bucket: DEMO_BUCKETS.records, key: 'contracts/signed-2026.txt' },
    () =>
      new PutObjectLegalHoldCommand({
        Bucket: DEMO_BUCKETS.records,
        Key: 'contracts/signed-2026.txt',
        LegalHold: { Status: 'ON' },
      }),
  );
  mine.destroy();
  theirs.destroy();
  // Only now start the propagation window, so the seed itself was not redirected.
  const propagating = world.buckets.get(DEMO_BUCKETS.propagating);
  if (propagating) propagating.temporaryRedirectUntil = Date.now() + (options.propagationMs ?? 10 * 60 * 1000);
}
