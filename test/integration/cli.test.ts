// The terminal probe, as a user runs it, against the S3 world.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliEnv } from '../support/aws-cli.js';
import { rawUnsigned } from '../support/raw-http.js';
import { DEMO_ACCOUNT, startTestWorld, type TestWorld } from '../support/world.js';

const execFileAsync = promisify(execFile);
const json = <T>(stdout: string) => (JSON.parse(stdout) as { result: T }).result;

describe('npm run cli', () => {
  let t: TestWorld;
  let dir: string;
  const cli = async (...args: string[]) => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: DEMO_ACCOUNT.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DEMO_ACCOUNT.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      NODE_NO_WARNINGS: '1',
    };
    try {
      const { stdout, stderr } = await execFileAsync(
        'npx',
        ['tsx', 'electron/cli.ts', ...args, '--endpoint-template', t.world.endpointTemplate],
        { env },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    t = await startTestWorld();
    await t.world.registerBucket({ name: 'cli-bucket', region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('puts, lists and gets a file through a wrong-region start, with the hop log in --json', async () => {
    const bytes = randomBytes(200_000);
    const local = path.join(dir, 'photo.bin');
    await writeFile(local, bytes);
    const har = path.join(dir, 'put.har');
    const put = await cli('put', local, 'cli-bucket/pics/photo.bin', '--json', '--har', har);
    expect(put.code).toBe(0);
    // The same log as the window's Export HAR…: one entry per hop, the 301 first.
    const entries = (
      JSON.parse(await readFile(har, 'utf8')) as {
        log: {
          entries: Array<{
            request: { method: string };
            response: { status: number; headers: Array<{ name: string; value: string }> };
          }>;
        };
      }
    ).log.entries;
    expect(entries.slice(0, 2).map((e) => [e.request.method, e.response.status])).toEqual([
      ['PUT', 301],
      ['PUT', 200],
    ]);
    // Each answer's request ID, as S3 sent it, among its headers.
    expect(entries[1]!.response.headers.find((h) => h.name === 'x-amz-request-id')?.value).toMatch(/^[0-9A-F]{16}$/);
    const putJson = JSON.parse(put.stdout) as {
      ok: boolean;
      requests: Array<{ hops: Array<{ status: number; decision: string }> }>;
    };
    expect(putJson.ok).toBe(true);
    // What S3 checked the bytes against, said (one PUT: the file's CRC32).
    expect((JSON.parse(put.stdout) as { result: { checked?: string } }).result.checked).toBe('CRC32');
    expect(putJson.requests[0]!.hops.map((h) => h.status)).toEqual([301, 200]);

    const ls = await cli('ls', 'cli-bucket/pics/');
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain('pics/photo.bin');
    expect(ls.stdout).toContain('200000');

    const out = path.join(dir, 'back.bin');
    const get = await cli('get', 'cli-bucket/pics/photo.bin', out);
    expect(get.code).toBe(0);
    expect((await readFile(out)).equals(bytes)).toBe(true);
    // What the bytes were checked against beyond their size, said (its CRC32, or its ETag's MD5).
    expect(get.stdout).toMatch(/\(200,000 bytes, checked against its (CRC32|MD5)\)/);
  });

  it('puts a folder under the prefix, or with a slash at its end what is in it (as rsync reads the slash)', async () => {
    const tree = path.join(dir, 'tree-to-put');
    await mkdir(path.join(tree, 'sub'), { recursive: true });
    await writeFile(path.join(tree, 'a.txt'), 'a');
    await writeFile(path.join(tree, 'sub', 'b.txt'), 'b');
    expect((await cli('put', tree, 'cli-bucket/whole/')).code).toBe(0);
    expect((await cli('put', `${tree}/`, 'cli-bucket/inside/')).code).toBe(0);
    const keys = async (prefix: string) =>
      (
        JSON.parse((await cli('find', `cli-bucket/${prefix}`, '*', '--json')).stdout) as {
          result: { matches: Array<{ key: string }> };
        }
      ).result.matches
        .map((m) => m.key)
        .sort();
    expect(await keys('whole/')).toEqual(['whole/tree-to-put/a.txt', 'whole/tree-to-put/sub/b.txt']);
    expect(await keys('inside/')).toEqual(['inside/a.txt', 'inside/sub/b.txt']);
    // Round trip: what is in it comes back as it was.
    const back = path.join(dir, 'tree-back');
    expect((await cli('get', 'cli-bucket/inside/', back)).code).toBe(0);
    expect((await readdir(back, { recursive: true })).sort()).toEqual(['a.txt', 'sub', path.join('sub', 'b.txt')]);
    await mkdir(path.join(dir, 'empty-folder'), { recursive: true });
    const empty = await cli('put', `${path.join(dir, 'empty-folder')}/`, 'cli-bucket/none/');
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining('is empty: nothing to upload')]);
  });

  it('gets over local files only as --if-exists says: overwrite by default, skip, or keep both', async () => {
    await writeFile(path.join(dir, 'local.txt'), 'from S3');
    expect((await cli('put', path.join(dir, 'local.txt'), 'cli-bucket/there/a.txt')).code).toBe(0);
    const home = path.join(dir, 'home');
    const first = await cli('get', 'cli-bucket/there/', home);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 checked against their own checksum or MD5');
    await writeFile(path.join(home, 'a.txt'), 'mine');
    const skip = await cli('get', 'cli-bucket/there/', home, '--if-exists', 'skip', '--json');
    expect(JSON.parse(skip.stdout).result).toMatchObject({ files: 0, skipped: 1 });
    expect(await readFile(path.join(home, 'a.txt'), 'utf8')).toBe('mine');
    const single = await cli('get', 'cli-bucket/there/a.txt', home, '--if-exists', 'skip');
    expect(single.stdout).toContain('a.txt exists: left as it is');
    expect((await cli('get', 'cli-bucket/there/a.txt', home, '--if-exists', 'keep-both')).code).toBe(0);
    const both = await cli('get', 'cli-bucket/there/', home, '--if-exists', 'keep-both');
    expect(both.code).toBe(0);
    // Where it went is said (it said only "downloaded 1 objects … into" the folder where a.txt is not it).
    expect(both.stdout).toContain('1 saved under a free name beside a file that was there (a (2).txt)');
    const bothJson = await cli('get', 'cli-bucket/there/', home, '--if-exists', 'keep-both', '--json');
    expect(JSON.parse(bothJson.stdout).result.renamed).toEqual([
      { key: 'there/a.txt', file: path.join(home, 'a (3).txt') },
    ]);
    await rm(path.join(home, 'a (3).txt'));
    expect((await readdir(home)).sort()).toEqual(['a (1).txt', 'a (2).txt', 'a.txt']);
    expect(await readFile(path.join(home, 'a.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(home, 'a (2).txt'), 'utf8')).toBe('from S3');
    expect((await cli('get', 'cli-bucket/there/', home)).code).toBe(0); // overwrite: as aws s3 cp does
    expect(await readFile(path.join(home, 'a.txt'), 'utf8')).toBe('from S3');
    // Into a path under a file: said in words, from the queue's row as from the terminal itself.
    const underFile = await cli('get', 'cli-bucket/there/a.txt', path.join(home, 'a.txt', 'x.txt'));
    expect(underFile.stderr).toContain(`${path.join(home, 'a.txt')}: `);
    expect(underFile.stderr).not.toContain('mkdir');
    const folderUnderFile = await cli('get', 'cli-bucket/there/', path.join(home, 'a.txt', 'sub'));
    expect(folderUnderFile.stderr).toContain('part of that path is a file, not a folder (ENOTDIR)');
    // A folder into a file: said in words (it was "EEXIST: file already exists, mkdir …").
    const intoFile = await cli('get', 'cli-bucket/there/', path.join(home, 'a.txt'));
    expect([intoFile.code, intoFile.stderr]).toEqual([
      2,
      expect.stringContaining(
        `${path.join(home, 'a.txt')} is a file: a folder (s3://cli-bucket/there/) goes into a folder`,
      ),
    ]);
    expect((await cli('get', 'cli-bucket/there/', home, '--if-exists', 'later')).stderr).toContain(
      '--if-exists must be overwrite, skip or keep-both, not "later".',
    );
  });

  it('lists the buckets, with their regions, when ls names none (as aws s3 ls does)', async () => {
    const ls = await cli('ls', '--json');
    expect(ls.code).toBe(0);
    const { result } = JSON.parse(ls.stdout) as { result: { buckets: Array<{ name: string; region: string }> } };
    expect(result.buckets).toContainEqual(expect.objectContaining({ name: 'cli-bucket', region: 'eu-west-1' }));
    expect((await cli('ls')).stdout).toMatch(/eu-west-1\s+cli-bucket\n/);
    const anonymous = await cli('ls', '--anonymous');
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('Name a bucket: anonymous requests cannot list buckets.');
  });

  it('probes a bucket and prints its region and access', async () => {
    const probe = await cli('probe', 'cli-bucket', '--json');
    const json = JSON.parse(probe.stdout) as { result: { region: string; access: { verdict: string } } };
    expect(json.result).toMatchObject({ region: 'eu-west-1', access: { verdict: 'ok' } });
  });

  it('fails with a clear message and a non-zero exit, leaving no partial download', async () => {
    const missing = await cli('get', 'cli-bucket/nope.bin', path.join(dir, 'nope.bin'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The specified key does not exist');
    // With the IDs S3 gave the refused request, for AWS Support.
    expect(missing.stderr).toMatch(/^S3 request ID: [0-9A-F]{16} \(x-amz-id-2: \S+\)$/m);
    expect((await readdir(dir)).filter((f) => f.startsWith('nope'))).toEqual([]);
    // A bucket that is not there is said to be missing, not its key (it said "The specified key
    // does not exist: s3://no-such-bucket-here/a").
    const noBucket = await cli('get', 'no-such-bucket-here/a', path.join(dir, 'nope.bin'));
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toContain('There is no bucket no-such-bucket-here');
    expect(noBucket.stderr).not.toContain('key does not exist');
    // A HEAD's 404 carries no words of S3's: said in ours ("failed: 404 NotFound" before).
    const noObject = await cli('info', 'cli-bucket/nope.bin');
    expect(noObject.code).toBe(1);
    expect(noObject.stderr).toContain('HeadObject cli-bucket/nope.bin failed: nothing by that name is there (404)');
    const usage = await cli('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unknown command');
    expect(usage.stderr).not.toContain('request ID'); // nothing was sent
  });

  it('answers a mistake in words with the usage of that command, not the whole help', async () => {
    const typo = await cli('ls', 'cli-bucket', '--verison-id', 'x');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^Error: Unknown option --verison-id\. Did you mean --version-id\?\n\nUsage:\n {2}ls /);
    expect(typo.stderr).not.toContain('place it at the end of the command'); // node:util's own words
    expect(typo.stderr).not.toContain('Options:');
    expect((await cli('ls', '--region')).stderr).toContain('Error: --region needs a value.');
    expect((await cli('ls', 'cli-bucket', '--json=yes')).stderr).toContain('Error: --json takes no value.');
    // aws s3 cp uploads and downloads too: here that is put and get, said with the command to type.
    expect((await cli('cp', './notes.txt', 's3://cli-bucket/notes.txt')).stderr).toContain(
      'Error: cp works inside S3; "./notes.txt" is a file here. To upload it: put ./notes.txt cli-bucket/notes.txt',
    );
    expect((await cli('cp', 's3://cli-bucket/a.txt', '/tmp/a.txt')).stderr).toContain(
      'To download: get cli-bucket/a.txt /tmp/a.txt',
    );
    const missing = await cli('get');
    expect(missing.stderr).toContain('Error: Missing source bucket/key.\n\nUsage:\n  get <bucket>/<key> [file]');
    expect(missing.stderr.split('\n').length).toBeLessThan(10);
    expect((await cli('get', 's3://')).stderr).toContain('"s3://" names no bucket: give one');
    // An ARN, as the console shows it, names the bucket (and key) as s3:// does.
    expect((await cli('ls', 'arn:aws:s3:::cli-bucket/pics/')).stdout).toContain('pics/photo.bin');
    expect((await cli('probe', 'x')).stderr).toContain('This one has 1 character.');
    const command = await cli('lst', 'cli-bucket');
    expect(command.stderr).toContain('Unknown command "lst". Did you mean ls?');
    expect(command.stderr).toContain('Commands:\n  probe <bucket>');
    // A command's own --help is its usage, not all of it.
    const help = await cli('policy', '--help');
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/^Usage:\n {2}policy <bucket> \[FILE\|-\]/)]);
    expect(help.stdout).not.toContain('Options:');
  });

  it('makes a folder once: a second mkdir, or one over a folder that holds objects, writes nothing', async () => {
    const made = await cli('mkdir', 's3://cli-bucket/made/', '--json');
    expect(JSON.parse(made.stdout).result).toEqual({ bucket: 'cli-bucket', created: true, key: 'made/' });
    const again = await cli('mkdir', 'cli-bucket/made');
    expect(again.stdout).toContain('s3://cli-bucket/made/ is there already: nothing was written');
    const requests = (
      JSON.parse((await cli('mkdir', 'cli-bucket/made/', '--json')).stdout) as {
        requests: { operation: string }[];
      }
    ).requests.map((r) => r.operation);
    expect(requests).toEqual(['ListObjectsV2']); // looked, wrote nothing
    // A folder that exists only as the prefix of its objects (no marker): also there already.
    await writeFile(path.join(dir, 'inside.txt'), 'x');
    expect((await cli('put', path.join(dir, 'inside.txt'), 'cli-bucket/holds/inside.txt')).code).toBe(0);
    expect((await cli('mkdir', 'cli-bucket/holds/')).stdout).toContain('is there already');
    const listed = JSON.parse((await cli('ls', 'cli-bucket/holds/', '--json')).stdout) as {
      result: { objects: { key: string }[] };
    };
    expect(listed.result.objects.map((o) => o.key)).toEqual(['holds/inside.txt']); // no marker added
    const bad = await cli('mkdir', 'cli-bucket/made/../');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('A name cannot be "." or "..".');
    expect((await cli('mkdir', 'cli-bucket')).stderr).toContain('Give the folder as bucket/prefix/.');
  });

  it('lists versions, reads, reverts and removes one by id, and says what is missing', async () => {
    expect((await cli('versioning', 'cli-bucket', 'enable')).stdout).toContain('versioning enabled');
    const local = path.join(dir, 'note.txt');
    for (const body of ['first', 'second']) {
      await writeFile(local, body);
      expect((await cli('put', local, 'cli-bucket/notes/note.txt')).code).toBe(0);
    }
    const ls = await cli('ls', 'cli-bucket/notes/', '--versions', '--json');
    const listed = JSON.parse(ls.stdout) as {
      result: {
        versions: Array<{
          key: string;
          versionId: string;
          isLatest: boolean;
          deleteMarker: boolean;
          size: number;
          lastModified: string;
        }>;
      };
      requests: Array<{ operation: string }>;
    };
    expect(listed.result.versions.map((v) => [v.key, v.isLatest, v.deleteMarker, v.size])).toEqual([
      ['notes/note.txt', true, false, 6],
      ['notes/note.txt', false, false, 5],
    ]);
    expect(listed.requests.map((r) => r.operation)).toContain('ListObjectVersions');
    const first = listed.result.versions[1]!.versionId;

    const old = path.join(dir, 'old.txt');
    expect((await cli('get', 'cli-bucket/notes/note.txt', old, '--version-id', first)).code).toBe(0);
    expect(await readFile(old, 'utf8')).toBe('first');

    const reverted = await cli('revert', 'cli-bucket/notes/note.txt', '--version-id', first, '--json');
    expect(reverted.code).toBe(0);
    const back = path.join(dir, 'back.txt');
    await cli('get', 'cli-bucket/notes/note.txt', back);
    expect(await readFile(back, 'utf8')).toBe('first');

    expect((await cli('rm', 'cli-bucket/notes/note.txt', '--version-id', first)).code).toBe(0);
    const after = JSON.parse((await cli('ls', 'cli-bucket/notes/', '--versions', '--json')).stdout) as typeof listed;
    expect(after.result.versions.map((v) => v.versionId)).not.toContain(first);
    expect(after.result.versions).toHaveLength(2);

    const noId = await cli('revert', 'cli-bucket/notes/note.txt');
    expect([noId.code, noId.stderr]).toEqual([2, expect.stringContaining('needs --version-id')]);
  });

  it('brings back a deleted folder, and purges old versions only when told to, counting them first', async () => {
    // cli-bucket has versioning on since the test above.
    const local = path.join(dir, 'draft.txt');
    for (const body of ['one', 'two']) {
      await writeFile(local, body);
      expect((await cli('put', local, 'cli-bucket/drafts/draft.txt')).code).toBe(0);
    }
    expect((await cli('rm', 'cli-bucket/drafts/', '--recursive')).code).toBe(0);
    expect(json<{ objects: unknown[] }>((await cli('ls', 'cli-bucket/drafts/', '--json')).stdout).objects).toEqual([]);
    const back = await cli('undelete', 'cli-bucket/drafts/', '--json');
    expect(json<{ broughtBack: number }>(back.stdout).broughtBack).toBe(1);
    const again = await cli('undelete', 'cli-bucket/drafts/draft.txt');
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('Nothing to bring back')]);

    const versionsThere = async () =>
      JSON.parse(
        (
          await execFileAsync(
            'aws',
            [
              's3api',
              'list-object-versions',
              '--bucket',
              'cli-bucket',
              '--prefix',
              'drafts/',
              '--endpoint-url',
              t.world.globalEndpoint,
            ],
            { env: { ...process.env, ...awsCliEnv() } },
          )
        ).stdout,
      ) as { Versions?: Array<{ IsLatest: boolean }>; DeleteMarkers?: unknown[] };
    const counted = await cli('purge', 'cli-bucket/drafts/');
    expect(counted.stdout).toContain('holds 1 old version (3 B)');
    expect(counted.stdout).toContain('Nothing was deleted: add --yes');
    expect((await versionsThere()).Versions).toHaveLength(2);
    const purged = await cli('purge', 'cli-bucket/drafts/', '--yes', '--json');
    expect(json<{ deleted: number }>(purged.stdout).deleted).toBe(1);
    const left = await versionsThere();
    expect([left.Versions?.map((v) => v.IsLatest), left.DeleteMarkers]).toEqual([[true], undefined]);
    expect((await cli('purge', 'cli-bucket/drafts/')).stdout).toContain('has no old versions');
  });

  it('copies, moves and deletes server-side, refuses a move into itself, and restores from Glacier', async () => {
    await t.world.registerBucket({ name: 'cli-other', region: 'us-east-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    const local = path.join(dir, 'a.txt');
    await writeFile(local, 'alpha');
    for (const key of ['tree/a.txt', 'tree/sub/b.txt'])
      expect((await cli('put', local, `cli-bucket/${key}`)).code).toBe(0);

    const cp = await cli('cp', 's3://cli-bucket/tree/', 's3://cli-other/copy/', '--json');
    expect(cp.code).toBe(0);
    const copied = JSON.parse(cp.stdout) as {
      result: { objects: number; items: Array<{ to: string }> };
      requests: Array<{ operation: string }>;
    };
    expect(copied.result.objects).toBe(2);
    expect(copied.result.items.map((i) => i.to).sort()).toEqual(['copy/a.txt', 'copy/sub/b.txt']);
    expect(copied.requests.filter((r) => r.operation === 'CopyObject')).toHaveLength(2);
    expect(copied.requests.some((r) => r.operation === 'GetObject')).toBe(false);
    // Again, onto what is there now: each choice is said as it went (keep-both said "copied … to
    // copy/a.txt" of a copy saved as "copy/a (1).txt", and skip "copied 0 objects").
    const skip = await cli('cp', 's3://cli-bucket/tree/a.txt', 's3://cli-other/copy/a.txt', '--if-exists', 'skip');
    expect(skip.stdout).toContain('s3://cli-other/copy/a.txt exists: left as it is (--if-exists skip); nothing copied');
    const both = await cli('cp', 's3://cli-bucket/tree/a.txt', 's3://cli-other/copy/a.txt', '--if-exists', 'keep-both');
    expect(both.stdout).toContain(
      'copied s3://cli-bucket/tree/a.txt to s3://cli-other/copy/a (1).txt (5 B), beside the copy/a.txt that was there',
    );
    const folderBoth = await cli('cp', 's3://cli-bucket/tree/', 's3://cli-other/copy/', '--if-exists', 'keep-both');
    expect(folderBoth.stdout).toContain(
      '; 2 saved under a free name beside an object that was there (copy/a (2).txt, copy/sub/b (1).txt)',
    );
    const folderSkip = await cli('cp', 's3://cli-bucket/tree/', 's3://cli-other/copy/', '--if-exists', 'skip');
    expect(folderSkip.stdout).toContain(
      'copied 0 objects (0 B) from s3://cli-bucket/tree/ to s3://cli-other/copy/; 2 already there left as they were',
    );

    const into = await cli('mv', 's3://cli-bucket/tree/', 's3://cli-bucket/tree/inside/');
    expect(into.code).toBe(1);
    expect(into.stderr).toContain('Cannot move the folder tree/ into itself');
    // A cp onto itself is refused from the terminal (the window makes a duplicate instead).
    const onto = await cli('cp', 's3://cli-bucket/tree/a.txt', 's3://cli-bucket/tree/a.txt');
    expect(onto.code).toBe(1);
    expect(onto.stderr).toContain('Cannot copy tree/a.txt onto itself');

    expect((await cli('mv', 's3://cli-bucket/tree/a.txt', 's3://cli-bucket/tree/renamed.txt')).code).toBe(0);
    const after = await cli('ls', 'cli-bucket/tree/');
    expect(after.stdout).toContain('tree/renamed.txt');
    expect(after.stdout).not.toContain('tree/a.txt');

    const folder = await cli('rm', 'cli-bucket/tree/');
    expect([folder.code, folder.stderr]).toEqual([2, expect.stringContaining('add --recursive')]);
    expect((await cli('rm', 'cli-bucket/tree/', '--recursive')).stdout).toContain('deleted 2 objects');

    const notArchived = await cli('restore', 'cli-other/copy/a.txt', '--days', '2');
    expect([notArchived.code, notArchived.stderr]).toEqual([1, expect.stringContaining('is not in Glacier')]);
    const badTier = await cli('restore', 'cli-other/copy/a.txt', '--tier', 'Fast');
    expect(badTier.code).toBe(2);
  });

  it('makes and deletes a bucket, edits an object in place, tags and shares it, and sets its bucket public or not', async () => {
    // aws-cli, a client nobody here wrote, reads back what each command did.
    const aws = async (...args: string[]) =>
      JSON.parse(
        (
          await execFileAsync('aws', ['s3api', ...args, '--endpoint-url', t.world.globalEndpoint], {
            env: { ...process.env, ...awsCliEnv() },
          })
        ).stdout || '{}',
      ) as Record<string, unknown>;
    expect((await cli('mb', 'cli-made', '--region', 'eu-west-1')).code).toBe(0);
    expect(await aws('get-bucket-location', '--bucket', 'cli-made')).toEqual({ LocationConstraint: 'eu-west-1' });
    const local = path.join(dir, 'page.html');
    await writeFile(local, '<p>hi</p>');
    expect((await cli('put', local, 'cli-made/site/page.html')).code).toBe(0);
    // Uploaded in the storage class asked for (typed in lowercase, as people do).
    expect((await cli('put', local, 'cli-made/cold/page.html', '--storage-class', 'glacier_ir')).code).toBe(0);
    expect(await aws('head-object', '--bucket', 'cli-made', '--key', 'cold/page.html')).toMatchObject({
      StorageClass: 'GLACIER_IR',
    });
    const noClass = await cli('put', local, 'cli-made/cold/x.html', '--storage-class', 'FROZEN');
    expect([noClass.code, noClass.stderr]).toEqual([2, expect.stringContaining('"FROZEN" is not a storage class')]);
    const refused = await cli('rb', 'cli-made');
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('not empty')]);

    // Headers, metadata and storage class changed; what was not named is kept.
    const edited = await cli(
      'edit',
      's3://cli-made/site/page.html',
      'cache-control=max-age=60',
      'meta:owner=ops',
      'storage-class=standard_ia',
    );
    expect(edited.code, edited.stderr).toBe(0);
    expect((await cli('edit', 'cli-made/site/page.html', 'meta:team=web', 'meta:owner=')).code).toBe(0);
    const head = await aws('head-object', '--bucket', 'cli-made', '--key', 'site/page.html');
    expect(head).toMatchObject({
      ContentType: 'text/html',
      CacheControl: 'max-age=60',
      Metadata: { team: 'web' },
      StorageClass: 'STANDARD_IA',
    });
    // A folder: every object in it, as the window's folder edit (its metadata left to each object).
    await writeFile(path.join(dir, 'style.css'), 'p{}');
    expect((await cli('put', path.join(dir, 'style.css'), 'cli-made/site/style.css')).code).toBe(0);
    const folder = await cli('edit', 'cli-made/site/', 'cache-control=no-store');
    expect([folder.code, folder.stdout]).toEqual([0, expect.stringContaining('edited 2 objects')]);
    for (const [key, type] of [
      ['site/page.html', 'text/html'],
      ['site/style.css', 'text/css'],
    ])
      expect(await aws('head-object', '--bucket', 'cli-made', '--key', key!)).toMatchObject({
        ContentType: type,
        CacheControl: 'no-store',
      });
    expect((await aws('head-object', '--bucket', 'cli-made', '--key', 'site/page.html')).Metadata).toEqual({
      team: 'web',
    });
    const wrong = await cli('edit', 'cli-made/site/page.html', 'content-type=tëxt/html');
    expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('header values are plain ASCII')]);

    expect((await cli('tag', 'cli-made/site/page.html', 'stage=live', 'team=web')).code).toBe(0);
    expect(await aws('get-object-tagging', '--bucket', 'cli-made', '--key', 'site/page.html')).toMatchObject({
      TagSet: expect.arrayContaining([
        { Key: 'stage', Value: 'live' },
        { Key: 'team', Value: 'web' },
      ]),
    });
    const info = json<{ tags: Record<string, string>; metadata: Record<string, string> }>(
      (await cli('info', 'cli-made/site/page.html', '--json')).stdout,
    );
    expect([info.tags, info.metadata]).toEqual([{ stage: 'live', team: 'web' }, { team: 'web' }]);
    const cleared = await cli('tag', 'cli-made/site/page.html', '--clear');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(await aws('get-object-tagging', '--bucket', 'cli-made', '--key', 'site/page.html')).toMatchObject({
      TagSet: [],
    });

    // A share link reads the object with no credentials at all, signed for the bucket's region.
    const link = json<{ url: string; region: string }>(
      (await cli('share', 'cli-made/site/page.html', '--expires', '120', '--json')).stdout,
    );
    expect(link.region).toBe('eu-west-1');
    const shared = await rawUnsigned('GET', new URL(link.url), { host: new URL(link.url).host });
    expect([shared.status, shared.body]).toEqual([200, '<p>hi</p>']);
    // A link to nothing is not handed out (it was: signing sends no request).
    const nothing = await cli('share', 'cli-made/site/no-such-page.html');
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toBe('');
    expect(nothing.stderr).toContain('There is no object s3://cli-made/site/no-such-page.html');

    // A public policy is refused unless asked for; Block Public Access then makes it not public.
    const policy = path.join(dir, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::cli-made/*' }],
      }),
    );
    // The object's plain URL opens it only once the bucket lets everyone read it.
    const plain = json<{ url: string; region: string }>((await cli('url', 'cli-made/site/page.html', '--json')).stdout);
    expect(plain.url).toMatch(/^http:\/\/cli-made\.s3\.eu-west-1\.localhost:\d+\/site\/page\.html$/);
    const read = () => rawUnsigned('GET', new URL(plain.url), { host: new URL(plain.url).host });
    expect((await read()).status).toBe(403);
    const careful = await cli('policy', 'cli-made', policy);
    expect([careful.code, careful.stderr]).toEqual([2, expect.stringContaining('This policy makes cli-made public')]);
    await expect(aws('get-bucket-policy', '--bucket', 'cli-made')).rejects.toThrow(/NoSuchBucketPolicy/);
    const saved = await cli('policy', 'cli-made', policy, '--allow-public', '--json');
    expect(json<{ publicAccess: string }>(saved.stdout).publicAccess).toBe('public');
    expect(await read()).toMatchObject({ status: 200, body: '<p>hi</p>' });
    expect(JSON.parse((await aws('get-bucket-policy', '--bucket', 'cli-made')).Policy as string)).toMatchObject({
      Statement: [{ Principal: '*' }],
    });
    const blocked = await cli('block-public-access', 'cli-made', 'on', '--json');
    // The policy stays, but RestrictPublicBuckets limits it to this account: the console's label.
    expect(json<{ publicAccess: string }>(blocked.stdout).publicAccess).toBe('authorized-only');
    expect(await aws('get-public-access-block', '--bucket', 'cli-made')).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    });
    expect((await cli('access', 'cli-made')).stdout).toContain('Only authorized users of this account');
    expect((await cli('policy', 'cli-made', '--delete')).code).toBe(0);
    expect((await cli('access', 'cli-made')).stdout).toContain('Not public: Block Public Access');
    await expect(aws('get-bucket-policy', '--bucket', 'cli-made')).rejects.toThrow(/NoSuchBucketPolicy/);

    expect((await cli('rm', 'cli-made/site/', '--recursive')).code).toBe(0);
    expect((await cli('rm', 'cli-made/cold/page.html')).code).toBe(0);
    expect((await cli('rb', 'cli-made')).code).toBe(0);
    await expect(aws('head-bucket', '--bucket', 'cli-made')).rejects.toThrow(/404|Not Found/);
  });
});
