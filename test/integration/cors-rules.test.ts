// CORS rules over both stores: added and removed a rule at a time through the core (as the window
// and the terminal do), read back by aws-cli as S3 holds them, and obeyed: a page of an allowed
// origin gets its preflight answered, another is refused; a rule S3 would refuse is refused in
// words before anything is sent; the terminal's `cors` over the same core.
import { describe, expect, it } from 'vitest';
import { changeCors, readCors } from '../../electron/s3/cors-config.js';
import type { NewCorsRule } from '../../electron/shared/cors-rules.js';
import { runCli } from '../support/cli.js';
import { raw } from '../support/raw-http.js';
import { bucketSettingsWorld } from '../support/settings-world.js';
import { STORES } from '../support/world.js';

describe.each(STORES)('CORS rules over %s', (store) => {
  const BUCKET = 'pages-bucket';
  const world = bucketSettingsWorld(store, BUCKET);
  const preflight = (origin: string, method: string) =>
    raw({
      method: 'OPTIONS',
      url: `http://${BUCKET}.s3.eu-west-1.localhost:${world.t.world.port}/page.html`,
      headers: { origin, 'access-control-request-method': method },
    });

  it('adds rules that S3 holds as they were given and obeys, and takes them away again', async () => {
    expect(await readCors(world.transport, BUCKET)).toEqual([]);
    expect((await preflight('https://app.example', 'GET')).status).toBe(403);
    const rules = await changeCors(world.transport, BUCKET, {
      add: {
        id: 'app',
        origins: ['https://app.example'],
        methods: ['GET', 'HEAD'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag'],
        maxAgeSeconds: 3000,
      },
    });
    expect(rules).toEqual([
      {
        id: 'app',
        summary: 'GET, HEAD from https://app.example (any request header; exposes ETag; preflight kept 3,000 s)',
      },
    ]);
    const held = JSON.parse((await world.awsApi('get-bucket-cors')).stdout) as { CORSRules: unknown[] };
    expect(held.CORSRules).toEqual([
      {
        ID: 'app',
        AllowedOrigins: ['https://app.example'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedHeaders: ['*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      },
    ]);
    const allowed = await preflight('https://app.example', 'GET');
    expect([allowed.status, allowed.headers['access-control-allow-origin']]).toEqual([200, 'https://app.example']);
    expect((await preflight('https://app.example', 'PUT')).status).toBe(403);
    expect((await preflight('https://other.example', 'GET')).status).toBe(403);

    // A second rule without a name is known by its place; the first one removed, the second stays.
    const both = await changeCors(world.transport, BUCKET, {
      add: { origins: ['*'], methods: ['PUT'], allowedHeaders: [], exposeHeaders: [] },
    });
    expect(both.map((r) => [r.id, r.summary])).toEqual([
      ['app', expect.any(String)],
      ['rule 2', 'PUT from any page'],
    ]);
    expect((await changeCors(world.transport, BUCKET, { remove: ['app'] })).map((r) => r.summary)).toEqual([
      'PUT from any page',
    ]);
    expect((await preflight('https://app.example', 'GET')).status).toBe(403);
    expect(await changeCors(world.transport, BUCKET, { remove: ['rule 1'] })).toEqual([]);
    await expect(world.awsApi('get-bucket-cors')).rejects.toMatchObject({
      stderr: expect.stringContaining('NoSuchCORSConfiguration'),
    });
  });

  it('refuses in words what S3 would refuse, before sending anything', async () => {
    const before = world.transport.log.since(0).records.length;
    const rule: NewCorsRule = {
      origins: ['https://app.example'],
      methods: ['GET'],
      allowedHeaders: ['*'],
      exposeHeaders: [],
    };
    const cases: Array<[NewCorsRule, string]> = [
      [{ ...rule, origins: [] }, 'Name the origins allowed'],
      [{ ...rule, origins: ['https://app.example/'] }, 'is not an origin'],
      [{ ...rule, origins: ['https://*.*.example'] }, 'one * at most'],
      [{ ...rule, methods: ['PATCH'] }, 'PATCH is not a method S3 answers for CORS'],
      [{ ...rule, exposeHeaders: ['x-amz-*'] }, 'named one by one'],
      [{ ...rule, maxAgeSeconds: -1 }, 'whole number of seconds'],
    ];
    for (const [change, words] of cases)
      await expect(changeCors(world.transport, BUCKET, { add: change })).rejects.toMatchObject({
        code: 'InvalidCorsRule',
        message: expect.stringContaining(words),
      });
    expect(world.transport.log.since(0).records.length).toBe(before);
  });

  it.runIf(store === 'embedded')('is there in the terminal, through the same core', async () => {
    const cli = (...args: string[]) => runCli(world.t.world.endpointTemplate, ['cors', BUCKET, ...args]);
    const added = await cli('add', 'origin=https://a.example,https://b.example', 'methods=get,put', 'name=web');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'web\n  GET, PUT from https://a.example, https://b.example (any request header; exposes ETag)',
    );
    expect((await preflight('https://b.example', 'PUT')).status).toBe(200);
    const wrong = await cli('add', 'origin=https://a.example', 'max-age=soon');
    expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([2, 'Error: max-age= takes a whole number of seconds.']);
    expect((await cli('remove', 'web')).stdout).toContain('(no CORS rules');
  });
});
