// Versions, conditional requests, copies, storage classes and bucket settings through the world,
// asserted over both stores: moto (the reference) and the embedded store (the demo's). Where moto
// falls short of S3's documented behaviour, the test says so and holds the embedded store to S3.
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  RestoreObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicReadPolicy } from '../../electron/demo/seed.js';
import { raw } from '../support/raw-http.js';
import { failure, worldClient as client } from '../support/sdk-world.js';
import { DEMO_ACCOUNT, OTHER_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const MIB = 1024 * 1024;

describe.each(STORES)('versions, conditions, copies and settings over %s', (store) => {
  let t: TestWorld;
  let s3: S3Client;
  const V = 'versioned';
  const P = 'plain';

  beforeAll(async () => {
    t = await startTestWorld({ store, restoreMs: 300 });
    for (const name of [V, P])
      await t.world.registerBucket({ name, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    s3 = client(t);
    await s3.send(new PutBucketVersioningCommand({ Bucket: V, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.stop();
  });

  const text = async (out: { Body?: { transformToString(): Promise<string> } }) => out.Body!.transformToString();

  describe('versioning', () => {
    it('keeps every write as a version, newest first, each readable by its id', async () => {
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: V }))).Status).toBe('Enabled');
      const ids: string[] = [];
      for (const body of ['one', 'two', 'three']) {
        const put = await s3.send(new PutObjectCommand({ Bucket: V, Key: 'doc.txt', Body: body }));
        expect(put.VersionId).toBeTruthy();
        ids.push(put.VersionId!);
      }
      expect(new Set(ids).size).toBe(3);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: V, Key: 'doc.txt' })))).toBe('three');
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: V, Key: 'doc.txt', VersionId: ids[0] })))).toBe(
        'one',
      );
      const head = await s3.send(new HeadObjectCommand({ Bucket: V, Key: 'doc.txt', VersionId: ids[1] }));
      expect([head.ContentLength, head.VersionId]).toEqual([3, ids[1]]);
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'doc.txt' }));
      expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest, v.Size])).toEqual([
        [ids[2], true, 5],
        [ids[1], false, 3],
        [ids[0], false, 3],
      ]);
      const missing = await failure(s3.send(new GetObjectCommand({ Bucket: V, Key: 'doc.txt', VersionId: 'nope' })));
      // S3 answers an id it never issued with 400 InvalidArgument; moto with 404 NoSuchVersion.
      expect([400, 404]).toContain(missing.status);
    });

    it('hides a deleted key behind a delete marker, and removing the marker brings it back', async () => {
      await s3.send(new PutObjectCommand({ Bucket: V, Key: 'gone/a.txt', Body: 'alive' }));
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: V, Key: 'gone/a.txt' }));
      expect(deleted.DeleteMarker).toBe(true);
      expect(deleted.VersionId).toBeTruthy();
      const get = await failure(s3.send(new GetObjectCommand({ Bucket: V, Key: 'gone/a.txt' })));
      // moto 5.2.1 leaves out S3's x-amz-delete-marker header on this 404.
      expect([get.name, get.status, get.headers['x-amz-delete-marker']]).toEqual([
        'NoSuchKey',
        404,
        store === 'moto' ? undefined : 'true',
      ]);
      const byId = await failure(
        s3.send(new GetObjectCommand({ Bucket: V, Key: 'gone/a.txt', VersionId: deleted.VersionId })),
      );
      // S3: 405 MethodNotAllowed with x-amz-delete-marker; moto 5.2.1 answers 404 without it.
      expect([byId.status, byId.headers['x-amz-delete-marker']]).toEqual(
        store === 'moto' ? [404, undefined] : [405, 'true'],
      );
      expect((await s3.send(new ListObjectsV2Command({ Bucket: V, Prefix: 'gone/' }))).KeyCount).toBe(0);
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'gone/' }));
      expect(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[deleted.VersionId, true]]);
      expect(versions.Versions?.map((v) => v.IsLatest)).toEqual([false]);

      const undelete = await s3.send(
        new DeleteObjectCommand({ Bucket: V, Key: 'gone/a.txt', VersionId: deleted.VersionId }),
      );
      // S3 says the version removed was a delete marker; moto 5.2.1 does not.
      expect(undelete.DeleteMarker).toBe(store === 'moto' ? undefined : true);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: V, Key: 'gone/a.txt' })))).toBe('alive');
    });

    it('pages ListObjectVersions with key and version-id markers, and rolls folders up', async () => {
      for (const key of ['p/a', 'p/a', 'p/b', 'p/sub/c', 'p/sub/c'])
        await s3.send(new PutObjectCommand({ Bucket: V, Key: key, Body: key }));
      await s3.send(new DeleteObjectCommand({ Bucket: V, Key: 'p/b' }));
      const all = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'p/' }));
      const expected = [
        ...(all.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`),
        ...(all.DeleteMarkers ?? []).map((m) => `${m.Key}@${m.VersionId}`),
      ].sort();
      expect(expected).toHaveLength(6);
      const seen: string[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: V,
            Prefix: 'p/',
            MaxKeys: 1,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        seen.push(
          ...(page.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`),
          ...(page.DeleteMarkers ?? []).map((m) => `${m.Key}@${m.VersionId}`),
        );
        if (!page.IsTruncated) break;
        keyMarker = page.NextKeyMarker;
        versionIdMarker = page.NextVersionIdMarker;
      }
      expect(seen.sort()).toEqual(expected);
      const folders = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'p/', Delimiter: '/' }));
      expect(folders.CommonPrefixes?.map((c) => c.Prefix)).toEqual(['p/sub/']);
      expect(new Set(folders.Versions?.map((v) => v.Key))).toEqual(new Set(['p/a', 'p/b']));
    });

    it('deletes specific versions and adds markers in one DeleteObjects', async () => {
      const one = await s3.send(new PutObjectCommand({ Bucket: V, Key: 'batch/x', Body: '1' }));
      await s3.send(new PutObjectCommand({ Bucket: V, Key: 'batch/x', Body: '2' }));
      await s3.send(new PutObjectCommand({ Bucket: V, Key: 'batch/y', Body: 'y' }));
      const out = await s3.send(
        new DeleteObjectsCommand({
          Bucket: V,
          Delete: { Objects: [{ Key: 'batch/x', VersionId: one.VersionId }, { Key: 'batch/y' }] },
        }),
      );
      const byKey = Object.fromEntries((out.Deleted ?? []).map((d) => [d.Key, d]));
      expect(byKey['batch/x']?.VersionId).toBe(one.VersionId);
      expect(byKey['batch/y']?.DeleteMarker).toBe(true);
      const left = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'batch/' }));
      expect(left.Versions?.map((v) => v.Key)).toEqual(['batch/x', 'batch/y']);
      expect(left.DeleteMarkers?.map((m) => m.Key)).toEqual(['batch/y']);
    });

    it('writes "null" versions while suspended, replacing the previous null one', async () => {
      const bucket = 'suspended';
      await t.world.registerBucket({ name: bucket, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'before versioning' }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'versioned' }));
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      );
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Suspended');
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'suspended' }));
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      const ids = versions.Versions?.map((v) => v.VersionId);
      // S3: the suspended write replaces the null version and keeps the Enabled-era one. moto 5.2.1
      // drops the Enabled-era version too.
      expect(ids).toHaveLength(store === 'moto' ? 1 : 2);
      expect(ids?.[0]).toBe('null');
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: 'null' })))).toBe(
        'suspended',
      );
    });

    it('copies an older version over the latest (a revert): a new version, nothing lost', async () => {
      const old = await s3.send(
        new PutObjectCommand({ Bucket: V, Key: 'rev.txt', Body: 'good', ContentType: 'text/x-good' }),
      );
      await s3.send(new PutObjectCommand({ Bucket: V, Key: 'rev.txt', Body: 'bad' }));
      const copy = await s3.send(
        new CopyObjectCommand({ Bucket: V, Key: 'rev.txt', CopySource: `${V}/rev.txt?versionId=${old.VersionId}` }),
      );
      expect(copy.CopySourceVersionId).toBe(old.VersionId);
      const now = await s3.send(new GetObjectCommand({ Bucket: V, Key: 'rev.txt' }));
      expect([await text(now), now.ContentType, now.VersionId]).toEqual(['good', 'text/x-good', copy.VersionId]);
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: V, Prefix: 'rev.txt' }));
      expect(listed.Versions).toHaveLength(3);
    });
  });

  describe('conditional requests and ranges', () => {
    let etag: string;
    beforeAll(async () => {
      etag = (await s3.send(new PutObjectCommand({ Bucket: P, Key: 'cond.txt', Body: '0123456789' }))).ETag!;
    });

    it('answers If-Match / If-Unmodified-Since with 412 and If-None-Match / If-Modified-Since with 304', async () => {
      expect(
        (await failure(s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', IfMatch: '"nope"' })))).status,
      ).toBe(412);
      expect(
        (await failure(s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', IfNoneMatch: etag })))).status,
      ).toBe(304);
      const past = new Date(Date.now() - 3600_000);
      const future = new Date(Date.now() + 3600_000);
      expect(
        (await failure(s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', IfUnmodifiedSince: past })))).status,
      ).toBe(412);
      expect(
        (await failure(s3.send(new HeadObjectCommand({ Bucket: P, Key: 'cond.txt', IfModifiedSince: future })))).status,
      ).toBe(304);
      const ok = await s3.send(
        new GetObjectCommand({ Bucket: P, Key: 'cond.txt', IfMatch: etag, IfModifiedSince: past }),
      );
      expect(await text(ok)).toBe('0123456789');
    });

    it('saves with If-Match only over the version it read', async () => {
      const first = await s3.send(new PutObjectCommand({ Bucket: P, Key: 'edit.txt', Body: 'v1' }));
      await s3.send(new PutObjectCommand({ Bucket: P, Key: 'edit.txt', Body: 'v2 by someone else' }));
      const stale = await failure(
        s3.send(new PutObjectCommand({ Bucket: P, Key: 'edit.txt', Body: 'mine', IfMatch: first.ETag })),
      );
      expect([stale.name, stale.status]).toEqual(['PreconditionFailed', 412]);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: P, Key: 'edit.txt' })))).toBe(
        'v2 by someone else',
      );
    });

    it('answers ranges with 206 and an unsatisfiable one with 416', async () => {
      const part = await s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', Range: 'bytes=2-4' }));
      expect([part.$metadata.httpStatusCode, part.ContentRange, await text(part)]).toEqual([
        206,
        'bytes 2-4/10',
        '234',
      ]);
      const tail = await s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', Range: 'bytes=-3' }));
      expect(await text(tail)).toBe('789');
      const beyond = await failure(s3.send(new GetObjectCommand({ Bucket: P, Key: 'cond.txt', Range: 'bytes=20-30' })));
      expect([beyond.name, beyond.status]).toEqual(['InvalidRange', 416]);
    });
  });

  describe('copies', () => {
    beforeAll(async () => {
      await s3.send(
        new PutObjectCommand({
          Bucket: P,
          Key: 'src.txt',
          Body: 'source bytes',
          ContentType: 'text/x-source',
          Metadata: { owner: 'ada' },
          Tagging: 'team=blue',
        }),
      );
    });

    it('keeps Content-Type, metadata and tags by default, and replaces them when told', async () => {
      await s3.send(new CopyObjectCommand({ Bucket: P, Key: 'kept.txt', CopySource: `${P}/src.txt` }));
      const kept = await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'kept.txt' }));
      expect([kept.ContentType, kept.Metadata]).toEqual(['text/x-source', { owner: 'ada' }]);
      expect((await s3.send(new GetObjectTaggingCommand({ Bucket: P, Key: 'kept.txt' }))).TagSet).toEqual([
        { Key: 'team', Value: 'blue' },
      ]);
      await s3.send(
        new CopyObjectCommand({
          Bucket: P,
          Key: 'replaced.txt',
          CopySource: `${P}/src.txt`,
          MetadataDirective: 'REPLACE',
          ContentType: 'text/plain',
          Metadata: { owner: 'grace' },
          TaggingDirective: 'REPLACE',
          Tagging: 'team=red',
        }),
      );
      const replaced = await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'replaced.txt' }));
      expect([replaced.ContentType, replaced.Metadata]).toEqual(['text/plain', { owner: 'grace' }]);
      expect((await s3.send(new GetObjectTaggingCommand({ Bucket: P, Key: 'replaced.txt' }))).TagSet).toEqual([
        { Key: 'team', Value: 'red' },
      ]);
    });

    it('refuses a copy onto itself that changes nothing, and a copy whose source condition fails', async () => {
      // S3 refuses this with 400 InvalidRequest; moto 5.2.1 copies anyway.
      if (store !== 'moto') {
        const self = await failure(
          s3.send(new CopyObjectCommand({ Bucket: P, Key: 'src.txt', CopySource: `${P}/src.txt` })),
        );
        expect([self.name, self.status]).toEqual(['InvalidRequest', 400]);
      }
      // S3 checks x-amz-copy-source-if-match; moto 5.2.1 copies anyway.
      if (store !== 'moto') {
        const cond = await failure(
          s3.send(
            new CopyObjectCommand({ Bucket: P, Key: 'x.txt', CopySource: `${P}/src.txt`, CopySourceIfMatch: '"nope"' }),
          ),
        );
        expect(cond.status).toBe(412);
      }
      // In place with REPLACE is how an edit of metadata is made.
      await s3.send(
        new CopyObjectCommand({
          Bucket: P,
          Key: 'src.txt',
          CopySource: `${P}/src.txt`,
          MetadataDirective: 'REPLACE',
          ContentType: 'text/x-source',
          CacheControl: 'max-age=60',
          Metadata: { owner: 'ada' },
        }),
      );
      expect((await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'src.txt' }))).CacheControl).toBe('max-age=60');
    });

    it('copies ranges of a source into parts (UploadPartCopy)', async () => {
      const big = Buffer.alloc(6 * MIB, 7);
      big.write('tail', big.length - 4);
      await s3.send(new PutObjectCommand({ Bucket: P, Key: 'big.bin', Body: big }));
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: P, Key: 'big-copy.bin' }));
      const parts = [];
      for (const [n, range] of [
        [1, `bytes=0-${5 * MIB - 1}`],
        [2, `bytes=${5 * MIB}-${big.length - 1}`],
      ] as const) {
        const out = await s3.send(
          new UploadPartCopyCommand({
            Bucket: P,
            Key: 'big-copy.bin',
            UploadId,
            PartNumber: n,
            CopySource: `${P}/big.bin`,
            CopySourceRange: range,
          }),
        );
        parts.push({ PartNumber: n, ETag: out.CopyPartResult!.ETag });
      }
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: P,
          Key: 'big-copy.bin',
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      const got = Buffer.from(
        await (await s3.send(new GetObjectCommand({ Bucket: P, Key: 'big-copy.bin' }))).Body!.transformToByteArray(),
      );
      expect(got.equals(big)).toBe(true);
    });
  });

  describe('storage classes', () => {
    it('refuses to read a GLACIER object until a restore has finished, and shows the restore on HEAD', async () => {
      await s3.send(new PutObjectCommand({ Bucket: P, Key: 'cold.txt', Body: 'frozen', StorageClass: 'GLACIER' }));
      const cold = await failure(s3.send(new GetObjectCommand({ Bucket: P, Key: 'cold.txt' })));
      expect([cold.name, cold.status]).toEqual(['InvalidObjectState', 403]);
      expect((await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'cold.txt' }))).StorageClass).toBe('GLACIER');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: P, Prefix: 'cold' }));
      expect(listed.Contents?.[0]?.StorageClass).toBe('GLACIER');
      const notCold = await failure(
        s3.send(new RestoreObjectCommand({ Bucket: P, Key: 'cond.txt', RestoreRequest: { Days: 1 } })),
      );
      expect(notCold.name).toBe('InvalidObjectState');
      const restore = await s3.send(
        new RestoreObjectCommand({
          Bucket: P,
          Key: 'cold.txt',
          RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Standard' } },
        }),
      );
      expect([200, 202]).toContain(restore.$metadata.httpStatusCode);
      // moto restores at once; the embedded store takes restoreMs (here 300 ms) and says so meanwhile.
      const deadline = Date.now() + 5000;
      let header = (await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'cold.txt' }))).Restore;
      if (store === 'embedded') expect(header).toBe('ongoing-request="true"');
      while (!header?.startsWith('ongoing-request="false"') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        header = (await s3.send(new HeadObjectCommand({ Bucket: P, Key: 'cold.txt' }))).Restore;
      }
      expect(header).toMatch(/^ongoing-request="false", expiry-date=".+GMT"$/);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: P, Key: 'cold.txt' })))).toBe('frozen');
    });
  });

  describe('bucket settings and access', () => {
    const B = 'settings';
    let other: S3Client;
    beforeAll(async () => {
      await t.world.registerBucket({ name: B, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'file.txt', Body: 'content' }));
      other = client(t, OTHER_ACCOUNT);
    });
    afterAll(() => other?.destroy());
    const anonymous = () => raw({ url: `${t.world.globalEndpoint}/${B}/file.txt` });

    it('stores a policy, answers its status, and lets everyone read while nothing blocks it', async () => {
      expect((await anonymous()).status).toBe(403);
      await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: publicReadPolicy(B) }));
      expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy!).Statement).toHaveLength(2);
      const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: B }));
      // moto 5.2.1 does not compute IsPublic (it leaves it out); S3 says true for this policy.
      expect(status.PolicyStatus?.IsPublic).toBe(store === 'moto' ? undefined : true);
      const anon = await anonymous();
      expect([anon.status, anon.body]).toEqual([200, 'content']);
      expect(await text(await other.send(new GetObjectCommand({ Bucket: B, Key: 'file.txt' })))).toBe('content');
      expect((await failure(other.send(new PutObjectCommand({ Bucket: B, Key: 'x', Body: 'x' })))).status).toBe(403);
    });

    it('restricts a public policy to the owner account with RestrictPublicBuckets', async () => {
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: B,
          PublicAccessBlockConfiguration: {
            RestrictPublicBuckets: true,
            BlockPublicAcls: false,
            IgnorePublicAcls: false,
            BlockPublicPolicy: false,
          },
        }),
      );
      expect(
        (await s3.send(new GetPublicAccessBlockCommand({ Bucket: B }))).PublicAccessBlockConfiguration
          ?.RestrictPublicBuckets,
      ).toBe(true);
      expect((await anonymous()).status).toBe(403);
      expect((await failure(other.send(new GetObjectCommand({ Bucket: B, Key: 'file.txt' })))).status).toBe(403);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: B, Key: 'file.txt' })))).toBe('content');
    });

    it('refuses a public policy with AccessDenied when BlockPublicPolicy is on, and takes a private one', async () => {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: B }));
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: B,
          PublicAccessBlockConfiguration: {
            RestrictPublicBuckets: true,
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
          },
        }),
      );
      const refused = await failure(s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: publicReadPolicy(B) })));
      expect([refused.name, refused.status]).toEqual(['AccessDenied', 403]);
      const toOther = JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT.accountId}:root` },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${B}/*`,
          },
        ],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: toOther }));
      expect(await text(await other.send(new GetObjectCommand({ Bucket: B, Key: 'file.txt' })))).toBe('content');
      expect((await anonymous()).status).toBe(403);
    });

    it('lets an explicit Deny win over everything, the owner included', async () => {
      const deny = JSON.stringify({
        Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${B}/*` }],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: deny }));
      const denied = await failure(s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'file.txt' })));
      expect(denied.status).toBe(403);
      expect(await text(await s3.send(new GetObjectCommand({ Bucket: B, Key: 'file.txt' })))).toBe('content');
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    });

    it('stores default encryption and applies it to new objects', async () => {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: B,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' } }],
          },
        }),
      );
      const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: B }))).ServerSideEncryptionConfiguration
        ?.Rules?.[0];
      expect(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'sealed.txt', Body: 'x' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'sealed.txt' }));
      expect(head.ServerSideEncryption).toBe('aws:kms');
    });
  });
});
