// Object Lock through the core (as the window and the terminal use it) over both stores: the
// bucket's setting in the access report and changed, one version's legal hold and retention
// changed and read back (by aws-cli too), what S3 would refuse said in words before anything is
// sent, and a protected version's deletion refused in words — by the versions' purge, and by the
// terminal's rm with its hint.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBucketAccess } from '../../electron/s3/bucket-access.js';
import { createBucket } from '../../electron/s3/objects.js';
import {
  changeObjectLock,
  putBucketLock,
  readBucketLock,
  readObjectLock,
  versionLocks,
} from '../../electron/s3/object-lock.js';
import { whatKeeps } from '../../electron/shared/object-lock.js';
import { deleteVersions } from '../../electron/s3/versions.js';
import { runCli } from '../support/cli.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { DEMO_ACCOUNT, STORES } from '../support/world.js';

const run = promisify(execFile);

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe.each(STORES)('Object Lock through the core over %s', (store) => {
  const BUCKET = 'records-bucket';
  const world = bucketSettingsWorld(store, BUCKET, { objectLock: true });
  const put = async (key: string) => {
    const out = await world.awsApi('put-object', '--key', key, '--body', 'package.json');
    return (JSON.parse(out.stdout) as { VersionId: string }).VersionId;
  };
  const sent = (operation: string) =>
    world.transport.log.since(0).records.filter((r) => r.operation === operation).length;

  it('holds a version by a legal hold: its purge refused in words until the hold is lifted', async () => {
    const versionId = await put('contract.txt');
    const target = { bucket: BUCKET, key: 'contract.txt' };
    const held = await changeObjectLock(world.transport, target, { legalHold: true });
    expect(held).toMatchObject({ legalHold: true, versionId });
    const status = JSON.parse(
      (await world.awsApi('get-object-legal-hold', '--key', 'contract.txt', '--version-id', versionId)).stdout,
    ) as { LegalHold: { Status: string } };
    expect(status.LegalHold.Status).toBe('ON');

    const refused = await deleteVersions(world.transport, BUCKET, [{ key: 'contract.txt', versionId }]);
    expect(refused.deleted).toBe(0);
    expect(refused.errors).toMatchObject([
      {
        key: 'contract.txt',
        code: 'AccessDenied',
        message: 'kept by Object Lock: a legal hold, or a retention that has not ended',
      },
    ]);
    await changeObjectLock(world.transport, { ...target, versionId }, { legalHold: false });
    expect((await deleteVersions(world.transport, BUCKET, [{ key: 'contract.txt', versionId }])).deleted).toBe(1);
  });

  it('keeps a retention from being shortened or lifted without saying so, and a compliance one always, before sending', async () => {
    const versionId = await put('audit.csv');
    const target = { bucket: BUCKET, key: 'audit.csv', versionId };
    const until = inDays(10);
    expect(await changeObjectLock(world.transport, target, { retention: { mode: 'GOVERNANCE', until } })).toMatchObject(
      { mode: 'GOVERNANCE', legalHold: false },
    );
    expect(Date.parse((await readObjectLock(world.transport, BUCKET, 'audit.csv', versionId)).retainUntil!)).toBe(
      Date.parse(until),
    );
    const before = sent('PutObjectRetention');
    await expect(
      changeObjectLock(world.transport, target, { retention: { mode: 'GOVERNANCE', until: inDays(1) } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^Shortening or lifting governance retention/) });
    await expect(changeObjectLock(world.transport, target, { retention: null })).rejects.toMatchObject({
      code: 'InvalidObjectLock',
    });
    await expect(
      changeObjectLock(world.transport, target, { retention: { mode: 'GOVERNANCE', until: inDays(-1) } }),
    ).rejects.toMatchObject({ message: 'A retention ends in the future: choose a later date.' });
    expect(sent('PutObjectRetention')).toBe(before);

    // Lifted by bypassing governance, then made compliance: which nothing lifts.
    await changeObjectLock(world.transport, target, { retention: null, bypassGovernance: true });
    expect((await readObjectLock(world.transport, BUCKET, 'audit.csv', versionId)).mode).toBeUndefined();
    await changeObjectLock(world.transport, target, { retention: { mode: 'COMPLIANCE', until: inDays(2) } });
    await expect(
      changeObjectLock(world.transport, target, { retention: null, bypassGovernance: true }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^Compliance retention cannot be shortened/) });
    const refused = await deleteVersions(world.transport, BUCKET, [{ key: 'audit.csv', versionId }]);
    expect(refused.errors.map((e) => e.message)).toEqual([
      'kept by Object Lock: a legal hold, or a retention that has not ended',
    ]);
  });

  it('tells what keeps each version before a purge, and purges one under governance only when told to bypass it', async () => {
    const governed = await put('ledger.csv');
    const free = await put('draft.txt');
    await changeObjectLock(
      world.transport,
      { bucket: BUCKET, key: 'ledger.csv', versionId: governed },
      { retention: { mode: 'GOVERNANCE', until: inDays(5) } },
    );
    const versions = [
      { key: 'ledger.csv', versionId: governed },
      { key: 'draft.txt', versionId: free },
      { key: 'gone.txt', versionId: 'no-such-version' },
    ];
    const locks = await versionLocks(world.transport, BUCKET, versions);
    expect(locks[0]).toMatchObject({ mode: 'GOVERNANCE', legalHold: false });
    expect(whatKeeps(locks[0]!)).toMatch(/^governance retention keeps it until/);
    expect(whatKeeps(locks[1]!)).toBeUndefined();
    expect(locks[2]).toBeNull();

    const refused = await deleteVersions(world.transport, BUCKET, versions.slice(0, 1));
    expect(refused.errors).toHaveLength(1);
    const bypassed = await deleteVersions(world.transport, BUCKET, versions.slice(0, 2), { bypassGovernance: true });
    expect(bypassed).toEqual({ deleted: 2, errors: [] });
  });

  it('from the terminal: reads and changes a lock, and says why rm of a held version is refused', async () => {
    const endpoint = world.t.world.endpointTemplate;
    const versionId = await put('minutes.txt');
    const hold = await runCli(endpoint, ['lock', `${BUCKET}/minutes.txt`, 'hold=on', '--json']);
    expect(hold.code).toBe(0);
    const answer = JSON.parse(hold.stdout) as {
      result: { legalHold: boolean; versionId: string };
      requests: unknown[];
    };
    expect(answer.result).toMatchObject({ legalHold: true, versionId });
    expect((await runCli(endpoint, ['lock', `${BUCKET}/minutes.txt`])).stdout).toMatch(/minutes\.txt .*legal hold on/);
    expect((await runCli(endpoint, ['lock', BUCKET])).stdout).toMatch(/Object Lock of s3:\/\/records-bucket: on/);

    const rm = await runCli(endpoint, ['rm', `${BUCKET}/minutes.txt`, '--version-id', versionId]);
    expect(rm.code).toBe(1);
    expect(rm.stderr).toMatch(/kept by Object Lock: a legal hold, or a retention that has not ended/);
    expect(rm.stderr).toMatch(/Object Lock keeps this version/);

    const dated = await put('dated.txt');
    await runCli(endpoint, ['lock', `${BUCKET}/dated.txt`, `retain=governance:${inDays(3).slice(0, 10)}`]);
    expect((await runCli(endpoint, ['rm', `${BUCKET}/dated.txt`, '--version-id', dated])).code).toBe(1);
    const bypassed = await runCli(endpoint, [
      'rm',
      `${BUCKET}/dated.txt`,
      '--version-id',
      dated,
      '--bypass-governance',
    ]);
    expect(bypassed).toMatchObject({ code: 0, stdout: expect.stringMatching(/deleted version .* for good/) });

    const bad = await runCli(endpoint, ['lock', `${BUCKET}/minutes.txt`, 'retain=forever']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"retain=forever" is not a retention/);
    await runCli(endpoint, ['lock', `${BUCKET}/minutes.txt`, 'hold=off']);
  });

  it('says a bucket has it, and sets the default retention its new objects get', async () => {
    // A bucket of its own, empty: moto takes a configuration only on an empty bucket, and keeps a
    // default retention when the configuration is put again without one.
    const fresh = 'defaults-bucket';
    await world.t.world.registerBucket({
      name: fresh,
      region: 'eu-west-1',
      ownerAccountId: DEMO_ACCOUNT.accountId,
      objectLock: true,
    });
    expect((await readBucketAccess(world.transport, fresh)).objectLock).toEqual({});
    await putBucketLock(world.transport, fresh, { defaultRetention: { mode: 'GOVERNANCE', days: 3 } });
    expect(await readBucketLock(world.transport, fresh)).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 3 } });
    const held = JSON.parse(
      (
        await run(
          'aws',
          ['s3api', 'get-object-lock-configuration', '--bucket', fresh, '--endpoint-url', world.t.world.globalEndpoint],
          {
            env: { ...process.env, ...awsCliEnv() },
          },
        )
      ).stdout,
    ) as Record<string, unknown>;
    expect(held).toMatchObject({
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3 } },
      },
    });
    await expect(
      putBucketLock(world.transport, fresh, { defaultRetention: { mode: 'GOVERNANCE', days: 0 } }),
    ).rejects.toMatchObject({ code: 'InvalidObjectLock', message: expect.stringMatching(/whole number of days/) });
  });
});

