// Object Lock through the world, over both stores: a bucket created with it, retention and legal
// holds written with an object or after it, read on HEAD, and deletes of a protected version
// refused (DeleteObject, and DeleteObjects entry by entry) unless a governance retention is
// bypassed. Where moto falls short of S3's documented behaviour (it answers GetObjectRetention
// with a 500, lets a retention be shortened, takes an Object Lock configuration only on an empty
// bucket and keeps a default retention when one is put without it), the test says so and holds
// the embedded store to S3.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, worldClient } from '../support/sdk-world.js';
import { DEMO_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const DAY = 86_400_000;

describe.each(STORES)('Object Lock over %s', (store) => {
  let t: TestWorld;
  let s3: S3Client;
  const BUCKET = 'locked-bucket';
  const put = (Key: string, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'kept', ChecksumAlgorithm: 'CRC32', ...extra }));
  const head = (Key: string, VersionId?: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key, VersionId }));

  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({
      name: BUCKET,
      region: 'us-east-1',
      ownerAccountId: DEMO_ACCOUNT.accountId,
      objectLock: true,
    });
    await t.world.registerBucket({ name: 'plain-bucket', region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    s3 = worldClient(t);
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.stop();
  });

  it('says a bucket has it on, and a bucket without it that it has none', async () => {
    const config = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: BUCKET }));
    expect(config.ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
    expect(await failure(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'plain-bucket' })))).toMatchObject({
      name: 'ObjectLockConfigurationNotFoundError',
      status: 404,
    });
    expect(
      await failure(
        s3.send(new PutObjectCommand({ Bucket: 'plain-bucket', Key: 'x', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })),
      ),
    ).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it('keeps a version under governance retention until it is bypassed, and a compliance one always', async () => {
    const until = new Date(Date.now() + 30 * DAY);
    const governed = await put('governed.txt', { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until });
    expect(await head('governed.txt')).toMatchObject({ ObjectLockMode: 'GOVERNANCE' });
    expect(Math.abs((await head('governed.txt')).ObjectLockRetainUntilDate!.getTime() - until.getTime())).toBeLessThan(
      1000,
    );
    const del = (VersionId: string, BypassGovernanceRetention?: boolean) =>
      s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'governed.txt', VersionId, BypassGovernanceRetention }));
    expect(await failure(del(governed.VersionId!))).toMatchObject({ name: 'AccessDenied', status: 403 });
    // Without a version: a delete marker, which retention does not stop.
    expect((await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'governed.txt' }))).DeleteMarker).toBe(true);
    await del(governed.VersionId!, true);
    await expect(head('governed.txt', governed.VersionId)).rejects.toBeDefined();

    const complied = await put('complied.txt', { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until });
    expect(
      await failure(
        s3.send(
          new DeleteObjectCommand({
            Bucket: BUCKET,
            Key: 'complied.txt',
            VersionId: complied.VersionId,
            BypassGovernanceRetention: true,
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('holds a version under a legal hold until it is lifted, and says so entry by entry in DeleteObjects', async () => {
    const held = await put('held.txt');
    const free = await put('free.txt');
    await s3.send(new PutObjectLegalHoldCommand({ Bucket: BUCKET, Key: 'held.txt', LegalHold: { Status: 'ON' } }));
    expect((await head('held.txt')).ObjectLockLegalHoldStatus).toBe('ON');
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: {
          Objects: [
            { Key: 'held.txt', VersionId: held.VersionId },
            { Key: 'free.txt', VersionId: free.VersionId },
          ],
        },
      }),
    );
    expect(result.Errors?.map((e) => [e.Key, e.Code, e.Message])).toEqual([
      ['held.txt', 'AccessDenied', 'Access Denied because object protected by object lock.'],
    ]);
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['free.txt']);
    await s3.send(new PutObjectLegalHoldCommand({ Bucket: BUCKET, Key: 'held.txt', LegalHold: { Status: 'OFF' } }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'held.txt', VersionId: held.VersionId }));
  });

  it.runIf(store === 'embedded')(
    "holds what moto does not: retention read back, never shortened without bypass, a default, Object Lock on a versioned bucket's objects",
    async () => {
      const until = new Date(Date.now() + 10 * DAY);
      const written = await put('dated.txt', { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until });
      const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: BUCKET, Key: 'dated.txt' }));
      expect(retention.Retention?.Mode).toBe('GOVERNANCE');
      const shorter = { Mode: 'GOVERNANCE' as const, RetainUntilDate: new Date(Date.now() + DAY) };
      expect(
        await failure(s3.send(new PutObjectRetentionCommand({ Bucket: BUCKET, Key: 'dated.txt', Retention: shorter }))),
      ).toMatchObject({ name: 'AccessDenied', status: 403 });
      await s3.send(
        new PutObjectRetentionCommand({
          Bucket: BUCKET,
          Key: 'dated.txt',
          Retention: shorter,
          BypassGovernanceRetention: true,
        }),
      );
      // Made stricter: compliance, which nothing shortens again.
      await s3.send(
        new PutObjectRetentionCommand({
          Bucket: BUCKET,
          Key: 'dated.txt',
          VersionId: written.VersionId,
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until },
        }),
      );
      expect(
        await failure(
          s3.send(
            new PutObjectRetentionCommand({
              Bucket: BUCKET,
              Key: 'dated.txt',
              Retention: { Mode: 'GOVERNANCE', RetainUntilDate: until },
              BypassGovernanceRetention: true,
            }),
          ),
        ),
      ).toMatchObject({ name: 'AccessDenied' });

      await s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket: BUCKET,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 7 } },
          },
        }),
      );
      await put('defaulted.txt');
      const defaulted = await head('defaulted.txt');
      expect(defaulted.ObjectLockMode).toBe('GOVERNANCE');
      expect(defaulted.ObjectLockRetainUntilDate!.getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
      expect(
        await failure(
          s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Suspended' } })),
        ),
      ).toMatchObject({ name: 'InvalidBucketState', status: 409 });

      // A versioned bucket with objects takes Object Lock later (S3 allows it since 2023); an unversioned one does not.
      await s3.send(new CreateBucketCommand({ Bucket: 'later-bucket' }));
      await t.world.registerBucket({
        name: 'later-bucket',
        region: 'us-east-1',
        ownerAccountId: DEMO_ACCOUNT.accountId,
      });
      const enable = () =>
        s3.send(
          new PutObjectLockConfigurationCommand({
            Bucket: 'later-bucket',
            ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
          }),
        );
      expect(await failure(enable())).toMatchObject({ name: 'InvalidBucketState', status: 409 });
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: 'later-bucket', VersioningConfiguration: { Status: 'Enabled' } }),
      );
      await s3.send(new PutObjectCommand({ Bucket: 'later-bucket', Key: 'already.txt', Body: 'x' }));
      await enable();
      expect(
        (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'later-bucket' }))).ObjectLockConfiguration,
      ).toEqual({ ObjectLockEnabled: 'Enabled' });
    },
  );
});
