// GetObject for downloads and previews, built and signed here instead of by the SDK's command stack.
//
// Why: a download of many small files is one GetObject each, and the SDK's per-command work
// (resolving and sorting a middleware stack per command, schema serde, endpoint rules, user agent,
// retry and checksum middleware, output deserialisation) costs ~440 µs of CPU per request here
// against ~70 µs for building the same request and signing it (measured: 4,000 GetObjects through
// a handler that answers at once). For 2,000 files that is ~0.75 s of the core's CPU.
//
// What is still the SDK's: the endpoint (its own rules, `getEndpointFromInstructions`, once per
// bucket and region), the client's credentials and clock offset, the key's encoding (`extendedEncodeURIComponent` per path segment, as its
// serializer does) and the HTTP handler (the transport's recording handler). What is the
// transport's, as for every command: redirects, retries, the request log. Anything this does not
// know how to sign — a directory bucket's session auth, SigV4A, endpoint headers — goes through
// the SDK's GetObjectCommand instead. The signature is sigv4.ts's (the SDK's `SignatureV4`
// computes the same, ~60 µs dearer per request). Errors are read into the same shape the SDK throws, so the
// transport decides on them the same way. test/integration/object-get.test.ts compares the
// requests built here with the SDK's own, key by key.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import { HttpRequest } from '@smithy/protocol-http';
import type { HttpResponse } from '@smithy/types';
import { XMLParser } from 'fast-xml-parser';
import type { Readable } from 'node:stream';
import { BodilessSigner, type SigningCredentials } from './sigv4.js';

export interface ObjectGet {
  bucket: string;
  key: string;
  versionId?: string;
  /** `bytes=0-1023` */
  range?: string;
  ifMatch?: string;
}

/** The part of GetObject's answer a download or a preview reads, named as the SDK names it. */
export interface ObjectAnswer {
  $metadata: { httpStatusCode?: number };
  Body?: Readable;
  ContentLength?: number;
  ContentRange?: string;
  ContentType?: string;
  ETag?: string;
  VersionId?: string;
  ServerSideEncryption?: string;
  SSECustomerAlgorithm?: string;
}

interface Target {
  url: URL;
  signer?: BodilessSigner;
}

/** The request the SDK's GetObjectCommand would send for `input` (before signing), at `url`. */
export function objectRequest(url: URL, input: ObjectGet, temporary?: URL): HttpRequest {
  // As the SDK's HttpBindingProtocol: the endpoint's path, then `/{Key+}` with each segment encoded.
  const keyPath = `/${input.key.split('/').map(extendedEncodeURIComponent).join('/')}`;
  const query: Record<string, string> = { 'x-id': 'GetObject' };
  for (const [name, value] of url.searchParams) query[name] = value;
  if (input.versionId !== undefined) query.versionId = input.versionId;
  const headers: Record<string, string> = {};
  if (input.range !== undefined) headers.range = input.range;
  if (input.ifMatch !== undefined) headers['if-match'] = input.ifMatch;
  const at = temporary ?? url;
  // A 307 sends this one request to its Location (path and extra parameters included), as the
  // transport's retarget middleware does for the SDK's commands.
  if (temporary) for (const [name, value] of temporary.searchParams) query[name] = value;
  headers.host = at.host;
  return new HttpRequest({
    method: 'GET',
    protocol: at.protocol,
    hostname: at.hostname,
    port: at.port ? Number(at.port) : undefined,
    path: temporary ? temporary.pathname : url.pathname === '/' ? keyPath : url.pathname + keyPath,
    query,
    headers,
  });
}

const xml = new XMLParser({ parseTagValue: false, processEntities: true });
const ERROR_BODY_LIMIT = 64 * 1024;

/** Gets objects from one region's client: its endpoint per bucket and its signer, kept. */
export class ObjectGetter {
  private readonly targets = new Map<string, Promise<Target | undefined>>();
  private readonly signers = new Map<string, BodilessSigner>();

  constructor(
    private readonly client: S3Client,
    private readonly anonymous: boolean,
  ) {}

