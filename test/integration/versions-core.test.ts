// The core's version channels as the window calls them, over both stores: list versions and
// markers, read one, revert, undelete a key and a folder, purge, and version ids that survive a
// 301 (a bucket in another region) and a 307 (a bucket still propagating), each hop logged.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { createTestCore } from '../support/app-core.js';
import { DEMO_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

describe.each(STORES)('versions through the core over %s', (store) => {
  let t: TestWorld;
  let core: Core;
  let dir: string;
  const connectionId = 'demo';
  const B = 'history-in-sydney';

  beforeAll(async () => {
    t = await startTestWorld({ store, propagationMs: 60_000 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'versions-'));
    // In another region than the client's default (a 301 first), and propagating (307s) after setup.
    await t.world.registerBucket({ name: B, region: 'ap-southeast-2', ownerAccountId: DEMO_ACCOUNT.accountId });
    core = createTestCore(t.world.endpointTemplate, { saveAs: (name) => path.join(dir, name) });
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  const versions = async (prefix = '') => {
    const all = [];
    let next: { keyMarker: string; versionIdMarker?: string } | undefined;
    do {
      const page = await core.api['versions/list']({ connectionId, bucket: B, prefix, ...next });
      all.push(...page.versions);
      next = page.next;
    } while (next);
    return all;
  };

  it('turns versioning on behind a confirmation the window asks, and reads its state', async () => {
    expect(await core.api['bucket/versioning']({ connectionId, bucket: B })).toEqual({
      status: 'Never',
      mfaDelete: false,
    });
    expect(await core.api['bucket/versioning']({ connectionId, bucket: B, status: 'Enabled' })).toEqual({
      status: 'Enabled',
      mfaDelete: false,
    });
  });

  it('lists versions and delete markers newest first, and reverts, undeletes and purges', async () => {
    // Writes through the core's transfer queue and deletes through its delete, as the window does.
    for (const body of ['v1', 'v2', 'v3']) await writeObject(core, B, 'doc.txt', body, dir);
    await core.api['objects/delete']({ connectionId, bucket: B, keys: ['doc.txt'] });
    const listed = (await versions()).filter((v) => v.key === 'doc.txt');
    expect(listed.map((v) => [v.deleteMarker, v.isLatest])).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
    const oldest = listed.at(-1)!;

    // The propagation window starts now: every request below meets a 307 first.
    t.world.buckets.get(B)!.temporaryRedirectUntil = Date.now() + 60_000;

    const undeleted = await core.api['versions/undelete']({ connectionId, bucket: B, keys: ['doc.txt'], prefixes: [] });
    expect(undeleted.deleted).toBe(1);
    const reverted = await core.api['object/revert']({
      connectionId,
      bucket: B,
      key: 'doc.txt',
      versionId: oldest.versionId,
    });
    expect(reverted.versionId).toBeTruthy();
    const details = await core.api['object/details']({ connectionId, bucket: B, key: 'doc.txt' });
    expect(details.versionId).toBe(reverted.versionId);
    const preview = await core.api['object/preview']({
      connectionId,
      bucket: B,
      key: 'doc.txt',
      versionId: listed[1]!.versionId,
    });
    expect(Buffer.from(preview.base64, 'base64').toString()).toBe('v3');
    const now = await core.api['object/preview']({ connectionId, bucket: B, key: 'doc.txt' });
    expect(Buffer.from(now.base64, 'base64').toString()).toBe('v1');

    // One key's history, through the same channel.
    const history = await core.api['versions/list']({ connectionId, bucket: B, prefix: '', key: 'doc.txt' });
    expect(history.versions).toHaveLength(4); // v1, v2, v3, the revert (the marker is gone)

    // Purge: the old versions go for good, the latest stays.
    const measured = await core.api['versions/measure-old']({ connectionId, bucket: B, prefix: '' });
    expect(measured).toMatchObject({ versions: 3, deleteMarkers: 0 });
    expect(measured.bytes).toBe(6);
    const purged = await core.api['versions/purge-old']({ connectionId, bucket: B, prefix: '' });
    expect(purged.deleted).toBe(3);
    expect((await versions()).map((v) => [v.key, v.isLatest])).toEqual([['doc.txt', true]]);

    // Each version request went through a 307 (and the first ones through the region's 301): logged hop by hop.
    const log = await core.api['log/since']({ afterId: 0 });
    const revert = log.records.find((r) => r.operation === 'CopyObject')!;
    expect(revert.hops.map((h) => h.status)).toEqual([307, 200]);
    expect(revert.hops[0]!.url).toContain('x-id=CopyObject');
    const readOld = log.records.filter((r) => r.operation === 'GetObject' && r.hops[0]!.url.includes('versionId='));
    expect(readOld.at(-1)!.hops.map((h) => h.status)).toEqual([307, 206]);
    expect(readOld.at(-1)!.hops[1]!.url).toContain(`versionId=${encodeURIComponent(listed[1]!.versionId)}`);
    expect(log.records.some((r) => r.hops[0]?.status === 301)).toBe(true);
    t.world.buckets.get(B)!.temporaryRedirectUntil = undefined;
  });

  it('undeletes every object of a deleted folder, and downloads an old version', async () => {
    await writeObject(core, B, 'gone/a.txt', 'a', dir);
    await writeObject(core, B, 'gone/b.txt', 'b1', dir);
    await writeObject(core, B, 'gone/b.txt', 'b2', dir);
    await core.api['objects/delete']({ connectionId, bucket: B, keys: [], prefixes: ['gone/'] });
    expect((await core.api['browse/list']({ connectionId, bucket: B, prefix: 'gone/' })).objects).toEqual([]);
    const folder = await core.api['versions/list']({ connectionId, bucket: B, prefix: '' });
    expect(folder.folders).toContain('gone/');
    const back = await core.api['versions/undelete']({ connectionId, bucket: B, keys: [], prefixes: ['gone/'] });
    expect(back.deleted).toBe(2);
    expect(
      (await core.api['browse/list']({ connectionId, bucket: B, prefix: 'gone/' })).objects.map((o) => o.key),
    ).toEqual(['gone/a.txt', 'gone/b.txt']);
    const first = (await versions('gone/b.txt')).at(-1)!;
    const { id } = await core.api['object/download']({
      connectionId,
      bucket: B,
      key: 'gone/b.txt',
      versionId: first.versionId,
    });
    expect(id).toBeTruthy();
    await expect
      .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === id)?.state, { timeout: 10_000 })
      .toBe('done');
    expect(await readFile(path.join(dir, 'b.txt'), 'utf8')).toBe('b1');
  });

  it('undeletes a folder and purges its old versions as jobs, counted as they go', async () => {
    await writeObject(core, B, 'jobbed/a.txt', 'a1', dir);
    await writeObject(core, B, 'jobbed/a.txt', 'a2', dir);
    await writeObject(core, B, 'jobbed/b.txt', 'b1', dir);
    await core.api['objects/delete']({ connectionId, bucket: B, keys: [], prefixes: ['jobbed/'] });
    const settle = async (ids: string[]) => {
      await expect
        .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === ids[0])?.state, { timeout: 10_000 })
        .toBe('done');
      return (await core.api['transfers/list']()).find((r) => r.id === ids[0])!;
    };
    const back = await settle(
      (await core.api['versions/folder-job']({ connectionId, bucket: B, prefixes: ['jobbed/'], kind: 'undelete' })).ids,
    );
    expect([back.direction, back.message]).toEqual(['undelete', 'brought back 2 objects']);
    expect((await core.api['browse/list']({ connectionId, bucket: B, prefix: 'jobbed/' })).objects).toHaveLength(2);
    const purged = await settle(
      (await core.api['versions/folder-job']({ connectionId, bucket: B, prefixes: ['jobbed/'], kind: 'purge' })).ids,
    );
    // The undelete removed the markers: a1 is the one old version left.
    expect(purged.message).toBe('deleted 1 old version for good');
    expect((await core.api['versions/measure-old']({ connectionId, bucket: B, prefix: 'jobbed/' })).versions).toBe(0);
    const now = await core.api['object/preview']({ connectionId, bucket: B, key: 'jobbed/a.txt' });
    expect(Buffer.from(now.base64, 'base64').toString()).toBe('a2');
  });

  it("counts a purge's old delete markers as going and the latest ones as staying, as the purge does", async () => {
    // kept.txt was deleted and written again (its marker is old: a purge deletes it); gone.txt is
    // deleted (its marker is the latest: a purge keeps it, and the object stays deleted).
    await writeObject(core, B, 'markers/kept.txt', 'k1', dir);
    await core.api['objects/delete']({ connectionId, bucket: B, keys: ['markers/kept.txt'] });
    await writeObject(core, B, 'markers/kept.txt', 'k2', dir);
    await writeObject(core, B, 'markers/gone.txt', 'g1', dir);
    await core.api['objects/delete']({ connectionId, bucket: B, keys: ['markers/gone.txt'] });
    const measured = await core.api['versions/measure-old']({ connectionId, bucket: B, prefix: 'markers/' });
    expect(measured).toEqual({ versions: 2, deleteMarkers: 2, oldMarkers: 1, bytes: 4 });
    const purged = await core.api['versions/purge-old']({ connectionId, bucket: B, prefix: 'markers/' });
    expect(purged.deleted).toBe(measured.versions + measured.oldMarkers);
    expect((await versions('markers/')).map((v) => [v.key, v.deleteMarker, v.isLatest])).toEqual([
      ['markers/gone.txt', true, true],
      ['markers/kept.txt', false, true],
    ]);
  });
});

/** Uploads through the core's transfer queue, as a drop would (the file named as the key's last part). */
async function writeObject(core: Core, bucket: string, key: string, body: string, dir: string): Promise<void> {
  const folder = path.join(dir, 'src', Math.random().toString(36).slice(2));
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, path.basename(key));
  await writeFile(file, body);
  const prefix = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '';
  const { ids } = await core.api['transfers/add']({
    connectionId: 'demo',
    bucket,
    prefix,
    paths: [file],
    conflict: 'overwrite',
  });
  await expect
    .poll(async () => (await core.api['transfers/list']()).find((r) => r.id === ids[0])?.state, { timeout: 10_000 })
    .toBe('done');
}
