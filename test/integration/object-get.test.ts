// GetObject built and signed without the SDK's command stack (electron/s3/bucket-reader.ts): the
// request is the one the SDK's own serializer builds, key by key; signed, the world accepts it
// (verified with the SDK's signer) over both stores; redirects, errors, anonymous access and
// directory buckets behave as they do for the SDK's GetObjectCommand.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headRequest, objectRequest, type ObjectGet } from '../../electron/s3/object-get.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { expectFollowedOnce, whileTemporaryRedirect } from '../support/hops.js';
import { ADDRESSING_SETUPS, comparable, HOSTILE_KEYS, sdkRequestFor, withSetup } from '../support/sdk-parity.js';
import { DEMO_ACCOUNT, makePublic, startTestWorld, STORES } from '../support/world.js';

/** The request the SDK sends for GetObject, captured at its HTTP handler (signed). */
const sdkRequest = (client: S3Client, input: ObjectGet) =>
  sdkRequestFor(
    client,
    new GetObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      VersionId: input.versionId,
      Range: input.range,
      IfMatch: input.ifMatch,
    }),
  );
const HEADERS = ['host', 'range', 'if-match', 'x-amz-checksum-mode'];

describe("a GetObject request is the SDK's own", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path, query and headers for every hostile key`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        expect(url).toBeDefined();
        for (const key of HOSTILE_KEYS) {
          const input: ObjectGet = {
            bucket: setup.bucket,
            key,
            versionId: 'v/1+2=',
            range: 'bytes=0-9',
            ifMatch: '"abc"',
          };
          expect(comparable(objectRequest(url!, input), HEADERS)).toEqual(
            comparable(await sdkRequest(client, input), HEADERS),
          );
          const plain = { bucket: setup.bucket, key };
          expect(comparable(objectRequest(url!, plain), HEADERS)).toEqual(
            comparable(await sdkRequest(client, plain), HEADERS),
          );
        }
      });
    });
  }

  it("a directory bucket's GETs are left to the SDK (its session auth)", async () => {
    const transport = new S3Transport({
      id: 'zonal',
      defaultRegion: 'us-west-2',
      endpointTemplate: 'http://s3.{region}.localhost:9000',
      credentials: DEMO_ACCOUNT,
    });
    try {
      expect(await transport.objectEndpoint('us-west-2', 'zonal--usw2-az1--x-s3')).toBeUndefined();
    } finally {
      transport.destroy();
    }
  });
});

async function readAll(body: Readable | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body!) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("a HeadObject request (is the name taken?) is the SDK's own", () => {
  for (const setup of ADDRESSING_SETUPS) {
    it(`${setup.name}: host, path, query and headers for every hostile key`, async () => {
      await withSetup(setup, async (client, transport) => {
        const url = await transport.objectEndpoint('eu-west-1', setup.bucket);
        for (const key of HOSTILE_KEYS)
          expect(comparable(headRequest(url!, { key }))).toEqual(
            comparable(await sdkRequestFor(client, new HeadObjectCommand({ Bucket: setup.bucket, Key: key }))),
          );
      });
    });
  }
});

describe.each(STORES)('GetObject through the transport over %s', (store) => {
  let t: Awaited<ReturnType<typeof startTestWorld>>;
  let transport: S3Transport;
  const connection = () => ({
    id: 'getter',
    defaultRegion: 'us-east-1',
    endpointTemplate: t.world.endpointTemplate,
    credentials: DEMO_ACCOUNT,
  });
  const put = (bucket: string, key: string, body: Buffer) =>
    transport.send(
      { operation: 'PutObject', bucket, key },
      () => new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
    );
  beforeAll(async () => {
    t = await startTestWorld({ store });
    const owner = DEMO_ACCOUNT.accountId;
    await t.world.registerBucket({ name: 'getter-bucket', region: 'eu-west-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'getter-public', region: 'us-east-1', ownerAccountId: owner });
    await t.world.registerBucket({ name: 'getter--usw2-az1--x-s3', region: 'us-west-2', ownerAccountId: owner });
    await makePublic(t, 'getter-public');
    transport = new S3Transport(connection(), { log: new RequestLog(500) });
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });

  it('gets every hostile key whole and in a range, signed as the world (the SDK signer) expects', async () => {
    const bodies = new Map(HOSTILE_KEYS.map((key) => [key, randomBytes(5000)]));
    for (const [key, body] of bodies) await put('getter-bucket', key, body);
    for (const [key, body] of bodies) {
      const whole = await transport.getObject({ bucket: 'getter-bucket', key });
      expect((await readAll(whole.Body)).equals(body)).toBe(true);
      const part = await transport.getObject({
        bucket: 'getter-bucket',
        key,
        range: 'bytes=100-199',
        ifMatch: whole.ETag,
      });
      expect(part.$metadata.httpStatusCode).toBe(206);
      expect(part.ContentRange).toBe('bytes 100-199/5000');
      expect((await readAll(part.Body)).equals(body.subarray(100, 200))).toBe(true);
    }
  });

  it('asks whether a name is taken: yes for every hostile key there, no (an answer, not a failure) for one that is not', async () => {
    for (const key of HOSTILE_KEYS) await put('getter-bucket', `taken/${key}`, Buffer.from(key));
    for (const key of HOSTILE_KEYS) {
      expect(await transport.objectExists('getter-bucket', `taken/${key}`)).toBe(true);
      expect(await transport.objectExists('getter-bucket', `free/${key}`)).toBe(false);
    }
    const last = transport.log.since(0).records.at(-1)!;
    expect(last).toMatchObject({ operation: 'HeadObject', status: 404, absentIsAnswer: true });
    // A fresh transport learns the bucket's region from the bodiless HEAD answer, and a 307 is followed once.
    const fresh = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      expect(await fresh.objectExists('getter-bucket', 'taken/plain.txt')).toBe(true);
      const first = fresh.log.since(0).records.find((r) => r.operation === 'HeadObject')!;
      expect(first.hops.map((h) => h.decision)).toEqual(['reissue-in-region', 'done']);
      await whileTemporaryRedirect(t, 'getter-bucket', async () => {
        expect(await fresh.objectExists('getter-bucket', 'taken/plain.txt')).toBe(true);
        expectFollowedOnce(fresh.log, 'getter-bucket', 'HeadObject', 200);
      });
    } finally {
      fresh.destroy();
    }
    // Anyone may not ask of a private bucket: refused, not taken for "free".
    const anonymous = new S3Transport({ ...connection(), credentials: undefined });
    try {
      await expect(anonymous.objectExists('getter-bucket', 'taken/plain.txt')).rejects.toMatchObject({
        status: 403,
      });
    } finally {
      anonymous.destroy();
    }
  });

  it('follows a region redirect and a 307 like any command, each hop logged', async () => {
    const body = randomBytes(70_000);
    await put('getter-bucket', 'moved.bin', body);
    const fresh = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      const out = await fresh.getObject({ bucket: 'getter-bucket', key: 'moved.bin', range: 'bytes=0-69999' });
      expect((await readAll(out.Body)).equals(body)).toBe(true);
      const first = fresh.log.since(0).records.find((r) => r.operation === 'GetObject')!;
      expect([301, 400]).toContain(first.hops[0]!.status);
      expect(first.hops.map((h) => h.decision)).toEqual(['reissue-in-region', 'done']);
      expect(first.hops[1]!.signingRegion).toBe('eu-west-1');

      await whileTemporaryRedirect(t, 'getter-bucket', async () => {
        const again = await fresh.getObject({ bucket: 'getter-bucket', key: 'moved.bin', range: 'bytes=5-9' });
        expect((await readAll(again.Body)).equals(body.subarray(5, 10))).toBe(true);
        expectFollowedOnce(fresh.log, 'getter-bucket');
      });
    } finally {
      fresh.destroy();
    }
  });

  it("answers errors in S3's words: a missing key, a changed object, an archived one, a refused identity", async () => {
    await put('getter-bucket', 'changing.txt', Buffer.from('first'));
    await expect(
      transport.getObject({ bucket: 'getter-bucket', key: 'missing', range: 'bytes=0-9' }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'NoSuchKey',
      message: expect.stringContaining('getter-bucket/missing'),
    });
    await expect(
      transport.getObject({ bucket: 'getter-bucket', key: 'changing.txt', range: 'bytes=0-1', ifMatch: '"not-it"' }),
    ).rejects.toMatchObject({ status: 412, code: 'PreconditionFailed' });
    await transport.send(
      { operation: 'PutObject', bucket: 'getter-bucket', key: 'cold.txt' },
      () =>
        new PutObjectCommand({ Bucket: 'getter-bucket', Key: 'cold.txt', Body: 'archived', StorageClass: 'GLACIER' }),
    );
    await expect(
      transport.getObject({ bucket: 'getter-bucket', key: 'cold.txt', range: 'bytes=0-9' }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'InvalidObjectState',
    });
    const anonymous = new S3Transport({ ...connection(), credentials: undefined });
    try {
      await put('getter-public', 'open.txt', Buffer.from('for everyone'));
      const open = await anonymous.getObject({ bucket: 'getter-public', key: 'open.txt' });
      expect((await readAll(open.Body)).toString()).toBe('for everyone');
      const hop = anonymous.log.since(0).records.at(-1)!.hops.at(-1)!;
      expect(hop.signingRegion).toBe('unsigned');
      await expect(anonymous.getObject({ bucket: 'getter-bucket', key: 'changing.txt' })).rejects.toMatchObject({
        status: 403,
        code: 'AccessDenied',
      });
    } finally {
      anonymous.destroy();
    }
  });

  it("corrects a skewed clock from the server's Date, as the SDK's signer does, and retries", async () => {
    await put('getter-bucket', 'clock.txt', Buffer.from('on time'));
    const skewed = new S3Transport(connection(), { log: new RequestLog(100) });
    try {
      skewed.rememberRegion('getter-bucket', 'eu-west-1');
      skewed.clientFor('eu-west-1').config.systemClockOffset = -20 * 60 * 1000; // 20 minutes behind
      const out = await skewed.getObject({ bucket: 'getter-bucket', key: 'clock.txt' });
      expect((await readAll(out.Body)).toString()).toBe('on time');
      const record = skewed.log.since(0).records.at(-1)!;
      expect(record.hops.map((h) => [h.status, h.code, h.decision])).toEqual([
        [403, 'RequestTimeTooSkewed', 'retry'],
        [200, undefined, 'done'],
      ]);
      expect(Math.abs(skewed.clientFor('eu-west-1').config.systemClockOffset ?? 0)).toBeLessThan(5000);
    } finally {
      skewed.destroy();
    }
  });

  it("gets from a directory bucket through the SDK's command (session auth)", async () => {
    await put('getter--usw2-az1--x-s3', 'zonal.txt', Buffer.from('in a zone'));
    const out = await transport.getObject({ bucket: 'getter--usw2-az1--x-s3', key: 'zonal.txt', range: 'bytes=0-3' });
    expect((await readAll(out.Body)).toString()).toBe('in a');
    const hop = transport.log.since(0).records.at(-1)!.hops.at(-1)!;
    expect(hop.host).toMatch(/^getter--usw2-az1--x-s3\.s3express-usw2-az1\.us-west-2\.localhost/);
  });
});