  /**
   * The answer to one GetObject hop, or undefined when this bucket's requests need the SDK's
   * command (see the top of the file). Throws what the SDK would throw for an error answer.
   */
  async get(
    input: ObjectGet,
    send: (request: HttpRequest) => Promise<{ response: HttpResponse }>,
    temporary?: URL,
  ): Promise<ObjectAnswer | undefined> {
    const target = await this.target(input.bucket);
    if (!target) return undefined;
    let request = objectRequest(target.url, input, temporary);
    if (target.signer) {
      const offset = this.client.config.systemClockOffset ?? 0;
      request = target.signer.sign(request, await this.credentials(), new Date(Date.now() + offset));
    }
    const { response } = await send(request);
    const headers = response.headers;
    if (response.statusCode >= 300) {
      const error = await errorOf(response);
      // As the SDK's signer does on an error: a clock too far from the server's is corrected from
      // its Date header (on the client, so its commands sign right too) before the retry.
      const server = Date.parse(headers['date'] ?? '');
      if (error.name === 'RequestTimeTooSkewed' && Number.isFinite(server))
        this.client.config.systemClockOffset = server - Date.now();
      throw error;
    }
    const length = headers['content-length'];
    return {
      $metadata: { httpStatusCode: response.statusCode },
      Body: response.body as Readable,
      ContentLength: length === undefined ? undefined : Number(length),
      ContentRange: headers['content-range'],
      ContentType: headers['content-type'],
      ETag: headers['etag'],
      VersionId: headers['x-amz-version-id'],
      ServerSideEncryption: headers['x-amz-server-side-encryption'],
      SSECustomerAlgorithm: headers['x-amz-server-side-encryption-customer-algorithm'],
    };
  }

  /** Where this region's GetObjects for `bucket` go; undefined when they are the SDK's to send. */
  async endpoint(bucket: string): Promise<URL | undefined> {
    return (await this.target(bucket))?.url;
  }

  private target(bucket: string): Promise<Target | undefined> {
    let target = this.targets.get(bucket);
    if (!target) {
      target = this.resolve(bucket);
      // A failure (credentials, rules) is not kept: the next request asks again.
      target.catch(() => this.targets.delete(bucket));
      this.targets.set(bucket, target);
    }
    return target;
  }

  private async resolve(bucket: string): Promise<Target | undefined> {
    const endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: 'key' },
      GetObjectCommand,
      this.client.config as unknown as Parameters<typeof getEndpointFromInstructions>[2],
    );
    const schemes = (endpoint.properties?.authSchemes ?? []) as {
      name?: string;
      signingName?: string;
      signingRegion?: string;
    }[];
    if (Object.keys(endpoint.headers ?? {}).length) return undefined;
    const url = new URL(endpoint.url.href);
    if (this.anonymous) return { url };
    const scheme = schemes[0];
    if (scheme?.name !== 'sigv4' || !scheme.signingRegion) return undefined;
    const service = scheme.signingName ?? 's3';
    const key = `${scheme.signingRegion}/${service}`;
    let signer = this.signers.get(key);
    if (!signer) {
      signer = new BodilessSigner(scheme.signingRegion, service);
      this.signers.set(key, signer);
    }
    return { url, signer };
  }

  /** The client's credentials, as its own signer asks for them (its provider caches and refreshes). */
  private async credentials(): Promise<SigningCredentials> {
    const provider = (this.client.config as unknown as { credentials: () => Promise<Partial<SigningCredentials>> })
      .credentials;
    const credentials = await provider();
    if (typeof credentials?.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string')
      throw Object.assign(new Error('Resolved credential object is not valid'), { name: 'CredentialsProviderError' });
    return credentials as SigningCredentials;
  }
}

/** An error answer as the SDK would throw it: its S3 code, message and hints, status and headers. */
async function errorOf(response: HttpResponse): Promise<Error> {
  const body = await readSome(response.body as Readable | undefined);
  let fields: Record<string, unknown> = {};
  try {
    const parsed = xml.parse(body) as { Error?: Record<string, unknown> } | undefined;
    fields = parsed?.Error ?? {};
  } catch {
    // Not XML (a proxy's page): the status speaks for it.
  }
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const code = text('Code') ?? (response.statusCode === 404 ? 'NotFound' : 'Unknown');
  return Object.assign(new Error(text('Message') ?? 'UnknownError'), {
    name: code,
    Code: code,
    Region: text('Region'),
    Endpoint: text('Endpoint'),
    $metadata: { httpStatusCode: response.statusCode },
    $response: { statusCode: response.statusCode, headers: response.headers },
  });
}

async function readSome(body: Readable | undefined): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= ERROR_BODY_LIMIT) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
