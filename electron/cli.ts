// The core from a terminal, for scripting and support: probe, ls, put, get, each with the full
// request log on --json. Same transport, same probe, same hop records as the app.
import { GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { RequestRecord } from './contract.js';
import { isRedirected } from './shared/log-export.js';
import { startDemo, type RunningDemo } from './demo/demo.js';
import { listPage } from './s3/browse.js';
import { S3RequestError } from './s3/errors.js';
import { probeBucket } from './s3/probe.js';
import { S3Transport, type ConnectionTarget } from './s3/transport.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  probe <bucket>                 where the bucket lives and what you may do with it
  ls <bucket>[/prefix]           list folders and objects under a prefix
  put <file> <bucket>/<key>      upload a file
  get <bucket>/<key> <file>      download an object (written to a temporary name, then renamed)

Options:
  --endpoint-template URL        e.g. http://s3.{region}.localhost:9000 (default: AWS)
  --region REGION                region to try first (default: us-east-1)
  --profile NAME                 an AWS profile; otherwise the SDK's default credential chain
  --anonymous                    send unsigned requests (public buckets)
  --demo                         start the built-in S3 world and use it
  --expected-owner ACCOUNT       (probe) check the bucket owner
  --json                         print the result and the full request log as JSON
`;

function splitBucketPath(value: string | undefined, what: string): { bucket: string; key: string } {
  if (!value) throw new UsageError(`Missing ${what}.`);
  const cleaned = value.replace(/^s3:\/\//, '');
  const slash = cleaned.indexOf('/');
  return slash < 0 ? { bucket: cleaned, key: '' } : { bucket: cleaned.slice(0, slash), key: cleaned.slice(slash + 1) };
}

class UsageError extends Error {}

interface Output {
  result: unknown;
  text: string;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'endpoint-template': { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      anonymous: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'expected-owner': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }

  let demo: RunningDemo | undefined;
  let transport: S3Transport | undefined;
  try {
    const target: ConnectionTarget = { id: 'cli', defaultRegion: values.region ?? 'us-east-1', endpointTemplate: values['endpoint-template'] };
    if (values.demo) {
      demo = await startDemo();
      target.endpointTemplate = demo.world.endpointTemplate;
      if (!values.anonymous) target.credentials = demo.accounts.demo;
    } else if (!values.anonymous) {
      target.credentials = values.profile ? fromIni({ profile: values.profile }) : fromNodeProviderChain();
    }
    transport = new S3Transport(target);
    const output = await run(transport, command, args, values['expected-owner']);
    const requests = transport.log.since(0).records;
    if (values.json) process.stdout.write(`${JSON.stringify({ ok: true, result: output.result, requests }, null, 2)}\n`);
    else process.stdout.write(`${output.text}\n${summary(requests)}\n`);
    return 0;
  } catch (error) {
    const requests = transport?.log.since(0).records ?? [];
    const e = error as S3RequestError;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ok: false, error: { code: e.code ?? 'Error', status: e.status, message: e.message, hint: e.hint }, requests }, null, 2)}\n`);
    } else {
      process.stderr.write(`Error: ${e.message}${e.hint ? `\n${e.hint}` : ''}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${USAGE}`);
    }
    return error instanceof UsageError ? 2 : 1;
  } finally {
    transport?.destroy();
    await demo?.stop();
  }
}

async function run(transport: S3Transport, command: string, args: string[], expectedOwner: string | undefined): Promise<Output> {
  switch (command) {
    case 'probe': {
      const { bucket } = splitBucketPath(args[0], 'bucket');
      const result = await probeBucket(transport, bucket, { expectedOwner });
      const permissions = result.permissions.map((p) => `  ${p.allowed === null ? '?' : p.allowed ? '✓' : '✗'} ${p.action}${p.code ? ` (${p.code})` : ''}`).join('\n');
      const text = [
        `${bucket}: ${result.access.explanation}`,
        `  region ${result.region ?? 'unknown'} (from ${result.regionSource}), location ${result.locationType}${result.locationName ? ` ${result.locationName}` : ''}`,
        permissions,
      ].filter(Boolean).join('\n');
      if (result.access.verdict === 'error') throw new S3RequestError('ProbeFailed', result.access.explanation, result.access.status);
      return { result, text };
    }
    case 'ls': {
      const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket');
      const folders: string[] = [];
      const objects: Array<{ key: string; size: number; lastModified?: string }> = [];
      let token: string | undefined;
      do {
        const page = await listPage(transport, { bucket, prefix, continuationToken: token });
        folders.push(...page.folders);
        objects.push(...page.objects);
        token = page.nextToken;
      } while (token);
      const text = [...folders.map((f) => `                           PRE ${f}`), ...objects.map((o) => `${(o.lastModified ?? '').padEnd(24)} ${String(o.size).padStart(10)} ${o.key}`)].join('\n');
      return { result: { bucket, prefix, folders, objects }, text: text || '(empty)' };
    }
    case 'put': {
      const file = args[0];
      if (!file) throw new UsageError('Missing the file to upload.');
      const { bucket, key } = splitBucketPath(args[1], 'destination bucket/key');
      const size = (await stat(file).catch(() => {
        throw new UsageError(`Cannot read ${file}.`);
      })).size;
      const target = key && !key.endsWith('/') ? key : `${key}${path.basename(file)}`;
      const out = await transport.send({ operation: 'PutObject', bucket, key: target, bytes: size }, () =>
        new PutObjectCommand({ Bucket: bucket, Key: target, Body: createReadStream(file), ContentLength: size }));
      return { result: { bucket, key: target, size, etag: (out as { ETag?: string }).ETag }, text: `uploaded ${file} to s3://${bucket}/${target} (${size} bytes)` };
    }
    case 'get': {
      const { bucket, key } = splitBucketPath(args[0], 'source bucket/key');
      if (!key) throw new UsageError('Give the object as bucket/key.');
      const file = args[1] ?? path.basename(key);
      const partial = `${file}.part-${process.pid}`;
      const out = await transport.send<GetObjectCommandOutput>({ operation: 'GetObject', bucket, key }, () => new GetObjectCommand({ Bucket: bucket, Key: key }));
      try {
        await pipeline(out.Body as Readable, createWriteStream(partial, { flags: 'wx' }));
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      const size = (await stat(file)).size;
      return { result: { bucket, key, file, size }, text: `downloaded s3://${bucket}/${key} to ${file} (${size} bytes)` };
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

function summary(requests: RequestRecord[]): string {
  const hops = requests.reduce((n, r) => n + r.hops.length, 0);
  const redirected = requests.filter(isRedirected).length;
  return `(${requests.length} requests, ${hops} HTTP exchanges, ${redirected} redirected; --json shows every hop)`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
