// Default encryption over both stores: set through the core (as the window and the terminal do),
// read back by aws-cli as S3 holds it; a setting S3 would refuse (a key of another region, a key
// with SSE-S3) refused in words before it is sent; the terminal's `encryption` over the same core.
import { describe, expect, it } from 'vitest';
import { putDefaultEncryption, readBucketAccess } from '../../electron/s3/bucket-access.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { runCli } from '../support/cli.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { DEMO_ACCOUNT, STORES } from '../support/world.js';

const KEY_IN = (region: string) =>
  `arn:aws:kms:${region}:${DEMO_ACCOUNT.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe.each(STORES)('default encryption over %s', (store) => {
  const BUCKET = 'sealed-bucket';
  const world = bucketSettingsWorld(store, BUCKET);
  const held = async () =>
    (
      JSON.parse((await world.awsApi('get-bucket-encryption')).stdout) as {
        ServerSideEncryptionConfiguration: { Rules: unknown[] };
      }
    ).ServerSideEncryptionConfiguration.Rules;

  it('sets SSE-KMS with a key of the bucket region and its bucket key, then SSE-S3, as S3 holds them', async () => {
    await putDefaultEncryption(world.transport, BUCKET, {
      algorithm: 'aws:kms',
      kmsKeyId: KEY_IN('eu-west-1'),
      bucketKey: true,
    });
    expect(await held()).toEqual([
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY_IN('eu-west-1') },
        BucketKeyEnabled: true,
      },
    ]);
    expect((await readBucketAccess(world.transport, BUCKET)).encryption).toEqual({
      algorithm: 'aws:kms',
      kmsKeyId: KEY_IN('eu-west-1'),
      bucketKey: true,
    });
    await putDefaultEncryption(world.transport, BUCKET, { algorithm: 'AES256' });
    expect(await held()).toEqual([
      expect.objectContaining({ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }),
    ]);
  });

  it('refuses in words what S3 would refuse, before sending it', async () => {
    const fresh = new S3Transport(
      {
        id: 'sealed2',
        defaultRegion: 'us-east-1',
        endpointTemplate: world.t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
      },
      { log: new RequestLog(100) },
    );
    try {
      // The bucket's region is not known yet: one HEAD asks it, and the key's is another.
      await expect(
        putDefaultEncryption(fresh, BUCKET, { algorithm: 'aws:kms', kmsKeyId: KEY_IN('us-east-1') }),
      ).rejects.toMatchObject({
        code: 'InvalidEncryption',
        message: "That key is in us-east-1 and the bucket in eu-west-1: S3 uses a key of the bucket's own region.",
      });
      expect(fresh.log.since(0).records.map((r) => r.operation)).toEqual(['HeadBucket']);
    } finally {
      fresh.destroy();
    }
    await expect(
      putDefaultEncryption(world.transport, BUCKET, { algorithm: 'AES256', kmsKeyId: 'alias/app' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('a KMS key goes with SSE-KMS') });
    await expect(
      putDefaultEncryption(world.transport, BUCKET, { algorithm: 'aws:kms', kmsKeyId: 'my key' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('is not a KMS key') });
  });

  it.runIf(store === 'embedded')('is there in the terminal, through the same core', async () => {
    const cli = (...args: string[]) => runCli(world.t.world.endpointTemplate, ['encryption', BUCKET, ...args]);
    const saved = await cli('sse-kms', 'key=alias/app', 'no-bucket-key');
    expect(saved.stdout).toContain(`default encryption of s3://${BUCKET}: SSE-KMS with alias/app\n`);
    expect((await held())[0]).toMatchObject({ BucketKeyEnabled: false });
    const wrong = await cli('sse-s3', 'bucket-key');
    expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([
      2,
      'Error: A bucket key is for KMS encryption (SSE-KMS).',
    ]);
    expect((await cli('remove')).stdout).toContain(`default encryption of s3://${BUCKET}: not configured`);
  });
});
