// Packs the app with electron-builder against a stub Electron (the real binary cannot be
// downloaded here) and checks what ships: built main, preload and renderer inside the asar; no
// tests, no TypeScript sources, no dev dependencies; every package main requires loads from the
// asar's own node_modules (the AWS SDK and the demo's XML parser included); the fuses flipped.
import { extractAll, listPackage } from '@electron/asar';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Fuse order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, GrantFileProtocol
const DEFAULT_WIRE = '10110001';

describe('the packaged app', () => {
  let dir: string;
  let unpacked: string;
  let entries: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pack-'));
    const stub = path.join(dir, 'electron-stub');
    await mkdir(stub, { recursive: true });
    const binary = Buffer.concat([
      Buffer.from('#!/bin/sh\necho stub\n#'),
      Buffer.from(SENTINEL),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE),
      Buffer.from('\n'),
    ]);
    await writeFile(path.join(stub, 'electron'), binary);
    await chmod(path.join(stub, 'electron'), 0o755);
    await writeFile(path.join(stub, 'LICENSE'), 'stub');
    await run(
      'npx',
      [
        'electron-builder',
        '--linux',
        '--dir',
        `-c.electronDist=${stub}`,
        `-c.directories.output=${path.join(dir, 'release')}`,
      ],
      { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, maxBuffer: 32 * 1024 * 1024 },
    );
    unpacked = path.join(dir, 'release', 'linux-unpacked');
    entries = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((e) =>
      e.replaceAll('\\', '/'),
    );
  }, 240_000);

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('contains the built main, preload and renderer', () => {
    for (const file of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
    ])
      expect(entries).toContain(file);
    expect(entries.some((e) => /^\/dist\/renderer\/assets\/index-.*\.js$/.test(e))).toBe(true);
    expect(entries).toContain('/node_modules/@aws-sdk/client-s3/package.json');
  });

  it('ships every package the main bundle requires, and each loads from the package', async () => {
    const extracted = path.join(dir, 'extracted');
    extractAll(path.join(unpacked, 'resources', 'app.asar'), extracted);
    const main = path.join(extracted, 'dist', 'electron', 'main.cjs');
    const required = [
      ...new Set([...(await readFile(main, 'utf8')).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!)),
    ].filter((name) => !name.startsWith('node:') && name !== 'electron');
    expect(required).toContain('@aws-sdk/client-s3');
    expect(required).not.toContain('s3rver');
    const load = createRequire(main);
    for (const name of required) {
      expect(load.resolve(name).startsWith(extracted), name).toBe(true);
      expect(() => load(name), name).not.toThrow();
    }
  });

  it('ships the native CRC module unpacked beside the asar, where a native binary can be opened, and it loads', async () => {
    // fast-crc.ts requires it by a name in a variable (the range thread's bundle must not take it
    // in), so the check above does not see it.
    expect(entries).toContain('/node_modules/@node-rs/crc32/package.json');
    const outside = await readdir(path.join(unpacked, 'resources', 'app.asar.unpacked'), { recursive: true });
    expect(outside.filter((f) => f.endsWith('.node')).some((f) => f.includes('crc32'))).toBe(true);
    const extracted = path.join(dir, 'extracted-crc');
    extractAll(path.join(unpacked, 'resources', 'app.asar'), extracted);
    const load = createRequire(path.join(extracted, 'dist', 'electron', 'main.cjs'));
    const native = load('@node-rs/crc32') as { crc32: (b: Uint8Array) => number };
    expect(native.crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('contains no tests, no TypeScript sources and no dev dependencies', () => {
    expect(
      entries.filter((e) => e.startsWith('/test/') || e.startsWith('/electron/') || e.startsWith('/renderer/')),
    ).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.ts') && !e.endsWith('.d.ts') && !e.startsWith('/node_modules/'))).toEqual(
      [],
    );
    for (const dev of [
      'electron',
      'vitest',
      'playwright-core',
      'vite',
      'typescript',
      'react',
      'eslint',
      'electron-builder',
    ]) {
      expect(entries.some((e) => e.startsWith(`/node_modules/${dev}/`))).toBe(false);
    }
  });

  it('ships the hardened fuses', async () => {
    const binary = await readFile(path.join(unpacked, 'bucket-explorer'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + DEFAULT_WIRE.length).toString('latin1');
    expect(wire).toBe('01001100');
  });
});
