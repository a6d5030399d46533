// The bucket probe against the S3 world: region, location type, access in words, the
// permission matrix, expected owner, anonymous access, and buckets the user cannot list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBucket } from '../../electron/s3/probe.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { DEMO_ACCOUNT, OTHER_ACCOUNT, makePublic, startTestWorld, type TestWorld } from '../support/world.js';

describe('the bucket probe', () => {
  let t: TestWorld;
  let signed: S3Transport;
  let anonymous: S3Transport;

  beforeAll(async () => {
    t = await startTestWorld();
    await Promise.all([
      t.world.registerBucket({
        name: 'mine-in-sydney',
        region: 'ap-southeast-2',
        ownerAccountId: DEMO_ACCOUNT.accountId,
      }),
      t.world.registerBucket({
        name: 'theirs-in-frankfurt',
        region: 'eu-central-1',
        ownerAccountId: OTHER_ACCOUNT.accountId,
      }),
      t.world.registerBucket({
        name: 'open-in-oregon',
        region: 'us-west-2',
        ownerAccountId: OTHER_ACCOUNT.accountId,
      }),
      t.world.registerBucket({
        name: 'quick--usw2-az1--x-s3',
        region: 'us-west-2',
        ownerAccountId: DEMO_ACCOUNT.accountId,
      }),
    ]);
    await makePublic(t, 'open-in-oregon');
    const log = new RequestLog();
    signed = new S3Transport(
      {
        id: 'signed',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
      },
      { log },
    );
    anonymous = new S3Transport(
      { id: 'anon', defaultRegion: 'us-east-1', endpointTemplate: t.world.endpointTemplate },
      { log },
    );
  });
  afterAll(async () => {
    signed?.destroy();
    anonymous?.destroy();
    await t?.stop();
  });

  it('finds an owned bucket in another region and reports full access', async () => {
    const result = await probeBucket(signed, 'mine-in-sydney');
    expect(result).toMatchObject({
      region: 'ap-southeast-2',
      regionSource: 'header',
      locationType: 'Region',
      locationName: 'ap-southeast-2',
      accessPointAlias: false,
      access: { status: 200, verdict: 'ok' },
    });
    expect(result.permissions.every((p) => p.allowed === true)).toBe(true);
    expect(result.permissions.map((p) => p.action)).toContain('s3:ListBucket');
  });

  it('explains a 403 with the region it still learned, and denies every permission', async () => {
    const result = await probeBucket(signed, 'theirs-in-frankfurt');
    expect(result.region).toBe('eu-central-1');
    expect(result.access.verdict).toBe('forbidden');
    expect(result.access.explanation).toContain('403 Forbidden: the bucket exists in eu-central-1');
    expect(result.permissions.every((p) => p.allowed === false)).toBe(true);
  });

  it('explains a 404', async () => {
    const result = await probeBucket(signed, 'nobody-made-this-one');
    expect(result.access).toMatchObject({ status: 404, verdict: 'not-found' });
    expect(result.region).toBeUndefined();
    expect(result.permissions).toEqual([]);
  });

  it('checks the expected owner', async () => {
    const wrong = await probeBucket(signed, 'mine-in-sydney', { expectedOwner: '999999999999' });
    expect(wrong.expectedOwner).toEqual({ account: '999999999999', matches: false });
    expect(wrong.access.explanation).toContain('not owned by account 999999999999');
    const right = await probeBucket(signed, 'mine-in-sydney', { expectedOwner: DEMO_ACCOUNT.accountId });
    expect(right.expectedOwner).toEqual({ account: DEMO_ACCOUNT.accountId, matches: true });
  });

  it('works anonymously on a public bucket, and says what anonymous may not do', async () => {
    const result = await probeBucket(anonymous, 'open-in-oregon');
    expect(result).toMatchObject({ region: 'us-west-2', access: { verdict: 'ok' } });
    expect(result.permissions.find((p) => p.action === 's3:ListBucket')?.allowed).toBe(true);
    expect(result.permissions.find((p) => p.action === 's3:GetBucketAcl')?.allowed).toBe(false);
    const anonymousRequests = signed.log.since(0).records.filter((r) => r.connectionId === 'anon');
    expect(anonymousRequests.flatMap((r) => r.hops).every((h) => h.signingRegion === 'unsigned')).toBe(true);
  });

  it('reports a directory bucket by zone', async () => {
    const result = await probeBucket(signed, 'quick--usw2-az1--x-s3');
    expect(result).toMatchObject({
      region: 'us-west-2',
      regionSource: 'directory-zone',
      locationType: 'AvailabilityZone',
      locationName: 'usw2-az1',
      access: { verdict: 'ok' },
    });
    expect(result.permissions.map((p) => p.action)).toEqual(['s3:ListBucket']);
  });
});
