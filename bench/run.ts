// `npm run bench -- <name>`: benchmarks that print this app's figures beside its peers'.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchDownload, downloadFolder } from './download.js';
import { benchList } from './list.js';
import { benchOps } from './ops.js';
import { benchRedirects } from './redirects.js';
import { benchUpload } from './upload.js';
import { printTable } from './report.js';
import { BENCH_STORE } from './store.js';

const BENCHES: Record<string, () => Promise<void>> = {
  redirects: async () =>
    printTable(
      `100 HeadObject commands on an ap-southeast-2 bucket, client starting in us-east-1 (store: ${BENCH_STORE})`,
      await benchRedirects(),
    ),
  upload: async () => {
    const { big, small } = await benchUpload();
    printTable(
      `One ${(Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 ** 3) / 1024 ** 2).toFixed(0)} MiB file (store: ${BENCH_STORE})`,
      big,
    );
    printTable(`${process.env.BENCH_UPLOAD_FILES ?? 2000} files of 4 KiB (store: ${BENCH_STORE})`, small);
  },
  download: async () => {
    const { big, small } = await benchDownload();
    printTable(
      `One ${(Number(process.env.BENCH_DOWNLOAD_BYTES ?? 1024 ** 3) / 1024 ** 2).toFixed(0)} MiB object, downloaded into ${downloadFolder()} (store: ${BENCH_STORE})`,
      big,
    );
    printTable(
      `${process.env.BENCH_DOWNLOAD_FILES ?? 2000} objects of 4 KiB, downloaded as a folder into ${downloadFolder()} (store: ${BENCH_STORE})`,
      small,
    );
  },
  ops: async () =>
    printTable(
      `Moving a folder of ${process.env.BENCH_OPS_FILES ?? 2000} objects across regions (store: ${BENCH_STORE})`,
      await benchOps(),
    ),
  list: async () => {
    buildRenderer();
    const { results, versions, ui, world } = await benchList();
    printTable(
      `Listing ${Number(process.env.BENCH_LIST_KEYS ?? 100_000).toLocaleString('en')} keys under one prefix (same world, same store: ${BENCH_STORE})`,
      results,
    );
    printTable('The same keys as versions (ListObjectVersions, 1,000 per page)', versions);
    process.stdout.write(
      `\nThe world itself (store: ${BENCH_STORE}):\n${Object.entries(world)
        .map(([k, v]) => `  ${k.padEnd(52)} ${v}`)
        .join('\n')}\n`,
    );
    process.stdout.write(
      `\nThe UI in Chromium while the same listing streams in:\n${Object.entries(ui)
        .map(([k, v]) => `  ${k.padEnd(52)} ${v}`)
        .join('\n')}\n`,
    );
  },
};

/** The UI part drives the built renderer: build it from this checkout, so a fresh clone works. */
function buildRenderer(): void {
  process.stdout.write('Building the renderer for the UI part (vite build)…\n');
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (built.status !== 0 || !existsSync('dist/renderer/index.html')) {
    process.stderr.write(
      'The renderer did not build, so the UI part cannot run: see the errors above (npm run build).\n',
    );
    process.exit(1);
  }
}

const names = process.argv.slice(2);
const selected = names.length ? names : Object.keys(BENCHES);
for (const name of selected) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  await bench();
}
