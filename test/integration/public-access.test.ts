// The console's four public-access states, each set up with aws-cli (a client nobody here wrote)
// against the world, then labelled by `npm run cli -- probe --json` — over both stores. And the
// world enforcing what each state means for an anonymous reader.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicReadPolicy } from '../../electron/demo/seed.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { raw } from '../support/raw-http.js';
import { DEMO_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const run = promisify(execFile);
const env = { ...process.env, ...awsCliEnv(), NODE_NO_WARNINGS: '1' };
const BLOCK_ALL = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';

describe.each(STORES)('public-access states over %s', (store) => {
  let t: TestWorld;
  const aws = (...args: string[]) => run('aws', ['s3api', ...args, '--endpoint-url', t.world.globalEndpoint], { env });
  const probe = async (bucket: string) => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'electron/cli.ts', 'probe', bucket, '--json', '--endpoint-template', t.world.endpointTemplate],
      { env },
    );
    return (
      JSON.parse(stdout) as {
        result: { publicAccess: string; publicAccessReason: string; settings: { unreadable: unknown[] } };
      }
    ).result;
  };
  const anonymousRead = async (bucket: string) =>
    (await raw({ url: `${t.world.globalEndpoint}/${bucket}/file.txt` })).status;

  beforeAll(async () => {
    t = await startTestWorld({ store });
    for (const name of ['pa-public', 'pa-open', 'pa-blocked', 'pa-restricted']) {
      await aws('create-bucket', '--bucket', name);
      await raw({
        method: 'PUT',
        url: `${t.world.globalEndpoint}/${name}/file.txt`,
        body: 'hello',
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
    }
    await aws('put-bucket-policy', '--bucket', 'pa-public', '--policy', publicReadPolicy('pa-public'));
    await aws('put-public-access-block', '--bucket', 'pa-blocked', '--public-access-block-configuration', BLOCK_ALL);
    await aws('put-bucket-policy', '--bucket', 'pa-restricted', '--policy', publicReadPolicy('pa-restricted'));
    await aws(
      'put-public-access-block',
      '--bucket',
      'pa-restricted',
      '--public-access-block-configuration',
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=true',
    );
  }, 120_000);
  afterAll(async () => t?.stop());

  it('labels a bucket whose policy grants everyone as public, and says which statement', async () => {
    const result = await probe('pa-public');
    expect(result.publicAccess).toBe('public');
    expect(result.publicAccessReason).toContain("the bucket policy's statement 1 (PublicList) allows everyone");
    expect(await anonymousRead('pa-public')).toBe(200);
  });

  it('labels a bucket with nothing public and Block Public Access off as objects-can-be-public', async () => {
    const result = await probe('pa-open');
    expect(result.publicAccess).toBe('objects-can-be-public');
    expect(result.publicAccessReason).toContain('BlockPublicPolicy is off');
    expect(await anonymousRead('pa-open')).toBe(403);
  });

  it('labels a bucket behind Block Public Access as not public, and it refuses a public policy', async () => {
    const result = await probe('pa-blocked');
    expect(result.publicAccess).toBe('not-public');
    const refused = await aws(
      'put-bucket-policy',
      '--bucket',
      'pa-blocked',
      '--policy',
      publicReadPolicy('pa-blocked'),
    ).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(refused).toContain('AccessDenied');
  });

  it('labels a public policy restricted by RestrictPublicBuckets as authorized users only', async () => {
    const result = await probe('pa-restricted');
    expect(result.publicAccess).toBe('authorized-only');
    expect(result.publicAccessReason).toContain('RestrictPublicBuckets');
    expect(await anonymousRead('pa-restricted')).toBe(403);
    expect(result.settings.unreadable).toEqual([]);
  });
});
