// A bucket's own tags over both stores: replaced through the core (as the window and the terminal
// do) and read back by aws-cli as S3 holds them; what S3 would refuse (an aws: name, a 51st tag)
// refused in words before it is sent; none left deletes them; the terminal's `tag <bucket>`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putBucketTags, readBucketAccess } from '../../electron/s3/bucket-access.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { runCli } from '../support/cli.js';
import { DEMO_ACCOUNT, startTestWorld, STORES, type TestWorld } from '../support/world.js';

const run = promisify(execFile);

describe.each(STORES)('bucket tags over %s', (store) => {
  let t: TestWorld;
  let transport: S3Transport;
  const BUCKET = 'tagged-bucket';
  const held = async () => {
    try {
      const { stdout } = await run(
        'aws',
        ['s3api', 'get-bucket-tagging', '--bucket', BUCKET, '--endpoint-url', t.world.globalEndpoint],
        { env: { ...process.env, ...awsCliEnv() } },
      );
      return (JSON.parse(stdout) as { TagSet: Array<{ Key: string; Value: string }> }).TagSet;
    } catch (error) {
      if ((error as { stderr: string }).stderr.includes('NoSuchTagSet')) return 'none';
      throw error;
    }
  };

  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({ name: BUCKET, region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    transport = new S3Transport(
      { id: 'tags', defaultRegion: 'us-east-1', endpointTemplate: t.world.endpointTemplate, credentials: DEMO_ACCOUNT },
      { log: new RequestLog(500) },
    );
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });

  it('replaces the tags as S3 holds them, reads them in the report, and removes them', async () => {
    expect((await readBucketAccess(transport, BUCKET)).tags).toEqual({});
    await putBucketTags(transport, BUCKET, { team: 'data', 'cost-center': '42' });
    expect(await held()).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'data' },
        { Key: 'cost-center', Value: '42' },
      ]),
    );
    expect((await readBucketAccess(transport, BUCKET)).tags).toEqual({ team: 'data', 'cost-center': '42' });
    await putBucketTags(transport, BUCKET, { team: 'web' });
    expect(await held()).toEqual([{ Key: 'team', Value: 'web' }]);
    await putBucketTags(transport, BUCKET, {});
    expect(await held()).toBe('none');
  });

  it('refuses in words what S3 would refuse, before sending it', async () => {
    const before = transport.log.since(0).records.length;
    await expect(putBucketTags(transport, BUCKET, { 'aws:created': 'me' })).rejects.toMatchObject({
      code: 'InvalidTag',
      message: "Tag names beginning with “aws:” are AWS's own; “aws:created” cannot be set.",
    });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expect(putBucketTags(transport, BUCKET, many)).rejects.toMatchObject({
      message: 'A bucket has at most 50 tags; this has 51.',
    });
    expect(transport.log.since(0).records.length).toBe(before);
  });

  it.runIf(store === 'embedded')('is there in the terminal, beside the objects’ tags', async () => {
    const set = await runCli(t.world.endpointTemplate, ['tag', BUCKET, 'owner=ops']);
    expect(set.stdout).toContain(`s3://${BUCKET} now has 1 tag: owner=ops`);
    expect((await runCli(t.world.endpointTemplate, ['tag', BUCKET])).stdout).toContain('owner = ops');
    expect((await runCli(t.world.endpointTemplate, ['tag', BUCKET, '--clear'])).stdout).toContain(
      `removed every tag of s3://${BUCKET}`,
    );
    expect(await held()).toBe('none');
  });
});
