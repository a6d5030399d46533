// Lifecycle rules over both stores: added and removed a rule at a time through the core (as the
// window and the terminal do), read back by aws-cli as S3 holds them; a rule aws-cli wrote with
// parts the app does not edit (a tag filter) is shown in words and kept; a rule S3 would refuse is
// refused in words before anything is sent; the terminal's `lifecycle` over the same core.
import { describe, expect, it } from 'vitest';
import { changeLifecycle, readLifecycle } from '../../electron/s3/lifecycle.js';
import { runCli } from '../support/cli.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { STORES } from '../support/world.js';

describe.each(STORES)('lifecycle rules over %s', (store) => {
  const BUCKET = 'rules-bucket';
  const world = bucketSettingsWorld(store, BUCKET);
  const awsRules = async () =>
    (
      JSON.parse((await world.awsApi('get-bucket-lifecycle-configuration')).stdout) as {
        Rules: Array<Record<string, unknown>>;
      }
    ).Rules;

  it('adds rules one at a time, as S3 holds them for another client, and takes them away again', async () => {
    expect(await readLifecycle(world.transport, BUCKET)).toEqual([]);
    const first = await changeLifecycle(world.transport, BUCKET, {
      add: {
        prefix: 'logs/',
        abortIncompleteDays: 7,
        transition: { storageClass: 'GLACIER', days: 90 },
        expireDays: 400,
      },
    });
    expect(first).toEqual([
      {
        id: 'logs abort-uploads-7d glacier-90d delete-400d',
        enabled: true,
        prefix: 'logs/',
        abortIncompleteDays: 7,
        summary:
          'objects under logs/: abort unfinished uploads after 7 days; move to GLACIER after 90 days; delete after 400 days',
      },
    ]);
    const both = await changeLifecycle(world.transport, BUCKET, {
      add: { id: 'old versions', prefix: '', noncurrentExpireDays: 30, expireDeleteMarkers: true },
    });
    expect(both.map((r) => r.id)).toEqual(['logs abort-uploads-7d glacier-90d delete-400d', 'old versions']);
    expect(both[1]!.summary).toBe(
      'every object: remove delete markers with no versions behind them; delete old versions 30 days after they become old',
    );
    // What another client reads: S3's own shapes.
    const held = await awsRules();
    expect(held).toHaveLength(2);
    expect(held[0]).toMatchObject({
      ID: 'logs abort-uploads-7d glacier-90d delete-400d',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      Transitions: [{ Days: 90, StorageClass: 'GLACIER' }],
      Expiration: { Days: 400 },
    });
    expect(held[1]).toMatchObject({
      ID: 'old versions',
      Expiration: { ExpiredObjectDeleteMarker: true },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });

    expect((await changeLifecycle(world.transport, BUCKET, { remove: ['old versions'] })).map((r) => r.id)).toEqual([
      'logs abort-uploads-7d glacier-90d delete-400d',
    ]);
    // The last one taken away removes the configuration itself.
    expect(
      await changeLifecycle(world.transport, BUCKET, { remove: ['logs abort-uploads-7d glacier-90d delete-400d'] }),
    ).toEqual([]);
    await expect(world.awsApi('get-bucket-lifecycle-configuration')).rejects.toMatchObject({
      stderr: expect.stringContaining('NoSuchLifecycleConfiguration'),
    });
  });

  it('shows a rule it does not edit in words and keeps it whole when others change', async () => {
    await world.awsApi(
      'put-bucket-lifecycle-configuration',
      '--lifecycle-configuration',
      JSON.stringify({
        Rules: [
          {
            ID: 'tagged',
            Status: 'Disabled',
            Filter: { Tag: { Key: 'temp', Value: 'yes' } },
            Expiration: { Days: 3 },
          },
        ],
      }),
    );
    const [tagged] = await readLifecycle(world.transport, BUCKET);
    expect(tagged).toEqual({
      id: 'tagged',
      enabled: false,
      prefix: '',
      summary: 'every object: delete after 3 days; only objects tagged temp=yes (disabled)',
    });
    await changeLifecycle(world.transport, BUCKET, { add: { prefix: 'tmp/', abortIncompleteDays: 1 } });
    const held = await awsRules();
    expect(held.map((r) => r.ID)).toEqual(['tagged', 'tmp abort-uploads-1d']);
    expect(held[0]).toMatchObject({
      Status: 'Disabled',
      Filter: { Tag: { Key: 'temp', Value: 'yes' } },
      Expiration: { Days: 3 },
    });
    await changeLifecycle(world.transport, BUCKET, { remove: ['tagged', 'tmp abort-uploads-1d'] });
  });

  it('refuses in words what S3 would refuse, before sending anything, and a name already taken', async () => {
    const before = world.transport.log.since(0).records.length;
    await expect(
      changeLifecycle(world.transport, BUCKET, {
        add: { prefix: '', transition: { storageClass: 'STANDARD_IA', days: 10 } },
      }),
    ).rejects.toMatchObject({ code: 'InvalidLifecycleRule', message: expect.stringContaining('30 days old or more') });
    await expect(
      changeLifecycle(world.transport, BUCKET, { add: { prefix: '/logs', expireDays: 3 } }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('no leading slash'),
    });
    await expect(changeLifecycle(world.transport, BUCKET, { add: { prefix: '' } })).rejects.toMatchObject({
      message: 'Choose what the rule does: at least one of its actions.',
    });
    expect(world.transport.log.since(0).records.length).toBe(before); // nothing was asked of S3
    await changeLifecycle(world.transport, BUCKET, { add: { id: 'mine', prefix: '', abortIncompleteDays: 2 } });
    await expect(
      changeLifecycle(world.transport, BUCKET, { add: { id: 'mine', prefix: 'x/', abortIncompleteDays: 2 } }),
    ).rejects.toMatchObject({ message: 'The bucket has a rule named "mine" already.' });
    await expect(changeLifecycle(world.transport, BUCKET, { remove: ['not-there'] })).rejects.toMatchObject({
      code: 'NoSuchLifecycleRule',
    });
    await changeLifecycle(world.transport, BUCKET, { remove: ['mine'] });
  });

  it.runIf(store === 'embedded')('is there in the terminal, through the same core', async () => {
    const cli = (...args: string[]) => runCli(world.t.world.endpointTemplate, ['lifecycle', BUCKET, ...args]);
    const added = await cli('add', 'prefix=logs/', 'abort-uploads=7', 'move=glacier_ir:30', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).result.rules).toEqual([
      expect.objectContaining({ id: 'logs abort-uploads-7d glacier_ir-30d', prefix: 'logs/' }),
    ]);
    expect((await awsRules())[0]).toMatchObject({ Transitions: [{ Days: 30, StorageClass: 'GLACIER_IR' }] });
    const listed = await cli();
    expect(listed.stdout).toContain(
      'logs abort-uploads-7d glacier_ir-30d\n  objects under logs/: abort unfinished uploads after 7 days; move to GLACIER_IR after 30 days',
    );
    const wrong = await cli('add', 'delete=soon');
    expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([2, 'Error: delete= takes a whole number of days.']);
    const removed = await cli('remove', 'logs abort-uploads-7d glacier_ir-30d');
    expect(removed.stdout).toContain('(no lifecycle rules: rules-bucket keeps everything until someone deletes it)');
  });
});
