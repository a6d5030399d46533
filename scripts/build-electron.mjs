// Bundles main (CommonJS, production dependencies left to node_modules), the preload (one
// self-contained CommonJS file, as a sandboxed preload must be) and the terminal CLI (the
// package's `bucket-explorer` bin, run by plain `node`, the same core as main).
import { build } from 'esbuild';
import { rangeWorkerBuildOptions } from './range-worker.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
};
// main and the terminal start the range thread (electron/s3/range-thread.ts) from its bundled text.
const withRangeWorker = rangeWorkerBuildOptions();
await Promise.all([
  build({
    ...common,
    ...withRangeWorker,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    ...withRangeWorker,
    entryPoints: ['electron/cli.ts'],
    outfile: 'dist/cli/bucket-explorer.cjs',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
