// S3's object semantics through the world, asserted identically over both stores: moto (the
// independent reference) and the embedded store (the demo's and the app's, in-process). Where
// moto falls short of S3, the test says so and checks S3's documented answer on the embedded one.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import http from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareKeys } from '../../electron/store/key-index.js';
import { startEmbeddedStore } from '../../electron/store/embedded.js';
import { bodyText } from '../../electron/store/store.js';
import { raw } from '../support/raw-http.js';
import { worldClient } from '../support/sdk-world.js';
import { DEMO_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const BUCKET = 'semantics';
const MIB = 1024 * 1024;

// Chosen to trip file-name ordering ("a" vs "a!" vs "a b"), UTF-16 vs UTF-8 order (U+FF01 vs
// emoji), folders holding only folders, and segments a file system cannot name.
const KEYS = [
  'a',
  'a!',
  'a b',
  'a+b=c',
  'a/b',
  'a/c/d',
  'b/deep/er/leaf.txt',
  'c//double',
  'c/./dot',
  'c/../up',
  'z/！wide',
  'z/🚀rocket',
  'z/émigré',
  'Ünïcode',
  'top.txt',
];

const STATUS: Record<string, number> = {
  NoSuchKey: 404,
  NotFound: 404,
  NoSuchUpload: 404,
  NoSuchTagSet: 404,
  NoSuchCORSConfiguration: 404,
  InvalidPart: 400,
  InternalError: 500,
  KeyTooLongError: 400,
  PreconditionFailed: 412,
};

async function expectS3Error(promise: Promise<unknown>, code: string): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(S3ServiceException);
  expect((error as S3ServiceException).name).toBe(code);
  expect((error as S3ServiceException).$metadata.httpStatusCode, code).toBe(STATUS[code]);
  return error as S3ServiceException;
}

