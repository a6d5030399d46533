// PutObject of a small file's bytes, and a multipart upload's parts, built and signed without the
// SDK's command stack (electron/s3/object-put.ts): the request is the one the SDK's serializer and
// checksum middleware build, key by key (a part's payload sent unsigned); signed, the world accepts it (verified with the SDK's signer, the body's
// SHA-256 and CRC32 checked by the store) over both stores; conditional writes, redirects, errors,
// anonymous access, directory buckets and whatever else an object carries behave as they do for
// the SDK's PutObjectCommand.
import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CreateMultipartUploadCommandOutput,
  type HeadObjectCommandOutput,
  type ListPartsCommandOutput,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectDetails } from '../../electron/s3/browse.js';
import { crc32Base64, partRequest, putRequest, type ObjectPut, type PartPut } from '../../electron/s3/object-put.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { expectFollowedOnce, whileTemporaryRedirect } from '../support/hops.js';
import { ADDRESSING_SETUPS, comparable, HOSTILE_KEYS, sdkRequestFor, withSetup } from '../support/sdk-parity.js';
import { DEMO_ACCOUNT, makePublic, startTestWorld, STORES } from '../support/world.js';

/** The request the SDK sends for PutObject with the same input, captured at its HTTP handler. */
const sdkRequest = (client: S3Client, input: ObjectPut) =>
  sdkRequestFor(
    client,
    new PutObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      ContentType: input.contentType,
      ContentLength: input.body.length,
      ChecksumAlgorithm: 'CRC32',
      IfNoneMatch: input.ifNoneMatch,
      StorageClass: input.storageClass as 'STANDARD_IA' | undefined,
      Body: input.body,
    }),
  );
const HEADERS = [
  'host',
  'content-length',
  'content-type',
  'if-none-match',
  'x-amz-storage-class',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-checksum-crc32',
];

/** The request the SDK sends for UploadPart of the same bytes in memory, with their CRC32. */
const sdkPartRequest = (client: S3Client, input: PartPut) =>
  sdkRequestFor(
    client,
    new UploadPartCommand({
      Bucket: input.bucket,
      Key: input.key,
      UploadId: input.uploadId,
      PartNumber: input.partNumber,
      ContentLength: input.body.length,
      ChecksumAlgorithm: 'CRC32',
      ChecksumCRC32: input.checksumCRC32,
      Body: input.body,
    }),
  );
const PART_HEADERS = [
  'host',
  'content-length',
  'content-type',
  'Expect',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-checksum-crc32',
];

describe("an UploadPart request is the SDK's own, its payload unsigned", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path, query and headers for every hostile key`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        for (const key of HOSTILE_KEYS) {
          const body = randomBytes(3 * 1024 * 1024);
          const input: PartPut = {
            bucket: setup.bucket,
            key,
            uploadId: 'VXBsb2Fk+/id=',
            partNumber: 12,
            body,
            checksumCRC32: crc32Base64(body),
          };
          const sdk = await sdkPartRequest(client, input);
          expect(comparable(partRequest(url!, input), PART_HEADERS)).toEqual(comparable(sdk, PART_HEADERS));
          // Where the SDK hashes the bytes in memory, the part says UNSIGNED-PAYLOAD, as the SDK's streamed parts do.
          expect(sdk.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
          expect(partRequest(url!, input).headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
        }
      });
    });
  }
});

describe("a PutObject request is the SDK's own", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path, query and headers for every hostile key`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        expect(url).toBeDefined();
        for (const key of HOSTILE_KEYS) {
          const full: ObjectPut = {
            bucket: setup.bucket,
            key,
            body: randomBytes(300),
            contentType: 'text/plain; charset=utf-8',
            ifNoneMatch: '*',
            storageClass: 'STANDARD_IA',
          };
          const plain: ObjectPut = { bucket: setup.bucket, key, body: Buffer.alloc(0) };
          for (const input of [full, plain])
            expect(comparable(putRequest(url!, input), HEADERS)).toEqual(
              comparable(await sdkRequest(client, input), HEADERS),
            );
        }
      });
    });
  }

  it('sends CRC32 as S3 and the SDK say it (the four bytes, big-endian, in base64)', () => {
    expect(crc32Base64(Buffer.from('hello'))).toBe('NhCmhg==');
    expect(crc32Base64(Buffer.alloc(0))).toBe('AAAAAA==');
  });
});

