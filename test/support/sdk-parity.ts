// What the tests of the bucket reader (GetObject, PutObject, UploadPart, CopyObject, ListObjectsV2, its signer) compare with the
// SDK's own requests: the keys that are hard to encode, the addressing setups, and the request the
// SDK sends for a command, captured at its HTTP handler.
import {
  S3Client,
  type CopyObjectCommand,
  type GetObjectCommand,
  type HeadObjectCommand,
  type ListObjectsV2Command,
  type PutObjectCommand,
  type UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/protocol-http';
import { S3Transport } from '../../electron/s3/transport.js';
import { DEMO_ACCOUNT } from './world.js';

export const HOSTILE_KEYS = [
  'plain.txt',
  'a b/c+d.txt',
  'ünïcödé/çà.txt',
  "it's (1)!*.txt",
  'a//b/c',
  '../up/./here',
  '%2F%20literal',
  '~tilde/semi;colon:eq=&amp',
  'q?x=1#frag',
  '/leading-slash',
  'emoji 😀.bin',
  'tab\tkey',
];

/** Virtual-hosted, path-style (a dotted bucket, forced, under a path) and AWS's own endpoint. */
export const ADDRESSING_SETUPS: Array<{ name: string; endpoint?: string; bucket: string; forcePathStyle?: boolean }> = [
  { name: 'virtual-hosted, custom endpoint', endpoint: 'http://s3.eu-west-1.localhost:9000', bucket: 'my-bucket' },
  { name: 'a dotted bucket (path-style)', endpoint: 'http://s3.eu-west-1.localhost:9000', bucket: 'my.dotted.bucket' },
  { name: 'forced path-style', endpoint: 'http://127.0.0.1:9000', bucket: 'my-bucket', forcePathStyle: true },
  { name: "AWS's own endpoint", endpoint: undefined, bucket: 'my-bucket' },
  { name: 'an endpoint under a path', endpoint: 'http://127.0.0.1:9000/s3', bucket: 'my-bucket', forcePathStyle: true },
];

/** An SDK client and a transport for one setup, in eu-west-1; `use` gets both, both are destroyed after. */
export async function withSetup(
  setup: (typeof ADDRESSING_SETUPS)[number],
  use: (client: S3Client, transport: S3Transport) => Promise<void>,
): Promise<void> {
  const client = new S3Client({
    region: 'eu-west-1',
    endpoint: setup.endpoint,
    forcePathStyle: setup.forcePathStyle,
    credentials: DEMO_ACCOUNT,
  });
  const transport = new S3Transport({
    id: 'parity',
    defaultRegion: 'eu-west-1',
    endpointTemplate: setup.endpoint?.replace('eu-west-1', '{region}'),
    forcePathStyle: setup.forcePathStyle,
    credentials: DEMO_ACCOUNT,
  });
  try {
    await use(client, transport);
  } finally {
    client.destroy();
    transport.destroy();
  }
}

/** The request the SDK sends for `command`, captured at its HTTP handler (signed), never sent. */
export async function sdkRequestFor(
  client: S3Client,
  command:
    | CopyObjectCommand
    | GetObjectCommand
    | HeadObjectCommand
    | ListObjectsV2Command
    | PutObjectCommand
    | UploadPartCommand,
): Promise<HttpRequest> {
  let seen: HttpRequest | undefined;
  (command as GetObjectCommand).middlewareStack.add(
    () => async (args) => {
      seen = args.request as HttpRequest;
      throw new Error('captured');
    },
    { step: 'finalizeRequest', priority: 'low', name: 'capture' },
  );
  await client.send(command as GetObjectCommand).catch((error: Error) => {
    if (error.message !== 'captured') throw error;
  });
  return seen!;
}

/** What must match between two unsigned requests: where they go and what they ask. */
export function comparable(request: HttpRequest, headers: string[] = ['host']) {
  return {
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    port: request.port,
    path: request.path,
    query: request.query,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => headers.includes(name))),
  };
}
