// A bucket's own tags over both stores: replaced through the core (as the window and the terminal
// do) and read back by aws-cli as S3 holds them; what S3 would refuse (an aws: name, a 51st tag)
// refused in words before it is sent; none left deletes them; the terminal's `tag <bucket>`.
import { describe, expect, it } from 'vitest';
import { putBucketTags, readBucketAccess } from '../../electron/s3/bucket-access.js';
import { runCli } from '../support/cli.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { STORES } from '../support/world.js';

describe.each(STORES)('bucket tags over %s', (store) => {
  const BUCKET = 'tagged-bucket';
  const world = bucketSettingsWorld(store, BUCKET);
  const held = async () => {
    try {
      const { stdout } = await world.awsApi('get-bucket-tagging');
      return (JSON.parse(stdout) as { TagSet: Array<{ Key: string; Value: string }> }).TagSet;
    } catch (error) {
      if ((error as { stderr: string }).stderr.includes('NoSuchTagSet')) return 'none';
      throw error;
    }
  };

  it('replaces the tags as S3 holds them, reads them in the report, and removes them', async () => {
    expect((await readBucketAccess(world.transport, BUCKET)).tags).toEqual({});
    await putBucketTags(world.transport, BUCKET, { team: 'data', 'cost-center': '42' });
    expect(await held()).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'data' },
        { Key: 'cost-center', Value: '42' },
      ]),
    );
    expect((await readBucketAccess(world.transport, BUCKET)).tags).toEqual({ team: 'data', 'cost-center': '42' });
    await putBucketTags(world.transport, BUCKET, { team: 'web' });
    expect(await held()).toEqual([{ Key: 'team', Value: 'web' }]);
    await putBucketTags(world.transport, BUCKET, {});
    expect(await held()).toBe('none');
  });

  it('refuses in words what S3 would refuse, before sending it', async () => {
    const before = world.transport.log.since(0).records.length;
    await expect(putBucketTags(world.transport, BUCKET, { 'aws:created': 'me' })).rejects.toMatchObject({
      code: 'InvalidTag',
      message: "Tag names beginning with “aws:” are AWS's own; “aws:created” cannot be set.",
    });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expect(putBucketTags(world.transport, BUCKET, many)).rejects.toMatchObject({
      message: 'A bucket has at most 50 tags; this has 51.',
    });
    expect(world.transport.log.since(0).records.length).toBe(before);
  });

  it.runIf(store === 'embedded')('is there in the terminal, beside the objects’ tags', async () => {
    const set = await runCli(world.t.world.endpointTemplate, ['tag', BUCKET, 'owner=ops']);
    expect(set.stdout).toContain(`s3://${BUCKET} now has 1 tag: owner=ops`);
    expect((await runCli(world.t.world.endpointTemplate, ['tag', BUCKET])).stdout).toContain('owner = ops');
    expect((await runCli(world.t.world.endpointTemplate, ['tag', BUCKET, '--clear'])).stdout).toContain(
      `removed every tag of s3://${BUCKET}`,
    );
    expect(await held()).toBe('none');
  });
});