async function readAll(body: Readable | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body!) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(STORES)('PutObject through the transport over %s', (store) => {
  let t: Awaited<ReturnType<typeof startTestWorld>>;
  let transport: S3Transport;
  const connection = () => ({
    id: 'putter',
    defaultRegion: 'us-east-1',
    endpointTemplate: t.world.endpointTemplate,
    credentials: DEMO_ACCOUNT,
  });
  const head = (bucket: string, key: string) =>
    transport.send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket, key },
      () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
    );
  beforeAll(async () => {
    t = await startTestWorld({ store });
    const owner = DEMO_ACCOUNT.accountId;
    await t.world.registerBucket({ name: 'putter-bucket', region: 'eu-west-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'putter-public', region: 'us-east-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'putter--usw2-az1--x-s3', region: 'us-west-2', ownerAccountId: owner });
    await makePublic(t, 'putter-public');
    transport = new S3Transport(connection(), { log: new RequestLog(500) });
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });

  it('puts every hostile key, signed and checksummed as the world expects, and reads each back byte for byte', async () => {
    const bodies = new Map(HOSTILE_KEYS.map((key) => [key, randomBytes(4096)]));
    for (const [key, body] of bodies) {
      const out = await transport.putObject({ bucket: 'putter-bucket', key, body, contentType: 'application/x-test' });
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    }
    for (const [key, body] of bodies) {
      const back = await transport.getObject({ bucket: 'putter-bucket', key });
      expect((await readAll(back.Body)).equals(body)).toBe(true);
      expect(back.ContentType).toBe('application/x-test');
    }
    // An empty file, and a storage class.
    await transport.putObject({ bucket: 'putter-bucket', key: 'empty', body: Buffer.alloc(0) });
    expect((await head('putter-bucket', 'empty')).ContentLength).toBe(0);
    await transport.putObject({
      bucket: 'putter-bucket',
      key: 'cool.txt',
      body: Buffer.from('x'),
      storageClass: 'STANDARD_IA',
    });
    expect((await head('putter-bucket', 'cool.txt')).StorageClass).toBe('STANDARD_IA');
  });

  it("keeps the CRC32 the put sent, which the object's details then say", async () => {
    const body = Buffer.from('hello world');
    await transport.putObject({ bucket: 'putter-bucket', key: 'summed.txt', body });
    const details = await objectDetails(transport, 'putter-bucket', 'summed.txt');
    expect(details.checksum).toBe(`CRC32 ${crc32Base64(body)} (of the whole object)`);
  });

  it('writes only where nothing is with If-None-Match: *, and says 412 otherwise', async () => {
    const input = { bucket: 'putter-bucket', key: 'once.txt', body: Buffer.from('first'), ifNoneMatch: '*' };
    await transport.putObject(input);
    await expect(transport.putObject({ ...input, body: Buffer.from('second') })).rejects.toMatchObject({
      status: 412,
      code: 'PreconditionFailed',
    });
    expect(
      (await readAll((await transport.getObject({ bucket: 'putter-bucket', key: 'once.txt' })).Body)).toString(),
    ).toBe('first');
  });

  it('follows a region redirect and a 307 with the same bytes, each hop logged', async () => {
    const body = randomBytes(70_000);
    const fresh = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      await fresh.putObject({ bucket: 'putter-bucket', key: 'moved.bin', body });
      const first = fresh.log.since(0).records.find((r) => r.operation === 'PutObject')!;
      expect([301, 400]).toContain(first.hops[0]!.status);
      expect(first.hops.map((h) => h.decision)).toEqual(['reissue-in-region', 'done']);
      expect(first.hops[1]!.signingRegion).toBe('eu-west-1');
      expect(first.bytesSent).toBe(70_000);

      const again = randomBytes(1000);
      await whileTemporaryRedirect(t, 'putter-bucket', async () => {
        await fresh.putObject({ bucket: 'putter-bucket', key: 'moved.bin', body: again });
        expectFollowedOnce(fresh.log, 'putter-bucket', 'PutObject', 200);
      });
      expect(
        (await readAll((await fresh.getObject({ bucket: 'putter-bucket', key: 'moved.bin' })).Body)).equals(again),
      ).toBe(true);
    } finally {
      fresh.destroy();
    }
  });

  it("refuses an anonymous write in S3's words, and corrects a skewed clock before retrying", async () => {
    const anonymous = new S3Transport({ ...connection(), credentials: undefined });
    try {
      await expect(
        anonymous.putObject({ bucket: 'putter-public', key: 'graffiti.txt', body: Buffer.from('no') }),
      ).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
      expect(anonymous.log.since(0).records.at(-1)!.hops.at(-1)!.signingRegion).toBe('unsigned');
    } finally {
      anonymous.destroy();
    }
    const skewed = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      skewed.rememberRegion('putter-bucket', 'eu-west-1');
      skewed.clientFor('eu-west-1').config.systemClockOffset = -20 * 60 * 1000; // 20 minutes behind
      await skewed.putObject({ bucket: 'putter-bucket', key: 'clock.txt', body: Buffer.from('on time') });
      expect(
        skewed.log
          .since(0)
          .records.at(-1)!
          .hops.map((h) => [h.status, h.code, h.decision]),
      ).toEqual([
        [403, 'RequestTimeTooSkewed', 'retry'],
        [200, undefined, 'done'],
      ]);
    } finally {
      skewed.destroy();
    }
  });

  it('sends parts from memory: every byte counted, its CRC32 checked by S3, a region redirect resending the same bytes', async () => {
    const created = await transport.send<CreateMultipartUploadCommandOutput>(
      { operation: 'CreateMultipartUpload', bucket: 'putter-bucket', key: 'parts.bin' },
      () => new CreateMultipartUploadCommand({ Bucket: 'putter-bucket', Key: 'parts.bin', ChecksumAlgorithm: 'CRC32' }),
    );
    const uploadId = created.UploadId!;
    const part = (partNumber: number, body: Buffer): PartPut => ({
      bucket: 'putter-bucket',
      key: 'parts.bin',
      uploadId,
      partNumber,
      body,
      checksumCRC32: crc32Base64(body),
    });
    const first = randomBytes(5 * 1024 * 1024);
    const sent: number[] = [];
    const out = await transport.uploadPart({ ...part(1, first), onSent: (n) => sent.push(n) });
    expect(out.ETag).toBe(`"${createHash('md5').update(first).digest('hex')}"`);
    expect(sent.at(-1)).toBe(first.length);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(transport.log.since(0).records.at(-1)!.hops.at(-1)!.signingRegion).toBe('eu-west-1');

    // A CRC32 that is not the bytes': S3 refuses the part.
    await expect(
      transport.uploadPart({ ...part(2, first), checksumCRC32: crc32Base64(Buffer.from('other bytes')) }),
    ).rejects.toMatchObject({ status: 400, code: 'BadDigest' });

    // A transport that does not know the bucket's region yet: the part goes again, whole, where S3 says.
    const second = randomBytes(1024 * 1024 + 17);
    const fresh = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      await fresh.uploadPart(part(2, second));
      const record = fresh.log.since(0).records.find((r) => r.operation === 'UploadPart')!;
      expect([301, 400]).toContain(record.hops[0]!.status);
      expect(record.hops.map((h) => h.decision)).toEqual(['reissue-in-region', 'done']);
    } finally {
      fresh.destroy();
    }
    const listed = await transport.send<ListPartsCommandOutput>(
      { operation: 'ListParts', bucket: 'putter-bucket', key: 'parts.bin' },
      () => new ListPartsCommand({ Bucket: 'putter-bucket', Key: 'parts.bin', UploadId: uploadId }),
    );
    expect(listed.Parts!.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, first.length, `"${createHash('md5').update(first).digest('hex')}"`],
      [2, second.length, `"${createHash('md5').update(second).digest('hex')}"`],
    ]);
  });

  it("leaves a directory bucket, and what only the SDK's command can say (metadata, tags), to that command", async () => {
    await transport.putObject({ bucket: 'putter--usw2-az1--x-s3', key: 'zonal.txt', body: Buffer.from('in a zone') });
    const hop = transport.log.since(0).records.at(-1)!.hops.at(-1)!;
    expect(hop.host).toMatch(/^putter--usw2-az1--x-s3\.s3express-usw2-az1\.us-west-2\.localhost/);
    await transport.putObject(
      { bucket: 'putter-bucket', key: 'described.txt', body: Buffer.from('with more'), storageClass: 'STANDARD_IA' },
      { also: { Metadata: { colour: 'blue' }, CacheControl: 'max-age=60' } },
    );
    const described = await head('putter-bucket', 'described.txt');
    expect(described).toMatchObject({
      Metadata: { colour: 'blue' },
      CacheControl: 'max-age=60',
      StorageClass: 'STANDARD_IA',
    });
  });
});
