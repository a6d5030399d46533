// `npm run world`: the S3 world alone, for any S3 client. Ctrl-C stops it and its store.
import { parseArgs } from 'node:util';
import { PRINTABLE_ACCOUNTS } from './world/accounts.js';
import { startDemo } from './demo/demo.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    port: { type: 'string', default: '0' },
    keys: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'embedded' },
  },
});
const port = Number(values.port);
const keys = Number(values.keys);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number, not "${values.port}"\n`);
  process.exit(2);
}
if (values.store !== 'embedded' && values.store !== 'moto') {
  process.stderr.write(
    `--store must be embedded (in-process, the default) or moto (needs Python), not "${values.store}"\n`,
  );
  process.exit(2);
}

const started = Date.now();
// Fixed, printable keys so aws-cli and rclone can be pointed at it; the app's own demo uses new
// random keys at every start.
const demo = await startDemo({
  port,
  store: values.store,
  accounts: PRINTABLE_ACCOUNTS,
  bigPrefixKeys: Number.isFinite(keys) ? keys : 100_000,
});
const { world } = demo;
const regions = [...new Set([...world.buckets.values()].map((b) => b.region))].sort();
process.stdout
  .write(`The S3 world is listening (store: ${demo.storeName}, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s).

  endpoint template   ${world.endpointTemplate}
  global endpoint     ${world.globalEndpoint}   (path style, for clients that cannot resolve *.localhost)
  regions             ${regions.join(', ')}
  access key id       ${PRINTABLE_ACCOUNTS.demo.accessKeyId}
  secret access key   ${PRINTABLE_ACCOUNTS.demo.secretAccessKey}
                      (fixed keys, printed for other clients: anyone on this computer can use them
                      while the world runs; the app's own demo makes new keys at every start)

  buckets:
${[...world.buckets.values()].map((b) => `    ${b.name.padEnd(32)} ${b.region.padEnd(16)} ${b.ownerAccountId === PRINTABLE_ACCOUNTS.demo.accountId ? 'yours' : "another account's"}`).join('\n')}

Try:
  AWS_ACCESS_KEY_ID=${PRINTABLE_ACCOUNTS.demo.accessKeyId} AWS_SECRET_ACCESS_KEY=${PRINTABLE_ACCOUNTS.demo.secretAccessKey} \\
    aws s3 ls s3://demo-eu-west/ --endpoint-url ${world.globalEndpoint} --region us-east-1
  npm run cli -- probe demo-eu-west --endpoint-template '${world.endpointTemplate}'   (with the keys above in the environment)

Ctrl-C stops it.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await demo.stop();
  process.stdout.write('Stopped.\n');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
