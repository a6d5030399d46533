// The S3 world on the wire: every routing, HeadBucket and authentication behaviour checked with
// raw HTTP (status, headers, XML), then with the AWS SDK v3 and with aws-cli, a client nobody
// here wrote.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupWithLocalhost } from '../../electron/s3/endpoints.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { raw, rawUnsigned, signRequest } from '../support/raw-http.js';
import { DEMO_ACCOUNT, OTHER_ACCOUNT, makePublic, STORES, startTestWorld, type TestWorld } from '../support/world.js';

const run = promisify(execFile);
const me = DEMO_ACCOUNT.accountId;

describe.each(STORES)('the S3 world over %s', (store) => {
  let t: TestWorld;
  let port: number;
  const host = (h: string) => `http://${h}:${port}`;

  beforeAll(async () => {
    t = await startTestWorld({ store });
    port = t.world.port;
    await Promise.all([
      t.world.registerBucket({ name: 'home-east', region: 'us-east-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'far-west', region: 'eu-west-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'not-yours', region: 'eu-central-1', ownerAccountId: OTHER_ACCOUNT.accountId }),
      t.world.registerBucket({
        name: 'open-data',
        region: 'us-west-2',
        ownerAccountId: OTHER_ACCOUNT.accountId,
      }),
      t.world.registerBucket({ name: 'fresh-one', region: 'eu-west-1', ownerAccountId: me }),
      t.world.registerBucket({ name: 'hot--usw2-az1--x-s3', region: 'us-west-2', ownerAccountId: me }),
    ]);
    await makePublic(t, 'open-data');
    const put = await raw({
      method: 'PUT',
      url: `${host('far-west.s3.eu-west-1.localhost')}/hello.txt`,
      body: 'hello',
      sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
    });
    expect(put.status).toBe(200);
    t.world.buckets.get('fresh-one')!.temporaryRedirectUntil = Date.now() + 60 * 60 * 1000;
  });
  afterAll(async () => t?.stop());

  describe('routing like AWS', () => {
    it('serves a bucket on its own regional endpoint, virtual-hosted and path style', async () => {
      const vhost = await raw({
        url: `${host('far-west.s3.eu-west-1.localhost')}/?list-type=2`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(vhost.status).toBe(200);
      expect(vhost.headers['x-amz-bucket-region']).toBe('eu-west-1');
      expect(vhost.body).toContain('<Key>hello.txt</Key>');
      const pathStyle = await raw({
        url: `${host('s3.eu-west-1.localhost')}/far-west?list-type=2`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(pathStyle.status).toBe(200);
      expect(pathStyle.body).toContain('<Key>hello.txt</Key>');
    });

    it('answers a wrong regional endpoint with 301 PermanentRedirect: no Location, region header, XML Endpoint', async () => {
      const res = await raw({
        url: `${host('far-west.s3.us-east-1.localhost')}/hello.txt`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(res.status).toBe(301);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['x-amz-bucket-region']).toBe('eu-west-1');
      expect(res.body).toContain('<Code>PermanentRedirect</Code>');
      expect(res.body).toContain('<Endpoint>far-west.s3.eu-west-1.localhost</Endpoint>');
      expect(res.body).toContain('<Bucket>far-west</Bucket>');
    });

    it('answers a 301 to HEAD without a body', async () => {
      const res = await raw({
        method: 'HEAD',
        url: `${host('far-west.s3.us-east-1.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(res.status).toBe(301);
      expect(res.headers['x-amz-bucket-region']).toBe('eu-west-1');
      expect(res.body).toBe('');
    });

    it('answers a request signed for the wrong region with 400 AuthorizationHeaderMalformed and <Region>', async () => {
      const global = await raw({
        url: `${host('127.0.0.1')}/far-west?list-type=2`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(global.status).toBe(400);
      expect(global.body).toContain('<Code>AuthorizationHeaderMalformed</Code>');
      expect(global.body).toContain("the region 'us-east-1' is wrong; expecting 'eu-west-1'");
      expect(global.body).toContain('<Region>eu-west-1</Region>');
      const regional = await raw({
        url: `${host('far-west.s3.eu-west-1.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'ap-southeast-2' },
      });
      expect(regional.status).toBe(400);
      expect(regional.body).toContain('<Region>eu-west-1</Region>');
    });

    it('serves the global endpoint when the request is signed for the bucket region (what aws-cli relies on)', async () => {
      const res = await raw({
        url: `${host('127.0.0.1')}/far-west?list-type=2`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(res.status).toBe(200);
    });

    it('answers a propagating bucket with 307 to a facility host that serves that one request', async () => {
      const res = await raw({
        url: `${host('fresh-one.s3.eu-west-1.localhost')}/?list-type=2`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(res.status).toBe(307);
      expect(res.body).toContain('<Code>TemporaryRedirect</Code>');
      const location = new URL(res.headers.location!);
      expect(location.hostname).toMatch(/^fresh-one\.s3-[a-z0-9]+\.localhost$/);
      expect(location.searchParams.get('list-type')).toBe('2');
      expect(location.searchParams.get('rk')).toMatch(/^[0-9a-f]+$/);
      expect(res.body).toContain(`<Endpoint>${location.hostname}</Endpoint>`);
      const follow = await raw({ url: location.toString(), sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' } });
      expect(follow.status).toBe(200);
      const again = await raw({ url: location.toString(), sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' } });
      expect(again.status).toBe(400);
    });

    it('reports GetBucketLocation, empty for us-east-1', async () => {
      const east = await raw({
        url: `${host('home-east.s3.us-east-1.localhost')}/?location`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(east.body).toMatch(/<LocationConstraint[^>]*><\/LocationConstraint>/);
      const west = await raw({
        url: `${host('far-west.s3.eu-west-1.localhost')}/?location`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(west.body).toMatch(/<LocationConstraint[^>]*>eu-west-1<\/LocationConstraint>/);
    });

    it('refuses CreateBucket whose constraint differs from the regional endpoint', async () => {
      const body =
        '<CreateBucketConfiguration><LocationConstraint>ap-southeast-2</LocationConstraint></CreateBucketConfiguration>';
      const res = await raw({
        method: 'PUT',
        url: `${host('made-here.s3.eu-west-1.localhost')}/`,
        body,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toContain('IllegalLocationConstraintException');
      expect(res.headers['x-amz-bucket-region']).toBe('ap-southeast-2');
    });
  });

  describe('HeadBucket', () => {
    it('200 with region and access point alias', async () => {
      const res = await raw({
        method: 'HEAD',
        url: `${host('far-west.s3.eu-west-1.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-amz-bucket-region']).toBe('eu-west-1');
      expect(res.headers['x-amz-access-point-alias']).toBe('false');
      expect(res.headers['x-amz-bucket-location-type']).toBeUndefined();
    });

    it('403 for another account, still with its region; 404 with no region for none', async () => {
      const other = await raw({
        method: 'HEAD',
        url: `${host('not-yours.s3.eu-central-1.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-central-1' },
      });
      expect(other.status).toBe(403);
      expect(other.headers['x-amz-bucket-region']).toBe('eu-central-1');
      expect(other.body).toBe('');
      const none = await raw({
        method: 'HEAD',
        url: `${host('no-such-bucket-here.s3.us-east-1.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(none.status).toBe(404);
      expect(none.headers['x-amz-bucket-region']).toBeUndefined();
    });

    it('403 when x-amz-expected-bucket-owner does not match', async () => {
      const wrong = await raw({
        method: 'HEAD',
        url: `${host('far-west.s3.eu-west-1.localhost')}/`,
        headers: { 'x-amz-expected-bucket-owner': '999999999999' },
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(wrong.status).toBe(403);
      const right = await raw({
        method: 'HEAD',
        url: `${host('far-west.s3.eu-west-1.localhost')}/`,
        headers: { 'x-amz-expected-bucket-owner': me },
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(right.status).toBe(200);
    });

    it('reports a directory bucket on its zonal endpoint only, with location type and name', async () => {
      const zonal = await raw({
        method: 'HEAD',
        url: `${host('hot--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.localhost')}/`,
        sign: { account: DEMO_ACCOUNT, region: 'us-west-2', service: 's3express' },
      });
      expect(zonal.status).toBe(200);
      expect(zonal.headers['x-amz-bucket-location-type']).toBe('AvailabilityZone');
      expect(zonal.headers['x-amz-bucket-location-name']).toBe('usw2-az1');
      expect(zonal.headers['x-amz-bucket-region']).toBe('us-west-2');
      const regional = await raw({
        method: 'HEAD',
        url: `${host('s3.us-west-2.localhost')}/hot--usw2-az1--x-s3`,
        sign: { account: DEMO_ACCOUNT, region: 'us-west-2' },
      });
      expect(regional.status).toBe(404);
    });

    it('lets anyone list and head a public bucket, and no one else', async () => {
      const list = await raw({ url: `${host('open-data.s3.us-west-2.localhost')}/?list-type=2` });
      expect(list.status).toBe(200);
      const head = await raw({ method: 'HEAD', url: `${host('open-data.s3.us-west-2.localhost')}/` });
      expect(head.status).toBe(200);
      const write = await raw({ method: 'PUT', url: `${host('open-data.s3.us-west-2.localhost')}/x.txt`, body: 'x' });
      expect(write.status).toBe(403);
      const privateList = await raw({ url: `${host('far-west.s3.eu-west-1.localhost')}/?list-type=2` });
      expect(privateList.status).toBe(403);
      expect(privateList.body).toContain('AccessDenied');
    });
  });

  describe('authentication', () => {
    const url = () => `${host('far-west.s3.eu-west-1.localhost')}/hello.txt`;

    it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
      const wrong = await raw({
        url: url(),
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
        secretOverride: 'not-the-secret',
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toContain('<Code>SignatureDoesNotMatch</Code>');
      const unknown = await raw({
        url: url(),
        sign: { account: { ...DEMO_ACCOUNT, accessKeyId: 'AKIANOBODY0000000000' }, region: 'eu-west-1' },
      });
      expect(unknown.status).toBe(403);
      expect(unknown.body).toContain('<Code>InvalidAccessKeyId</Code>');
    });

    it('detects a tampered signed request (header changed after signing)', async () => {
      const { headers, url: target } = await signRequest({
        url: url(),
        headers: { range: 'bytes=0-1' },
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      const tampered = await rawUnsigned('GET', target, { ...headers, range: 'bytes=0-3' });
      expect(tampered.status).toBe(403);
      expect(tampered.body).toContain('SignatureDoesNotMatch');
    });

    it('accepts a presigned URL from the SDK presigner and refuses it tampered or expired', async () => {
      const client = new S3Client({
        region: 'eu-west-1',
        endpoint: `http://s3.eu-west-1.localhost:${port}`,
        credentials: DEMO_ACCOUNT,
      });
      const signed = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'far-west', Key: 'hello.txt' }), {
        expiresIn: 60,
      });
      const ok = await rawUnsigned('GET', new URL(signed), { host: new URL(signed).host });
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('hello');
      const tamperedUrl = new URL(signed);
      tamperedUrl.pathname = '/other.txt';
      const tampered = await rawUnsigned('GET', tamperedUrl, { host: tamperedUrl.host });
      expect(tampered.status).toBe(403);
      const expiredUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'far-west', Key: 'hello.txt' }), {
        expiresIn: 1,
        signingDate: new Date(Date.now() - 10_000),
      });
      const expired = await rawUnsigned('GET', new URL(expiredUrl), { host: new URL(expiredUrl).host });
      expect(expired.status).toBe(403);
      expect(expired.body).toContain('Request has expired');
      client.destroy();
    });

    it('decodes an SDK aws-chunked upload and stores exactly the bytes sent', async () => {
      const client = new S3Client({
        region: 'eu-west-1',
        endpoint: `http://s3.eu-west-1.localhost:${port}`,
        credentials: DEMO_ACCOUNT,
        requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: lookupWithLocalhost }) }),
      });
      const bytes = Buffer.alloc(300_000, 0).map((_, i) => (i * 7) % 251);
      await client.send(
        new PutObjectCommand({
          Bucket: 'far-west',
          Key: 'streamed.bin',
          Body: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]),
          ContentLength: bytes.length,
        }),
      );
      const got = await client.send(new GetObjectCommand({ Bucket: 'far-west', Key: 'streamed.bin' }));
      const stored = Buffer.from(await got.Body!.transformToByteArray());
      expect(stored.length).toBe(bytes.length);
      expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
      client.destroy();
    });

    it('refuses an aws-chunked body whose trailing checksum is wrong, and a wrong Content-MD5', async () => {
      const payload = 'abc';
      const chunked = `3\r\n${payload}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
      const bad = await raw({
        method: 'PUT',
        url: `${host('far-west.s3.eu-west-1.localhost')}/bad.txt`,
        body: chunked,
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '3',
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        },
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('<Code>BadDigest</Code>');
      const md5 = await raw({
        method: 'PUT',
        url: `${host('far-west.s3.eu-west-1.localhost')}/bad2.txt`,
        body: 'abc',
        headers: { 'content-md5': createHash('md5').update('abd').digest('base64') },
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(md5.status).toBe(400);
      expect(md5.body).toContain('BadDigest');
      const list = await raw({
        url: `${host('far-west.s3.eu-west-1.localhost')}/?list-type=2&prefix=bad`,
        sign: { account: DEMO_ACCOUNT, region: 'eu-west-1' },
      });
      expect(list.body).not.toContain('<Key>bad');
    });
  });

  describe('the AWS SDK v3 against it', () => {
    const agent = () => new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: lookupWithLocalhost }) });

    it('by default stops at the 301 with PermanentRedirect', async () => {
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: `http://s3.us-east-1.localhost:${port}`,
        credentials: DEMO_ACCOUNT,
        requestHandler: agent(),
      });
      const error = await client
        .send(new ListObjectsV2Command({ Bucket: 'far-west' }))
        .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
      expect(error).toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
      client.destroy();
    });

    it('with followRegionRedirects follows the 301 once', async () => {
      // Like AWS's own endpoint rules, the endpoint is derived from the region, so the SDK's
      // region swap also moves the request to the right regional host.
      const endpointProvider = (params: { Region?: string; Bucket?: string }) => ({
        url: new URL(`http://${params.Bucket ? `${params.Bucket}.` : ''}s3.${params.Region}.localhost:${port}/`),
        properties: {
          authSchemes: [
            {
              name: 'sigv4' as const,
              signingName: 's3',
              signingRegion: params.Region ?? 'us-east-1',
              disableDoubleEncoding: true,
              properties: {},
            },
          ],
        },
      });
      const client = new S3Client({
        region: 'us-east-1',
        endpointProvider,
        credentials: DEMO_ACCOUNT,
        requestHandler: agent(),
        followRegionRedirects: true,
      });
      const out = await client.send(new ListObjectsV2Command({ Bucket: 'far-west' }));
      expect(out.Contents?.some((o) => o.Key === 'hello.txt')).toBe(true);
      client.destroy();
    });
  });

  describe('aws-cli (botocore follows 301/400 itself)', () => {
    let dir: string;
    const env = () => ({ ...process.env, ...awsCliEnv() });
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'awscli-'));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('lists and copies through a wrong-region endpoint', async () => {
      const endpoint = t.world.globalEndpoint;
      const ls = await run('aws', ['s3', 'ls', 's3://far-west/', '--endpoint-url', endpoint], { env: env() });
      expect(ls.stdout).toContain('hello.txt');
      const local = path.join(dir, 'up.txt');
      await writeFile(local, 'uploaded by aws-cli\n');
      await run('aws', ['s3', 'cp', local, 's3://far-west/cli/up.txt', '--endpoint-url', endpoint], { env: env() });
      const back = path.join(dir, 'down.txt');
      await run('aws', ['s3', 'cp', 's3://far-west/cli/up.txt', back, '--endpoint-url', endpoint], { env: env() });
      expect(await readFile(back, 'utf8')).toBe('uploaded by aws-cli\n');
    });

    it("refuses aws-cli v1's presigned URL (Signature Version 2) in S3's words, as a V2 header too", async () => {
      const { stdout } = await run(
        'aws',
        ['s3', 'presign', 's3://far-west/hello.txt', '--endpoint-url', t.world.globalEndpoint],
        { env: env() },
      );
      const presigned = new URL(stdout.trim());
      expect(presigned.searchParams.get('AWSAccessKeyId')).toBe(DEMO_ACCOUNT.accessKeyId); // V2 indeed
      const byQuery = await rawUnsigned('GET', presigned, { host: presigned.host });
      // It said Access Denied (taken for anonymous), which sent people looking at the bucket policy.
      expect(byQuery.status).toBe(400);
      expect(byQuery.body).toContain('<Code>InvalidRequest</Code>');
      expect(byQuery.body).toContain('Please use AWS4-HMAC-SHA256');
      const target = new URL(`${t.world.globalEndpoint}/far-west/hello.txt`);
      const byHeader = await rawUnsigned('GET', target, {
        host: target.host,
        authorization: `AWS ${DEMO_ACCOUNT.accessKeyId}:bm90IGEgcmVhbCBzaWduYXR1cmU=`,
        date: new Date().toUTCString(),
      });
      expect(byHeader.status).toBe(400);
      expect(byHeader.body).toContain('<Code>InvalidRequest</Code>');
    });

    it.runIf(store === 'embedded')(
      'says GetObjectAttributes is not implemented here, instead of answering it with the object',
      async () => {
        // aws-cli got the object's bytes as the answer, failed to read them, and retried four times.
        const attributes = await run(
          'aws',
          [
            's3api',
            'get-object-attributes',
            '--bucket',
            'far-west',
            '--key',
            'hello.txt',
            '--object-attributes',
            'ETag',
            '--endpoint-url',
            t.world.globalEndpoint,
          ],
          { env: { ...env(), AWS_MAX_ATTEMPTS: '1' } },
        ).then(
          () => '',
          (error: { stderr: string }) => error.stderr,
        );
        expect(attributes).toMatch(/NotImplemented/);
      },
    );
  });
});