describe.each(STORES)('S3 semantics over %s', (store) => {
  let t: TestWorld;
  let s3: S3Client;

  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({ name: BUCKET, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    s3 = worldClient(t);
    for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.stop();
  });

  it('answers a whole object with its checksum when asked, and a range without (as S3 does)', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'summed.txt', Body: 'hello world', ChecksumAlgorithm: 'CRC32' }),
    );
    const whole = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'summed.txt', ChecksumMode: 'ENABLED' }));
    expect(whole.ChecksumCRC32).toBe('DUoRhQ==');
    await whole.Body!.transformToByteArray();
    const part = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'summed.txt', ChecksumMode: 'ENABLED', Range: 'bytes=0-3' }),
    );
    expect(part.ChecksumCRC32).toBeUndefined();
    expect(Buffer.from(await part.Body!.transformToByteArray()).toString()).toBe('hell');
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'summed.txt' }));
  });

  it('lists every key in UTF-8 byte order, whatever the page size', async () => {
    const expected = [...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...KEYS].sort(compareKeys)).toEqual(expected);
    for (const maxKeys of [1000, 4, 1]) {
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: maxKeys, ContinuationToken: token }),
        );
        seen.push(...(page.Contents ?? []).map((c) => c.Key!));
        expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
        token = page.NextContinuationToken;
      } while (token);
      expect(seen, `max-keys ${maxKeys}`).toEqual(expected);
    }
  });

  it('rolls keys up into common prefixes, folders that hold only folders included, counting them in MaxKeys', async () => {
    const root = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(root.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/', 'c/', 'z/']);
    expect(root.Contents?.map((c) => c.Key)).toEqual(['a', 'a b', 'a!', 'a+b=c', 'top.txt', 'Ünïcode']);
    const deep = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'b/', Delimiter: '/' }));
    expect(deep.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/deep/']);
    expect(deep.Contents ?? []).toEqual([]);
    const odd = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'c/', Delimiter: '/' }));
    expect(odd.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['c/../', 'c/./', 'c//']);

    // Pages of two entries, keys and prefixes alike, V2 tokens and V1 markers.
    const v2: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      expect((page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0)).toBeLessThanOrEqual(2);
      v2.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = page.NextContinuationToken;
    } while (token);
    expect(v2.sort(compareKeys)).toEqual(['a', 'a b', 'a!', 'a+b=c', 'a/', 'b/', 'c/', 'top.txt', 'z/', 'Ünïcode']);
    // moto 5.2.1 pages V1 listings with a delimiter wrongly (every common prefix on every page,
    // an opaque NextMarker); the app lists with V2, so the world leaves that to moto.
    if (store === 'moto') return;
    const v1: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 3, Marker: marker }),
      );
      v1.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      if (!page.IsTruncated) break;
      marker = page.NextMarker;
      expect(marker).toBeDefined();
    }
    expect(v1.sort(compareKeys)).toEqual(v2);
  });

  it('honours start-after and encodes keys when asked (encoding-type=url, as aws-cli asks)', async () => {
    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'c/', Prefix: 'c/' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c/../up', 'c/./dot', 'c//double']);
    const res = await raw({
      url: `${t.world.globalEndpoint}/${BUCKET}?list-type=2&prefix=a&encoding-type=url`,
      sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<EncodingType>url</EncodingType>');
    expect(res.body).toContain('<Key>a%20b</Key>');
    expect(res.body).toContain('<Key>a%2Bb%3Dc</Key>');
  });

  it('keeps keys that are not file names apart, and deletes them', async () => {
    for (const key of ['c//double', 'c/./dot', 'c/../up']) {
      const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await out.Body!.transformToString()).toBe(`body of ${key}`);
    }
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'c/../up' }));
    const left = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'c/' }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(['c/./dot', 'c//double']);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'up' })), 'NoSuchKey');
  });

  it('answers a missing unicode key with NoSuchKey the SDK can parse, and HEAD with 404', async () => {
    const error = await expectS3Error(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'Ünïcode-missing' })),
      'NoSuchKey',
    );
    expect(error.$metadata.httpStatusCode).toBe(404);
    const head = await expectS3Error(
      s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'Ünïcode-missing' })),
      'NotFound',
    );
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it('lists the same ETag, size and date as HEAD answers, after an overwrite and a copy too', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'meta/x', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'meta/x', Body: 'second, longer' }));
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'meta/y', CopySource: `${BUCKET}/meta/x` }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'meta/' }));
    for (const item of listed.Contents ?? []) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: item.Key }));
      expect([item.ETag, item.Size, Math.floor(item.LastModified!.getTime() / 1000)]).toEqual([
        head.ETag,
        head.ContentLength,
        Math.floor(head.LastModified!.getTime() / 1000),
      ]);
      expect(item.Size).toBe('second, longer'.length);
    }
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['meta/x', 'meta/y']);
  });

  it('answers the bucket settings the app probes, as for a bucket that never had them set', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBeUndefined();
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: BUCKET }));
    expect(acl.Grants?.map((g) => g.Permission)).toEqual(['FULL_CONTROL']);
    await expectS3Error(s3.send(new GetBucketTaggingCommand({ Bucket: BUCKET })), 'NoSuchTagSet');
    await expectS3Error(s3.send(new GetBucketCorsCommand({ Bucket: BUCKET })), 'NoSuchCORSConfiguration');
  });

  it('lists parts and uploads, aborts, and refuses a part for an unknown upload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp/aborted.bin' }));
    await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'mp/aborted.bin',
        UploadId,
        PartNumber: 2,
        Body: Buffer.alloc(1000, 2),
      }),
    );
    await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'mp/aborted.bin',
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(500, 1),
      }),
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'mp/aborted.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 500],
      [2, 1000],
    ]);
    expect(parts.Parts?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['mp/aborted.bin', UploadId]]);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp/aborted.bin', UploadId }));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
    await expectS3Error(
      s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'mp/aborted.bin', UploadId })),
      'NoSuchUpload',
    );
    // moto 5.2.1 crashes here (a KeyError, HTML page); the world turns that into S3's XML.
    await expectS3Error(
      s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mp/aborted.bin', UploadId, PartNumber: 1, Body: 'x' })),
      store === 'moto' ? 'InternalError' : 'NoSuchUpload',
    );
  });

  it('completes only with the parts it holds, and gives the object a multipart ETag', async () => {
    const Key = 'mp/done.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const one = Buffer.alloc(5 * MIB, 1);
    const two = Buffer.from('tail');
    const p1 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: one }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 2, Body: two }));
    await expectS3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: '"00000000000000000000000000000000"' },
            ],
          },
        }),
      ),
      'InvalidPart',
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    expect(got.ETag).toBe(done.ETag);
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([one, two]))).toBe(true);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'mp/' }));
    expect(listed.Contents?.map((c) => [c.Key, c.Size, c.ETag])).toEqual([[Key, one.length + two.length, done.ETag]]);
  });

  it('writes nothing over an existing key when asked If-None-Match: *, for a PUT and a multipart upload', async () => {
    const Key = 'cond/only-once.txt';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'first', IfNoneMatch: '*' }));
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'second', IfNoneMatch: '*' })),
      'PreconditionFailed',
    );
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    expect(await kept.Body!.transformToString()).toBe('first');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const part = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: 'late' }));
    const complete = new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key,
      UploadId,
      IfNoneMatch: '*',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    });
    await expectS3Error(s3.send(complete), 'PreconditionFailed');
    const still = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    expect(await still.Body!.transformToString()).toBe('first');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId }));
  });

  it("stores keys up to S3's 1,024 bytes, whatever their segments, and refuses longer ones", async () => {
    const long = `long/${'é'.repeat(300)}/${'x'.repeat(400)}`;
    const oneSegment = 'y'.repeat(1024);
    for (const Key of [long, oneSegment]) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key.slice(-10) }));
      expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString()).toBe(
        Key.slice(-10),
      );
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'long/', Delimiter: '/' }));
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`long/${'é'.repeat(300)}/`]);
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'z'.repeat(1025), Body: 'x' })),
      'KeyTooLongError',
    );
    for (const Key of [long, oneSegment]) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  });

  it('keeps a key that climbs with ".." inside its bucket', async () => {
    const Key = 'esc/../../../escaped';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'stay' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString()).toBe('stay');
    if (t.store.directory) {
      const outside = [...(await readdir(path.dirname(t.store.directory))), ...(await readdir(t.store.directory))];
      expect(outside.filter((name) => name.startsWith('escaped'))).toEqual([]);
    }
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  });
});

