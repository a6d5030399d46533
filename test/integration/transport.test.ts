// The redirect-aware transport against the S3 world: every branch of S3's redirect rules, the
// region cache, replayed bodies, concurrency across regions, refusals, and the hop log.
import net from 'node:net';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CreateMultipartUploadCommandOutput,
  type GetObjectCommandOutput,
  type HeadBucketCommandOutput,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3RequestError } from '../../electron/s3/errors.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport, type ConnectionTarget } from '../../electron/s3/transport.js';
import { toHar, toJson } from '../../electron/shared/log-export.js';
import { DEMO_ACCOUNT, startTestWorld, type TestWorld } from '../support/world.js';

const me = DEMO_ACCOUNT.accountId;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the redirect-aware transport', () => {
  let t: TestWorld;
  const transports: S3Transport[] = [];
  const make = (overrides: Partial<ConnectionTarget> = {}) => {
    const transport = new S3Transport(
      {
        id: 'test',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
        ...overrides,
      },
      { log: new RequestLog() },
    );
    transports.push(transport);
    return transport;
  };
  const list = (transport: S3Transport, bucket: string) =>
    transport.send({ operation: 'ListObjectsV2', bucket }, () => new ListObjectsV2Command({ Bucket: bucket }));

  beforeAll(async () => {
    t = await startTestWorld();
    await Promise.all([
      t.world.registerBucket({ name: 'east-bucket', region: 'us-east-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'west-bucket', region: 'eu-west-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'south-bucket', region: 'ap-southeast-2', ownerAccountId: me }),
      t.world.registerBucket({ name: 'settling-bucket', region: 'eu-west-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'zonal--usw2-az1--x-s3', region: 'us-west-2', ownerAccountId: me }),
    ]);
  });
  afterEach(() => {
    t.faults.clear();
    t.world.buckets.get('settling-bucket')!.temporaryRedirectUntil = undefined;
  });
  afterAll(async () => {
    transports.forEach((x) => x.destroy());
    await t?.stop();
  });

  it('follows a 301 by re-signing for the bucket region, then caches it: the next command costs one request', async () => {
    const transport = make();
    await list(transport, 'west-bucket');
    const first = transport.log.since(0).records[0]!;
    expect(first.hops.map((h) => [h.signingRegion, h.status, h.decision])).toEqual([
      ['us-east-1', 301, 'reissue-in-region'],
      ['eu-west-1', 200, 'done'],
    ]);
    expect(first.hops[0]!.code).toBe('PermanentRedirect');
    expect(first.hops[0]!.regionHint).toBe('eu-west-1');
    expect(first.hops[0]!.why).toContain('x-amz-bucket-region');
    // Each exchange keeps the IDs S3 gave it (what AWS Support asks for), each its own.
    expect(first.hops.map((h) => h.requestId)).toEqual([expect.stringMatching(/^[0-9A-F]{16}$/), expect.any(String)]);
    expect(first.hops[0]!.requestId).not.toBe(first.hops[1]!.requestId);
    expect(first.hops[1]!.hostId).toMatch(/^[A-Za-z0-9+/]{32}$/);
    const before = t.world.requests;
    for (let i = 0; i < 5; i++) await list(transport, 'west-bucket');
    expect(t.world.requests - before).toBe(5);
    expect(transport.regionFor('west-bucket')).toBe('eu-west-1');
  });

  it('follows a 301 on HEAD, which has no body, from the region header', async () => {
    const transport = make();
    const head = await transport.send<HeadBucketCommandOutput>(
      { operation: 'HeadBucket', bucket: 'south-bucket' },
      () => new HeadBucketCommand({ Bucket: 'south-bucket' }),
    );
    expect(head.BucketRegion).toBe('ap-southeast-2');
    const record = transport.log.since(0).records[0]!;
    expect(record.hops.map((h) => h.status)).toEqual([301, 200]);
    expect(record.hops.every((h) => /^[0-9A-F]{16}$/.test(h.requestId ?? ''))).toBe(true);
  });

  it('follows 400 AuthorizationHeaderMalformed from a global endpoint, keeping the host and changing the signing region', async () => {
    const transport = make({ endpointTemplate: `http://s3.localhost:${t.world.port}` });
    await list(transport, 'west-bucket');
    const record = transport.log.since(0).records[0]!;
    expect(record.hops.map((h) => [h.host.split(':')[0], h.signingRegion, h.status, h.code ?? ''])).toEqual([
      ['west-bucket.s3.localhost', 'us-east-1', 400, 'AuthorizationHeaderMalformed'],
      ['west-bucket.s3.localhost', 'eu-west-1', 200, ''],
    ]);
  });

  it('follows a 307 with the same method and body to Location, once, and keeps using the original endpoint', async () => {
    const transport = make();
    transport.rememberRegion('settling-bucket', 'eu-west-1');
    t.world.buckets.get('settling-bucket')!.temporaryRedirectUntil = Date.now() + 60_000;
    const body = randomBytes(64 * 1024);
    await transport.send(
      { operation: 'PutObject', bucket: 'settling-bucket', key: 'moved.bin' },
      () => new PutObjectCommand({ Bucket: 'settling-bucket', Key: 'moved.bin', Body: body }),
    );
    const put = transport.log.since(0).records[0]!;
    expect(put.hops.map((h) => [h.method, h.status, h.decision])).toEqual([
      ['PUT', 307, 'follow-temporary'],
      ['PUT', 200, 'done'],
    ]);
    expect(put.hops[1]!.host).toMatch(/^settling-bucket\.s3-[a-z0-9]+\.localhost:/);
    expect(put.hops[1]!.url).toContain('rk=');

    t.world.buckets.get('settling-bucket')!.temporaryRedirectUntil = undefined;
    const got = await transport.send<GetObjectCommandOutput>(
      { operation: 'GetObject', bucket: 'settling-bucket', key: 'moved.bin' },
      () => new GetObjectCommand({ Bucket: 'settling-bucket', Key: 'moved.bin' }),
    );
    expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha(body));
    const get = transport.log.since(put.id).records[0]!;
    expect(get.hops).toHaveLength(1);
    expect(get.hops[0]!.host).toMatch(/^settling-bucket\.s3\.eu-west-1\.localhost:/);
  });

  it('resends a streamed file body byte for byte after a 307 (the stream is reopened for the new hop)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'transport-'));
    const file = path.join(dir, 'big.bin');
    const bytes = randomBytes(3 * 1024 * 1024);
    await writeFile(file, bytes);
    const transport = make();
    transport.rememberRegion('settling-bucket', 'eu-west-1');
    t.world.buckets.get('settling-bucket')!.temporaryRedirectUntil = Date.now() + 60_000;
    await transport.send(
      { operation: 'PutObject', bucket: 'settling-bucket', key: 'file.bin' },
      () =>
        new PutObjectCommand({
          Bucket: 'settling-bucket',
          Key: 'file.bin',
          Body: createReadStream(file),
          ContentLength: bytes.length,
        }),
    );
    t.world.buckets.get('settling-bucket')!.temporaryRedirectUntil = undefined;
    const got = await transport.send<GetObjectCommandOutput>(
      { operation: 'GetObject', bucket: 'settling-bucket', key: 'file.bin' },
      () => new GetObjectCommand({ Bucket: 'settling-bucket', Key: 'file.bin' }),
    );
    expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha(bytes));
    await rm(dir, { recursive: true, force: true });
  });

  it('follows a 307 on a multipart UploadPart and completes an intact object', async () => {
    const transport = make();
    const Bucket = 'settling-bucket';
    const Key = 'multi.bin';
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1024 * 1024)];
    const created = await transport.send<CreateMultipartUploadCommandOutput>(
      { operation: 'CreateMultipartUpload', bucket: Bucket, key: Key },
      () => new CreateMultipartUploadCommand({ Bucket, Key }),
    );
    t.world.buckets.get(Bucket)!.temporaryRedirectUntil = Date.now() + 60_000;
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const out = await transport.send<UploadPartCommandOutput>(
        { operation: 'UploadPart', bucket: Bucket, key: Key, bytes: part.length },
        () => new UploadPartCommand({ Bucket, Key, UploadId: created.UploadId, PartNumber: index + 1, Body: part }),
      );
      etags.push(out.ETag!);
    }
    t.world.buckets.get(Bucket)!.temporaryRedirectUntil = undefined;
    await transport.send(
      { operation: 'CompleteMultipartUpload', bucket: Bucket, key: Key },
      () =>
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId: created.UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
    );
    const uploadParts = transport.log.since(0).records.filter((r) => r.operation === 'UploadPart');
    expect(
      uploadParts.every((r) => r.hops.length === 2 && r.hops[0]!.status === 307 && r.hops[1]!.status === 200),
    ).toBe(true);
    const got = await transport.send<GetObjectCommandOutput>(
      { operation: 'GetObject', bucket: Bucket, key: Key },
      () => new GetObjectCommand({ Bucket, Key }),
    );
    expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha(Buffer.concat(parts)));
  });

  it('keeps concurrent commands for buckets in three regions apart: each is signed for its own region', async () => {
    const transport = make();
    const buckets = ['east-bucket', 'west-bucket', 'south-bucket'];
    const expected: Record<string, string> = {
      'east-bucket': 'us-east-1',
      'west-bucket': 'eu-west-1',
      'south-bucket': 'ap-southeast-2',
    };
    await Promise.all(Array.from({ length: 45 }, (_, i) => list(transport, buckets[i % 3]!)));
    const records = transport.log.since(0).records;
    expect(records).toHaveLength(45);
    for (const record of records) {
      expect(record.outcome).toBe('ok');
      const last = record.hops.at(-1)!;
      expect(last.signingRegion).toBe(expected[record.bucket!]);
      expect(last.host.startsWith(`${record.bucket}.s3.${expected[record.bucket!]}.localhost`)).toBe(true);
    }
  });

  it('refuses a 307 to a host outside the connection, naming the hop chain', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    t.faults.add(
      { bucket: 'east-bucket' },
      { kind: 'redirect', status: 307, location: 'http://collector.example.com/steal' },
    );
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error).toBeInstanceOf(S3RequestError);
    expect(error.code).toBe('RedirectRefused');
    expect(error.message).toContain('collector.example.com');
    expect(error.message).toContain('GET east-bucket.s3.us-east-1.localhost');
    const record = transport.log.since(0).records[0]!;
    expect(record.hops.at(-1)!.decision).toBe('refused');
    expect(record.outcome).toBe('error');
  });

  it('redacts a 307 Location in the log and the exports, as it does request URLs', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    const secrets =
      'X-Amz-Credential=AKIASECRETCREDENTIAL%2F20260101&X-Amz-Signature=0123456789abcdef&X-Amz-Security-Token=TOKEN-IN-LOCATION';
    t.faults.add(
      { bucket: 'east-bucket' },
      {
        kind: 'redirect',
        status: 307,
        location: `http://east-bucket.s3-abc.localhost:${t.world.port}/?list-type=2&${secrets}`,
      },
    );
    await list(transport, 'east-bucket').catch(() => undefined);
    const record = transport.log.since(0).records[0]!;
    expect(record.hops[0]!.location).toContain('X-Amz-Signature=REDACTED');
    for (const text of [JSON.stringify(record), toHar([record]), toJson([record])]) {
      for (const secret of ['AKIASECRETCREDENTIAL', '0123456789abcdef', 'TOKEN-IN-LOCATION'])
        expect(text).not.toContain(secret);
    }
  });

  it('stops a redirect loop', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    const loop = `http://east-bucket.s3-loop.localhost:${t.world.port}/?list-type=2`;
    t.faults.add({ bucket: 'east-bucket' }, { kind: 'redirect', status: 307, location: loop }, 10);
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('RedirectRefused');
    expect(error.message).toContain('loop');
    expect(transport.log.since(0).records[0]!.hops).toHaveLength(2);
  });

  it('stops after five redirects', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    for (let i = 0; i < 7; i++) {
      t.faults.add(
        { bucket: 'east-bucket' },
        { kind: 'redirect', status: 307, location: `http://east-bucket.s3-hop${i}.localhost:${t.world.port}/` },
      );
    }
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('RedirectRefused');
    expect(error.message).toContain('more than 5 redirects');
    expect(transport.log.since(0).records[0]!.hops).toHaveLength(6);
  });

  it('refuses a 301 that points back at the region it came from', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    t.faults.add({ bucket: 'east-bucket' }, { kind: 'redirect', status: 301, region: 'us-east-1' });
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('RedirectRefused');
    expect(error.message).toContain('points back to us-east-1');
  });

  it('retries a 503 SlowDown with backoff, recorded as its own hop', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    t.faults.add({ bucket: 'east-bucket' }, { kind: 'status', status: 503, code: 'SlowDown' });
    await list(transport, 'east-bucket');
    const record = transport.log.since(0).records[0]!;
    expect(record.hops.map((h) => [h.status, h.decision])).toEqual([
      [503, 'retry'],
      [200, 'done'],
    ]);
  });

  it('does not retry 501 NotImplemented: the same request would get the same answer', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    t.faults.add({ bucket: 'east-bucket' }, { kind: 'status', status: 501, code: 'NotImplemented' }, 3);
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('NotImplemented');
    expect(transport.log.since(0).records[0]!.hops.map((h) => [h.status, h.decision])).toEqual([[501, 'done']]);
    t.faults.clear();
  });

  it('reports a connection reset with the network error and a hint, after three attempts', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    t.faults.add({ bucket: 'east-bucket' }, { kind: 'reset' }, 3);
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toBe(
      'ListObjectsV2 east-bucket failed: The connection was cut before the answer came (ECONNRESET).',
    );
    expect(error.hint).toBe('Check your network and try again.');
    const record = transport.log.since(0).records[0]!;
    expect(record.hops).toHaveLength(3);
    expect(record.hops.every((h) => h.networkError === 'ECONNRESET')).toBe(true);
  });

  it("says in words that nothing listens at a dead endpoint, Node's code kept in brackets", async () => {
    // A port nobody listens on: bound, then closed.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const transport = make({ endpointTemplate: `http://127.0.0.1:${port}`, forcePathStyle: true });
    const error = (await list(transport, 'east-bucket').catch((e: unknown) => e)) as S3RequestError;
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(
      `ListObjectsV2 east-bucket failed: Nothing is listening at 127.0.0.1:${port} (ECONNREFUSED).`,
    );
    expect(error.hint).toBe('Check the endpoint, or start the server.');
  });

  it('sends directory-bucket commands straight to the zonal endpoint of the zone region', async () => {
    const transport = make();
    const head = await transport.send<HeadBucketCommandOutput>(
      { operation: 'HeadBucket', bucket: 'zonal--usw2-az1--x-s3' },
      () => new HeadBucketCommand({ Bucket: 'zonal--usw2-az1--x-s3' }),
    );
    expect(head.BucketLocationType).toBe('AvailabilityZone');
    expect(head.BucketLocationName).toBe('usw2-az1');
    const hosts = transport.log.since(0).records.flatMap((r) => r.hops.map((h) => h.host.split(':')[0]));
    expect(hosts.every((h) => h === 'zonal--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.localhost')).toBe(true);
  });

  it('times a download to its last byte: the hop and the record are updated when the body ends', async () => {
    const transport = make();
    transport.rememberRegion('east-bucket', 'us-east-1');
    const bytes = randomBytes(2 * 1024 * 1024);
    await transport.send(
      { operation: 'PutObject', bucket: 'east-bucket', key: 'slow-read.bin' },
      () => new PutObjectCommand({ Bucket: 'east-bucket', Key: 'slow-read.bin', Body: bytes }),
    );
    const emitted: Array<number | undefined> = [];
    transport.log.subscribe((r) => r.operation === 'GetObject' && emitted.push(r.durationMs));
    const out = await transport.send<GetObjectCommandOutput>(
      { operation: 'GetObject', bucket: 'east-bucket', key: 'slow-read.bin' },
      () => new GetObjectCommand({ Bucket: 'east-bucket', Key: 'slow-read.bin' }),
    );
    const record = transport.log.since(0).records.find((r) => r.operation === 'GetObject')!;
    expect(record.hops[0]!.bodyDoneMs).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300)); // the caller is slow to read
    const body = Buffer.from(await out.Body!.transformToByteArray());
    expect(body.equals(bytes)).toBe(true);
    const hop = record.hops[0]!;
    expect(hop.bodyDoneMs! - hop.durationMs).toBeGreaterThanOrEqual(250);
    expect(record.durationMs!).toBeGreaterThanOrEqual(300);
    expect(emitted.at(-1)).toBe(record.durationMs);
    expect(emitted.length).toBeGreaterThanOrEqual(3); // started, finished at the headers, body done
  });

  it('never records secrets: no signature, credential or session token in any hop', async () => {
    const transport = make({ credentials: { ...DEMO_ACCOUNT, sessionToken: 'SESSION-TOKEN-SECRET' } });
    await list(transport, 'west-bucket').catch(() => undefined);
    const text = JSON.stringify(transport.log.since(0).records);
    expect(text).not.toContain(DEMO_ACCOUNT.secretAccessKey);
    expect(text).not.toContain('SESSION-TOKEN-SECRET');
    expect(text).not.toContain('Signature=');
  });
});
