// ListObjectsV2 built, signed and read without the SDK's command stack (electron/s3/bucket-reader.ts,
// object-list.ts, list-xml.ts): the request is the one the SDK's serializer builds; over both stores
// the listing read equals what the SDK's own command reads from the same bucket, page by page, for
// keys that need XML escapes; redirects, errors, anonymous access and directory buckets behave as
// they do for the SDK's command.
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
  type ListObjectVersionsCommandOutput,
} from '@aws-sdk/client-s3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BucketReader } from '../../electron/s3/bucket-reader.js';
import {
  listCommandInput,
  listRequest,
  versionsCommandInput,
  versionsRequest,
  type ObjectList,
  type ObjectListing,
  type VersionList,
  type VersionListing,
} from '../../electron/s3/object-list.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { expectFollowedOnce, whileTemporaryRedirect } from '../support/hops.js';
import { ADDRESSING_SETUPS, comparable, sdkRequestFor, withSetup } from '../support/sdk-parity.js';
import { DEMO_ACCOUNT, makePublic, startTestWorld, STORES } from '../support/world.js';

const KEYS = [
  'plain.txt',
  'a b/c+d.txt',
  'ünïcödé/çà.txt',
  'amp&lt<gt>"quote"\'apos\'.txt',
  ' leading and trailing spaces ',
  '&amp;already-escaped&#65;',
  'a//b/c',
  'dir/sub/deep.txt',
  'dir/other.txt',
  'emoji 😀.bin',
  'tab\tkey',
  ']]>cdata-end',
];

const INPUTS: Array<Omit<ObjectList, 'bucket'>> = [
  {},
  { prefix: 'a b/ü+&=?#', delimiter: '/', maxKeys: 1000 },
  { prefix: 'dir/', continuationToken: 'tok/+= é', startAfter: 'dir/a b', maxKeys: 3 },
];

const VERSION_INPUTS: Array<Omit<VersionList, 'bucket'>> = [
  {},
  { prefix: 'a b/ü+&=?#', delimiter: '/', maxKeys: 1000 },
  { prefix: 'dir/', keyMarker: 'dir/a b', versionIdMarker: 'v/+= é', maxKeys: 3 },
];

/** The request the SDK sends for ListObjectsV2, captured at its HTTP handler (signed). */
const sdkRequest = (client: S3Client, input: ObjectList) =>
  sdkRequestFor(client, new ListObjectsV2Command(listCommandInput(input)));

/** What the app reads of a listing, from the SDK's answer or the reader's. */
function readable(out: ListObjectsV2CommandOutput | ObjectListing) {
  return {
    Contents: out.Contents?.map((o) => ({
      Key: o.Key,
      Size: o.Size,
      ETag: o.ETag,
      StorageClass: o.StorageClass,
      LastModified: o.LastModified?.toISOString(),
      ChecksumAlgorithm: o.ChecksumAlgorithm,
      ChecksumType: o.ChecksumType,
    })),
    CommonPrefixes: out.CommonPrefixes?.map((p) => p.Prefix),
    IsTruncated: out.IsTruncated,
    NextContinuationToken: out.NextContinuationToken,
    KeyCount: out.KeyCount,
  };
}

/** What the app reads of a versions page, from the SDK's answer or the reader's. */
function readableVersions(out: ListObjectVersionsCommandOutput | VersionListing) {
  return {
    Versions: out.Versions?.map((v) => ({
      Key: v.Key,
      VersionId: v.VersionId,
      IsLatest: v.IsLatest,
      Size: v.Size,
      ETag: v.ETag,
      StorageClass: v.StorageClass,
      LastModified: v.LastModified?.toISOString(),
    })),
    DeleteMarkers: out.DeleteMarkers?.map((m) => ({
      Key: m.Key,
      VersionId: m.VersionId,
      IsLatest: m.IsLatest,
      LastModified: m.LastModified?.toISOString(),
    })),
    CommonPrefixes: out.CommonPrefixes?.map((p) => p.Prefix),
    IsTruncated: out.IsTruncated,
    NextKeyMarker: out.NextKeyMarker,
    NextVersionIdMarker: out.NextVersionIdMarker,
  };
}