describe.each(STORES)('a bucket made with Object Lock over %s', (store) => {
  const world = bucketSettingsWorld(store, 'unused-bucket');
  it('is versioned and locked from the start, from the window and from the terminal', async () => {
    await createBucket(world.transport, 'vault-bucket', 'eu-west-1', { objectLock: true });
    expect(await readBucketLock(world.transport, 'vault-bucket')).toEqual({});
    expect((await readBucketAccess(world.transport, 'vault-bucket')).versioning?.status).toBe('Enabled');

    const made = await runCli(world.t.world.endpointTemplate, [
      'mb',
      'cli-vault',
      '--region',
      'eu-west-1',
      '--object-lock',
    ]);
    expect(made).toMatchObject({ code: 0, stdout: expect.stringMatching(/with Object Lock on \(and versioning\)/) });
    const held = await run(
      'aws',
      [
        's3api',
        'get-object-lock-configuration',
        '--bucket',
        'cli-vault',
        '--endpoint-url',
        world.t.world.globalEndpoint,
      ],
      { env: { ...process.env, ...awsCliEnv() } },
    );
    expect(JSON.parse(held.stdout)).toEqual({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    // A bucket made without it has none.
    await createBucket(world.transport, 'plain-made', 'eu-west-1');
    expect(await readBucketLock(world.transport, 'plain-made')).toBeNull();
  });
});

describe('Object Lock on a bucket without it', () => {
  const world = bucketSettingsWorld('embedded', 'plain-bucket');
  it('reads as off, and a version cannot be held there', async () => {
    expect((await readBucketAccess(world.transport, 'plain-bucket')).objectLock).toBeNull();
    await world.awsApi('put-object', '--key', 'note.txt', '--body', 'package.json');
    await expect(
      changeObjectLock(world.transport, { bucket: 'plain-bucket', key: 'note.txt' }, { legalHold: true }),
    ).rejects.toMatchObject({ code: 'InvalidRequest', status: 400 });
    // Turning it on needs versioning first: S3's refusal comes back as it is.
    await expect(putBucketLock(world.transport, 'plain-bucket', {})).rejects.toMatchObject({
      code: 'InvalidBucketState',
    });
  });
});
