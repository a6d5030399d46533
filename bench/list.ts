// Listing 100,000 keys under one prefix: the app's core beside raw SDK pagination, `aws s3 ls` and
// `rclone lsf`, all against the same world and store; then the UI in Chromium: time to the first
// rows, time to the last, and the longest main-thread task while streaming and scrolling.
import { GetObjectCommand, HeadObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PRINTABLE_ACCOUNTS } from '../electron/world/accounts.js';
import { startDemo } from '../electron/demo/demo.js';
import { DEMO_BUCKETS } from '../electron/demo/seed.js';
import { listPage } from '../electron/s3/browse.js';
import { listVersionsPage } from '../electron/s3/versions.js';
import { createAgents } from '../electron/s3/endpoints.js';
import { S3Transport } from '../electron/s3/transport.js';
import { launchChromium } from '../test/harness/chromium.js';
import { startBrowserHost } from '../test/harness/host.js';
import { createTestCore } from '../test/support/app-core.js';
import { awsCliEnv, hasCommand, rcloneEnv, runPeer } from './peers.js';
import { BENCH_STORE } from './store.js';
import type { BenchResult } from './report.js';

const KEYS = Number(process.env.BENCH_LIST_KEYS ?? 100_000);
const BUCKET = DEMO_BUCKETS.usEast;
const PREFIX = 'many/';

export async function benchList(): Promise<{
  results: BenchResult[];
  versions: BenchResult[];
  ui: Record<string, string>;
  world: Record<string, string>;
}> {
  const startedDemo = performance.now();
  const demo = await startDemo({ bigPrefixKeys: KEYS, store: BENCH_STORE, accounts: PRINTABLE_ACCOUNTS });
  const demoStartMs = performance.now() - startedDemo;
  const results: BenchResult[] = [];
  try {
    const { world } = demo;
    const latency = await measureRequests(world.endpointTemplate, demo.accounts.demo);
    const count = (n: number) => (n === KEYS ? `${n} keys` : `${n} keys (expected ${KEYS})`);

    {
      const transport = new S3Transport({
        id: 'bench',
        defaultRegion: 'us-east-1',
        endpointTemplate: world.endpointTemplate,
        credentials: demo.accounts.demo,
      });
      const before = world.requests;
      const started = performance.now();
      let firstPage = 0;
      let n = 0;
      let token: string | undefined;
      do {
        const page = await listPage(transport, { bucket: BUCKET, prefix: PREFIX, continuationToken: token });
        if (!firstPage) firstPage = performance.now() - started;
        n += page.objects.length;
        token = page.nextToken;
      } while (token);
      results.push({
        name: 'Bucket Explorer core',
        ms: performance.now() - started,
        requests: world.requests - before,
        note: `${count(n)}; first page ${firstPage.toFixed(0)} ms`,
      });
      transport.destroy();
    }
    {
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: world.endpointTemplate.replace('{region}', 'us-east-1'),
        credentials: demo.accounts.demo,
        requestHandler: new NodeHttpHandler(createAgents()),
      });
      const before = world.requests;
      const started = performance.now();
      let n = 0;
      for await (const page of paginateListObjectsV2({ client }, { Bucket: BUCKET, Prefix: PREFIX, Delimiter: '/' }))
        n += page.Contents?.length ?? 0;
      results.push({
        name: 'AWS SDK v3 paginator',
        ms: performance.now() - started,
        requests: world.requests - before,
        note: count(n),
      });
      client.destroy();
    }
    if (await hasCommand('aws')) {
      const before = world.requests;
      const run = await runPeer(
        'aws',
        ['s3', 'ls', `s3://${BUCKET}/${PREFIX}`, '--endpoint-url', world.globalEndpoint],
        awsCliEnv(),
      );
      results.push({
        name: 'aws s3 ls (aws-cli v1)',
        ms: run.ms,
        requests: world.requests - before,
        peakRssMiB: run.peakRssMiB,
        note: count(run.stdout.trim().split('\n').length),
      });
    }
    if (await hasCommand('rclone')) {
      const before = world.requests;
      const run = await runPeer(
        'rclone',
        ['lsf', `world:${BUCKET}/${PREFIX}`],
        rcloneEnv(world.globalEndpoint, 'us-east-1'),
      );
      results.push({
        name: 'rclone lsf',
        ms: run.ms,
        requests: world.requests - before,
        peakRssMiB: run.peakRssMiB,
        note: count(run.stdout.trim().split('\n').length),
      });
    }
    const versions = await benchVersions(world, demo.accounts.demo, count);
    return {
      results,
      versions,
      ui: await measureUi(world.endpointTemplate),
      world: {
        [`demo start (store, world, seed with ${KEYS.toLocaleString('en')} keys)`]: `${(demoStartMs / 1000).toFixed(2)} s`,
        ...latency,
      },
    };
  } finally {
    await demo.stop();
  }
}

