// The console's four public-access states, each set up with aws-cli (a client nobody here wrote)
// against the world, then labelled by `npm run cli -- probe --json` — over both stores. And the
// world enforcing what each state means for an anonymous reader.
import { execFile } from 'node:child_process';
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicReadPolicy } from '../../electron/demo/seed.js';
import { createAgents } from '../../electron/s3/endpoints.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { raw } from '../support/raw-http.js';
import { DEMO_ACCOUNT, OTHER_ACCOUNT, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const run = promisify(execFile);
const env = { ...process.env, ...awsCliEnv(), NODE_NO_WARNINGS: '1' };
const BLOCK_ALL = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';

describe.each(STORES)('public-access states over %s', (store) => {
  let t: TestWorld;
  const aws = (...args: string[]) => run('aws', ['s3api', ...args, '--endpoint-url', t.world.globalEndpoint], { env });
  const probeWithLog = async (bucket: string, as: NodeJS.ProcessEnv = env) => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'electron/cli.ts', 'probe', bucket, '--json', '--endpoint-template', t.world.endpointTemplate],
      { env: as },
    );
    return JSON.parse(stdout) as {
      result: {
        publicAccess: string;
        publicAccessReason: string;
        settings: { unreadable: unknown[]; accountBlockPublicAccess: Record<string, unknown> };
      };
      requests: Array<{ operation: string; hops: Array<{ host: string; status?: number }> }>;
    };
  };
  const probe = async (bucket: string) => (await probeWithLog(bucket)).result;
  /** What aws-cli says when S3 refuses the policy ('' when it was taken). */
  const policyRefusal = (bucket: string, policy: string) =>
    aws('put-bucket-policy', '--bucket', bucket, '--policy', policy).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
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
    const refused = await policyRefusal('pa-blocked', publicReadPolicy('pa-blocked'));
    expect(refused).toContain('AccessDenied');
  });

  it("refuses a policy about another bucket's objects with MalformedPolicy, and the bucket stays not public", async () => {
    // It was stored (over moto, and by the app's store), and the bucket read as public because of it.
    const refused = await policyRefusal('pa-open', publicReadPolicy('pa-public'));
    expect(refused).toContain('MalformedPolicy');
    expect(refused).toContain('is not in pa-open');
    expect((await probe('pa-open')).publicAccess).toBe('objects-can-be-public');
  });

  it('labels a public policy restricted by RestrictPublicBuckets as authorized users only', async () => {
    const result = await probe('pa-restricted');
    expect(result.publicAccess).toBe('authorized-only');
    expect(result.publicAccessReason).toContain('RestrictPublicBuckets');
    expect(await anonymousRead('pa-restricted')).toBe(403);
    expect(result.settings.unreadable).toEqual([]);
  });

  it("applies the account's Block Public Access (S3 Control) with the bucket's, and names it", async () => {
    // The SDK's own S3 Control client, as the account's owner; it puts the account id in the host.
    const controlAs = (credentials: typeof DEMO_ACCOUNT) =>
      new S3ControlClient({
        region: 'us-east-1',
        endpoint: `http://s3-control.us-east-1.localhost:${t.world.port}`,
        credentials,
        requestHandler: new NodeHttpHandler(createAgents()),
      });
    const control = controlAs(DEMO_ACCOUNT);
    const foreign = controlAs(OTHER_ACCOUNT);
    const AccountId = DEMO_ACCOUNT.accountId;
    try {
      const before = await probeWithLog('pa-public');
      expect(before.result.settings.accountBlockPublicAccess).toEqual({
        status: 'applies',
        accountId: AccountId,
        switches: null,
      });
      // Read through STS and S3 Control, each in the request log with its host.
      const hosts = before.requests.flatMap((r) => r.hops.map((h) => `${r.operation} ${h.host} ${h.status}`));
      expect(hosts).toContain(`GetCallerIdentity sts.us-east-1.localhost:${t.world.port} 200`);
      expect(hosts).toContain(
        `GetPublicAccessBlock (account) ${AccountId}.s3-control.us-east-1.localhost:${t.world.port} 404`,
      );

      await control.send(
        new PutPublicAccessBlockCommand({
          AccountId,
          PublicAccessBlockConfiguration: { RestrictPublicBuckets: true, BlockPublicPolicy: true },
        }),
      );
      expect(
        (await control.send(new GetPublicAccessBlockCommand({ AccountId }))).PublicAccessBlockConfiguration,
      ).toEqual({
        BlockPublicAcls: false,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      // Another account may not read this one's switches.
      await expect(foreign.send(new GetPublicAccessBlockCommand({ AccountId }))).rejects.toMatchObject({
        name: 'AccessDenied',
      });

      // The bucket's own settings are unchanged, yet the world and the label now follow the account.
      const after = await probe('pa-public');
      expect(after.publicAccess).toBe('authorized-only');
      expect(after.publicAccessReason).toContain("the account's RestrictPublicBuckets");
      expect(after.settings.accountBlockPublicAccess).toMatchObject({ status: 'applies', accountId: AccountId });
      expect(await anonymousRead('pa-public')).toBe(403);
      const refused = await aws(
        'put-bucket-policy',
        '--bucket',
        'pa-open',
        '--policy',
        publicReadPolicy('pa-open'),
      ).then(
        () => '',
        (e: { stderr: string }) => e.stderr,
      );
      expect(refused).toContain('AccessDenied');

      // Another account's switches do not apply to this account's bucket: HeadBucket's owner check says so.
      await control.send(new DeletePublicAccessBlockCommand({ AccountId }));
      await foreign.send(
        new PutPublicAccessBlockCommand({
          AccountId: OTHER_ACCOUNT.accountId,
          PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }),
      );
      const asOther = await probeWithLog('pa-public', {
        ...env,
        AWS_ACCESS_KEY_ID: OTHER_ACCOUNT.accessKeyId,
        AWS_SECRET_ACCESS_KEY: OTHER_ACCOUNT.secretAccessKey,
      });
      expect(asOther.result.settings.accountBlockPublicAccess).toEqual({
        status: 'other-owner',
        accountId: OTHER_ACCOUNT.accountId,
      });
    } finally {
      await control.send(new DeletePublicAccessBlockCommand({ AccountId }));
      await foreign.send(new DeletePublicAccessBlockCommand({ AccountId: OTHER_ACCOUNT.accountId }));
      control.destroy();
      foreign.destroy();
    }
    expect((await probe('pa-public')).publicAccess).toBe('public');
    expect(await anonymousRead('pa-public')).toBe(200);
  });
});