describe('the embedded store folder', () => {
  it('keeps the old object whole when a new upload of it is cut off mid-body', async () => {
    const t = await startTestWorld({ store: 'embedded' });
    try {
      await t.world.registerBucket({ name: 'cut', region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
      const put = await raw({
        method: 'PUT',
        url: `${t.world.globalEndpoint}/cut/keep.txt`,
        body: 'the old version',
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(put.status).toBe(200);
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1',
          port: t.world.port,
          method: 'PUT',
          path: '/cut/keep.txt',
          headers: { 'content-length': '100000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        });
        req.on('error', () => resolve());
        req.write(Buffer.alloc(5000, 1), () =>
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 100),
        );
      });
      await new Promise((r) => setTimeout(r, 200));
      const got = await raw({
        url: `${t.world.globalEndpoint}/cut/keep.txt`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(got.body).toBe('the old version');
      const files = await readdir(t.store.directory!, { recursive: true });
      expect(files.filter((name) => name.endsWith('.part'))).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it('is never emptied when it holds files the demo did not write', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'not-a-store-'));
    await writeFile(path.join(directory, 'thesis.docx'), 'years of work');
    await expect(startEmbeddedStore({ directory })).rejects.toThrow(/did not write/);
    expect(await readFile(path.join(directory, 'thesis.docx'), 'utf8')).toBe('years of work');
    await rm(directory, { recursive: true, force: true });
  });

  it('generates the seed in memory: every key listed and readable, no file written for it', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'store-'));
    const directory = path.join(parent, 'demo-store');
    const store = await startEmbeddedStore({ directory, seed: { bucket: 'seeded', prefix: 'many/', count: 2500 } });
    try {
      const ask = (query: Record<string, string>, key?: string) =>
        store.handle({ method: 'GET', bucket: 'seeded', key, query, headers: {}, body: Buffer.alloc(0) });
      const listing = await bodyText(await ask({ 'list-type': '2', prefix: 'many/', 'max-keys': '10' }));
      expect(listing).toContain('<KeyCount>10</KeyCount>');
      expect(listing).toContain('<Key>many/item-000000.txt</Key>');
      expect(listing).toContain('<IsTruncated>true</IsTruncated>');
      expect(await bodyText(await ask({}, 'many/item-002499.txt'))).toBe('item 2499\n');
      expect(await readdir(directory, { recursive: true })).toEqual(['.bucket-explorer-demo-store']);
    } finally {
      await store.stop();
    }
    await expect(readdir(directory)).rejects.toThrow(/ENOENT/);
    await mkdir(directory);
    const again = await startEmbeddedStore({ directory });
    await again.stop();
    await rm(parent, { recursive: true, force: true });
  });
});
