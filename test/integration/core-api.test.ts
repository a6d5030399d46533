// The core's channels as the renderer calls them, against the S3 world: buckets made and removed,
// folders, deletions, share links signed for the right region, and the log exported.
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Core } from '../../electron/core/app-core.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { toCurl } from '../../electron/shared/log-export.js';
import { rawUnsigned } from '../support/raw-http.js';
import { createTestCore } from '../support/app-core.js';
import { DEMO_ACCOUNT, startTestWorld, type TestWorld } from '../support/world.js';

describe('core channels', () => {
  let t: TestWorld;
  let core: Core;
  let dir: string;
  const connectionId = 'demo';
  /** Objects whose body is "body of <key>", written by a client of their own. */
  const putBodies = async (bucket: string, keys: string[]) => {
    const writer = new S3Transport({
      id: 'w',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    for (const key of keys)
      await writer.send(
        { operation: 'PutObject', bucket, key },
        () => new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }),
      );
    writer.destroy();
  };

  beforeAll(async () => {
    t = await startTestWorld();
    dir = await mkdtemp(path.join(os.tmpdir(), 'core-'));
    core = createTestCore(t.world.endpointTemplate, { saveAs: (name) => path.join(dir, name) });
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('creates a bucket in the chosen region and lists it with that region', async () => {
    const created = await core.api['bucket/create']({
      connectionId,
      bucket: 'made-in-sydney',
      region: 'ap-southeast-2',
    });
    expect(created.region).toBe('ap-southeast-2');
    expect(t.world.buckets.get('made-in-sydney')?.region).toBe('ap-southeast-2');
    const buckets = await core.api['buckets/list']({ connectionId });
    expect(buckets.find((b) => b.name === 'made-in-sydney')?.region).toBe('ap-southeast-2');
    const probe = await core.api['bucket/probe']({ connectionId, bucket: 'made-in-sydney' });
    expect(probe.region).toBe('ap-southeast-2');
  });

  it('creates folders, deletes objects and whole folders, and refuses to delete a non-empty bucket', async () => {
    await core.api['folder/create']({ connectionId, bucket: 'made-in-sydney', prefix: 'reports/' });
    await core.api['folder/create']({ connectionId, bucket: 'made-in-sydney', prefix: 'reports/2026/' });
    const page = await core.api['browse/list']({ connectionId, bucket: 'made-in-sydney', prefix: '' });
    expect(page.folders).toEqual(['reports/']);
    const notEmpty = await core.api['bucket/delete']({ connectionId, bucket: 'made-in-sydney' }).catch(
      (e: unknown) => e as { code: string; hint: string },
    );
    expect(notEmpty).toMatchObject({ code: 'BucketNotEmpty' });
    expect((notEmpty as { hint: string }).hint).toContain('Delete every object');
    const result = await core.api['objects/delete']({
      connectionId,
      bucket: 'made-in-sydney',
      keys: [],
      prefixes: ['reports/'],
    });
    expect(result.deleted.sort()).toEqual(['reports/', 'reports/2026/']);
    expect(result.errors).toEqual([]);
    await core.api['bucket/delete']({ connectionId, bucket: 'made-in-sydney' });
    expect(t.world.buckets.has('made-in-sydney')).toBe(false);
  });

  it('signs share links for the bucket region, so they work for anyone', async () => {
    await core.api['bucket/create']({ connectionId, bucket: 'share-from-ireland', region: 'eu-west-1' });
    await core.api['folder/create']({ connectionId, bucket: 'share-from-ireland', prefix: 'public/' });
    const link = await core.api['object/presign']({
      connectionId,
      bucket: 'share-from-ireland',
      key: 'public/',
      expiresInSeconds: 3600,
    });
    expect(link.region).toBe('eu-west-1');
    expect(link.url).toContain('share-from-ireland.s3.eu-west-1.localhost');
    expect(link.url).toContain('%2Feu-west-1%2Fs3%2F');
    const answer = await rawUnsigned('GET', new URL(link.url), { host: new URL(link.url).host });
    expect(answer.status).toBe(200);
  });

  it('exports the request log as HAR and JSON, and a hop as a curl command without secrets', async () => {
    const har = await core.api['log/export']({ format: 'har' });
    const parsed = JSON.parse(await readFile(har.path!, 'utf8')) as {
      log: { entries: Array<{ request: { url: string }; response: { status: number } }> };
    };
    expect(parsed.log.entries.length).toBeGreaterThan(5);
    expect(
      parsed.log.entries.some((e) => e.response.status === 200 && e.request.url.includes('share-from-ireland')),
    ).toBe(true);
    const json = await core.api['log/export']({ format: 'json' });
    const records = (JSON.parse(await readFile(json.path!, 'utf8')) as { records: Array<{ operation: string }> })
      .records;
    expect(records.map((r) => r.operation)).toContain('CreateBucket');
    const text = (await readFile(har.path!, 'utf8')) + (await readFile(json.path!, 'utf8'));
    expect(text).not.toContain('demo/secret');
    const { records: live } = await core.api['log/since']({ afterId: 0 });
    const curl = toCurl(live[0]!.hops[0]!);
    expect(curl).toMatch(
      /^curl -sS -X PUT --aws-sigv4 'aws:amz:[a-z0-9-]+:s3' --user "\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY" --data-binary '@FILE' 'http:\/\//,
    );
  });

  it('prepares drags out in a private folder: hostile keys kept inside, the last five kept, all gone at the end', async () => {
    const bucket = 'drag-source';
    await core.api['bucket/create']({ connectionId, bucket, region: 'us-east-1' });
    await putBodies(bucket, ['top/../../escape.txt', 'top/con.txt', 'top/sub/leaf.txt', 'single.txt']);
    const parent = await mkdtemp(path.join(os.tmpdir(), 'drag-parent-'));
    const dragging = createTestCore(t.world.endpointTemplate, { dragDir: parent });
    try {
      const first = await dragging.api['drag/prepare']({
        connectionId,
        bucket,
        base: '',
        keys: ['single.txt'],
        prefixes: ['top/'],
      });
      expect(first).toMatchObject({ files: 4 });
      const files = dragging.draggedFiles(first.token)!;
      expect(files.map((f) => path.basename(f)).sort()).toEqual(['single.txt', 'top']);
      const [root] = await readdir(parent); // one private folder, everything inside it
      const all = (await readdir(path.join(parent, root!), { recursive: true, withFileTypes: true })).filter((e) =>
        e.isFile(),
      );
      expect(all).toHaveLength(4);
      const top = files.find((f) => path.basename(f) === 'top')!;
      expect(await readFile(path.join(top, '_con.txt'), 'utf8')).toBe('body of top/con.txt');
      expect(await readFile(path.join(top, 'sub', 'leaf.txt'), 'utf8')).toBe('body of top/sub/leaf.txt');
      // Five more drags: the first one's files leave the disk.
      for (let i = 0; i < 5; i++)
        await dragging.api['drag/prepare']({ connectionId, bucket, base: '', keys: ['single.txt'], prefixes: [] });
      expect(dragging.draggedFiles(first.token)).toBeUndefined();
      await expect(stat(top)).rejects.toThrow();
      // An empty selection is said in words.
      await expect(
        dragging.api['drag/prepare']({ connectionId, bucket, base: '', keys: [], prefixes: ['nothing/'] }),
      ).rejects.toMatchObject({ code: 'NothingToDrag' });
      // A chosen object is sized as the window listed it: one too big for a drag is refused before
      // anything comes down (it used to count as 0 bytes).
      await expect(
        dragging.api['drag/prepare']({
          connectionId,
          bucket,
          base: '',
          keys: ['single.txt'],
          prefixes: [],
          sizes: { 'single.txt': 2 * 1024 ** 3 },
        }),
      ).rejects.toMatchObject({ code: 'TooMuchToDrag', message: expect.stringMatching(/1 objects?, 2(\.0)? GiB/) });
    } finally {
      await dragging.dispose();
    }
    expect(await readdir(parent)).toEqual([]); // the private folder goes with the app
    await rm(parent, { recursive: true, force: true });
  });

  it('downloads a folder of hostile keys keeping its structure, with nothing outside the chosen folder', async () => {
    const bucket = 'hostile-keys';
    await core.api['bucket/create']({ connectionId, bucket, region: 'us-east-1' });
    const keys = [
      'in/../../escape.txt',
      'in/a/../b.txt',
      'in/con.txt',
      'in/c:d.txt',
      'in/back\\slash.txt',
      'in//double.txt',
      'in/./dot.txt',
      'in/Same.txt',
      'in/same.txt',
      'in/deep/er/leaf.txt',
      'in/empty/',
      `in/${'x'.repeat(300)}.txt`,
    ];
    await putBodies(bucket, keys);
    const home = await mkdtemp(path.join(os.tmpdir(), 'home-'));
    const target = path.join(home, 'target');
    await mkdir(target);
    const hostile = createTestCore(t.world.endpointTemplate, { pickFolder: () => target });
    try {
      const answer = await hostile.api['objects/download']({
        connectionId,
        bucket,
        base: '',
        keys: [],
        prefixes: ['in/'],
      });
      expect(answer.ids).toHaveLength(keys.length);
      await expect
        .poll(async () => (await hostile.api['transfers/list']()).every((r) => r.state === 'done'), { timeout: 20_000 })
        .toBe(true);
      expect(await readdir(home)).toEqual(['target']); // nothing beside the target
      const files = (await readdir(target, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      expect(files.length).toBe(keys.length - 1); // every object but the folder marker
      for (const f of files) expect(path.join(f.parentPath, f.name).startsWith(target + path.sep)).toBe(true);
      const names = files.map((f) => path.relative(target, path.join(f.parentPath, f.name))).sort();
      expect(names).toContain(path.join('in', '_con.txt'));
      expect(names).toContain(path.join('in', 'c_d.txt'));
      expect(names).toContain(path.join('in', 'back_slash.txt'));
      expect(names).toContain(path.join('in', 'same (1).txt'));
      expect(await readFile(path.join(target, 'in', 'deep', 'er', 'leaf.txt'), 'utf8')).toBe(
        'body of in/deep/er/leaf.txt',
      );
      expect((await stat(path.join(target, 'in', 'empty'))).isDirectory()).toBe(true);
      // Downloading again asks first: the same local names exist.
      const again = await hostile.api['objects/download']({
        connectionId,
        bucket,
        base: 'in/',
        keys: ['in/con.txt'],
        prefixes: [],
      });
      expect(again.ids).toHaveLength(1); // base "in/": lands at target/_con.txt, which is new
      await expect.poll(async () => (await readdir(target)).includes('_con.txt'), { timeout: 10_000 }).toBe(true);
      const twice = await hostile.api['objects/download']({
        connectionId,
        bucket,
        base: 'in/',
        keys: ['in/con.txt'],
        prefixes: [],
      });
      expect(twice.conflicts).toMatchObject({ count: 1 });
      const kept = await hostile.api['transfers/resolve']({ planId: twice.conflicts!.planId, decision: 'keep-both' });
      expect(kept.ids).toHaveLength(1);
      await expect
        .poll(async () => (await readdir(target)).sort(), { timeout: 10_000 })
        .toEqual(['_con (1).txt', '_con.txt', 'in']);
    } finally {
      await hostile.dispose();
      await rm(home, { recursive: true, force: true });
    }
  });
});

/** A world over the embedded store with `count` small objects `prefix00000.txt`…, each holding its key. */
async function worldWithKeys(bucket: string, prefix: string, count: number): Promise<TestWorld> {
  const t = await startTestWorld({ store: 'embedded' });
  await t.world.registerBucket({ name: bucket, region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
  for (let i = 0; i < count; i++) {
    const key = `${prefix}${String(i).padStart(5, '0')}.txt`;
    const res = await t.store.handle({ method: 'PUT', bucket, key, query: {}, headers: {}, body: Buffer.from(key) });
    if (res.status >= 300) throw new Error(`seeding ${key}: ${res.status}`);
  }
  return t;
}

// The window's Download… of a folder into an empty folder has nothing to ask about: it starts on
// the first listing page (over the embedded store, where 1,500 objects are seeded in a moment).
describe('a folder downloaded by the window into an empty folder', () => {
  const bucket = 'paged-window';
  const KEYS = 1_500;
  let t: TestWorld;
  let home: string;

  beforeAll(async () => {
    t = await worldWithKeys(bucket, 'logs/', KEYS);
    home = await mkdtemp(path.join(os.tmpdir(), 'window-paged-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await t?.stop();
  });

  it('starts on the first listing page, and still asks when the folder is not empty', async () => {
    const target = path.join(home, 'empty');
    await mkdir(target);
    const core = createTestCore(t.world.endpointTemplate, { pickFolder: () => target });
    try {
      // The second page answers 1.5 s late: objects of the first come down meanwhile (with 400 ms
      // and "over 100 of them", a busy CI machine once fetched 94).
      t.faults.add({ method: 'GET', bucket, queryHas: 'continuation-token' }, { kind: 'delay', ms: 1500 });
      const answer = await core.api['objects/download']({
        connectionId: 'demo',
        bucket,
        base: '',
        keys: [],
        prefixes: ['logs/'],
      });
      expect(answer.conflicts).toBeUndefined();
      expect(answer.ids).toHaveLength(KEYS);
      // The batch is named by the folder asked for, not by the folder it is in.
      const row = (await core.api['transfers/list']()).find((r) => r.id === answer.ids[0]);
      expect(row?.batchLabel).toBe(`s3://${bucket}/logs/ → ${target}`);
      await expect
        .poll(async () => (await core.api['transfers/list']()).filter((r) => r.state === 'done').length, {
          timeout: 30_000,
        })
        .toBe(KEYS);
      expect(await readFile(path.join(target, 'logs', '01499.txt'), 'utf8')).toBe('logs/01499.txt');
      const { records } = await core.api['log/since']({ afterId: 0 });
      const lastListing = records.filter((r) => r.operation === 'ListObjectsV2').at(-1)!;
      const listed = lastListing.startedAt + lastListing.durationMs!;
      const before = records.filter((r) => r.operation === 'GetObject' && r.startedAt + (r.durationMs ?? 0) <= listed);
      expect(before.length).toBeGreaterThan(20);

      // The same again into that folder, now full: the whole listing first, then the question.
      const again = await core.api['objects/download']({
        connectionId: 'demo',
        bucket,
        base: '',
        keys: [],
        prefixes: ['logs/'],
      });
      expect(again.ids).toEqual([]);
      expect(again.conflicts).toMatchObject({ count: KEYS, total: KEYS });
      expect(again.conflicts!.examples[0]).toBe(path.join('logs', '00000.txt')); // relative to the folder the dialog names
    } finally {
      await core.dispose();
    }
  });
});

// A change to many transfers at once (Cancel all of a folder's queued downloads) reaches the
// window in pushes of at most 5,000 rows, one right after another: one push of ~97,000 rows cost
// the window a 0.4 s task (the 100,000-key e2e measures it).
describe('transfer changes pushed to the window', () => {
  const bucket = 'many-rows';
  const KEYS = 12_000;
  let t: TestWorld;
  let home: string;

  beforeAll(async () => {
    t = await worldWithKeys(bucket, 'rows/', KEYS);
    home = await mkdtemp(path.join(os.tmpdir(), 'window-rows-'));
  }, 120_000);
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await t?.stop();
  });

  it('sends a cancel of 12,000 queued rows in pushes of at most 5,000, all of them', async () => {
    const core = createTestCore(t.world.endpointTemplate, { pickFolder: () => home });
    const pushes: number[] = [];
    const cancelled = new Set<string>();
    const unsubscribe = core.subscribe((event, payload) => {
      if (event !== 'transfers/progress') return;
      const rows = payload as { id: string; state: string }[];
      pushes.push(rows.length);
      for (const row of rows) if (row.state === 'cancelled') cancelled.add(row.id);
    });
    try {
      const answer = await core.api['objects/download']({
        connectionId: 'demo',
        bucket,
        base: '',
        keys: [],
        prefixes: ['rows/'],
      });
      await core.api['transfers/control-all']({ action: 'pause' });
      await expect.poll(async () => (await core.api['transfers/list']()).length, { timeout: 60_000 }).toBe(KEYS);
      const waiting = (await core.api['transfers/list']()).filter((r) => r.state === 'paused').length;
      expect(waiting).toBeGreaterThan(10_000);
      pushes.length = 0;
      await core.api['transfers/control-all']({ action: 'cancel' });
      await expect.poll(() => cancelled.size, { timeout: 10_000 }).toBeGreaterThanOrEqual(waiting);
      expect(Math.max(...pushes)).toBeLessThanOrEqual(5_000);
      expect(pushes.length).toBeGreaterThanOrEqual(Math.ceil(waiting / 5_000));
      expect(answer.ids).toHaveLength(KEYS);
    } finally {
      unsubscribe();
      await core.dispose();
    }
  }, 120_000);
});
