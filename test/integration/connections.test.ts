// Added connections: an S3-compatible endpoint that works at once, a secret that stays in main
// and is encrypted on disk, and a clear refusal where the system can only obfuscate it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { ENDPOINT_PRESETS } from '../../electron/shared/presets.js';
import { channelSchemas } from '../../electron/ipc-schemas.js';
import { createTestCore, testSecretBox } from '../support/app-core.js';
import { DEMO_ACCOUNT, startTestWorld, type TestWorld } from '../support/world.js';

describe('added connections', () => {
  let t: TestWorld;
  let dir: string;
  let core: Core;

  beforeAll(async () => {
    t = await startTestWorld();
    await t.world.registerBucket({ name: 'custom-one', region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    dir = await mkdtemp(path.join(os.tmpdir(), 'connections-'));
    core = createTestCore(t.world.endpointTemplate, { userDataDir: dir });
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('adds an endpoint connection that lists buckets at once, without ever returning the secret', async () => {
    const added = await core.api['connections/add']({
      name: 'My S3-compatible store',
      service: 'endpoint',
      endpointTemplate: t.world.endpointTemplate,
      region: 'us-east-1',
      forcePathStyle: false,
      anonymous: false,
      accessKeyId: DEMO_ACCOUNT.accessKeyId,
      secretAccessKey: DEMO_ACCOUNT.secretAccessKey,
    });
    expect(added).toMatchObject({ kind: 'endpoint', secretStorage: 'os', removable: true });
    const buckets = await core.api['buckets/list']({ connectionId: added.id });
    expect(buckets.map((b) => b.name)).toContain('custom-one');
    const listed = JSON.stringify(await core.api['connections/list']());
    expect(listed).not.toContain(DEMO_ACCOUNT.secretAccessKey);
    const onDisk = await readFile(path.join(dir, 'connections.json'), 'utf8');
    expect(onDisk).not.toContain(DEMO_ACCOUNT.secretAccessKey);
    expect(onDisk).toContain(DEMO_ACCOUNT.accessKeyId);
    await core.api['connections/remove']({ id: added.id });
    expect((await core.api['connections/list']()).some((c) => c.id === added.id)).toBe(false);
    expect(await readFile(path.join(dir, 'connections.json'), 'utf8')).not.toContain(added.id);
  });

  it('refuses to keep a secret where the system can only obfuscate it, unless the user agreed in main', async () => {
    const weakDir = await mkdtemp(path.join(os.tmpdir(), 'weak-'));
    const weak = createTestCore(t.world.endpointTemplate, {
      userDataDir: weakDir,
      secretBox: testSecretBox('basic_text'),
    });
    const request = {
      name: 'weak',
      service: 'endpoint' as const,
      endpointTemplate: t.world.endpointTemplate,
      region: 'us-east-1',
      forcePathStyle: false,
      anonymous: false,
      accessKeyId: DEMO_ACCOUNT.accessKeyId,
      secretAccessKey: DEMO_ACCOUNT.secretAccessKey,
    };
    const refused = await weak.api['connections/add'](request).catch(
      (e: unknown) => e as { code: string; hint: string },
    );
    expect(refused).toMatchObject({ code: 'WeakSecretStorage' });
    expect((refused as { hint: string }).hint).toContain('keyring');
    // A flag from the window cannot consent: the schema refuses it outright.
    expect(channelSchemas['connections/add'].safeParse({ ...request, allowWeakSecretStorage: true }).success).toBe(
      false,
    );
    const agreeing = createTestCore(t.world.endpointTemplate, {
      userDataDir: weakDir,
      secretBox: testSecretBox('basic_text'),
      consentToWeakStorage: true,
    });
    const accepted = await agreeing.api['connections/add'](request);
    expect(accepted.secretStorage).toBe('weak');
    await agreeing.dispose();
    await weak.dispose();
    await rm(weakDir, { recursive: true, force: true });
  });

  it('tests settings before saving, in words and with the hop chain, and saves nothing', async () => {
    const form = {
      name: 'trial',
      service: 'endpoint' as const,
      endpointTemplate: t.world.endpointTemplate,
      region: 'us-east-1',
      forcePathStyle: false,
      anonymous: false,
      accessKeyId: DEMO_ACCOUNT.accessKeyId,
      secretAccessKey: DEMO_ACCOUNT.secretAccessKey,
    };
    const good = await core.api['connections/test']({ connection: form });
    expect(good).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Connected: \d+ buckets? listed\.$/),
      chain: 'us-east-1 → 200',
    });
    const byBucket = await core.api['connections/test']({ connection: form, bucket: 'custom-one' });
    expect(byBucket.message).toBe('Connected: custom-one answered from eu-west-1.');
    expect(byBucket.chain).toContain('301');
    const bad = await core.api['connections/test']({ connection: { ...form, secretAccessKey: 'not-the-secret' } });
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('secret key does not match');
    expect(bad.chain).toBe('us-east-1 → 403 SignatureDoesNotMatch');
    // Tested against a bucket, whose HEAD says only 403: the keys' mistake is said, not "not allowed".
    const wrongSecret = await core.api['connections/test']({
      connection: { ...form, secretAccessKey: 'not-the-secret' },
      bucket: 'custom-one',
    });
    expect(wrongSecret).toMatchObject({ ok: false, message: expect.stringContaining('secret key does not match') });
    const unknownKey = await core.api['connections/test']({
      connection: { ...form, accessKeyId: 'AKIANOBODYKNOWSTHIS1' },
      bucket: 'custom-one',
    });
    expect(unknownKey).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not know this access key'),
    });
    expect(unknownKey.message).not.toContain('not allowed');
    expect((await core.api['connections/list']()).some((c) => c.name === 'trial')).toBe(false);
  });

  it('edits a saved connection (the secret entered again), and refuses fields in words', async () => {
    const form = {
      name: 'to edit',
      service: 'endpoint' as const,
      endpointTemplate: t.world.endpointTemplate,
      region: 'us-east-1',
      forcePathStyle: false,
      anonymous: false,
      accessKeyId: DEMO_ACCOUNT.accessKeyId,
      secretAccessKey: 'wrong-at-first',
    };
    const added = await core.api['connections/add'](form);
    await expect(core.api['buckets/list']({ connectionId: added.id })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const edited = await core.api['connections/update']({
      id: added.id,
      connection: { ...form, name: 'edited', secretAccessKey: DEMO_ACCOUNT.secretAccessKey },
    });
    expect(edited).toMatchObject({ id: added.id, name: 'edited', accessKeyId: DEMO_ACCOUNT.accessKeyId });
    expect((await core.api['buckets/list']({ connectionId: added.id })).map((b) => b.name)).toContain('custom-one');
    const refused = channelSchemas['connections/add'].safeParse({
      ...form,
      name: ' ',
      accessKeyId: 'ab',
      secretAccessKey: '',
    });
    expect(refused.success).toBe(false);
    const messages = refused.error!.issues.map((i) => i.message);
    expect(messages).toEqual([
      'Give the connection a name, so you can tell it from the others.',
      'An access key id is one word of 3 to 128 characters.',
      'Enter the secret access key.',
    ]);
    expect(messages.join(' ')).not.toMatch(/Too small|expected string|✖/);
    const aws = channelSchemas['connections/add'].safeParse({
      ...form,
      service: 'aws',
      endpointTemplate: undefined,
      accessKeyId: 'not-a-key-id',
    });
    expect(aws.error!.issues.map((i) => i.message)).toEqual([
      'An AWS access key id starts with AKIA (or ASIA for temporary keys), followed by capital letters and digits.',
    ]);
    await core.api['connections/remove']({ id: added.id });
  });

  it("lists the user's AWS profiles with their regions and resolves their keys through the SDK's providers", async () => {
    const { ConnectionRegistry } = await import('../../electron/connections/connections.js');
    const { RequestLog } = await import('../../electron/s3/request-log.js');
    const config = path.join(dir, 'aws-config');
    const credentials = path.join(dir, 'aws-credentials');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      config,
      '[default]\nregion = eu-west-1\n\n[profile work]\nregion = ap-southeast-2\n\n[sso-session corp]\nsso_region = us-east-1\n',
    );
    await writeFile(
      credentials,
      '[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = default-secret\n\n[work]\naws_access_key_id = AKIAWORK000000000000\naws_secret_access_key = work-secret\n',
    );
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    try {
      const registry = new ConnectionRegistry(new RequestLog());
      await registry.addAwsProfiles();
      const listed = registry.list();
      expect(listed.map((c) => [c.id, c.defaultRegion])).toEqual([
        ['profile:default', 'eu-west-1'],
        ['profile:work', 'ap-southeast-2'],
      ]);
      expect(JSON.stringify(listed)).not.toContain('work-secret');
      const provider = registry.transport('profile:work').connection.credentials as () => Promise<{
        accessKeyId: string;
        secretAccessKey: string;
      }>;
      expect(await provider()).toMatchObject({ accessKeyId: 'AKIAWORK000000000000', secretAccessKey: 'work-secret' });
      registry.destroy();
    } finally {
      for (const [name, value] of [
        ['AWS_CONFIG_FILE', saved.config],
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('validates what the renderer sends', () => {
    const schema = channelSchemas['connections/add'];
    const base = {
      name: 'x',
      service: 'endpoint',
      endpointTemplate: 'https://s3.{region}.example.com',
      region: 'eu-west-1',
      forcePathStyle: false,
      anonymous: true,
    };
    expect(schema.safeParse(base).success).toBe(true);
    expect(schema.safeParse({ ...base, endpointTemplate: 'https://user:pw@example.com' }).success).toBe(false);
    expect(schema.safeParse({ ...base, endpointTemplate: 'file:///etc/passwd' }).success).toBe(false);
    for (const preset of ENDPOINT_PRESETS)
      expect(
        schema.safeParse({ ...base, endpointTemplate: preset.endpointTemplate, region: preset.region }).success,
      ).toBe(true);
  });
});