describe("a ListObjectsV2 request is the SDK's own", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path and query for every kind of page`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        for (const input of INPUTS) {
          const full = { bucket: setup.bucket, ...input };
          expect(comparable(listRequest(url!, full))).toEqual(comparable(await sdkRequest(client, full)));
        }
      });
    });
  }
});

describe("a ListObjectVersions request is the SDK's own", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path and query for every kind of page`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        for (const input of VERSION_INPUTS) {
          const full = { bucket: setup.bucket, ...input };
          expect(comparable(versionsRequest(url!, full))).toEqual(
            comparable(await sdkRequestFor(client, new ListObjectVersionsCommand(versionsCommandInput(full)))),
          );
        }
      });
    });
  }
});

it('says so in words when what answers a listing is not S3 (a captive portal, a cut-off page)', async () => {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      request.url!.includes('cut')
        ? '<ListBucketResult><Contents><Key>x</Key>'
        : '<html><body>Sign in to the network</body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const transport = new S3Transport({
    id: 'portal',
    defaultRegion: 'us-east-1',
    endpointTemplate: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forcePathStyle: true,
    credentials: DEMO_ACCOUNT,
  });
  try {
    await expect(transport.listObjects({ bucket: 'b', prefix: 'a' })).rejects.toThrow(
      /ListObjectsV2 b\/a failed: The endpoint answered <html>, not a bucket listing: is it an S3 service\?/,
    );
    await expect(transport.listObjects({ bucket: 'b', prefix: 'cut' })).rejects.toThrow(
      /not well-formed XML \(<Contents> is never closed/,
    );
  } finally {
    transport.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe.each(STORES)('ListObjectsV2 through the transport over %s', (store) => {
  let t: Awaited<ReturnType<typeof startTestWorld>>;
  let transport: S3Transport;
  let sdk: S3Client;
  const connection = () => ({
    id: 'lister',
    defaultRegion: 'us-east-1',
    endpointTemplate: t.world.endpointTemplate,
    credentials: DEMO_ACCOUNT,
  });
  beforeAll(async () => {
    t = await startTestWorld({ store });
    const owner = DEMO_ACCOUNT.accountId;
    await t.world.registerBucket({ name: 'lister-bucket', region: 'eu-west-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'lister-public', region: 'us-east-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'lister-versioned', region: 'eu-west-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'lister--usw2-az1--x-s3', region: 'us-west-2', ownerAccountId: owner });
    await makePublic(t, 'lister-public');
    transport = new S3Transport(connection(), { log: new RequestLog(500) });
    for (const key of KEYS)
      await transport.send(
        { operation: 'PutObject', bucket: 'lister-bucket', key },
        () => new PutObjectCommand({ Bucket: 'lister-bucket', Key: key, Body: `body of ${key}` }),
      );
    sdk = transport.clientFor('eu-west-1');
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });

  it("reads every page as the SDK's command does: escaped keys, folders, continuation", async () => {
    const read = vi.spyOn(BucketReader.prototype, 'list');
    for (const page of [{}, { delimiter: '/' }, { maxKeys: 3 }, { prefix: 'dir/', delimiter: '/' }, { prefix: 'a' }]) {
      let token: string | undefined;
      let pages = 0;
      do {
        const input = { bucket: 'lister-bucket', ...page, continuationToken: token };
        const mine = await transport.listObjects(input);
        const theirs = await sdk.send(
          new ListObjectsV2Command({
            Bucket: input.bucket,
            Prefix: input.prefix,
            Delimiter: input.delimiter,
            MaxKeys: input.maxKeys,
            ContinuationToken: token,
          }),
        );
        expect(readable(mine)).toEqual(readable(theirs));
        token = mine.NextContinuationToken;
        pages++;
      } while (token);
      if ('maxKeys' in page) expect(pages).toBe(Math.ceil(KEYS.length / 3));
    }
    const all = await transport.listObjects({ bucket: 'lister-bucket' });
    expect(all.Contents!.map((o) => o.Key).sort()).toEqual([...KEYS].sort());
    // Every page was the reader's, none the SDK command's.
    expect(read.mock.calls.length).toBeGreaterThan(5);
    for (const result of read.mock.results) expect(await result.value).toBeDefined();
    read.mockRestore();
  });

  it("reads versions and delete markers as the SDK's command does, page by page", async () => {
    await transport.send(
      { operation: 'PutBucketVersioning', bucket: 'lister-versioned' },
      () =>
        new PutBucketVersioningCommand({
          Bucket: 'lister-versioned',
          VersioningConfiguration: { Status: 'Enabled' },
        }),
    );
    for (const key of ['dir/a & b.txt', 'dir/sub/deep.txt', ' spaced ', 'plain.txt'])
      for (let round = 0; round < 2; round++)
        await transport.send(
          { operation: 'PutObject', bucket: 'lister-versioned', key },
          () => new PutObjectCommand({ Bucket: 'lister-versioned', Key: key, Body: `${round} of ${key}` }),
        );
    await transport.send(
      { operation: 'DeleteObject', bucket: 'lister-versioned', key: 'plain.txt' },
      () => new DeleteObjectCommand({ Bucket: 'lister-versioned', Key: 'plain.txt' }),
    );
    const read = vi.spyOn(BucketReader.prototype, 'listVersions');
    let markers = 0;
    for (const page of [{}, { delimiter: '/' }, { maxKeys: 3 }, { prefix: 'dir/', delimiter: '/' }]) {
      let next: { keyMarker?: string; versionIdMarker?: string } = {};
      do {
        const input = { bucket: 'lister-versioned', ...page, ...next };
        const mine = await transport.listVersions(input);
        const theirs = await sdk.send(new ListObjectVersionsCommand(versionsCommandInput(input)));
        expect(readableVersions(mine)).toEqual(readableVersions(theirs));
        markers += mine.DeleteMarkers?.length ?? 0;
        next = mine.IsTruncated ? { keyMarker: mine.NextKeyMarker, versionIdMarker: mine.NextVersionIdMarker } : {};
      } while (next.keyMarker !== undefined);
    }
    expect(markers).toBeGreaterThanOrEqual(3); // the marker, seen in the three listings without a prefix
    for (const result of read.mock.results) expect(await result.value).toBeDefined();
    expect(read).toHaveBeenCalled();
    read.mockRestore();
  });

  it('follows a region redirect and a 307 like any command, each hop logged', async () => {
    const fresh = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      const out = await fresh.listObjects({ bucket: 'lister-bucket', prefix: 'dir/' });
      expect(out.Contents!.map((o) => o.Key)).toEqual(['dir/other.txt', 'dir/sub/deep.txt']);
      const first = fresh.log.since(0).records.find((r) => r.operation === 'ListObjectsV2')!;
      expect([301, 400]).toContain(first.hops[0]!.status);
      expect(first.hops.map((h) => h.decision)).toEqual(['reissue-in-region', 'done']);
      expect(first.hops[1]!.signingRegion).toBe('eu-west-1');
      await whileTemporaryRedirect(t, 'lister-bucket', async () => {
        const again = await fresh.listObjects({ bucket: 'lister-bucket', prefix: 'dir/sub/' });
        expect(again.Contents!.map((o) => o.Key)).toEqual(['dir/sub/deep.txt']);
        expectFollowedOnce(fresh.log, 'lister-bucket', 'ListObjectsV2', 200);
      });
    } finally {
      fresh.destroy();
    }
  });

  it("answers errors in S3's words, reads a public bucket anonymously, and leaves directory buckets to the SDK", async () => {
    await expect(transport.listObjects({ bucket: 'lister-missing-bucket' })).rejects.toMatchObject({
      status: 404,
      code: 'NoSuchBucket',
    });
    await transport.send(
      { operation: 'PutObject', bucket: 'lister-public', key: 'open.txt' },
      () => new PutObjectCommand({ Bucket: 'lister-public', Key: 'open.txt', Body: 'for everyone' }),
    );
    const anonymous = new S3Transport({ ...connection(), credentials: undefined });
    try {
      const open = await anonymous.listObjects({ bucket: 'lister-public' });
      expect(open.Contents!.map((o) => o.Key)).toEqual(['open.txt']);
      expect(anonymous.log.since(0).records.at(-1)!.hops.at(-1)!.signingRegion).toBe('unsigned');
      await expect(anonymous.listObjects({ bucket: 'lister-bucket' })).rejects.toMatchObject({
        status: 403,
        code: 'AccessDenied',
      });
    } finally {
      anonymous.destroy();
    }
    await transport.send(
      { operation: 'PutObject', bucket: 'lister--usw2-az1--x-s3', key: 'zonal/a.txt' },
      () => new PutObjectCommand({ Bucket: 'lister--usw2-az1--x-s3', Key: 'zonal/a.txt', Body: 'in a zone' }),
    );
    const zonal = await transport.listObjects({ bucket: 'lister--usw2-az1--x-s3', prefix: 'zonal/' });
    expect(zonal.Contents!.map((o) => o.Key)).toEqual(['zonal/a.txt']);
    expect(transport.log.since(0).records.at(-1)!.hops.at(-1)!.host).toMatch(
      /^lister--usw2-az1--x-s3\.s3express-usw2-az1\.us-west-2\.localhost/,
    );
  });
});
