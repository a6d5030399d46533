// The transfer queue against the S3 world with fault injection: resets mid-part, 500s, SlowDown, a
// 307 on UploadPart, cancel (no orphan parts), a restart in the middle and a resume that sends only
// what was missing, conflict policies, folders, downloads. Every object's bytes are verified.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CreateMultipartUploadCommandOutput,
  type UploadPartCommandOutput,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  ListMultipartUploadsCommand,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type ListMultipartUploadsCommandOutput,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TransferProgress } from '../../electron/contract.js';
import { RangeThread, ThreadedBody } from '../../electron/s3/range-thread.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { MIB, uploadFile } from '../../electron/transfers/multipart.js';
import { downloadObject } from '../../electron/transfers/download.js';
import { planFolderPages } from '../../electron/transfers/folder-download.js';
import { TransferQueue, type TransferQueueOptions } from '../../electron/transfers/queue.js';
import { DEMO_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const BUCKET = 'drop-zone';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(STORES)('the transfer queue over %s', (store) => {
  let t: TestWorld;
  let dir: string;
  let transport: S3Transport;
  const rows = new Map<string, TransferProgress>();
  const queues: TransferQueue[] = [];

  const makeQueue = (options: Partial<TransferQueueOptions> = {}) => {
    const queue = new TransferQueue({
      transport: () => transport,
      publish: (batch) => batch.forEach((r) => rows.set(r.id, r)),
      partSize: 5 * MIB,
      multipartThreshold: 8 * MIB,
      ...options,
    });
    queues.push(queue);
    return queue;
  };
  const settled = (ids: string[]) =>
    expect
      .poll(
        () =>
          ids.every((id) => ['done', 'failed', 'cancelled', 'skipped', 'paused'].includes(rows.get(id)?.state ?? '')),
        { timeout: 30_000, interval: 50 },
      )
      .toBe(true);
  /**
   * The app quits (the queue shuts down) with download `id` under way; a new queue restores it from
   * the journal, paused, and resumes it to its end: the GetObjects the resume sent.
   */
  const quitAndResume = async (first: TransferQueue, id: string, options: Partial<TransferQueueOptions>) => {
    await first.shutdown();
    const second = makeQueue(options);
    const restored = await second.restore();
    expect(restored.find((r) => r.id === id)).toMatchObject({ direction: 'download', state: 'paused' });
    const before = transport.log.since(0).records.length;
    second.resume(id);
    await settled([id]);
    return transport.log
      .since(0)
      .records.slice(before)
      .filter((r) => r.operation === 'GetObject');
  };
  /** Download `key` to `destination` and wait for it to end: its final row. */
  const downloaded = async (queue: TransferQueue, key: string, destination: string) => {
    const id = queue.addDownload({ connectionId: 'demo', bucket: BUCKET, key, destination });
    await settled([id]);
    return rows.get(id)!;
  };
  const object = async (key: string) => {
    const out = await transport.send<GetObjectCommandOutput>(
      { operation: 'GetObject', bucket: BUCKET, key },
      () => new GetObjectCommand({ Bucket: BUCKET, Key: key }),
    );
    return Buffer.from(await out.Body!.transformToByteArray());
  };
  const openUploads = async () =>
    (
      await transport.send<ListMultipartUploadsCommandOutput>(
        { operation: 'ListMultipartUploads', bucket: BUCKET },
        () => new ListMultipartUploadsCommand({ Bucket: BUCKET }),
      )
    ).Uploads ?? [];
  const file = async (name: string, size: number) => {
    const bytes = randomBytes(size);
    const p = path.join(dir, name);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, bytes);
    return { path: p, bytes };
  };

  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({ name: BUCKET, region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    dir = await mkdtemp(path.join(os.tmpdir(), 'transfers-'));
    transport = new S3Transport(
      {
        id: 'demo',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
        wholeObjectChecksums: true, // as the demo connection: the world plays S3
      },
      { log: new RequestLog(20_000) },
    );
  });
  afterEach(() => {
    t.faults.clear();
    t.world.buckets.get(BUCKET)!.temporaryRedirectUntil = undefined;
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.shutdown()));
    transport?.destroy();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('uploads a small file with one PUT and a large one in parts, byte for byte', async () => {
    const small = await file('small.txt', 1000);
    const large = await file('large.bin', 18 * MIB + 123);
    const queue = makeQueue();
    const ids = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'up/',
      paths: [small.path, large.path],
    });
    await settled(ids);
    expect(ids.map((id) => rows.get(id)!.state)).toEqual(['done', 'done']);
    expect(rows.get(ids[1]!)!.multipart).toBe(true);
    expect(rows.get(ids[1]!)!.message).toBeUndefined();
    expect((await object('up/small.txt')).equals(small.bytes)).toBe(true);
    expect(sha(await object('up/large.bin'))).toBe(sha(large.bytes));
    const parts = transport.log
      .since(0)
      .records.filter((r) => r.operation === 'UploadPart' && r.key === 'up/large.bin');
    expect(parts).toHaveLength(4);
  });

  it('gives a multipart upload a CRC32 of the whole file, which S3 checks and a download checks again', async () => {
    const large = await file('whole.bin', 40 * MIB + 123);
    // 8 MiB ranges: the first and the last are written on main, the others on the range thread, each
    // block's CRC32 computed by the thread that writes it (a wrong one fails the check).
    const queue = makeQueue({ downloadPartSize: 8 * MIB });
    const ids = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'whole/', paths: [large.path] });
    await settled(ids);
    expect(rows.get(ids[0]!)).toMatchObject({ state: 'done', multipart: true });
    const head = await transport.send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket: BUCKET, key: 'whole/whole.bin' },
      () => new HeadObjectCommand({ Bucket: BUCKET, Key: 'whole/whole.bin', ChecksumMode: 'ENABLED' }),
    );
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlibCrc32(large.bytes) >>> 0);
    // Before, a multipart upload's checksum was of its parts' (COMPOSITE): a download could check
    // its size only.
    expect(head).toMatchObject({ ChecksumType: 'FULL_OBJECT', ChecksumCRC32: crc.toString('base64') });
    const before = transport.log.since(0).records.length;
    const back = await downloaded(queue, 'whole/whole.bin', path.join(dir, 'whole-back.bin'));
    expect(back).toMatchObject({ state: 'done', checked: 'CRC32' });
    const ranges = transport.log
      .since(0)
      .records.slice(before)
      .filter((r) => r.operation === 'GetObject');
    expect(ranges.length).toBeGreaterThanOrEqual(5);
    // Another S3-compatible service (a connection by endpoint) is not asked for one: some refuse it.
    const elsewhere = new S3Transport({
      id: 'demo',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    try {
      const plain = makeQueue({ transport: () => elsewhere });
      const [id] = await plain.addUploads({
        connectionId: 'demo',
        bucket: BUCKET,
        prefix: 'parts/',
        paths: [large.path],
      });
      await settled([id!]);
      expect(rows.get(id!)).toMatchObject({ state: 'done', multipart: true });
      const created = elsewhere.log.since(0).records.find((r) => r.operation === 'CreateMultipartUpload');
      expect(created).toBeDefined();
      const asked = await transport.send<HeadObjectCommandOutput>(
        { operation: 'HeadObject', bucket: BUCKET, key: 'parts/whole.bin' },
        () => new HeadObjectCommand({ Bucket: BUCKET, Key: 'parts/whole.bin', ChecksumMode: 'ENABLED' }),
      );
      expect(asked.ChecksumType).not.toBe('FULL_OBJECT');
    } finally {
      elsewhere.destroy();
    }
    expect(sha(await readFile(path.join(dir, 'whole-back.bin')))).toBe(sha(large.bytes));
    if (store !== 'embedded') return; // moto computes the whole object's CRC itself, and checks no claim
    // A completion that claims another file's CRC32 is refused: the parts S3 holds are not that file.
    const created = await transport.send<CreateMultipartUploadCommandOutput>(
      { operation: 'CreateMultipartUpload', bucket: BUCKET, key: 'whole/claimed.bin' },
      () =>
        new CreateMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'whole/claimed.bin',
          ChecksumAlgorithm: 'CRC32',
          ChecksumType: 'FULL_OBJECT',
        }),
    );
    const part = randomBytes(1000);
    const sent = await transport.send<UploadPartCommandOutput>(
      { operation: 'UploadPart', bucket: BUCKET, key: 'whole/claimed.bin' },
      () =>
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'whole/claimed.bin',
          UploadId: created.UploadId,
          PartNumber: 1,
          Body: part,
          ChecksumAlgorithm: 'CRC32',
        }),
    );
    const complete = (claim: string) =>
      transport.send(
        { operation: 'CompleteMultipartUpload', bucket: BUCKET, key: 'whole/claimed.bin' },
        () =>
          new CompleteMultipartUploadCommand({
            Bucket: BUCKET,
            Key: 'whole/claimed.bin',
            UploadId: created.UploadId,
            ChecksumType: 'FULL_OBJECT',
            ChecksumCRC32: claim,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: sent.ETag, ChecksumCRC32: sent.ChecksumCRC32 }] },
          }),
      );
    await expect(complete(crc.toString('base64'))).rejects.toMatchObject({ code: 'BadDigest' });
    const own = Buffer.alloc(4);
    own.writeUInt32BE(zlibCrc32(part) >>> 0);
    await complete(own.toString('base64'));
    expect((await object('whole/claimed.bin')).equals(part)).toBe(true);
  });

  it('stores the Content-Type a browser would give each name, for one PUT and for multipart', async () => {
    const names: Array<[string, number, string]> = [
      ['shot.png', 100, 'image/png'],
      ['page.html', 100, 'text/html'],
      ['data.json', 100, 'application/json'],
      ['clip.mp4', 9 * MIB, 'video/mp4'],
      ['no-extension', 100, 'application/octet-stream'],
      // Beyond mime-db (content-type.ts): code and data-lake formats.
      ['tool.py', 100, 'text/x-python'],
      ['events.JSONL', 100, 'application/jsonl'],
      ['part-0.parquet', 9 * MIB, 'application/vnd.apache.parquet'],
    ];
    const paths = await Promise.all(names.map(([name, size]) => file(`types/${name}`, size)));
    const queue = makeQueue();
    await settled(
      await queue.addUploads({
        connectionId: 'demo',
        bucket: BUCKET,
        prefix: 'typed/',
        paths: paths.map((p) => p.path),
      }),
    );
    for (const [name, , type] of names) {
      const head = await transport.send<HeadObjectCommandOutput>(
        { operation: 'HeadObject', bucket: BUCKET, key: `typed/${name}` },
        () => new HeadObjectCommand({ Bucket: BUCKET, Key: `typed/${name}` }),
      );
      expect(head.ContentType, name).toBe(type);
    }
  });

  it('survives a reset mid-part, a 500 and a SlowDown, resending identical bytes', async () => {
    const big = await file('faulty.bin', 16 * MIB);
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'reset', afterBytes: 1 * MIB });
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'status', status: 500, code: 'InternalError' });
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'status', status: 503, code: 'SlowDown' });
    const queue = makeQueue();
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [big.path] });
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('done');
    expect(t.faults.fired).toBe(3);
    expect(sha(await object('faulty.bin'))).toBe(sha(big.bytes));
    const retried = transport.log
      .since(0)
      .records.filter((r) => r.key === 'faulty.bin' && r.hops.some((h) => h.decision === 'retry'));
    expect(retried.length).toBeGreaterThanOrEqual(1);
  });

  it('sends a small file as one buffer, resent whole after a reset, and refuses a file that changed size', async () => {
    const small = await file('small-reset.bin', 300 * 1024);
    const fired = t.faults.fired;
    t.faults.add({ method: 'PUT', key: 'small-reset.bin' }, { kind: 'reset', afterBytes: 1000 });
    const queue = makeQueue();
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [small.path] });
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('done');
    expect(t.faults.fired - fired).toBe(1);
    expect((await object('small-reset.bin')).equals(small.bytes)).toBe(true);

    const before = transport.log.since(0).records.length;
    const changed = await uploadFile({
      transport,
      bucket: BUCKET,
      key: 'changed.bin',
      localPath: small.path,
      size: small.bytes.length + 1,
    }).catch((e: unknown) => e);
    expect((changed as { code?: string }).code).toBe('FileChanged');
    expect(transport.log.since(0).records.length).toBe(before);
  });

  it('uploads several large files at once from reused part buffers, each byte for byte', async () => {
    // Parts are read into buffers that go back to a pool after their upload: three files whose
    // parts interleave would mix their bytes if a buffer were shared while still being sent.
    const files = await Promise.all([
      file('pool/a.bin', 12 * MIB + 1),
      file('pool/b.bin', 11 * MIB + 333),
      file('pool/c.bin', 10 * MIB + 7),
    ]);
    // One reset mid-part: a failed attempt's buffer is not handed to another part.
    t.faults.add(
      { method: 'PUT', queryHas: 'partNumber', key: 'pool/b.bin' },
      { kind: 'reset', afterBytes: 256 * 1024 },
    );
    const queue = makeQueue({ partConcurrency: 3 });
    const ids = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'pool/',
      paths: files.map((f) => f.path),
    });
    await settled(ids);
    expect(ids.map((id) => rows.get(id)!.state)).toEqual(['done', 'done', 'done']);
    for (const f of files) expect(sha(await object(`pool/${path.basename(f.path)}`))).toBe(sha(f.bytes));
  });

  it('refuses a multipart file that ended early: the short part is never sent', async () => {
    const shrunk = await file('changed-multi.bin', 6 * MIB);
    const changed = await uploadFile({
      transport,
      bucket: BUCKET,
      key: 'changed-multi.bin',
      localPath: shrunk.path,
      size: shrunk.bytes.length + 1,
      multipartThreshold: 5 * MIB,
      partSize: 5 * MIB,
    }).catch((e: unknown) => e);
    expect((changed as { code?: string; message?: string }).code).toBe('FileChanged');
    expect((changed as Error).message).toMatch(/changed while it was being uploaded/);
    const parts = transport.log
      .since(0)
      .records.filter((r) => r.operation === 'UploadPart' && r.key === 'changed-multi.bin');
    expect(parts.map((r) => [r.outcome, r.bytesSent])).toEqual([['ok', 5 * MIB]]);
    const open = (await openUploads()).filter((u) => u.Key === 'changed-multi.bin');
    for (const upload of open)
      await transport.send(
        { operation: 'AbortMultipartUpload', bucket: BUCKET, key: upload.Key! },
        () => new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: upload.Key!, UploadId: upload.UploadId! }),
      );
  });

  it('follows a 307 on UploadPart', async () => {
    const big = await file('redirected.bin', 11 * MIB);
    transport.rememberRegion(BUCKET, 'eu-west-1');
    const queue = makeQueue();
    t.world.buckets.get(BUCKET)!.temporaryRedirectUntil = Date.now() + 60_000;
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [big.path] });
    await settled([id!]);
    t.world.buckets.get(BUCKET)!.temporaryRedirectUntil = undefined;
    expect(rows.get(id!)!.state).toBe('done');
    const parts = transport.log
      .since(0)
      .records.filter((r) => r.operation === 'UploadPart' && r.key === 'redirected.bin');
    expect(parts.every((r) => r.hops[0]!.status === 307 && r.hops.at(-1)!.status === 200)).toBe(true);
    expect(sha(await object('redirected.bin'))).toBe(sha(big.bytes));
  });

  it('cancels mid-way and aborts the multipart upload: no orphan parts', async () => {
    const big = await file('cancelled.bin', 30 * MIB);
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'delay', ms: 300 }, 10);
    const queue = makeQueue({ partConcurrency: 1 });
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [big.path] });
    await expect.poll(() => rows.get(id!)!.bytesDone, { timeout: 10_000 }).toBeGreaterThan(5 * MIB);
    await queue.cancel(id!);
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('cancelled');
    expect((await openUploads()).filter((u) => u.Key === 'cancelled.bin')).toEqual([]);
    const aborted = transport.log
      .since(0)
      .records.filter((r) => r.operation === 'AbortMultipartUpload' && r.key === 'cancelled.bin');
    expect(aborted.map((r) => r.outcome)).toEqual(['ok']);
  });

  it('says an upload S3 took while its answer was still on the way when it was cancelled is done, not cancelled', async () => {
    const exists = (key: string) =>
      transport
        .send<HeadObjectCommandOutput>(
          { operation: 'HeadObject', bucket: BUCKET, key },
          () => new HeadObjectCommand({ Bucket: BUCKET, Key: key }),
        )
        .then(
          () => true,
          () => false,
        );
    const queue = makeQueue({ partConcurrency: 2 });
    // One PUT whose body has gone, and a multipart upload whose Complete is on its way: each is
    // carried out at once, its answer held back, and cancelled while it is awaited.
    const small = await file('landed-small.txt', 3000);
    const big = await file('landed-big.bin', 11 * MIB);
    t.faults.add({ method: 'PUT', key: 'landed-small.txt' }, { kind: 'late', ms: 2000 });
    t.faults.add({ method: 'POST', key: 'landed-big.bin', queryHas: 'uploadId' }, { kind: 'late', ms: 2000 });
    const ids = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: '',
      paths: [small.path, big.path],
    });
    await expect.poll(() => exists('landed-small.txt'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => exists('landed-big.bin'), { timeout: 10_000 }).toBe(true);
    for (const id of ids) await queue.cancel(id);
    await settled(ids);
    for (const id of ids) {
      expect(rows.get(id)!.state, rows.get(id)!.key).toBe('done');
      expect(rows.get(id)!.message).toBe('uploaded: it had reached S3 when you stopped it');
    }
    expect(sha(await object('landed-small.txt'))).toBe(sha(small.bytes));
    expect(sha(await object('landed-big.bin'))).toBe(sha(big.bytes));
    // One that had not reached S3 stays cancelled, and nothing is there.
    const slow = await file('not-landed.bin', 30 * MIB);
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'delay', ms: 300 }, 10);
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [slow.path] });
    await expect.poll(() => rows.get(id!)!.bytesDone, { timeout: 10_000 }).toBeGreaterThan(5 * MIB);
    await queue.cancel(id!);
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('cancelled');
    expect(await exists('not-landed.bin')).toBe(false);
    t.faults.clear();
  });

  it('a move to another connection stopped mid-upload: done when S3 had taken it, its parts aborted when not', async () => {
    // Between connections the bytes come through a relay file and are uploaded again: a stop
    // while that upload's last answer was on its way left the object at both places ("cancelled"
    // over a copy S3 had made), and a stop mid-parts left the multipart upload behind as an orphan.
    const exists = (key: string) =>
      transport
        .send(
          { operation: 'HeadObject', bucket: BUCKET, key },
          () => new HeadObjectCommand({ Bucket: BUCKET, Key: key }),
        )
        .then(
          () => true,
          () => false,
        );
    const source = async (name: string, size: number) => {
      const local = await file(`relay-src/${name}`, size);
      await uploadFile({ transport, bucket: BUCKET, key: `relay-src/${name}`, localPath: local.path, size });
      return { sourceKey: `relay-src/${name}`, targetKey: `relayed/${name}`, size, bytes: local.bytes };
    };
    const move = (items: Awaited<ReturnType<typeof source>>[]) =>
      queue.addCopies(
        {
          connectionId: 'demo',
          sourceBucket: BUCKET,
          targetBucket: BUCKET,
          move: true,
          label: 'relay',
          targetConnectionId: 'other',
          conflict: 'overwrite',
        },
        items.map(({ sourceKey, targetKey, size }) => ({ sourceKey, targetKey, size })),
      );
    // Relay files in a folder of this test's own: another file's relay test runs beside it.
    const relayDir = await mkdtemp(path.join(dir, 'relay-'));
    const queue = makeQueue({ partConcurrency: 2, relayDir });
    const small = await source('small.txt', 3000);
    const big = await source('big.bin', 11 * MIB);
    t.faults.add({ method: 'PUT', key: small.targetKey }, { kind: 'late', ms: 2000 });
    t.faults.add({ method: 'POST', key: big.targetKey, queryHas: 'uploadId' }, { kind: 'late', ms: 2000 });
    const ids = move([small, big]);
    await expect.poll(() => exists(small.targetKey), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => exists(big.targetKey), { timeout: 10_000 }).toBe(true);
    for (const id of ids) await queue.cancel(id);
    await settled(ids);
    for (const [i, item] of [small, big].entries()) {
      expect(rows.get(ids[i]!)!.state, item.sourceKey).toBe('done');
      expect(rows.get(ids[i]!)!.message).toBe(
        'moved: its copy had reached S3 when you stopped it, so the source was deleted',
      );
      expect(sha(await object(item.targetKey))).toBe(sha(item.bytes));
      expect(await exists(item.sourceKey), `${item.sourceKey} at both places`).toBe(false);
    }
    // One stopped while its parts were on their way: cancelled, the source kept, nothing left in S3.
    const slow = await source('slow.bin', 30 * MIB);
    t.faults.add({ method: 'PUT', key: slow.targetKey, queryHas: 'partNumber' }, { kind: 'delay', ms: 300 }, 10);
    const [id] = move([slow]);
    await expect.poll(() => rows.get(id!)!.bytesDone, { timeout: 10_000 }).toBeGreaterThan(15 * MIB + 3 * MIB);
    await queue.cancel(id!);
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('cancelled');
    expect(await exists(slow.targetKey)).toBe(false);
    expect(sha(await object(slow.sourceKey))).toBe(sha(slow.bytes));
    await expect.poll(async () => (await openUploads()).filter((u) => u.Key === slow.targetKey)).toEqual([]);
    expect(await readdir(relayDir)).toEqual([]);
  });

  it('writes uploads in the storage class asked for, one PUT and multipart alike', async () => {
    const small = await file('classy/small.txt', 2000);
    const large = await file('classy/large.bin', 11 * MIB);
    const queue = makeQueue();
    const ids = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'classy/',
      paths: [small.path, large.path],
      storageClass: 'STANDARD_IA',
    });
    await settled(ids);
    expect(ids.map((id) => rows.get(id)!.state)).toEqual(['done', 'done']);
    for (const key of ['classy/small.txt', 'classy/large.bin']) {
      const head = await transport.send<HeadObjectCommandOutput>(
        { operation: 'HeadObject', bucket: BUCKET, key },
        () => new HeadObjectCommand({ Bucket: BUCKET, Key: key }),
      );
      expect(head.StorageClass, key).toBe('STANDARD_IA');
    }
    expect(sha(await object('classy/large.bin'))).toBe(sha(large.bytes));
  });

  it('resumes after a restart with the same upload id, sending only the missing parts', async () => {
    const journalFile = path.join(dir, 'user-data', 'transfers.json');
    const big = await file('resumed.bin', 26 * MIB);
    t.faults.add({ method: 'PUT', queryHas: 'partNumber' }, { kind: 'delay', ms: 250 }, 20);
    const first = makeQueue({ journalFile, partConcurrency: 1 });
    const [id] = await first.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [big.path] });
    const journaledParts = async () => {
      try {
        return (
          (JSON.parse(await readFile(journalFile, 'utf8')) as { uploads: Array<{ state: { parts: unknown[] } }> })
            .uploads[0]?.state.parts.length ?? 0
        );
      } catch {
        return 0;
      }
    };
    await expect.poll(journaledParts, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(2);
    await first.shutdown(); // the app quits mid-upload
    expect(rows.get(id!)!.state).toBe('paused');
    const journal = JSON.parse(await readFile(journalFile, 'utf8')) as {
      uploads: Array<{ state: { uploadId: string; parts: unknown[] } }>;
    };
    const uploadId = journal.uploads[0]!.state.uploadId;
    const partsBefore = journal.uploads[0]!.state.parts.length;
    expect(partsBefore).toBeGreaterThanOrEqual(2);
    t.faults.clear();

    const before = transport.log.since(0).records.at(-1)!.id;
    const second = makeQueue({ journalFile });
    const restored = await second.restore();
    expect(restored.map((r) => [r.id, r.state])).toEqual([[id, 'paused']]);
    second.resume(id!);
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('done');
    const after = transport.log.since(before).records;
    expect(after.some((r) => r.operation === 'CreateMultipartUpload')).toBe(false);
    expect(after.filter((r) => r.operation === 'UploadPart')).toHaveLength(6 - partsBefore);
    const complete = after.find((r) => r.operation === 'CompleteMultipartUpload')!;
    expect(complete.hops[0]!.url).toContain(`uploadId=${encodeURIComponent(uploadId)}`);
    expect(sha(await object('resumed.bin'))).toBe(sha(big.bytes));
    expect((await openUploads()).filter((u) => u.Key === 'resumed.bin')).toEqual([]);
    expect(JSON.parse(await readFile(journalFile, 'utf8')).uploads).toEqual([]);
  });

  it('applies the conflict policy: skip leaves the object, keep-both picks a free name', async () => {
    const first = await file('conflict/report.txt', 100);
    const queue = makeQueue();
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'c/', paths: [first.path] }));
    await writeFile(first.path, 'second version');
    const [skipped] = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'c/',
      paths: [first.path],
      conflict: 'skip',
    });
    const [both] = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'c/',
      paths: [first.path],
      conflict: 'keep-both',
    });
    await settled([skipped!, both!]);
    expect(rows.get(skipped!)!.state).toBe('skipped');
    expect((await object('c/report.txt')).equals(first.bytes)).toBe(true);
    expect(rows.get(both!)!.key).toBe('c/report (1).txt');
    expect((await object('c/report (1).txt')).toString()).toBe('second version');
  });

  it('never moves progress back, across a pause and a resume of a multipart upload', async () => {
    const big = await file('monotonic.bin', 24 * MIB);
    const seen: number[] = [];
    const queue = makeQueue({
      partConcurrency: 2,
      publish: (batch) =>
        batch.forEach((r) => {
          rows.set(r.id, r);
          if (r.key === 'monotonic.bin') seen.push(r.bytesDone);
        }),
    });
    const [id] = await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: '', paths: [big.path] });
    await expect.poll(() => rows.get(id!)?.bytesDone ?? 0, { timeout: 20_000, interval: 5 }).toBeGreaterThan(7 * MIB);
    queue.pause(id!);
    await expect.poll(() => rows.get(id!)?.state, { timeout: 20_000 }).toBe('paused');
    queue.resume(id!);
    await settled([id!]);
    expect(rows.get(id!)!.state).toBe('done');
    expect(sha(await object('monotonic.bin'))).toBe(sha(big.bytes));
    const backwards = seen.filter((bytes, i) => i > 0 && bytes < seen[i - 1]!);
    expect(backwards).toEqual([]);
  });

  it('never overwrites an object that appears between the look and the write (skip, keep both)', async () => {
    const mine = await file('race/upload.txt', 64);
    // Our PUT is held at the door; meanwhile another client writes the same key.
    const racer = async (key: string, body: string) => {
      await new Promise((r) => setTimeout(r, 100));
      await transport.send(
        { operation: 'PutObject', bucket: BUCKET, key },
        () => new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }),
      );
    };
    const queue = makeQueue();
    t.faults.add({ method: 'PUT', key: 'race/skip/upload.txt' }, { kind: 'delay', ms: 400 });
    const [skipped] = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'race/skip/',
      paths: [mine.path],
      conflict: 'skip',
    });
    await racer('race/skip/upload.txt', 'theirs');
    await settled([skipped!]);
    expect(rows.get(skipped!)!.state).toBe('skipped');
    expect(rows.get(skipped!)!.message).toContain('appeared while it was uploading');
    expect((await object('race/skip/upload.txt')).toString()).toBe('theirs');

    t.faults.add({ method: 'PUT', key: 'race/both/upload.txt' }, { kind: 'delay', ms: 400 });
    const [both] = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'race/both/',
      paths: [mine.path],
      conflict: 'keep-both',
    });
    await racer('race/both/upload.txt', 'theirs too');
    await settled([both!]);
    expect(rows.get(both!)!).toMatchObject({ state: 'done', key: 'race/both/upload (1).txt' });
    expect((await object('race/both/upload.txt')).toString()).toBe('theirs too');
    expect((await object('race/both/upload (1).txt')).equals(mine.bytes)).toBe(true);
  });

  it('keeps folder structure, makes empty folders folder markers in place, and answers symlinks item by item', async () => {
    await file('tree/a/one.txt', 10);
    await file('tree/a/b/two.txt', 20);
    await mkdir(path.join(dir, 'tree/empty'), { recursive: true });
    await symlink(path.join(dir, 'tree/a/one.txt'), path.join(dir, 'tree/link.txt'));
    const queue = makeQueue();
    const ids = await queue.addUploads({
      connectionId: 'demo',
      bucket: BUCKET,
      prefix: 'f/',
      paths: [path.join(dir, 'tree'), path.join(dir, 'missing.txt')],
    });
    await settled(ids);
    const byKey = Object.fromEntries(ids.map((id) => [rows.get(id)!.key, rows.get(id)!]));
    expect(byKey['f/tree/a/one.txt']!.state).toBe('done');
    expect(byKey['f/tree/a/b/two.txt']!.state).toBe('done');
    // The empty folder is a zero-byte marker at its own place, not "f/empty" and not an error.
    expect(byKey['f/tree/empty/']).toMatchObject({ state: 'done', folder: true });
    expect((await object('f/tree/empty/')).length).toBe(0);
    const skipped = ids
      .map((id) => rows.get(id)!)
      .filter((r) => r.state === 'skipped')
      .map((r) => [r.key, r.message]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        ['f/tree/link.txt', 'symbolic links are not followed'],
        ['f/missing.txt', 'cannot read it (ENOENT)'],
      ]),
    );
    // One drop is one batch.
    expect(new Set(ids.map((id) => rows.get(id)!.batchId)).size).toBe(1);
  });

  it('downloads to the chosen file, survives truncated bodies, and leaves nothing half-written when it fails', async () => {
    const source = await file('dl/source.bin', 3 * MIB);
    const queue = makeQueue();
    await settled(
      await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [source.path] }),
    );
    const target = path.join(dir, 'downloaded.bin');
    const id = queue.addDownload({ connectionId: 'demo', bucket: BUCKET, key: 'dl/source.bin', destination: target });
    await settled([id]);
    expect(rows.get(id)!.state).toBe('done');
    expect((await readFile(target)).equals(source.bytes)).toBe(true);

    // Three cut-off bodies are retried; the file is whole in the end.
    t.faults.add({ method: 'GET', key: 'dl/source.bin' }, { kind: 'truncate', bytes: 1000 }, 3);
    expect((await downloaded(queue, 'dl/source.bin', path.join(dir, 'healed.bin'))).state).toBe('done');
    expect((await readFile(path.join(dir, 'healed.bin'))).equals(source.bytes)).toBe(true);

    // A body that never arrives whole fails, and nothing is left where the file was to go.
    t.faults.add({ method: 'GET', key: 'dl/source.bin' }, { kind: 'truncate', bytes: 1000 }, 20);
    expect((await downloaded(queue, 'dl/source.bin', path.join(dir, 'broken.bin'))).state).toBe('failed');
    expect((await readdir(dir)).filter((f) => f.startsWith('broken'))).toEqual([]);
    t.faults.clear();
  });

  it('says why a transfer failed first, since its row names the object already', async () => {
    const queue = makeQueue();
    const target = path.join(dir, 'refused.bin');
    t.faults.add(
      { method: 'GET', key: 'dl/source.bin' },
      { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' },
    );
    const row = await downloaded(queue, 'dl/source.bin', target);
    expect(row.state).toBe('failed');
    expect(row.message).toMatch(/^Access Denied\. This identity is not allowed/);
    t.faults.clear();
  });

  it('takes a small object whole in memory through cut-off bodies, and in ranges when they are smaller than it', async () => {
    const small = await file('dl/small.bin', 600 * 1024);
    const queue = makeQueue();
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [small.path] }));
    t.faults.add({ method: 'GET', key: 'dl/small.bin' }, { kind: 'truncate', bytes: 1000 }, 2);
    expect((await downloaded(queue, 'dl/small.bin', path.join(dir, 'small-healed.bin'))).state).toBe('done');
    expect((await readFile(path.join(dir, 'small-healed.bin'))).equals(small.bytes)).toBe(true);

    t.faults.add({ method: 'GET', key: 'dl/small.bin' }, { kind: 'truncate', bytes: 1000 }, 20);
    expect((await downloaded(queue, 'dl/small.bin', path.join(dir, 'small-broken.bin'))).state).toBe('failed');
    expect((await readdir(dir)).filter((f) => f.startsWith('small-broken'))).toEqual([]);
    t.faults.clear();

    // Ranges of 256 KiB: the first answer holds only part of the object, which comes in three.
    const ranged = makeQueue({ downloadPartSize: 256 * 1024 });
    const before = transport.log.since(0).records.length;
    expect((await downloaded(ranged, 'dl/small.bin', path.join(dir, 'small-ranged.bin'))).state).toBe('done');
    expect((await readFile(path.join(dir, 'small-ranged.bin'))).equals(small.bytes)).toBe(true);
    const gets = transport.log
      .since(0)
      .records.slice(before)
      .filter((r) => r.operation === 'GetObject');
    expect(gets).toHaveLength(3);
  });

  it('downloads again into a folder the user deleted meanwhile', async () => {
    const source = await file('dl/again.bin', 1000);
    const queue = makeQueue();
    await settled(
      await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [source.path] }),
    );
    const folder = path.join(dir, 'gone-meanwhile');
    await downloaded(queue, 'dl/again.bin', path.join(folder, 'a.bin'));
    await rm(folder, { recursive: true, force: true });
    expect((await downloaded(queue, 'dl/again.bin', path.join(folder, 'b.bin'))).state).toBe('done');
    expect((await readFile(path.join(folder, 'b.bin'))).equals(source.bytes)).toBe(true);
  });

  it('refuses bytes that do not match a single-part ETag, leaving nothing behind, but not under SSE-KMS', async () => {
    const queue = makeQueue();
    const body = Buffer.from('these bytes are not the ones the ETag was made of');
    const etag = `"${createHash('md5').update('other bytes').digest('hex')}"`;
    // Three times: the check fails every attempt the user might make with the same answer.
    t.faults.add(
      { method: 'GET', key: 'dl/forged.txt' },
      {
        kind: 'answer',
        status: 206,
        headers: { etag, 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
        body,
      },
      3,
    );
    const target = path.join(dir, 'forged.txt');
    const forged = await downloaded(queue, 'dl/forged.txt', target);
    expect(forged.state).toBe('failed');
    expect(forged.message).toMatch(/do not match its ETag/);
    expect((await readdir(dir)).filter((f) => f.startsWith('forged'))).toEqual([]);
    t.faults.clear();

    // Under SSE-KMS an ETag is not the bytes' MD5: the same answer is a good download there.
    t.faults.add(
      { method: 'GET', key: 'dl/forged.txt' },
      {
        kind: 'answer',
        status: 206,
        headers: {
          etag,
          'content-range': `bytes 0-${body.length - 1}/${body.length}`,
          'x-amz-server-side-encryption': 'aws:kms',
        },
        body,
      },
    );
    expect((await downloaded(queue, 'dl/forged.txt', target)).state).toBe('done');
    expect((await readFile(target)).equals(body)).toBe(true);
    t.faults.clear();
  });

  it("checks a small object's own checksum when its listing sized it: bytes S3 did not send are refused", async () => {
    const queue = makeQueue();
    const real = await file('sums/ledger.csv', 3000);
    const other = await file('sums/other.csv', 2000);
    await settled(
      await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'sums/', paths: [real.path, other.path] }),
    );
    // Same length, one byte changed, under SSE-KMS (its ETag is no MD5, so only the CRC32 can tell).
    const changed = Buffer.from(real.bytes);
    changed[1234] = changed[1234]! ^ 0xff;
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlibCrc32(real.bytes) >>> 0);
    const forged = {
      kind: 'answer' as const,
      status: 200,
      headers: {
        etag: '"0123456789abcdef0123456789abcdef"',
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-checksum-crc32': crc.toString('base64'),
        'x-amz-checksum-type': 'FULL_OBJECT',
      },
      body: changed,
    };
    t.faults.add({ method: 'GET', key: 'sums/ledger.csv' }, forged, 3);
    const folder = path.join(dir, 'sums-copy');
    const pages = planFolderPages(transport, {
      bucket: BUCKET,
      base: 'sums/',
      keys: [],
      prefixes: ['sums/'],
      target: folder,
    });
    const ids = await queue.addDownloadPages({ connectionId: 'demo', bucket: BUCKET, label: 'sums/' }, pages);
    await settled(ids);
    const byKey = new Map(ids.map((id) => [rows.get(id)!.key, rows.get(id)!]));
    expect(byKey.get('sums/ledger.csv')).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/do not match its CRC32 checksum/),
    });
    expect(byKey.get('sums/other.csv')).toMatchObject({ state: 'done', checked: 'CRC32' });
    expect(await readdir(folder)).toEqual(['other.csv']); // nothing of ledger.csv, not even a partial file
    t.faults.clear();

    // As S3 sends it: checked and written.
    const again = await queue.addDownloadPages(
      { connectionId: 'demo', bucket: BUCKET, label: 'sums/' },
      planFolderPages(transport, {
        bucket: BUCKET,
        base: 'sums/',
        keys: ['sums/ledger.csv'],
        prefixes: [],
        target: folder,
      }),
    );
    await settled(again);
    expect(rows.get(again[0]!)!.state).toBe('done');
    expect((await readFile(path.join(folder, 'ledger.csv'))).equals(real.bytes)).toBe(true);

    // An object whose size is not known is asked for as a range, whose answer carries no checksum
    // and, under SSE-KMS, no MD5: HEAD is asked for the CRC32, and the bytes refused.
    const { ETag } = await transport.send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket: BUCKET, key: 'sums/ledger.csv' },
      () => new HeadObjectCommand({ Bucket: BUCKET, Key: 'sums/ledger.csv' }),
    );
    const ranged = {
      kind: 'answer' as const,
      status: 206,
      headers: {
        etag: ETag!,
        'x-amz-server-side-encryption': 'aws:kms',
        'content-range': `bytes 0-${changed.length - 1}/${changed.length}`,
      },
      body: changed,
    };
    /** The ledger alone under a forged GET answer: it must fail on its CRC32. */
    const refusedAlone = async (answer: typeof forged | typeof ranged, name: string, size?: number) => {
      t.faults.add({ method: 'GET', key: 'sums/ledger.csv' }, answer, 3);
      const id = queue.addDownload({
        connectionId: 'demo',
        bucket: BUCKET,
        key: 'sums/ledger.csv',
        destination: path.join(dir, name),
        size,
      });
      await settled([id]);
      expect(rows.get(id)).toMatchObject({ state: 'failed', message: expect.stringMatching(/CRC32 checksum/) });
      t.faults.clear();
    };

    // One object, its size as the window listed it (a chosen row, Download…): checked the same way.
    await refusedAlone(forged, 'lone-ledger.csv', real.bytes.length);
    // Its size not known (the terminal's get of one key): see `ranged` above.
    await refusedAlone(ranged, 'unsized-ledger.csv');
  });

  it('checks an object that came in ranges against its own checksum, asked of HEAD: a wrong one is refused', async () => {
    const bytes = randomBytes(3 * MIB + 11);
    // One PUT: the SDK sends its CRC32, and S3 keeps it as the object's full-object checksum.
    await transport.send(
      { operation: 'PutObject', bucket: BUCKET, key: 'sums/big.bin' },
      () => new PutObjectCommand({ Bucket: BUCKET, Key: 'sums/big.bin', Body: bytes, ChecksumAlgorithm: 'CRC32' }),
    );
    const target = path.join(dir, 'sums-big.bin');
    const get = () =>
      downloadObject({
        transport,
        bucket: BUCKET,
        key: 'sums/big.bin',
        partial: `${target}.part`,
        destination: target,
        partSize: 1 * MIB,
      });
    const before = transport.log.since(0).records.length;
    expect(await get()).toMatchObject({ size: bytes.length, ranged: true, checked: 'CRC32' });
    expect((await readFile(target)).equals(bytes)).toBe(true);
    const heads = transport.log
      .since(0)
      .records.slice(before)
      .filter((r) => r.operation === 'HeadObject');
    expect(heads).toHaveLength(1);
    await rm(target);

    // HEAD says another CRC32 (as S3 would for bytes other than those that came): refused, nothing left.
    const other = Buffer.alloc(4);
    other.writeUInt32BE(zlibCrc32(Buffer.from('not these bytes')) >>> 0);
    const forged = {
      kind: 'answer' as const,
      status: 200,
      headers: {
        'content-length': String(bytes.length),
        'x-amz-checksum-crc32': other.toString('base64'),
        'x-amz-checksum-type': 'FULL_OBJECT',
      },
      body: Buffer.alloc(0),
    };
    t.faults.add({ method: 'HEAD', key: 'sums/big.bin' }, forged);
    await expect(get()).rejects.toThrow(/do not match its CRC32 checksum/);
    await rm(`${target}.part`);
    // Through the queue, as the window and the terminal download: the row says why, nothing is left.
    const queue = makeQueue({ downloadPartSize: 1 * MIB });
    t.faults.add({ method: 'HEAD', key: 'sums/big.bin' }, forged);
    const row = await downloaded(queue, 'sums/big.bin', target);
    expect(row).toMatchObject({ state: 'failed', message: expect.stringMatching(/CRC32 checksum/) });
    expect((await readdir(dir)).filter((f) => f.startsWith('sums-big.bin'))).toEqual([]);
  });

  it.each(['CRC64NVME', 'CRC32C'] as const)(
    'checks an object sent with a %s (no MD5 under SSE-KMS), in ranges and whole: other bytes are refused',
    async (algorithm) => {
      const put = (key: string, body: Buffer) =>
        transport.send(
          { operation: 'PutObject', bucket: BUCKET, key },
          () =>
            new PutObjectCommand({
              Bucket: BUCKET,
              Key: key,
              Body: body,
              ChecksumAlgorithm: algorithm,
              ServerSideEncryption: 'aws:kms',
            }),
        );
      /** The object's own checksum, as HEAD says it. */
      const ownSum = async (key: string) =>
        (
          await transport.send<HeadObjectCommandOutput>(
            { operation: 'HeadObject', bucket: BUCKET, key },
            () => new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }),
          )
        )[`Checksum${algorithm}`];
      /** The folder sums/small/ downloaded into `target` through the queue: its row when it ends. */
      const downloadSmall = async (queue: TransferQueue, target: string) => {
        const ids = await queue.addDownloadPages(
          { connectionId: 'demo', bucket: BUCKET, label: 'sums/small/' },
          planFolderPages(transport, {
            bucket: BUCKET,
            base: 'sums/small/',
            keys: [],
            prefixes: ['sums/small/'],
            target,
          }),
        );
        await settled(ids);
        return rows.get(ids[0]!);
      };
      const bytes = randomBytes(3 * MIB + 5);
      const key = `sums/${algorithm}.bin`;
      await put(key, bytes);
      const target = path.join(dir, `${algorithm}.bin`);
      const get = () =>
        downloadObject({
          transport,
          bucket: BUCKET,
          key,
          partial: `${target}.part`,
          destination: target,
          partSize: MIB,
        });
      // In ranges: HEAD says the checksum, the file is read back for it.
      expect(await get()).toMatchObject({ size: bytes.length, ranged: true, checked: algorithm });
      expect((await readFile(target)).equals(bytes)).toBe(true);
      await rm(target);
      const real = await ownSum(key);
      expect(real).toBeTruthy();
      // HEAD says the checksum of other bytes: refused, in words.
      const otherKey = `sums/${algorithm}-other.bin`;
      await put(otherKey, Buffer.from('other bytes'));
      const other = await ownSum(otherKey);
      t.faults.add(
        { method: 'HEAD', key },
        {
          kind: 'answer',
          status: 200,
          headers: {
            'content-length': String(bytes.length),
            'x-amz-server-side-encryption': 'aws:kms',
            [`x-amz-checksum-${algorithm.toLowerCase()}`]: other!,
            'x-amz-checksum-type': 'FULL_OBJECT',
          },
          body: Buffer.alloc(0),
        },
      );
      await expect(get()).rejects.toThrow(new RegExp(`do not match its ${algorithm} checksum`));
      t.faults.clear();
      await rm(`${target}.part`, { force: true });

      // A small one, sized by its listing, asked for whole: the GET's own checksum, checked in memory.
      const small = randomBytes(3000);
      await put('sums/small/ledger.csv', small);
      const queue = makeQueue();
      const folder = path.join(dir, `${algorithm}-small`);
      expect(await downloadSmall(queue, folder)).toMatchObject({ state: 'done', checked: algorithm });
      expect((await readFile(path.join(folder, 'ledger.csv'))).equals(small)).toBe(true);
      // The same bytes with one changed, under the real checksum: refused, nothing written.
      const changed = Buffer.from(small);
      changed[42] = changed[42]! ^ 1;
      t.faults.add(
        { method: 'GET', key: 'sums/small/ledger.csv' },
        {
          kind: 'answer',
          status: 200,
          headers: {
            etag: '"0123456789abcdef0123456789abcdef"',
            'x-amz-server-side-encryption': 'aws:kms',
            [`x-amz-checksum-${algorithm.toLowerCase()}`]: (await ownSum('sums/small/ledger.csv'))!,
            'x-amz-checksum-type': 'FULL_OBJECT',
          },
          body: changed,
        },
        3,
      );
      const again = path.join(dir, `${algorithm}-small-again`);
      expect(await downloadSmall(queue, again)).toMatchObject({
        state: 'failed',
        message: expect.stringMatching(new RegExp(`do not match its ${algorithm} checksum`)),
      });
      expect(await readdir(again).catch(() => [])).toEqual([]);
      t.faults.clear();
    },
  );

  it('downloads an object that grew since it was listed in ranges, as a large one', async () => {
    const grown = await file('dl/grown.bin', 3 * MIB + 5);
    const queue = makeQueue();
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [grown.path] }));
    const target = path.join(dir, 'grown-copy.bin');
    const result = await downloadObject({
      transport,
      bucket: BUCKET,
      key: 'dl/grown.bin',
      partial: `${target}.part`,
      destination: target,
      expectedSize: 100, // listed when it was small
      partSize: 1 * MIB,
    });
    expect(result).toMatchObject({ size: grown.bytes.length, ranged: true });
    expect((await readFile(target)).equals(grown.bytes)).toBe(true);
  });

  it('downloads a large object in parallel ranges through resets and 500s, byte for byte', async () => {
    const big = await file('dl/big.bin', 21 * MIB + 77);
    const queue = makeQueue({ downloadPartSize: 5 * MIB });
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
    t.faults.add({ method: 'GET', key: 'dl/big.bin' }, { kind: 'reset', afterBytes: 1 * MIB });
    t.faults.add({ method: 'GET', key: 'dl/big.bin' }, { kind: 'status', status: 500, code: 'InternalError' });
    t.faults.add({ method: 'GET', key: 'dl/big.bin' }, { kind: 'truncate', bytes: 4096 });
    const target = path.join(dir, 'big-copy.bin');
    const before = transport.log.since(0).records.length;
    const id = queue.addDownload({ connectionId: 'demo', bucket: BUCKET, key: 'dl/big.bin', destination: target });
    await settled([id]);
    expect(rows.get(id)!.state).toBe('done');
    expect(sha(await readFile(target))).toBe(sha(big.bytes));
    const gets = transport.log
      .since(0)
      .records.slice(before)
      .filter((r) => r.operation === 'GetObject');
    expect(gets.length).toBeGreaterThanOrEqual(5); // five ranges, and the retried ones
    expect((await readdir(dir)).filter((f) => f.startsWith('big-copy.bin.'))).toEqual([]);
  });

  it('reads large ranges on the range thread through a reset, a 500 and a body cut off, byte for byte, each logged', async () => {
    const big = await file('dl/threaded.bin', 25 * MIB + 9);
    const queue = makeQueue({ downloadPartSize: 8 * MIB });
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
    // Every large range to the thread, the first one too (the request that wakes it does not wait).
    const usable = vi.spyOn(RangeThread.prototype, 'usable').mockReturnValue(true);
    const writes = vi.spyOn(ThreadedBody.prototype, 'writeTo');
    t.faults.add({ method: 'GET', key: 'dl/threaded.bin' }, { kind: 'reset', afterBytes: 1 * MIB });
    t.faults.add({ method: 'GET', key: 'dl/threaded.bin' }, { kind: 'status', status: 500, code: 'InternalError' });
    // A body that breaks off mid-way: the thread's write fails, and the range is fetched again.
    t.faults.add({ method: 'GET', key: 'dl/threaded.bin' }, { kind: 'cut', afterBytes: 2 * MIB });
    try {
      const target = path.join(dir, 'threaded-copy.bin');
      const before = transport.log.since(0).records.length;
      expect((await downloaded(queue, 'dl/threaded.bin', target)).state).toBe('done');
      expect(sha(await readFile(target))).toBe(sha(big.bytes));
      // Three ranges of 8 MiB on the thread (the last, 1 MiB, on the main thread), one of them twice.
      expect(writes.mock.calls.length).toBe(3 + 1);
      await expect(writes.mock.results[0]!.value).rejects.toMatchObject({ code: 'ECONNRESET' });
      const gets = transport.log
        .since(0)
        .records.slice(before)
        .filter((r) => r.operation === 'GetObject');
      const answered = gets.filter((r) => r.hops.at(-1)?.status === 206);
      // The log saw each whole body end, as it does for the main thread's reads; the cut one did not.
      expect(answered.filter((r) => r.hops.at(-1)?.bodyDoneMs !== undefined)).toHaveLength(4);
      expect(answered).toHaveLength(5);
      expect(gets.some((r) => r.hops.some((h) => h.status === 500))).toBe(true);
      expect((await readdir(dir)).filter((f) => f.startsWith('threaded-copy.bin.'))).toEqual([]);
    } finally {
      usable.mockRestore();
      writes.mockRestore();
    }
  });

  it('asks for the other ranges once the first answer says the size, and for the first again only when its body breaks off', async () => {
    const big = await file('dl/eager.bin', 16 * MIB + 3);
    const queue = makeQueue({ downloadPartSize: 4 * MIB });
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
    // The first answer's body breaks off after 1 MiB: by then the other ranges are on their way.
    t.faults.add({ method: 'GET', key: 'dl/eager.bin' }, { kind: 'cut', afterBytes: 1 * MIB });
    const asked: string[] = [];
    const getObject = transport.getObject.bind(transport);
    const spy = vi.spyOn(transport, 'getObject').mockImplementation((input, options) => {
      asked.push(input.range ?? 'whole');
      return getObject(input, options);
    });
    try {
      const target = path.join(dir, 'eager-copy.bin');
      const id = queue.addDownload({ connectionId: 'demo', bucket: BUCKET, key: 'dl/eager.bin', destination: target });
      await settled([id]);
      expect(rows.get(id)!.state).toBe('done');
      expect(sha(await readFile(target))).toBe(sha(big.bytes));
      const firstAgain = asked.indexOf('bytes=0-4194303', 1);
      expect(asked[0]).toBe('bytes=0-4194303');
      expect(firstAgain).toBeGreaterThan(1); // not straight away: other ranges were asked for first
      expect(asked.slice(1, firstAgain)).toContain('bytes=4194304-8388607');
      expect(asked.filter((r) => r !== 'bytes=0-4194303')).toHaveLength(4); // each other range once
    } finally {
      spy.mockRestore();
    }
  });

  it('asks for adjacent ranges in one GET while many remain, journaling each as it is written and asking again only for the rest', async () => {
    const big = await file('dl/spans.bin', 10 * MIB + 5);
    const queue = makeQueue();
    await settled(await queue.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
    const asked: string[] = [];
    const journaled: number[][] = [];
    const whenJournaled: number[] = []; // how many GETs had been asked for by then
    const getObject = transport.getObject.bind(transport);
    const spy = vi.spyOn(transport, 'getObject').mockImplementation((input, options) => {
      asked.push(input.range ?? 'whole');
      // The first span's GET breaks off after two and a half of its four ranges.
      if (input.range === 'bytes=1048576-5242879' && !asked.slice(0, -1).includes(input.range))
        t.faults.add({ method: 'GET', key: 'dl/spans.bin' }, { kind: 'cut', afterBytes: 2.5 * MIB });
      return getObject(input, options);
    });
    try {
      const target = path.join(dir, 'spans-copy.bin');
      await downloadObject({
        transport,
        bucket: BUCKET,
        key: 'dl/spans.bin',
        partial: `${target}.part`,
        destination: target,
        partSize: 1 * MIB,
        concurrency: 1, // one stream: the order of the GETs is certain
        onState: (state) => {
          journaled.push([...state.done]);
          whenJournaled.push(asked.length);
        },
      });
      expect(sha(await readFile(target))).toBe(sha(big.bytes));
      expect(asked).toEqual([
        'bytes=0-1048575', // the first range, which says the size
        'bytes=1048576-5242879', // ranges 2-5 in one GET: cut off after 2.5 MiB
        'bytes=3145728-5242879', // and asked again for ranges 4-5 only: 2 and 3 were written
        'bytes=5242880-9437183', // ranges 6-9
        'bytes=9437184-10485764', // the last two: fewer left than would fill a span
      ]);
      // Ranges 2 and 3 were journaled done while their GET was still running, before it broke off.
      const two = journaled.findIndex((done) => done.includes(2));
      expect(journaled.slice(two, two + 2)).toEqual([
        [1, 2],
        [1, 2, 3],
      ]);
      expect(whenJournaled.slice(two, two + 2)).toEqual([2, 2]); // before the rest was asked for
      expect(journaled.at(-1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    } finally {
      spy.mockRestore();
    }
  });

  it('resumes a download stopped mid-way through a span of ranges on the range thread, byte for byte', async () => {
    const big = await file('dl/resume-threaded.bin', 48 * MIB);
    const journalFile = path.join(dir, 'journal-dl-threaded.json');
    const usable = vi.spyOn(RangeThread.prototype, 'usable').mockReturnValue(true);
    try {
      // One stream of 8 MiB ranges: after the first, GETs of four ranges (32 MiB) at a time.
      const first = makeQueue({ journalFile, downloadPartSize: 8 * MIB, downloadConcurrency: 1 });
      await settled(await first.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
      const target = path.join(dir, 'resumed-threaded.bin');
      const id = first.addDownload({
        connectionId: 'demo',
        bucket: BUCKET,
        key: 'dl/resume-threaded.bin',
        destination: target,
      });
      await expect.poll(() => rows.get(id)?.bytesDone ?? 0, { timeout: 20_000, interval: 2 }).toBeGreaterThan(18 * MIB);
      // The app quits while the span's GET is being written on the thread.
      const gets = await quitAndResume(first, id, { journalFile, downloadPartSize: 8 * MIB });
      expect(rows.get(id)).toMatchObject({ state: 'done' });
      expect(sha(await readFile(target))).toBe(sha(big.bytes));
      expect(gets.length).toBeLessThan(6); // not every range again
      expect((await readdir(dir)).filter((f) => f.startsWith('resumed-threaded.bin.'))).toEqual([]);
    } finally {
      usable.mockRestore();
    }
  });

  it('resumes a ranged download after a restart, fetching only the missing ranges', async () => {
    const big = await file('dl/resume.bin', 30 * MIB);
    const journalFile = path.join(dir, 'journal-dl.json');
    const first = makeQueue({
      journalFile,
      downloadPartSize: 5 * MIB,
      downloadConcurrency: 1,
    });
    await settled(await first.addUploads({ connectionId: 'demo', bucket: BUCKET, prefix: 'dl/', paths: [big.path] }));
    const target = path.join(dir, 'resumed.bin');
    const id = first.addDownload({ connectionId: 'demo', bucket: BUCKET, key: 'dl/resume.bin', destination: target });
    await expect.poll(() => rows.get(id)?.bytesDone ?? 0, { timeout: 20_000, interval: 5 }).toBeGreaterThan(12 * MIB);
    const ranges = await quitAndResume(first, id, { journalFile, downloadPartSize: 5 * MIB }); // the app quits mid-download
    expect(rows.get(id)!.state).toBe('done');
    expect(sha(await readFile(target))).toBe(sha(big.bytes));
    expect(ranges.length).toBeLessThan(6); // not all six ranges again
  });
});

// The terminal's `get` of a folder queues each listing page as it comes (addDownloadPages): the
// store is the embedded one (moto's 1,000-key pages are slow), the behaviour is the queue's.
describe('a folder downloaded page by page as it is listed', () => {
  const FOLDER_BUCKET = 'paged-folder';
  const KEYS = 1_500; // two listing pages
  let t: TestWorld;
  let dir: string;
  let transport: S3Transport;
  let queue: TransferQueue;
  const body = (i: number) => `object ${i}\n`;

  beforeAll(async () => {
    t = await startTestWorld({ store: 'embedded' });
    await t.world.registerBucket({
      name: FOLDER_BUCKET,
      region: 'us-east-1',
      ownerAccountId: DEMO_ACCOUNT.accountId,
    });
    for (let i = 0; i < KEYS; i++) {
      const key = `logs/${String(i).padStart(5, '0')}.txt`;
      const res = await t.store.handle({
        method: 'PUT',
        bucket: FOLDER_BUCKET,
        key,
        query: {},
        headers: {},
        body: Buffer.from(body(i)),
      });
      if (res.status >= 300) throw new Error(`seeding ${key}: ${res.status}`);
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'paged-'));
    transport = new S3Transport(
      { id: 'demo', defaultRegion: 'us-east-1', endpointTemplate: t.world.endpointTemplate, credentials: DEMO_ACCOUNT },
      { log: new RequestLog(20_000) },
    );
    queue = new TransferQueue({ transport: () => transport, publish: () => undefined });
  });
  afterEach(() => t.faults.clear());
  afterAll(async () => {
    await queue?.shutdown();
    transport?.destroy();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  const pages = (target: string) =>
    planFolderPages(transport, { bucket: FOLDER_BUCKET, base: 'logs/', keys: [], prefixes: ['logs/'], target });

  it('downloads the first page while the second is still being listed, and every object arrives', async () => {
    // The second page takes 1.5 s to answer: the first page's files come down meanwhile (with
    // 400 ms and "over 100 of them", a busy CI machine once fetched 97).
    t.faults.add({ method: 'GET', bucket: FOLDER_BUCKET, queryHas: 'continuation-token' }, { kind: 'delay', ms: 1500 });
    const target = path.join(dir, 'whole');
    const before = transport.log.since(0).records.length;
    const ids = await queue.addDownloadPages(
      { connectionId: 'demo', bucket: FOLDER_BUCKET, label: 'logs/' },
      pages(target),
    );
    const rows = await queue.settled(ids);
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(KEYS);
    expect(new Set(rows.map((r) => r.batchId)).size).toBe(1); // one batch, as the window shows it
    const files = await readdir(target);
    expect(files).toHaveLength(KEYS);
    expect(await readFile(path.join(target, '01234.txt'), 'utf8')).toBe(body(1234));

    const records = transport.log.since(0).records.slice(before);
    const lastListing = records.filter((r) => r.operation === 'ListObjectsV2').at(-1)!;
    const answeredBefore = records.filter(
      (r) =>
        r.operation === 'GetObject' &&
        r.startedAt + (r.durationMs ?? 0) <= lastListing.startedAt + lastListing.durationMs!,
    );
    expect(answeredBefore.length).toBeGreaterThan(20);
  });

  it('stops listing when its batch is cancelled, and holds what it lists next while paused', async () => {
    const rowsUnder = (target: string) => queue.list().filter((r) => r.localPath?.startsWith(target + path.sep));
    /** A download whose second listing page answers 300 ms late, once its first page is queued. */
    const slowlyListed = async (target: string) => {
      t.faults.add(
        { method: 'GET', bucket: FOLDER_BUCKET, queryHas: 'continuation-token' },
        { kind: 'delay', ms: 300 },
      );
      const listed = queue.addDownloadPages(
        { connectionId: 'demo', bucket: FOLDER_BUCKET, label: 'logs/' },
        pages(target),
      );
      await expect.poll(() => rowsUnder(target).length, { timeout: 10_000, interval: 5 }).toBe(1000);
      return { listed, batchId: rowsUnder(target)[0]!.batchId! };
    };
    // Cancelled while the second page is on its way: it is never queued.
    const cancelled = path.join(dir, 'cancelled');
    const feeding = await slowlyListed(cancelled);
    await queue.controlAll('cancel', feeding.batchId);
    expect(await feeding.listed).toHaveLength(1000);
    await queue.settled(rowsUnder(cancelled).map((r) => r.id));
    expect(rowsUnder(cancelled)).toHaveLength(1000);
    expect(rowsUnder(cancelled).every((r) => r.state === 'done' || r.state === 'cancelled')).toBe(true);
    expect((await readdir(cancelled)).filter((f) => f.endsWith('.part'))).toEqual([]);

    // Paused while the second page is on its way: its rows arrive paused, and a resume ends them all.
    const paused = path.join(dir, 'paused');
    const holding = await slowlyListed(paused);
    await queue.controlAll('pause', holding.batchId);
    const ids = await holding.listed;
    expect(ids).toHaveLength(KEYS);
    const later = rowsUnder(paused).filter((r) => r.key >= 'logs/01000.txt');
    expect(later).toHaveLength(KEYS - 1000);
    expect(later.every((r) => r.state === 'paused')).toBe(true);
    await queue.controlAll('resume', holding.batchId);
    const final = await queue.settled(ids);
    expect(final.every((r) => r.state === 'done')).toBe(true);
    expect(await readdir(paused)).toHaveLength(KEYS);
  });

  it('cancels what it queued when the listing fails, leaving no partial file and saying why', async () => {
    // The second page is refused while most of the first page's files are still queued.
    t.faults.add(
      { method: 'GET', bucket: FOLDER_BUCKET, queryHas: 'continuation-token' },
      { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' },
    );
    const target = path.join(dir, 'refused');
    let queued: string[] = [];
    const watched = (async function* () {
      for await (const page of pages(target)) {
        queued = page.map((p) => p.key);
        yield page;
      }
    })();
    await expect(
      queue.addDownloadPages({ connectionId: 'demo', bucket: FOLDER_BUCKET, label: 'logs/' }, watched),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(queued).toHaveLength(1000);
    const rows = queue.list().filter((r) => r.localPath?.startsWith(target));
    expect(rows).toHaveLength(1000);
    expect(rows.every((r) => r.state === 'done' || r.state === 'cancelled')).toBe(true);
    expect(rows.some((r) => r.state === 'cancelled')).toBe(true);
    // What came down is whole; nothing half-written is left.
    const left = await readdir(target);
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(left).toHaveLength(rows.filter((r) => r.state === 'done').length);
  });
});
