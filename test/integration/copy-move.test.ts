// Copies and moves through the core, over both stores: a folder copied to another region's bucket
// server-side with its bytes, Content-Type, metadata and tags; a folder move hit by a 500 and a
// reset halfway, where every object stays whole at its source or its destination, and a retry
// finishes the job; refusals in words; renames; a multipart copy (UploadPartCopy in parallel
// parts); edits that keep what they do not change; restores from Glacier.
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { lookupWithLocalhost } from '../../electron/s3/endpoints.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { copyOneObject } from '../../electron/transfers/copy.js';
import { isFailure } from '../../electron/shared/log-export.js';
import { createTestCore } from '../support/app-core.js';
import { DEMO_ACCOUNT, OTHER_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const MIB = 1024 * 1024;
const connectionId = 'demo';

describe.each(STORES)('copies and moves over %s', (store) => {
  let t: TestWorld;
  let core: Core;
  let east: S3Client;
  let west: S3Client;
  /** The test's own client for each bucket's region (the app's transport finds regions itself). */
  const s3For = (bucket: string) => (bucket === DST ? west : east);
  const SRC = 'ops-east';
  const DST = 'ops-west';

  const put = (Bucket: string, Key: string, Body: string | Buffer, extra: Record<string, unknown> = {}) =>
    s3For(Bucket).send(new PutObjectCommand({ Bucket, Key, Body, ...extra }));
  const bodyOf = async (Bucket: string, Key: string) =>
    Buffer.from(
      await (await s3For(Bucket).send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray(),
    ).toString();
  /** undefined only for a 404: any other failure fails the test. */
  const headOf = (Bucket: string, Key: string) =>
    s3For(Bucket)
      .send(new HeadObjectCommand({ Bucket, Key }))
      .catch((error: { $metadata?: { httpStatusCode?: number } }) => {
        if (error.$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }) as Promise<HeadObjectCommandOutput | undefined>;
  const tagsOf = async (Bucket: string, Key: string) =>
    (await s3For(Bucket).send(new GetObjectTaggingCommand({ Bucket, Key }))).TagSet;
  const keysUnder = async (bucket: string, prefix: string) => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.api['browse/list']({ connectionId, bucket, prefix, continuationToken: token });
      keys.push(...page.objects.map((o) => o.key), ...page.folders);
      token = page.nextToken;
    } while (token);
    return keys;
  };
  const run = async (
    request: Parameters<Core['api']['objects/plan-copy']>[0],
    decision: 'overwrite' | 'skip' | 'keep-both' = 'overwrite',
  ) => {
    const plan = await core.api['objects/plan-copy'](request);
    const { ids } = await core.api['objects/start-copy']({ planId: plan.planId, decision });
    await expect
      .poll(
        async () =>
          (await core.api['transfers/list']()).filter(
            (r) => ids.includes(r.id) && ['queued', 'running'].includes(r.state),
          ).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(0);
    const rows = (await core.api['transfers/list']()).filter((r) => ids.includes(r.id));
    return { plan, ids, rows };
  };

  beforeAll(async () => {
    t = await startTestWorld({ store, restoreMs: 200 });
    await t.world.registerBucket({ name: SRC, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    await t.world.registerBucket({ name: DST, region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    const client = (region: string) =>
      new S3Client({
        region,
        endpoint: t.world.endpointTemplate.replace('{region}', region),
        forcePathStyle: true,
        credentials: DEMO_ACCOUNT,
        requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: lookupWithLocalhost }) }),
      });
    east = client('us-east-1');
    west = client('eu-west-1');
    for (let i = 0; i < 12; i++)
      await put(SRC, `docs/${i < 6 ? 'a' : 'b/deep'}/file-${i}.txt`, `content ${i}`, {
        ContentType: 'text/x-docs',
        Metadata: { owner: `person-${i}` },
        Tagging: `n=${i}`,
        CacheControl: 'max-age=30',
      });
    core = createTestCore(t.world.endpointTemplate);
  }, 60_000);
  afterAll(async () => {
    east?.destroy();
    west?.destroy();
    await core?.dispose();
    await t?.stop();
  });

  it("copies a folder to another region's bucket server-side, keeping bytes, Content-Type, metadata and tags", async () => {
    const { plan, rows } = await run({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['docs/'],
      targetBucket: DST,
      targetPrefix: 'copied/',
      move: false,
    });
    expect([plan.objects, plan.bytes, plan.existing]).toEqual([12, 12 * 'content 0'.length + 2, 0]);
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    for (let i = 0; i < 12; i++) {
      const key = `docs/${i < 6 ? 'a' : 'b/deep'}/file-${i}.txt`;
      expect(await bodyOf(DST, `copied/${key}`)).toBe(`content ${i}`);
      const head = await headOf(DST, `copied/${key}`);
      expect([head?.ContentType, head?.Metadata, head?.CacheControl]).toEqual([
        'text/x-docs',
        { owner: `person-${i}` },
        'max-age=30',
      ]);
      expect(await tagsOf(DST, `copied/${key}`)).toEqual([{ Key: 'n', Value: String(i) }]);
      expect(await headOf(SRC, key)).toBeDefined(); // a copy leaves the source
    }
    // Server-side: no GET of the bytes went through this computer.
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(records.some((r) => r.operation === 'GetObject')).toBe(false);
    expect(records.filter((r) => r.operation === 'CopyObject' && r.bucket === DST)).toHaveLength(12);
  });

  it('says what exists before a second copy, and skips or keeps both as asked', async () => {
    const plan = await core.api['objects/plan-copy']({
      connectionId,
      bucket: SRC,
      base: 'docs/a/',
      keys: [{ key: 'docs/a/file-0.txt', size: 9 }],
      prefixes: [],
      targetBucket: DST,
      targetPrefix: 'copied/docs/a/',
      move: false,
    });
    expect([plan.existing, plan.examples]).toEqual([1, ['copied/docs/a/file-0.txt']]);
    await core.api['objects/start-copy']({ planId: plan.planId, decision: 'cancel' });
    const again = await run(
      {
        connectionId,
        bucket: SRC,
        base: 'docs/a/',
        keys: [{ key: 'docs/a/file-0.txt', size: 9 }],
        prefixes: [],
        targetBucket: DST,
        targetPrefix: 'copied/docs/a/',
        move: false,
      },
      'keep-both',
    );
    expect(again.rows[0]!.target?.key).toBe('copied/docs/a/file-0 (1).txt');
    expect(await bodyOf(DST, 'copied/docs/a/file-0 (1).txt')).toBe('content 0');
  });

  it('refuses a move onto itself and a folder moved into itself, in words', async () => {
    const onto = core.api['objects/plan-copy']({
      connectionId,
      bucket: SRC,
      base: 'docs/',
      keys: [],
      prefixes: ['docs/a/'],
      targetBucket: SRC,
      targetPrefix: 'docs/',
      move: true,
    });
    await expect(onto).rejects.toMatchObject({ code: 'SameLocation', message: 'Cannot move docs/a/ onto itself.' });
    const into = core.api['objects/plan-copy']({
      connectionId,
      bucket: SRC,
      base: 'docs/',
      keys: [],
      prefixes: ['docs/a/'],
      targetBucket: SRC,
      targetPrefix: 'docs/a/inner/',
      move: true,
    });
    await expect(into).rejects.toMatchObject({ code: 'IntoItself' });
  });

  it('moves a folder across regions through a 500 and a cut-off batch delete: every object whole at its source or its destination; a retry finishes', async () => {
    for (let i = 0; i < 10; i++)
      await put(SRC, `move-me/m-${i}.txt`, `moving ${i}`, { ContentType: 'text/x-move', Metadata: { i: String(i) } });
    t.faults.add(
      { method: 'PUT', bucket: DST, key: 'moved/move-me/m-3.txt' },
      { kind: 'status', status: 500, code: 'InternalError' },
      4,
    );
    // The sources' deletes go in DeleteObjects batches: the first batch is cut off mid-request.
    t.faults.add({ method: 'POST', bucket: SRC, queryHas: 'delete' }, { kind: 'reset' }, 20);
    const { plan, rows } = await run({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['move-me/'],
      targetBucket: DST,
      targetPrefix: 'moved/',
      move: true,
    });
    expect(plan.objects).toBe(10);
    const failed = rows.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.key)).toContain('move-me/m-3.txt'); // its copy failed
    const deleteFailed = failed.filter((r) => r.key !== 'move-me/m-3.txt');
    expect(deleteFailed.length).toBeGreaterThan(0); // copied, but the batch delete was cut off
    expect(deleteFailed[0]!.message).toContain('it is at both places');
    // The invariant: each object is whole somewhere, with its metadata; none is lost or half-made.
    for (let i = 0; i < 10; i++) {
      const [at, there] = await Promise.all([
        headOf(SRC, `move-me/m-${i}.txt`),
        headOf(DST, `moved/move-me/m-${i}.txt`),
      ]);
      expect(Boolean(at) || Boolean(there), `m-${i}`).toBe(true);
      for (const [bucket, key, head] of [
        [SRC, `move-me/m-${i}.txt`, at],
        [DST, `moved/move-me/m-${i}.txt`, there],
      ] as const)
        if (head) {
          expect(await bodyOf(bucket, key)).toBe(`moving ${i}`);
          expect([head.ContentType, head.Metadata]).toEqual(['text/x-move', { i: String(i) }]);
        }
    }
    expect(await headOf(SRC, 'move-me/m-3.txt')).toBeDefined(); // its copy failed: the source stays
    for (const row of deleteFailed) {
      expect(await headOf(SRC, row.key)).toBeDefined(); // copied, delete refused: at both, intact
      expect(await headOf(DST, `moved/${row.key}`)).toBeDefined();
    }
    t.faults.clear();
    for (const row of failed) await core.api['transfers/resume']({ id: row.id });
    await expect
      .poll(
        async () =>
          (await core.api['transfers/list']()).filter((r) => failed.some((f) => f.id === r.id) && r.state === 'done')
            .length,
        { timeout: 20_000 },
      )
      .toBe(failed.length);
    expect(await keysUnder(SRC, 'move-me/')).toEqual([]);
    expect((await keysUnder(DST, 'moved/move-me/')).length).toBe(10);
  });

  it('renames an object and a folder in place', async () => {
    await put(SRC, 'names/old.txt', 'renamed', { ContentType: 'text/x-name' });
    await put(SRC, 'names/dir/one.txt', '1');
    await put(SRC, 'names/dir/sub/two.txt', '2');
    await run({
      connectionId,
      bucket: SRC,
      base: 'names/',
      keys: [{ key: 'names/old.txt', size: 7 }],
      prefixes: [],
      targetBucket: SRC,
      targetPrefix: 'names/',
      move: true,
      rename: 'new.txt',
    });
    expect(await headOf(SRC, 'names/old.txt')).toBeUndefined();
    expect((await headOf(SRC, 'names/new.txt'))?.ContentType).toBe('text/x-name');
    await run({
      connectionId,
      bucket: SRC,
      base: 'names/',
      keys: [],
      prefixes: ['names/dir/'],
      targetBucket: SRC,
      targetPrefix: 'names/',
      move: true,
      rename: 'folder',
    });
    expect((await keysUnder(SRC, 'names/')).sort()).toEqual(['names/folder/', 'names/new.txt']);
    expect(await bodyOf(SRC, 'names/folder/sub/two.txt')).toBe('2');
  });

  it('copies into its own folder as duplicates beside the originals, asking nothing', async () => {
    await put(SRC, 'dup/report.txt', 'original', { ContentType: 'text/x-report', Metadata: { kept: 'yes' } });
    await put(SRC, 'dup/set/one.txt', '1');
    const request = {
      connectionId,
      bucket: SRC,
      base: 'dup/',
      keys: [{ key: 'dup/report.txt', size: 8 }],
      prefixes: ['dup/set/'],
      targetBucket: SRC,
      targetPrefix: 'dup/',
      move: false,
    };
    const { plan, rows } = await run(request, 'skip'); // whatever was chosen, duplicates keep both
    expect(plan).toMatchObject({ duplicate: true, existing: 0, objects: 2 });
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
    expect((await keysUnder(SRC, 'dup/')).sort()).toEqual([
      'dup/report (1).txt',
      'dup/report.txt',
      'dup/set (1)/',
      'dup/set/',
    ]);
    const copy = await headOf(SRC, 'dup/report (1).txt');
    expect([copy?.ContentType, copy?.Metadata?.['kept']]).toEqual(['text/x-report', 'yes']);
    expect(await bodyOf(SRC, 'dup/set (1)/one.txt')).toBe('1');
    // Again: the next free names.
    await run(request);
    expect((await keysUnder(SRC, 'dup/')).sort()).toEqual([
      'dup/report (1).txt',
      'dup/report (2).txt',
      'dup/report.txt',
      'dup/set (1)/',
      'dup/set (2)/',
      'dup/set/',
    ]);
    // A move there is still refused, and the terminal's cp onto itself too (as aws-cli refuses it).
    await expect(core.api['objects/plan-copy']({ ...request, move: true })).rejects.toMatchObject({
      code: 'SameLocation',
    });
  });

  it('copies a folder to the same place in another bucket as a copy, not a duplicate: names there are asked about', async () => {
    await put(SRC, 'same-place/a.txt', 'from the source');
    await put(SRC, 'same-place/b.txt', 'new one');
    await put(DST, 'same-place/a.txt', 'already at the target');
    const request = {
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['same-place/'],
      targetBucket: DST,
      targetPrefix: '',
      move: false,
    };
    // Each object's key is the same at both ends, but the buckets differ: nothing is "beside its original".
    const plan = await core.api['objects/plan-copy'](request);
    expect(plan).toMatchObject({ duplicate: false, existing: 1, objects: 2 });
    expect(plan.label).toBe(`Copy 2 objects from s3://${SRC}/ → s3://${DST}/`);
    // Whether each name is taken was asked with a HEAD: its 404 is an answer in the log, not a failure.
    const asked = (await core.api['log/since']({ afterId: 0 })).records.filter(
      (r) => r.operation === 'HeadObject' && r.key === 'same-place/b.txt',
    );
    expect(asked.at(-1)).toMatchObject({ status: 404, absentIsAnswer: true });
    expect(isFailure(asked.at(-1)!)).toBe(false);
    await core.api['objects/start-copy']({ planId: plan.planId, decision: 'cancel' });
    // Skipping what exists leaves it and copies the rest, under the same names.
    await run(request, 'skip');
    expect((await keysUnder(DST, 'same-place/')).sort()).toEqual(['same-place/a.txt', 'same-place/b.txt']);
    expect(await bodyOf(DST, 'same-place/a.txt')).toBe('already at the target');
    expect(await bodyOf(DST, 'same-place/b.txt')).toBe('new one');
  });

  it('copies and moves in a storage class chosen for the copies, keeping what else the objects are', async () => {
    await put(SRC, 'classy/plain.txt', 'plain', { ContentType: 'text/x-classy', Metadata: { kept: 'yes' } });
    await put(SRC, 'classy/cool.txt', 'cool', { StorageClass: 'STANDARD_IA' });
    const { rows } = await run({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['classy/'],
      targetBucket: DST,
      targetPrefix: 'glacier-ir/',
      move: false,
      storageClass: 'GLACIER_IR',
    });
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
    for (const key of ['classy/plain.txt', 'classy/cool.txt'])
      expect((await headOf(DST, `glacier-ir/${key}`))?.StorageClass, key).toBe('GLACIER_IR');
    expect(await headOf(DST, 'glacier-ir/classy/plain.txt')).toMatchObject({
      ContentType: 'text/x-classy',
      Metadata: { kept: 'yes' },
    });
    // Without one, each copy keeps its source's; STANDARD asked for brings a cool one back.
    await run({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['classy/'],
      targetBucket: DST,
      targetPrefix: 'kept/',
      move: false,
    });
    expect((await headOf(DST, 'kept/classy/cool.txt'))?.StorageClass).toBe('STANDARD_IA');
    const moved = await run({
      connectionId,
      bucket: SRC,
      base: 'classy/',
      keys: [{ key: 'classy/cool.txt', size: 4 }],
      prefixes: [],
      targetBucket: DST,
      targetPrefix: 'warm/',
      move: true,
      storageClass: 'STANDARD',
    });
    expect(moved.rows.map((r) => r.state)).toEqual(['done']);
    expect((await headOf(DST, 'warm/cool.txt'))?.StorageClass ?? 'STANDARD').toBe('STANDARD');
    expect(await headOf(SRC, 'classy/cool.txt')).toBeUndefined();
  });

  it('copies in parts in the storage class asked for', async () => {
    const big = Buffer.alloc(11 * MIB, 5);
    await put(SRC, 'big/deep.bin', big);
    const transport = new S3Transport({
      id: 'copy-test',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    try {
      const result = await copyOneObject({
        transport,
        sourceBucket: SRC,
        sourceKey: 'big/deep.bin',
        targetBucket: DST,
        targetKey: 'big/deep.bin',
        multipartAbove: 5 * MIB,
        partSize: 5 * MIB,
        storageClass: 'DEEP_ARCHIVE',
      });
      expect(result).toMatchObject({ size: big.length, multipart: true });
    } finally {
      transport.destroy();
    }
    expect((await headOf(DST, 'big/deep.bin'))?.StorageClass).toBe('DEEP_ARCHIVE');
  });

  it('copies a large object in parallel UploadPartCopy parts, keeping its metadata', async () => {
    const big = Buffer.alloc(12 * MIB, 3);
    big.write('the end', big.length - 7);
    await put(SRC, 'big/blob.bin', big, { ContentType: 'application/x-blob', Metadata: { size: 'big' } });
    const transport = new S3Transport({
      id: 'copy-test',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    const seen: number[] = [];
    const result = await copyOneObject({
      transport,
      sourceBucket: SRC,
      sourceKey: 'big/blob.bin',
      targetBucket: DST,
      targetKey: 'big/blob.bin',
      multipartAbove: 5 * MIB,
      partSize: 5 * MIB,
      onProgress: (n) => seen.push(n),
    });
    transport.destroy();
    expect(result).toMatchObject({ size: big.length, multipart: true });
    expect(seen.at(-1)).toBe(big.length);
    const got = Buffer.from(
      await (await west.send(new GetObjectCommand({ Bucket: DST, Key: 'big/blob.bin' }))).Body!.transformToByteArray(),
    );
    expect(got.equals(big)).toBe(true);
    const head = await headOf(DST, 'big/blob.bin');
    expect([head?.ContentType, head?.Metadata]).toEqual(['application/x-blob', { size: 'big' }]);
  });

  it('edits one header and keeps Content-Type, metadata and tags', async () => {
    await put(SRC, 'edit/page.html', '<p>hi</p>', {
      ContentType: 'text/html',
      Metadata: { author: 'ada' },
      Tagging: 'kind=page',
    });
    await core.api['object/edit']({
      connectionId,
      bucket: SRC,
      key: 'edit/page.html',
      edit: { cacheControl: 'no-cache' },
    });
    const head = await headOf(SRC, 'edit/page.html');
    expect([head?.ContentType, head?.CacheControl, head?.Metadata]).toEqual([
      'text/html',
      'no-cache',
      { author: 'ada' },
    ]);
    expect(await tagsOf(SRC, 'edit/page.html')).toEqual([{ Key: 'kind', Value: 'page' }]);
    await core.api['object/edit']({
      connectionId,
      bucket: SRC,
      key: 'edit/page.html',
      edit: { contentType: 'text/plain', metadata: {} },
    });
    const after = await headOf(SRC, 'edit/page.html');
    expect([after?.ContentType, after?.CacheControl, after?.Metadata]).toEqual(['text/plain', 'no-cache', {}]);
    await core.api['object/tags']({
      connectionId,
      bucket: SRC,
      key: 'edit/page.html',
      tags: { kind: 'text', reviewed: 'yes' },
    });
    const tags = await tagsOf(SRC, 'edit/page.html');
    expect(Object.fromEntries((tags ?? []).map((x) => [x.Key, x.Value]))).toEqual({ kind: 'text', reviewed: 'yes' });
  });

  it('restores archived objects of a folder, leaving the others alone, and they become readable', async () => {
    await put(SRC, 'cold/a.txt', 'frozen a', { StorageClass: 'GLACIER' });
    await put(SRC, 'cold/b.txt', 'frozen b', { StorageClass: 'DEEP_ARCHIVE' });
    await put(SRC, 'cold/warm.txt', 'warm');
    const answer = await core.api['objects/restore']({
      connectionId,
      bucket: SRC,
      keys: [],
      prefixes: ['cold/'],
      days: 3,
      tier: 'Bulk',
    });
    expect(answer).toMatchObject({ started: 2, notArchived: 1, errors: [] });
    const notCold = core.api['objects/restore']({
      connectionId,
      bucket: SRC,
      keys: ['cold/warm.txt'],
      prefixes: [],
      days: 1,
      tier: 'Standard',
    });
    await expect(notCold).rejects.toMatchObject({ code: 'NotArchived' });
    await expect.poll(() => bodyOf(SRC, 'cold/a.txt').catch(() => ''), { timeout: 10_000 }).toBe('frozen a');
    const details = await core.api['object/details']({ connectionId, bucket: SRC, key: 'cold/a.txt' });
    expect(details.restore).toMatch(/ongoing-request="false"/);
  });

  /** A move of one folder of SRC into a folder of DST, planned as the window plans it. */
  const planFolderMove = (prefix: string, targetPrefix: string) =>
    core.api['objects/plan-copy']({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: [prefix],
      targetBucket: DST,
      targetPrefix,
      move: true,
    });

  it('stops a folder move on cancel: every object whole at its source or its destination, never at neither or both', async () => {
    const COUNT = 48;
    // More objects than the queue runs at once (16), so some are still queued when the cancel comes.
    for (let i = 0; i < COUNT; i++) await put(SRC, `cancel-me/c-${i}.txt`, `cancel ${i}`);
    // Slow copies, so the cancel lands while some are done and some are not started.
    t.faults.add({ method: 'PUT', bucket: DST }, { kind: 'delay', ms: 80 }, COUNT);
    const plan = await planFolderMove('cancel-me/', 'cancelled/');
    const { ids } = await core.api['objects/start-copy']({ planId: plan.planId, decision: 'overwrite' });
    await expect
      .poll(
        async () => (await core.api['transfers/list']()).filter((r) => ids.includes(r.id) && r.state === 'done').length,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await core.api['transfers/control-all']({
      action: 'cancel',
      batchId: (await core.api['transfers/list']()).find((r) => r.id === ids[0])!.batchId,
    });
    await expect
      .poll(
        async () =>
          (await core.api['transfers/list']()).filter(
            (r) => ids.includes(r.id) && ['queued', 'running'].includes(r.state),
          ).length,
        { timeout: 10_000 },
      )
      .toBe(0);
    t.faults.clear();
    const rows = (await core.api['transfers/list']()).filter((r) => ids.includes(r.id));
    expect(rows.some((r) => r.state === 'cancelled')).toBe(true);
    for (let i = 0; i < COUNT; i++) {
      const [at, there] = await Promise.all([
        headOf(SRC, `cancel-me/c-${i}.txt`),
        headOf(DST, `cancelled/cancel-me/c-${i}.txt`),
      ]);
      expect(Boolean(at) || Boolean(there), `c-${i}`).toBe(true);
      // A copy S3 made although the cancel had cut its answer off: the move was finished, not
      // left with the object at both places.
      expect(Boolean(at) && Boolean(there), `c-${i} at both places`).toBe(false);
      if (at) expect(await bodyOf(SRC, `cancel-me/c-${i}.txt`)).toBe(`cancel ${i}`);
      if (there) expect(await bodyOf(DST, `cancelled/cancel-me/c-${i}.txt`)).toBe(`cancel ${i}`);
    }
  });

  it('finishes a move whose copies S3 made while their answers were still on the way when it was cancelled', async () => {
    for (let i = 0; i < 6; i++) await put(SRC, `in-flight/f-${i}.txt`, `flight ${i}`);
    // Each copy is made at once, its answer held back: the cancel comes while all six are awaited.
    t.faults.add({ method: 'PUT', bucket: DST }, { kind: 'late', ms: 1500 }, 6);
    const plan = await planFolderMove('in-flight/', 'landed/');
    const { ids } = await core.api['objects/start-copy']({ planId: plan.planId, decision: 'overwrite' });
    for (let i = 0; i < 6; i++)
      await expect.poll(() => headOf(DST, `landed/in-flight/f-${i}.txt`), { timeout: 10_000 }).toBeTruthy();
    const rows = async () => (await core.api['transfers/list']()).filter((r) => ids.includes(r.id));
    expect((await rows()).every((r) => r.state === 'running')).toBe(true);
    await core.api['transfers/control-all']({ action: 'cancel', batchId: (await rows())[0]!.batchId });
    await expect
      .poll(async () => (await rows()).map((r) => r.state), { timeout: 10_000 })
      .toEqual(Array(6).fill('done'));
    t.faults.clear();
    expect((await rows())[0]!.message).toContain('its copy had reached S3 when you stopped it');
    for (let i = 0; i < 6; i++) {
      expect(await headOf(SRC, `in-flight/f-${i}.txt`), `f-${i} still at its source`).toBeFalsy();
      expect(await bodyOf(DST, `landed/in-flight/f-${i}.txt`)).toBe(`flight ${i}`);
    }
  });

  it('lets copies S3 had received finish when a move is cancelled, and finishes the move on them', async () => {
    for (let i = 0; i < 4; i++) await put(SRC, `slow/s-${i}.txt`, `slow ${i}`);
    // S3 has each copy request whole and makes the copy only later, whether or not anyone still
    // waits: a look at the target right after the cancel would find nothing there yet.
    t.faults.add({ method: 'PUT', bucket: DST }, { kind: 'slow', ms: 700 }, 4);
    const plan = await planFolderMove('slow/', 'slowly/');
    const { ids } = await core.api['objects/start-copy']({ planId: plan.planId, decision: 'overwrite' });
    const rows = async () => (await core.api['transfers/list']()).filter((r) => ids.includes(r.id));
    await expect
      .poll(
        async () =>
          (await core.api['log/since']({ afterId: 0 })).records.filter(
            (r) => r.operation === 'CopyObject' && r.key?.startsWith('slowly/') && r.outcome === 'pending',
          ).length,
        { timeout: 10_000 },
      )
      .toBe(4);
    await core.api['transfers/control-all']({ action: 'cancel', batchId: (await rows())[0]!.batchId });
    await expect
      .poll(async () => (await rows()).map((r) => r.state), { timeout: 10_000 })
      .toEqual(Array(4).fill('done'));
    t.faults.clear();
    expect((await rows())[0]!.message).toContain('its copy had reached S3 when you stopped it');
    for (let i = 0; i < 4; i++) {
      expect(await headOf(SRC, `slow/s-${i}.txt`), `s-${i} still at its source`).toBeFalsy();
      expect(await bodyOf(DST, `slowly/slow/s-${i}.txt`)).toBe(`slow ${i}`);
    }
  });

  it('deletes a folder as a job, counting its objects as they go', async () => {
    for (let i = 0; i < 30; i++) await put(SRC, `bin/d-${i}.txt`, 'x');
    const { ids } = await core.api['folders/delete']({
      connectionId,
      bucket: SRC,
      folders: [{ prefix: 'bin/', objects: 30 }],
    });
    await expect
      .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === ids[0])?.state, { timeout: 10_000 })
      .toBe('done');
    const row = (await core.api['transfers/list']()).find((r) => r.id === ids[0])!;
    expect([row.direction, row.bytesDone, row.message]).toEqual(['delete', 30, 'deleted 30 objects']);
    expect(await keysUnder(SRC, 'bin/')).toEqual([]);
  });

  it("copies and moves to another connection's bucket through this computer, keeping what the object is", async () => {
    // The other account, as a connection of its own: no server-side copy can reach its bucket.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'relay-'));
    const both = createTestCore(t.world.endpointTemplate, { userDataDir: dir });
    try {
      await t.world.registerBucket({
        name: 'theirs-ops',
        region: 'eu-west-1',
        ownerAccountId: OTHER_ACCOUNT.accountId,
      });
      const other = await both.api['connections/add']({
        name: 'Other account',
        service: 'endpoint',
        endpointTemplate: t.world.endpointTemplate,
        region: 'us-east-1',
        forcePathStyle: false,
        anonymous: false,
        accessKeyId: OTHER_ACCOUNT.accessKeyId,
        secretAccessKey: OTHER_ACCOUNT.secretAccessKey,
      });
      const big = Buffer.alloc(9 * MIB, 5);
      big.write('relayed', 0);
      await put(SRC, 'relay/big.bin', big, {
        ContentType: 'application/x-relay',
        Metadata: { kept: 'yes' },
        Tagging: 'via=relay',
      });
      await put(SRC, 'relay/small.txt', 'small one', { ContentType: 'text/x-small', CacheControl: 'no-store' });
      const plan = await both.api['objects/plan-copy']({
        connectionId: 'demo',
        bucket: SRC,
        base: '',
        keys: [],
        prefixes: ['relay/'],
        targetBucket: 'theirs-ops',
        targetPrefix: 'in/',
        move: true,
        targetConnectionId: other.id,
        storageClass: 'STANDARD_IA',
      });
      expect(plan.label).toContain(', in STANDARD_IA (through this computer');
      const { ids } = await both.api['objects/start-copy']({ planId: plan.planId, decision: 'overwrite' });
      await expect
        .poll(
          async () =>
            (await both.api['transfers/list']()).filter((r) => ids.includes(r.id) && r.state === 'done').length,
          { timeout: 20_000 },
        )
        .toBe(2);
      const bigThere = await both.api['object/details']({
        connectionId: other.id,
        bucket: 'theirs-ops',
        key: 'in/relay/big.bin',
      });
      expect([bigThere.size, bigThere.contentType, bigThere.metadata, bigThere.tags]).toEqual([
        big.length,
        'application/x-relay',
        { kept: 'yes' },
        { via: 'relay' },
      ]);
      const smallThere = await both.api['object/details']({
        connectionId: other.id,
        bucket: 'theirs-ops',
        key: 'in/relay/small.txt',
      });
      expect([smallThere.contentType, smallThere.cacheControl]).toEqual(['text/x-small', 'no-store']);
      // In the class asked for, one PUT and multipart alike.
      expect([bigThere.storageClass, smallThere.storageClass]).toEqual(['STANDARD_IA', 'STANDARD_IA']);
      const preview = await both.api['object/preview']({
        connectionId: other.id,
        bucket: 'theirs-ops',
        key: 'in/relay/big.bin',
        maxBytes: 7,
      });
      expect(Buffer.from(preview.base64, 'base64').toString()).toBe('relayed');
      expect(await keysUnder(SRC, 'relay/')).toEqual([]); // moved: the sources went after the copies were confirmed
      expect((await readdir(os.tmpdir())).filter((f) => f.startsWith('bucket-explorer-relay-'))).toEqual([]);
    } finally {
      await both.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('edits and restores every object of a folder as jobs, keeping what each object has', async () => {
    await put(SRC, 'fold/a.html', '<a>', { ContentType: 'text/html', Metadata: { who: 'a' } });
    await put(SRC, 'fold/sub/b.css', 'b{}', { ContentType: 'text/css', Metadata: { who: 'b' } });
    const { ids } = await core.api['folders/edit']({
      connectionId,
      bucket: SRC,
      prefixes: ['fold/'],
      edit: { cacheControl: 'max-age=99' },
    });
    await expect
      .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === ids[0])?.state, { timeout: 10_000 })
      .toBe('done');
    for (const [key, type, who] of [
      ['fold/a.html', 'text/html', 'a'],
      ['fold/sub/b.css', 'text/css', 'b'],
    ] as const) {
      const head = await headOf(SRC, key);
      expect([head?.ContentType, head?.CacheControl, head?.Metadata]).toEqual([type, 'max-age=99', { who }]);
    }
    await put(SRC, 'frozen/x.txt', 'x', { StorageClass: 'GLACIER' });
    await put(SRC, 'frozen/y.txt', 'y');
    const restore = await core.api['folders/restore']({
      connectionId,
      bucket: SRC,
      prefixes: ['frozen/'],
      days: 1,
      tier: 'Expedited',
    });
    await expect
      .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === restore.ids[0])?.state, {
        timeout: 10_000,
      })
      .toBe('done');
    const row = (await core.api['transfers/list']()).find((r) => r.id === restore.ids[0])!;
    expect(row.message).toBe('restore started for 1 object (1 not archived)');
    await expect.poll(() => bodyOf(SRC, 'frozen/x.txt').catch(() => ''), { timeout: 10_000 }).toBe('x');
  });

  it('survives a quit in the middle of a folder move: every object whole at its source or its destination', async () => {
    for (let i = 0; i < 16; i++) await put(SRC, `quit/q-${i}.txt`, `quit ${i}`);
    // Half the copies answer soon, half only after the quit: so the quit always lands mid-way (with
    // 80 ms for all, a run whose first "done" came late had moved everything already).
    t.faults.add({ method: 'PUT', bucket: DST }, { kind: 'delay', ms: 80 }, 8);
    t.faults.add({ method: 'PUT', bucket: DST }, { kind: 'delay', ms: 1500 }, 8);
    const quitting = createTestCore(t.world.endpointTemplate);
    const plan = await quitting.api['objects/plan-copy']({
      connectionId,
      bucket: SRC,
      base: '',
      keys: [],
      prefixes: ['quit/'],
      targetBucket: DST,
      targetPrefix: 'after-quit/',
      move: true,
    });
    const { ids } = await quitting.api['objects/start-copy']({ planId: plan.planId, decision: 'overwrite' });
    await expect
      .poll(
        async () =>
          (await quitting.api['transfers/list']()).filter((r) => ids.includes(r.id) && r.state === 'done').length,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await quitting.dispose(); // the app quits mid-way: running copies are stopped where they are
    await new Promise((r) => setTimeout(r, 300));
    t.faults.clear();
    let moved = 0;
    for (let i = 0; i < 16; i++) {
      const [at, there] = await Promise.all([
        headOf(SRC, `quit/q-${i}.txt`),
        headOf(DST, `after-quit/quit/q-${i}.txt`),
      ]);
      expect(Boolean(at) || Boolean(there), `q-${i}`).toBe(true);
      if (at) expect(await bodyOf(SRC, `quit/q-${i}.txt`)).toBe(`quit ${i}`);
      if (there) {
        expect(await bodyOf(DST, `after-quit/quit/q-${i}.txt`)).toBe(`quit ${i}`);
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(16);
  });
});