/** The same keys as versions (ListObjectVersions), as "Show versions" lists them, beside aws-cli. */
async function benchVersions(
  world: { endpointTemplate: string; globalEndpoint: string; requests: number },
  credentials: { accessKeyId: string; secretAccessKey: string },
  count: (n: number) => string,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const transport = new S3Transport({
    id: 'bench',
    defaultRegion: 'us-east-1',
    endpointTemplate: world.endpointTemplate,
    credentials,
  });
  const before = world.requests;
  const started = performance.now();
  let n = 0;
  let next: { keyMarker: string; versionIdMarker?: string } | undefined;
  do {
    const page = await listVersionsPage(transport, { bucket: BUCKET, prefix: PREFIX, ...next });
    n += page.versions.length;
    next = page.next;
  } while (next);
  results.push({
    name: 'Bucket Explorer core',
    ms: performance.now() - started,
    requests: world.requests - before,
    note: count(n),
  });
  transport.destroy();
  if (await hasCommand('aws')) {
    const start = world.requests;
    const run = await runPeer(
      'aws',
      [
        's3api',
        'list-object-versions',
        '--bucket',
        BUCKET,
        '--prefix',
        PREFIX,
        '--delimiter',
        '/',
        '--endpoint-url',
        world.globalEndpoint,
        '--query',
        'length(Versions)',
        '--output',
        'text',
      ],
      awsCliEnv(),
    );
    results.push({
      name: 'aws s3api list-object-versions (aws-cli v1)',
      ms: run.ms,
      requests: world.requests - start,
      peakRssMiB: run.peakRssMiB,
      // aws-cli v1 applies --query to each page in text output: one count per line.
      note: count(
        run.stdout
          .trim()
          .split('\n')
          .reduce((sum, line) => sum + Number(line), 0),
      ),
    });
  }
  return results;
}

/** One request at a time, as a click makes them: the median HEAD and small GET through the world. */
async function measureRequests(
  endpointTemplate: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<Record<string, string>> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: endpointTemplate.replace('{region}', 'us-east-1'),
    credentials,
    requestHandler: new NodeHttpHandler(createAgents()),
  });
  const median = async (n: number, send: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await send(i);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
  };
  const key = (i: number) => `${PREFIX}item-${String(i * 97).padStart(6, '0')}.txt`;
  try {
    await median(50, (i) => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key(i) }))); // warm-up
    const head = await median(500, (i) => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key(i) })));
    const get = await median(500, async (i) => {
      const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key(i) }));
      await out.Body!.transformToString();
    });
    return {
      'HeadObject, median of 500 (one at a time)': `${head.toFixed(2)} ms`,
      'GetObject of a 12-byte object, median of 500': `${get.toFixed(2)} ms`,
    };
  } finally {
    client.destroy();
  }
}

async function measureUi(endpointTemplate: string): Promise<Record<string, string>> {
  const core = createTestCore(endpointTemplate);
  const host = await startBrowserHost(core);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    await page.getByTestId(`bucket-${BUCKET}`).click();
    const folder = page.locator(`[data-testid="object-row"][data-key="${PREFIX}"]`);
    await folder.waitFor();
    const started = Date.now();
    await folder.dblclick(); // a click selects, a double-click opens
    await page.locator('[data-testid="object-row"][data-key^="many/item-"]').first().waitFor();
    const firstRows = Date.now() - started;
    // Scroll while the rest streams in.
    const table = page.getByTestId('object-table');
    let done = false;
    while (!done) {
      await table.evaluate((el) => el.scrollBy(0, 4000));
      await page.waitForTimeout(50);
      done = ((await page.getByTestId('listing-status').textContent()) ?? '').includes(`${KEYS} objects`);
      if (Date.now() - started > 600_000) throw new Error('the listing did not finish in 10 minutes');
    }
    const allRows = Date.now() - started;
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page
      .locator(`[data-testid="object-row"][data-key="many/item-${String(KEYS - 1).padStart(6, '0')}.txt"]`)
      .waitFor();
    const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);

    // The same folder as versions ("Show versions"): streamed and scrolled the same way.
    await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
    const versionsStarted = Date.now();
    await page.getByTestId('show-versions').check();
    let versionsDone = false;
    while (!versionsDone) {
      await table.evaluate((el) => el.scrollBy(0, 4000));
      await page.waitForTimeout(50);
      versionsDone = ((await page.getByTestId('versions-status').textContent()) ?? '').includes(
        `${KEYS.toLocaleString('en')} versions`,
      );
      if (Date.now() - versionsStarted > 600_000) throw new Error('the versions listing did not finish in 10 minutes');
    }
    const allVersions = Date.now() - versionsStarted;
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const longestVersions = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    // The Long Tasks API reports only tasks of 50 ms or more: none at all is not "0 ms".
    const task = (ms: number) => (ms > 0 ? `${ms.toFixed(0)} ms` : 'none ≥ 50 ms');
    return {
      'time to first rows': `${firstRows} ms`,
      [`time to all ${KEYS} rows`]: `${(allRows / 1000).toFixed(1)} s`,
      'longest main-thread task (streaming + scrolling)': task(longest),
      [`Show versions: time to all ${KEYS} versions`]: `${(allVersions / 1000).toFixed(1)} s`,
      'longest main-thread task (versions)': task(longestVersions),
    };
  } finally {
    await browser.close();
    await host.stop();
    await core.dispose();
  }
}
