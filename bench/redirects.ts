// 100 commands on a bucket that lives in another region than the client starts in: HTTP
// requests and wall time for this transport beside the AWS SDK v3 with followRegionRedirects.
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAgents } from '../electron/s3/endpoints.js';
import { S3Transport } from '../electron/s3/transport.js';
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';
import type { BenchResult } from './report.js';
import { startTestWorld } from '../test/support/world.js';
import { BENCH_STORE } from './store.js';

const COMMANDS = 100;

export async function benchRedirects(): Promise<BenchResult[]> {
  const t = await startTestWorld({ store: BENCH_STORE });
  try {
    await t.world.registerBucket({
      name: 'bench-far',
      region: 'ap-southeast-2',
      ownerAccountId: DEMO_ACCOUNT.accountId,
    });
    const seed = new S3Transport({
      id: 'seed',
      defaultRegion: 'ap-southeast-2',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    await seed.send(
      { operation: 'PutObject', bucket: 'bench-far', key: 'probe.txt' },
      () => new PutObjectCommand({ Bucket: 'bench-far', Key: 'probe.txt', Body: 'x' }),
    );
    seed.destroy();

    const results: BenchResult[] = [];
    const measure = async (name: string, send: () => Promise<unknown>, done: () => void) => {
      const before = t.world.requests;
      const started = performance.now();
      for (let i = 0; i < COMMANDS; i++) await send();
      const ms = performance.now() - started;
      done();
      results.push({ name, requests: t.world.requests - before, ms });
    };

    const transport = new S3Transport({
      id: 'bench',
      defaultRegion: 'us-east-1',
      endpointTemplate: t.world.endpointTemplate,
      credentials: DEMO_ACCOUNT,
    });
    await measure(
      'Bucket Explorer transport',
      () =>
        transport.send(
          { operation: 'HeadObject', bucket: 'bench-far', key: 'probe.txt' },
          () => new HeadObjectCommand({ Bucket: 'bench-far', Key: 'probe.txt' }),
        ),
      () => transport.destroy(),
    );

    // The SDK resolves endpoints from the region as it does for AWS (so its region swap also moves
    // the host); the custom provider mirrors AWS's rules for the world's hosts.
    const port = t.world.port;
    const sdk = new S3Client({
      region: 'us-east-1',
      credentials: DEMO_ACCOUNT,
      followRegionRedirects: true,
      requestHandler: new NodeHttpHandler(createAgents()),
      endpointProvider: (params: { Region?: string; Bucket?: string }) => ({
        url: new URL(`http://${params.Bucket ? `${params.Bucket}.` : ''}s3.${params.Region}.localhost:${port}/`),
        properties: {
          authSchemes: [
            {
              name: 'sigv4' as const,
              signingName: 's3',
              signingRegion: params.Region ?? 'us-east-1',
              disableDoubleEncoding: true,
              properties: {},
            },
          ],
        },
      }),
    });
    await measure(
      'AWS SDK v3 followRegionRedirects',
      () => sdk.send(new HeadObjectCommand({ Bucket: 'bench-far', Key: 'probe.txt' })),
      () => sdk.destroy(),
    );
    return results;
  } finally {
    await t.stop();
  }
}
