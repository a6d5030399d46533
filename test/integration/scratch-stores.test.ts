// Throwaway stores live in /dev/shm (memory): those of processes that are gone are removed when
// the next one starts, and nothing else is touched.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchRoot, startEmbeddedStore } from '../../electron/store/embedded.js';

const MARKER = '.bucket-explorer-demo-store';

describe('throwaway stores', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const fake = async (name: string, marker?: object) => {
    const dir = path.join(scratchRoot(), name);
    made.push(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'object'), 'bytes');
    if (marker) await writeFile(path.join(dir, MARKER), JSON.stringify(marker));
    return path.basename(dir);
  };

  it("removes the stores of processes that are gone, and keeps running ones', other hosts' and unmarked folders", async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!; // ran and ended
    const host = os.hostname();
    const stale = await fake(`bucket-explorer-demo-test-stale-${gone}`, { pid: gone, host });
    const staleStore = await fake(`bucket-explorer-store-test-stale-${gone}`, { pid: gone, host });
    const running = await fake(`bucket-explorer-demo-test-running-${process.pid}`, { pid: process.pid, host });
    const elsewhere = await fake(`bucket-explorer-demo-test-elsewhere-${gone}`, { pid: gone, host: `not-${host}` });
    const unmarked = await fake(`bucket-explorer-demo-test-unmarked-${gone}`);
    const notOurs = await fake(`someone-else-${gone}`, { pid: gone, host });

    const store = await startEmbeddedStore();
    try {
      const left = await readdir(scratchRoot());
      expect(left).not.toContain(stale);
      expect(left).not.toContain(staleStore);
      for (const kept of [running, elsewhere, unmarked, notOurs]) expect(left).toContain(kept);
      expect(left).toContain(path.basename(store.directory));
    } finally {
      await store.stop();
    }
    expect(await readdir(scratchRoot())).not.toContain(path.basename(store.directory));
  });

  it('removes its own store at exit when it was never stopped (a crash)', async () => {
    const script = `
      import { startEmbeddedStore } from ${JSON.stringify(path.resolve('electron/store/embedded.ts'))};
      const store = await startEmbeddedStore();
      console.log(store.directory);
      throw new Error('crashed before stop');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    const directory = run.stdout.trim();
    expect(directory).toMatch(/bucket-explorer-store-/);
    expect(await readdir(scratchRoot())).not.toContain(path.basename(directory));
  });
});
