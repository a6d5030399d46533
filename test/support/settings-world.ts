// What the tests of a bucket's settings (lifecycle, CORS, encryption, tags, Object Lock) share: a world over a
// store with one bucket in eu-west-1, a transport as the demo identity that knows nothing of its
// region yet, and aws-cli's s3api against that bucket, as an independent reader of what S3 holds.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { awsCliEnv } from './aws-cli.js';
import { DEMO_ACCOUNT, startTestWorld, type StoreKind, type TestWorld } from './world.js';

const run = promisify(execFile);

/** Registers its own beforeAll and afterAll in the describe it is called in. */
export function bucketSettingsWorld(store: StoreKind, bucket: string, facts: { objectLock?: boolean } = {}) {
  let t: TestWorld | undefined;
  let transport: S3Transport | undefined;
  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({
      name: bucket,
      region: 'eu-west-1',
      ownerAccountId: DEMO_ACCOUNT.accountId,
      ...facts,
    });
    transport = new S3Transport(
      {
        id: 'settings',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
      },
      { log: new RequestLog(500) },
    );
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });
  return {
    get t(): TestWorld {
      return t!;
    },
    get transport(): S3Transport {
      return transport!;
    },
    /** `aws s3api <args> --bucket <bucket>` against the world. */
    awsApi: (...args: string[]) =>
      run('aws', ['s3api', ...args, '--bucket', bucket, '--endpoint-url', t!.world.globalEndpoint], {
        env: { ...process.env, ...awsCliEnv() },
      }),
  };
}
