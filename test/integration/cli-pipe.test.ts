// The terminal in scripts: the built `bucket-explorer` bin (plain node, no tsx) piped into other
// programs. A 100,000-key `ls --json` used to arrive cut off at 64 KiB because the process
// exited before stdout drained.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINTABLE_ACCOUNTS } from '../../electron/world/accounts.js';
import { startDemo, type RunningDemo } from '../../electron/demo/demo.js';
import { awsCliEnv } from '../support/aws-cli.js';
import { FaultPlan } from '../../electron/world/faults.js';

const pick = (from: NodeJS.ProcessEnv, ...names: string[]) => Object.fromEntries(names.map((n) => [n, from[n]]));

const run = promisify(execFile);
const BIN = 'dist/cli/bucket-explorer.cjs';
const KEYS = 100_000;

describe('the CLI in a pipe', () => {
  let demo: RunningDemo;
  let env: NodeJS.ProcessEnv;
  const faults = new FaultPlan();
  const sh = (script: string) => run('bash', ['-o', 'pipefail', '-c', script], { env, maxBuffer: 1 << 20 });

  beforeAll(async () => {
    // `npm test` builds first; a lone run of this file builds the bin it needs.
    if (
      !(await access(BIN).then(
        () => true,
        () => false,
      ))
    )
      await run('node', ['scripts/build-electron.mjs']);
    await chmod(BIN, 0o755);
    demo = await startDemo({ bigPrefixKeys: KEYS, accounts: PRINTABLE_ACCOUNTS, faults });
    env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: PRINTABLE_ACCOUNTS.demo.accessKeyId,
      AWS_SECRET_ACCESS_KEY: PRINTABLE_ACCOUNTS.demo.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ENDPOINT: demo.world.endpointTemplate,
    };
  });
  afterAll(async () => demo?.stop());

  it(`delivers a ${KEYS.toLocaleString('en-US')}-key ls --json whole, as valid JSON, to another program`, async () => {
    const parse = `import json,sys; d=json.load(sys.stdin); print(len(d['result']['objects']), len(d['requests']), d['ok'])`;
    const { stdout } = await sh(
      `./${BIN} ls demo-us-east/many/ --json --endpoint-template "$ENDPOINT" | python3 -c "${parse}"`,
    );
    expect(stdout.trim()).toBe(`${KEYS} 100 True`);
  });

  it('streams --ndjson one line per object, then a summary with the request log', async () => {
    const { stdout } = await sh(`./${BIN} ls demo-us-east/many/ --ndjson --endpoint-template "$ENDPOINT" | wc -l`);
    expect(Number(stdout.trim())).toBe(KEYS + 1);
    const last = await sh(`./${BIN} ls demo-us-east/many/ --ndjson --endpoint-template "$ENDPOINT" | tail -n 1`);
    const summary = JSON.parse(last.stdout) as {
      type: string;
      ok: boolean;
      result: { objects: number };
      requests: unknown[];
    };
    expect(summary).toMatchObject({ type: 'summary', ok: true, result: { objects: KEYS } });
    expect(summary.requests).toHaveLength(100);
  });

  it('stops quietly when the reader goes away (| head)', async () => {
    const { stdout, stderr } = await sh(
      `./${BIN} ls demo-us-east/many/ --ndjson --endpoint-template "$ENDPOINT" | head -n 2`,
    );
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ type: 'object', key: 'many/item-000000.txt' });
    expect(stderr).toBe('');
  });

  it('downloads a folder with its structure, and an object in parallel ranges, through the same queue as the app', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-get-'));
    try {
      const { stdout } = await sh(
        `./${BIN} get demo-us-east/reports/ "${dir}/reports" --json --endpoint-template "$ENDPOINT"`,
      );
      const json = JSON.parse(stdout) as { ok: boolean; result: { files: number } };
      expect(json).toMatchObject({ ok: true, result: { files: 3 } });
      expect(await readFile(path.join(dir, 'reports', '2026', 'q1', 'summary.json'), 'utf8')).toContain('"Q1"');
      expect(await readFile(path.join(dir, 'reports', '2026', 'q2', 'notes with spaces.txt'), 'utf8')).toBe(
        'Keys may contain spaces.\n',
      );
      await sh(`./${BIN} get demo-us-east/README.txt "${dir}/" --endpoint-template "$ENDPOINT"`);
      expect(await readFile(path.join(dir, 'README.txt'), 'utf8')).toContain('Welcome');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uploads stdin and downloads to stdout (-), whole and checked, as aws s3 cp does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-stdio-'));
    try {
      // 20 MiB: more than one range down and a multipart upload up, through a pipe each way.
      const bytes = randomBytes(20 * 1024 * 1024);
      await writeFile(path.join(dir, 'in.bin'), bytes);
      const put = await sh(
        `cat "${dir}/in.bin" | ./${BIN} put - demo-us-east/piped/data.json --json --endpoint-template "$ENDPOINT"`,
      );
      expect(JSON.parse(put.stdout)).toMatchObject({ ok: true, result: { size: bytes.length, localPath: '-' } });
      const head = JSON.parse(
        (
          await run(
            'aws',
            [
              's3api',
              'head-object',
              '--bucket',
              'demo-us-east',
              '--key',
              'piped/data.json',
              '--endpoint-url',
              demo.world.globalEndpoint,
            ],
            { env: { ...env, ...awsCliEnv(), ...pick(env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') } },
          )
        ).stdout,
      ) as { ContentType: string; ContentLength: number };
      expect([head.ContentType, head.ContentLength]).toEqual(['application/json', bytes.length]);
      const got = await sh(
        `./${BIN} get demo-us-east/piped/data.json - --endpoint-template "$ENDPOINT" > "${dir}/out.bin" 2> "${dir}/err.txt"`,
      );
      expect(got.stdout).toBe('');
      expect((await readFile(path.join(dir, 'out.bin'))).equals(bytes)).toBe(true);
      // The words went to stderr, the object alone to stdout.
      expect(await readFile(path.join(dir, 'err.txt'), 'utf8')).toContain('to stdout (20,971,520 bytes)');
      expect((await readdir(os.tmpdir())).filter((f) => f.startsWith('bucket-explorer-stdio-'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cancels a download on Ctrl-C: nothing half-written is left, and it exits with 130', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-interrupt-'));
    try {
      await writeFile(path.join(dir, 'slow.bin'), randomBytes(40 * 1024 * 1024));
      await sh(`./${BIN} put "${dir}/slow.bin" demo-us-east/big/slow.bin --endpoint-template "$ENDPOINT"`);
      // The first range answers at once (its file is made, at the object's size); the others wait.
      faults.add({ method: 'GET', key: 'big/slow.bin' }, { kind: 'delay', ms: 0 });
      faults.add({ method: 'GET', key: 'big/slow.bin' }, { kind: 'delay', ms: 5_000 }, 10);
      const target = path.join(dir, 'back');
      await mkdir(target);
      const child = spawn(
        'node',
        [BIN, 'get', 'demo-us-east/big/slow.bin', path.join(target, 'slow.bin'), '--endpoint-template', env.ENDPOINT!],
        { env },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await expect.poll(async () => (await readdir(target)).length, { timeout: 20_000, interval: 20 }).toBe(1);
      expect((await readdir(target))[0]).toMatch(/^slow\.bin\..*\.part$/);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('Cancelled.');
      expect(await readdir(target)).toEqual([]);
    } finally {
      faults.clear();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('heads an object as the window previews it, with the type an upload of its name gets', async () => {
    const head = async (target: string) =>
      (
        JSON.parse((await sh(`./${BIN} head ${target} --json --endpoint-template "$ENDPOINT"`)).stdout) as {
          result: { contentType: string; size: number; truncated: boolean };
        }
      ).result;
    expect(await head('demo-website/index.html')).toMatchObject({ contentType: 'text/html', truncated: false });
    expect(await head('demo-public-data/datasets/weather.csv')).toMatchObject({ contentType: 'text/csv', size: 24 });
  });

  it('finds keys by glob or text, and counts a folder, through the same core as the window', async () => {
    const glob = JSON.parse(
      (await sh(`./${BIN} find demo-us-east/many/ "item-00000?.txt" --json --endpoint-template "$ENDPOINT"`)).stdout,
    ) as {
      result: { matches: Array<{ key: string }>; scanned: number };
    };
    expect(glob.result.matches.map((m) => m.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `many/item-00000${i}.txt`),
    );
    expect(glob.result.scanned).toBe(KEYS);
    const capped = await sh(`./${BIN} find demo-us-east/ item --max 5 --endpoint-template "$ENDPOINT"`);
    expect(capped.stdout).toContain('(5 found in 1,000 scanned; stopped at --max 5)');
    const du = JSON.parse(
      (await sh(`./${BIN} du demo-us-east/many/ --json --endpoint-template "$ENDPOINT"`)).stdout,
    ) as {
      result: { objects: number; bytes: number; byClass: Record<string, { objects: number }> };
    };
    expect(du.result.objects).toBe(KEYS);
    expect(du.result.byClass['STANDARD']!.objects).toBe(KEYS);
    expect(du.result.bytes).toBeGreaterThan(KEYS * 7);
  });

  it('du --versions counts older versions and delete markers as aws-cli lists them', async () => {
    const du = JSON.parse(
      (await sh(`./${BIN} du demo-versioned/ --versions --json --endpoint-template "$ENDPOINT"`)).stdout,
    ) as {
      result: {
        objects: number;
        bytes: number;
        noncurrent: { versions: number; bytes: number };
        deleteMarkers: number;
      };
    };
    type Listed = { Versions?: Array<{ IsLatest: boolean; Size: number }>; DeleteMarkers?: unknown[] };
    const aws = JSON.parse(
      (
        await run(
          'aws',
          ['s3api', 'list-object-versions', '--bucket', 'demo-versioned', '--endpoint-url', demo.world.globalEndpoint],
          { env: { ...env, ...awsCliEnv(), ...pick(env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY') } },
        )
      ).stdout,
    ) as Listed;
    const versions = aws.Versions ?? [];
    const old = versions.filter((v) => !v.IsLatest);
    expect(old.length).toBeGreaterThan(0);
    expect(du.result.noncurrent).toEqual({ versions: old.length, bytes: old.reduce((sum, v) => sum + v.Size, 0) });
    expect(du.result.deleteMarkers).toBe((aws.DeleteMarkers ?? []).length);
    expect(du.result.objects).toBe(versions.filter((v) => v.IsLatest).length);
  });

  it('reads the first bytes of an object, and lists and aborts forgotten multipart uploads', async () => {
    const first = JSON.parse(
      (await sh(`./${BIN} head demo-us-east/README.txt --bytes 7 --json --endpoint-template "$ENDPOINT"`)).stdout,
    ) as {
      result: { base64: string; truncated: boolean; size: number };
    };
    expect(Buffer.from(first.result.base64, 'base64').toString()).toBe('Welcome');
    expect(first.result.truncated).toBe(true);
    const { S3Transport } = await import('../../electron/s3/transport.js');
    const { CreateMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    type CreateMultipartUploadCommandOutput = import('@aws-sdk/client-s3').CreateMultipartUploadCommandOutput;
    const writer = new S3Transport({
      id: 'w',
      defaultRegion: 'us-east-1',
      endpointTemplate: demo.world.endpointTemplate,
      credentials: PRINTABLE_ACCOUNTS.demo,
    });
    const created = await writer.send<CreateMultipartUploadCommandOutput>(
      { operation: 'CreateMultipartUpload', bucket: 'demo-us-east', key: 'forgotten.bin' },
      () => new CreateMultipartUploadCommand({ Bucket: 'demo-us-east', Key: 'forgotten.bin' }),
    );
    writer.destroy();
    const listed = JSON.parse(
      (await sh(`./${BIN} uploads demo-us-east --json --endpoint-template "$ENDPOINT"`)).stdout,
    ) as {
      result: { uploads: Array<{ key: string; uploadId: string }> };
    };
    expect(listed.result.uploads).toEqual([
      expect.objectContaining({ key: 'forgotten.bin', uploadId: created.UploadId }),
    ]);
    await sh(
      `./${BIN} abort-upload demo-us-east/forgotten.bin --upload-id ${created.UploadId} --endpoint-template "$ENDPOINT"`,
    );
    expect((await sh(`./${BIN} uploads demo-us-east --endpoint-template "$ENDPOINT"`)).stdout).toContain(
      'No incomplete multipart uploads.',
    );
  });

  it('answers a bad bucket name in words, with exit code 2', async () => {
    const failure = (await sh(`./${BIN} ls Not_A_Bucket --endpoint-template "$ENDPOINT"`).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('Bucket names are 3–63 lowercase letters');
  });
});
