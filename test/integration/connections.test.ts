// Added connections: an S3-compatible endpoint that works at once, a secret that stays in main
// and is encrypted on disk, and a clear refusal where the system can only obfuscate it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { ENDPOINT_PRESETS } from '../../electron/connections/presets.js';
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
    core = createTestCore(t.world.endpointTemplate, [], { userDataDir: dir });
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('adds an endpoint connection that lists buckets at once, without ever returning the secret', async () => {
    const added = await core.api['connections/add']({
      name: 'My S3-compatible store', endpointTemplate: t.world.endpointTemplate, region: 'us-east-1', forcePathStyle: false, anonymous: false,
      accessKeyId: DEMO_ACCOUNT.accessKeyId, secretAccessKey: DEMO_ACCOUNT.secretAccessKey,
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

  it("refuses to keep a secret where the system can only obfuscate it, unless the user agreed", async () => {
    const weakDir = await mkdtemp(path.join(os.tmpdir(), 'weak-'));
    const weak = createTestCore(t.world.endpointTemplate, [], { userDataDir: weakDir, secretBox: testSecretBox('basic_text') });
    const request = { name: 'weak', endpointTemplate: t.world.endpointTemplate, region: 'us-east-1', forcePathStyle: false, anonymous: false, accessKeyId: DEMO_ACCOUNT.accessKeyId, secretAccessKey: DEMO_ACCOUNT.secretAccessKey };
    const refused = await weak.api['connections/add'](request).catch((e: unknown) => e as { code: string; hint: string });
    expect(refused).toMatchObject({ code: 'WeakSecretStorage' });
    expect((refused as { hint: string }).hint).toContain('keyring');
    const accepted = await weak.api['connections/add']({ ...request, allowWeakSecretStorage: true });
    expect(accepted.secretStorage).toBe('weak');
    await weak.dispose();
    await rm(weakDir, { recursive: true, force: true });
  });

  it('validates what the renderer sends', () => {
    const schema = channelSchemas['connections/add'];
    const base = { name: 'x', endpointTemplate: 'https://s3.{region}.example.com', region: 'eu-west-1', forcePathStyle: false, anonymous: true };
    expect(schema.safeParse(base).success).toBe(true);
    expect(schema.safeParse({ ...base, endpointTemplate: 'https://user:pw@example.com' }).success).toBe(false);
    expect(schema.safeParse({ ...base, endpointTemplate: 'file:///etc/passwd' }).success).toBe(false);
    for (const preset of ENDPOINT_PRESETS) expect(schema.safeParse({ ...base, endpointTemplate: preset.endpointTemplate, region: preset.region }).success).toBe(true);
  });
});
