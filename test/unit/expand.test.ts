// A drop is expanded by main, bounded in depth and count, so a dropped home folder cannot walk
// the whole disk; the core asks before queueing more than 10,000 files.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { CONFIRM_ABOVE_FILES, expandPaths } from '../../electron/transfers/expand.js';
import { createTestCore } from '../support/app-core.js';

describe('folder expansion', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'expand-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keeps structure, counts bytes and skips links, deep folders and empty ones with a reason', async () => {
    const root = path.join(dir, 'project');
    const deep = path.join(root, 'a', 'b', 'c', 'd');
    await mkdir(deep, { recursive: true });
    await mkdir(path.join(root, 'empty'));
    await writeFile(path.join(root, 'top.txt'), 'top');
    await writeFile(path.join(deep, 'leaf.txt'), 'leafy');
    await symlink('/etc/passwd', path.join(root, 'link'));
    const shallow = await expandPaths([root], 'up/', { maxFiles: 100, maxDepth: 2 });
    expect(shallow.items.map((i) => i.key)).toEqual(['up/project/empty/', 'up/project/top.txt']);
    expect(shallow.items[0]!.folder).toBe(true);
    expect(shallow.bytes).toBe(3);
    expect(shallow.skipped.map((s) => [s.key, s.reason])).toEqual([
      ['up/project/a/b/c', 'more than 2 folders deep: not uploaded'],
      ['up/project/link', 'symbolic links are not followed'],
    ]);
    const whole = await expandPaths([root], 'up/', { maxFiles: 100, maxDepth: 32 });
    expect(whole.items.map((i) => i.key)).toEqual([
      'up/project/a/b/c/d/leaf.txt',
      'up/project/empty/',
      'up/project/top.txt',
    ]);
  });

  it('refuses a drop over the file cap in words, before anything is queued', async () => {
    const many = path.join(dir, 'many');
    await mkdir(many);
    await Promise.all(Array.from({ length: 12 }, (_, i) => writeFile(path.join(many, `f${i}`), '')));
    await expect(expandPaths([many], '', { maxFiles: 10, maxDepth: 32 })).rejects.toMatchObject({
      code: 'TooManyFiles',
      message: expect.stringContaining('more than 10 files'),
    });
  });

  it(`asks before queueing more than ${CONFIRM_ABOVE_FILES.toLocaleString('en-US')} files, and queues nothing when told no`, async () => {
    const big = path.join(dir, 'big');
    await mkdir(big);
    for (let i = 0; i <= CONFIRM_ABOVE_FILES; i += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, CONFIRM_ABOVE_FILES + 1 - i) }, (_, j) =>
          writeFile(path.join(big, `f${i + j}`), ''),
        ),
      );
    }
    const asked: string[] = [];
    const core: Core = createTestCore('http://s3.{region}.localhost:9', {
      confirm: (message) => (asked.push(message), false),
    });
    try {
      const { ids } = await core.api['transfers/add']({
        connectionId: 'demo',
        bucket: 'abc',
        prefix: 'in/',
        paths: [big],
      });
      expect(ids).toEqual([]);
      expect(asked).toEqual(['Upload 10,001 files (0 B)?']);
      expect(await core.api['transfers/list']()).toEqual([]);
    } finally {
      await core.dispose();
    }
  });
});
