// `npm run bench -- <name>`: benchmarks that print this app's figures beside its peers'.
import { benchRedirects } from './redirects.js';
import { printTable } from './report.js';

const BENCHES: Record<string, () => Promise<void>> = {
  redirects: async () => printTable('100 HeadObject commands on an ap-southeast-2 bucket, client starting in us-east-1', await benchRedirects()),
};

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
