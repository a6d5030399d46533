// `npm run world`: starts on the asked port, prints what a client needs, serves, and stops on Ctrl-C.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../electron/store/moto.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { raw } from '../support/raw-http.js';
import { DEMO_ACCOUNT } from '../support/world.js';

describe('npm run world', () => {
  it('prints the endpoint template and keys, serves requests, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/world-cli.ts', '--port', String(port), '--keys', '50'],
      { env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C stops it.');
      expect(out).toContain(`http://s3.{region}.localhost:${port}`);
      expect(out).toContain(DEMO_ACCOUNT.accessKeyId);
      expect(out).toContain('ap-southeast-2');
      const list = await raw({
        url: `http://demo-us-east.s3.us-east-1.localhost:${port}/?list-type=2&prefix=many/`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(list.status).toBe(200);
      expect(list.body.match(/<Key>/g)).toHaveLength(50);
      await driveWithAwsCli(`http://127.0.0.1:${port}`);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(out).toContain('Stopped.');
  });
});

const run = promisify(execFile);

/** aws-cli, a client nobody here wrote, drives versions, a policy and Block Public Access. */
async function driveWithAwsCli(endpoint: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'world-awscli-'));
  const env = { ...process.env, ...awsCliEnv() };
  const api = async (...args: string[]) =>
    JSON.parse(
      (await run('aws', ['s3api', ...args, '--endpoint-url', endpoint, '--output', 'json'], { env })).stdout || '{}',
    ) as Record<string, unknown>;
  try {
    const bucket = 'demo-eu-west';
    await api('put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Enabled');
    expect(await api('get-bucket-versioning', '--bucket', bucket)).toMatchObject({ Status: 'Enabled' });
    const file = path.join(dir, 'body.txt');
    for (const body of ['first', 'second']) {
      await writeFile(file, body);
      await api('put-object', '--bucket', bucket, '--key', 'cli/versioned.txt', '--body', file);
    }
    await api('delete-object', '--bucket', bucket, '--key', 'cli/versioned.txt');
    const versions = await api('list-object-versions', '--bucket', bucket, '--prefix', 'cli/');
    expect((versions['Versions'] as unknown[]).length).toBe(2);
    expect((versions['DeleteMarkers'] as unknown[]).length).toBe(1);
    const oldest = (versions['Versions'] as Array<{ VersionId: string; IsLatest: boolean }>).at(-1)!;
    const out = path.join(dir, 'out.txt');
    await api('get-object', '--bucket', bucket, '--key', 'cli/versioned.txt', '--version-id', oldest.VersionId, out);
    expect(await readFile(out, 'utf8')).toBe('first');

    // A public policy, then Block Public Access: the policy status and the refusal as S3 gives them.
    const policy = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
    });
    await api('put-bucket-policy', '--bucket', bucket, '--policy', policy);
    expect(await api('get-bucket-policy-status', '--bucket', bucket)).toEqual({ PolicyStatus: { IsPublic: true } });
    await api('delete-bucket-policy', '--bucket', bucket);
    await api(
      'put-public-access-block',
      '--bucket',
      bucket,
      '--public-access-block-configuration',
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    );
    const refused = await api('put-bucket-policy', '--bucket', bucket, '--policy', policy).then(
      () => '',
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(refused).toContain('AccessDenied');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
