// The range thread's code (electron/s3/range-worker.ts) as one self-contained CommonJS text: the
// app and the terminal's bin carry it (build-electron.mjs), and the TypeScript sources bundle it
// when they first need it (range-thread.ts). A worker started from text needs no file of its own
// inside the asar, and requires nothing from node_modules.
import { buildSync } from 'esbuild';
import { fileURLToPath, URL } from 'node:url';

export function bundleRangeWorker() {
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('../electron/s3/range-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The packages' ES module builds, which the bundler can shake: ~25 KB instead of ~250 KB.
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'warning',
    // fast-crc.ts's ES-module branch, never taken in this CommonJS text.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return result.outputFiles[0].text;
}

/** For a bundle of the code that starts the thread: its text, and range-thread.ts's dev-only branch quiet. */
export function rangeWorkerBuildOptions() {
  return {
    define: { RANGE_WORKER_SOURCE: JSON.stringify(bundleRangeWorker()) },
    logOverride: { 'empty-import-meta': 'silent' },
  };
}
