// A bucket's static website setting over both stores: set through the core (as the window and the
// terminal do) and read back by aws-cli as S3 holds it, hosting or sending on; off again deletes
// it; what S3 would refuse said in words first; its AWS address by the region's own form.
import { describe, expect, it } from 'vitest';
import { putWebsite, readBucketAccess } from '../../electron/s3/bucket-access.js';
import { websiteEndpoint } from '../../electron/shared/website.js';
import { runCli } from '../support/cli.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { STORES } from '../support/world.js';

describe.each(STORES)('static website over %s', (store) => {
  const BUCKET = 'site-bucket';
  const world = bucketSettingsWorld(store, BUCKET);
  const held = async () => {
    try {
      return JSON.parse((await world.awsApi('get-bucket-website')).stdout) as Record<string, unknown>;
    } catch (error) {
      if ((error as { stderr: string }).stderr.includes('NoSuchWebsiteConfiguration')) return 'off';
      throw error;
    }
  };

  it('hosts, then sends every request on, then turns off, as S3 holds it', async () => {
    expect((await readBucketAccess(world.transport, BUCKET)).website).toBeNull();
    await putWebsite(world.transport, BUCKET, { kind: 'host', indexDocument: 'index.html', errorDocument: '404.html' });
    expect(await held()).toMatchObject({ IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: '404.html' } });
    expect((await readBucketAccess(world.transport, BUCKET)).website).toEqual({
      kind: 'host',
      indexDocument: 'index.html',
      errorDocument: '404.html',
    });
    await putWebsite(world.transport, BUCKET, { kind: 'redirect', hostName: 'www.example.com', protocol: 'https' });
    expect(await held()).toMatchObject({ RedirectAllRequestsTo: { HostName: 'www.example.com', Protocol: 'https' } });
    await putWebsite(world.transport, BUCKET, null);
    expect(await held()).toBe('off');
  });

  it('keeps the routing rules another tool wrote when hosting is changed here', async () => {
    await world.awsApi(
      'put-bucket-website',
      '--website-configuration',
      JSON.stringify({
        IndexDocument: { Suffix: 'index.html' },
        RoutingRules: [{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }],
      }),
    );
    const read = (await readBucketAccess(world.transport, BUCKET)).website;
    expect(read).toEqual({ kind: 'host', indexDocument: 'index.html', routingRules: 1 });
    await putWebsite(world.transport, BUCKET, { kind: 'host', indexDocument: 'home.html', errorDocument: 'oops.html' });
    expect(await held()).toMatchObject({
      IndexDocument: { Suffix: 'home.html' },
      ErrorDocument: { Key: 'oops.html' },
      RoutingRules: [{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }],
    });
    await putWebsite(world.transport, BUCKET, null);
  });

  it('refuses in words what S3 would refuse, before sending it', async () => {
    const before = world.transport.log.since(0).records.length;
    await expect(
      putWebsite(world.transport, BUCKET, { kind: 'host', indexDocument: 'pages/index.html' }),
    ).rejects.toMatchObject({ code: 'InvalidWebsite', message: expect.stringContaining('a name, not a path') });
    await expect(
      putWebsite(world.transport, BUCKET, { kind: 'redirect', hostName: 'https://www.example.com' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('A host name only') });
    expect(world.transport.log.since(0).records.length).toBe(before);
  });

  it.runIf(store === 'embedded')('is there in the terminal, and knows the two forms of AWS addresses', async () => {
    const set = await runCli(world.t.world.endpointTemplate, ['website', BUCKET, 'host', 'index=home.html']);
    expect(set.stdout).toContain(`static website of s3://${BUCKET}: hosting: home.html for folders`);
    expect((await runCli(world.t.world.endpointTemplate, ['website', BUCKET, 'off'])).stdout).toContain(': off');
    expect(websiteEndpoint('b', 'eu-west-1')).toBe('http://b.s3-website-eu-west-1.amazonaws.com/');
    expect(websiteEndpoint('b', 'eu-central-1')).toBe('http://b.s3-website.eu-central-1.amazonaws.com/');
  });
});
