// The worker that writes small downloads whole: on the real filesystem, including its failures.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriter } from '../../electron/transfers/file-writer.js';

describe('the file writer', () => {
  let dir: string;
  let writer: FileWriter;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'file-writer-'));
    writer = new FileWriter();
  });
  afterEach(async () => {
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes bytes whole and moves them to their name, many at once, in a folder made again if it went away', async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `f-${i}.bin`, bytes: randomBytes(i * 997) }));
    await Promise.all(
      files.map((f) => writer.write(path.join(dir, `${f.name}.part`), path.join(dir, f.name), Buffer.from(f.bytes))),
    );
    for (const f of files) expect((await readFile(path.join(dir, f.name))).equals(f.bytes)).toBe(true);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);

    await rm(path.join(dir, 'gone'), { recursive: true, force: true });
    await writer.write(path.join(dir, 'gone', 'a.part'), path.join(dir, 'gone', 'a.txt'), Buffer.from('again'));
    expect(await readFile(path.join(dir, 'gone', 'a.txt'), 'utf8')).toBe('again');
  });

  it('a failing write in a batch fails alone: the others asked for in the same turn are written', async () => {
    await mkdir(path.join(dir, 'taken', 'inside'), { recursive: true });
    const results = await Promise.allSettled([
      writer.write(path.join(dir, 'a.part'), path.join(dir, 'a'), Buffer.from('first')),
      writer.write(path.join(dir, 'x.part'), path.join(dir, 'taken'), Buffer.from('refused')),
      writer.write(path.join(dir, 'b.part'), path.join(dir, 'b'), Buffer.from('last')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await readFile(path.join(dir, 'a'), 'utf8')).toBe('first');
    expect(await readFile(path.join(dir, 'b'), 'utf8')).toBe('last');
    expect((await readdir(dir)).sort()).toEqual(['a', 'b', 'taken']);
  });

  it('is not ready for a lone file: a worker starts once a few files were asked about, and goes if none comes', async () => {
    const quick = new FileWriter(100);
    try {
      for (let i = 1; i < 8; i++) expect(quick.ready()).toBe(false);
      expect(quick.isRunning).toBe(false); // seven files: written by their callers
      expect(quick.ready()).toBe(false); // the eighth starts one, not yet running JavaScript
      expect(quick.isRunning).toBe(true);
      await expect.poll(() => quick.ready(), { timeout: 5_000, interval: 5 }).toBe(true);
      await expect.poll(() => quick.isRunning, { timeout: 5_000, interval: 20 }).toBe(false); // idle: gone
      expect(quick.ready()).toBe(false); // and the count starts again
      expect(quick.isRunning).toBe(false);
    } finally {
      await quick.close();
    }
  });

  it('starts no worker again after one failed: the files go the way of their callers', async () => {
    for (let i = 0; i < 8; i++) writer.ready();
    await expect.poll(() => writer.ready(), { timeout: 5_000, interval: 5 }).toBe(true);
    // A worker that throws (here: a message it cannot read) is gone for good.
    const running = (writer as unknown as { running: { worker: { postMessage(m: unknown): void } } }).running;
    running.worker.postMessage(42);
    await expect.poll(() => writer.isRunning, { timeout: 5_000, interval: 5 }).toBe(false);
    for (let i = 0; i < 20; i++) expect(writer.ready()).toBe(false);
    expect(writer.isRunning).toBe(false);
  });

  it('without a destination leaves the bytes at the partial name', async () => {
    await writer.write(path.join(dir, 'only.part'), undefined, Buffer.from('partial'));
    expect(await readFile(path.join(dir, 'only.part'), 'utf8')).toBe('partial');
  });

  it('fails in words with the error code, and leaves nothing half-written', async () => {
    await mkdir(path.join(dir, 'taken'));
    await mkdir(path.join(dir, 'taken', 'inside'));
    // The destination is a folder that is not empty: the rename fails after the bytes were written.
    await expect(
      writer.write(path.join(dir, 'x.part'), path.join(dir, 'taken'), Buffer.from('bytes')),
    ).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('stops its worker when idle, and starts another for the next file', async () => {
    const quick = new FileWriter(50);
    try {
      await quick.write(path.join(dir, 'a.part'), path.join(dir, 'a'), Buffer.from('a'));
      expect(quick.isRunning).toBe(true);
      await expect.poll(() => quick.isRunning).toBe(false);
      await quick.write(path.join(dir, 'b.part'), path.join(dir, 'b'), Buffer.from('b'));
      expect(await readFile(path.join(dir, 'b'), 'utf8')).toBe('b');
    } finally {
      await quick.close();
    }
  });

  it('starts a new worker after the last one was stopped', async () => {
    await writer.write(path.join(dir, '1.part'), path.join(dir, '1'), Buffer.from('one'));
    await writer.close();
    await writer.write(path.join(dir, '2.part'), path.join(dir, '2'), Buffer.from('two'));
    expect(await readFile(path.join(dir, '2'), 'utf8')).toBe('two');
  });
});
