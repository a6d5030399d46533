// The S3 world: a front door on loopback that behaves like S3's regions, over a real S3 store.
//
// Hosts are routed like AWS (RFC 6761 makes every *.localhost name loopback):
//   s3.{region}.localhost               regional, path style
//   {bucket}.s3.{region}.localhost      regional, virtual-hosted
//   {bucket}.s3express-{zone}.{region}.localhost   directory bucket, zonal
//   {bucket}.s3-{token}.localhost       a temporary "facility" named by a 307
//   s3.localhost, localhost, 127.0.0.1  the global endpoint (like s3.amazonaws.com)
// The world owns what the store cannot know (regions, owners, public access, the propagation
// window), verifies SigV4 and payload checksums, then forwards a plain path-style request.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { bucketNameProblem, parseDirectoryBucket } from '../shared/bucket-names.js';
import { CORS_REFUSAL, corsAnswer, parseCorsConfiguration } from './cors.js';
import { FaultPlan } from './faults.js';
import { PayloadError, readPayload } from './payload.js';
import { verifySignature, type Account } from './sigv4-verify.js';
import type { StoreHandle } from './stores.js';

export interface BucketFacts {
  name: string;
  region: string;
  ownerAccountId: string;
  createdAt: Date;
  /** Anonymous callers may list, head and read. */
  public?: boolean;
  /** Until then the bucket answers 307 (DNS still propagating). */
  temporaryRedirectUntil?: number;
}

export interface WorldOptions {
  store: StoreHandle;
  accounts: Account[];
  port?: number;
  /** Fault injection is for tests only; the demo never passes it. */
  faults?: FaultPlan;
  /** How long a newly created bucket answers 307. Default 0 (off). */
  propagationMs?: number;
}

export interface World {
  port: number;
  endpointTemplate: string;
  /** The global endpoint, path style, for clients that cannot resolve *.localhost. */
  globalEndpoint: string;
  buckets: Map<string, BucketFacts>;
  registerBucket(facts: Omit<BucketFacts, 'createdAt'> & { createdAt?: Date }): Promise<void>;
  requests: number;
  stop(): Promise<void>;
}

interface Route {
  endpointRegion: string | 'global';
  bucket?: string;
  key?: string;
  facilityToken?: string;
  zone?: string;
  virtualHosted: boolean;
}

const xml = new XMLParser({ ignoreAttributes: true });

export function routeRequest(hostHeader: string, rawPath: string): Route | undefined {
  try {
    return routeOf(hostHeader, rawPath);
  } catch {
    return undefined; // a malformed %-escape
  }
}

function routeOf(hostHeader: string, rawPath: string): Route | undefined {
  const hostname = hostHeader.split(':')[0]!.toLowerCase();
  const segments = rawPath.split('/');
  const pathStyle = (endpointRegion: string): Route => {
    const bucket = segments[1] ? decodeURIComponent(segments[1]) : undefined;
    const key = segments.length > 2 ? decodeURIComponent(segments.slice(2).join('/')) : undefined;
    return { endpointRegion, bucket, key: key || undefined, virtualHosted: false };
  };
  const keyOf = () => (rawPath.length > 1 ? decodeURIComponent(rawPath.slice(1)) : undefined);
  let m = /^(.+)\.s3express-([a-z0-9-]+)\.([a-z0-9-]+)\.localhost$/.exec(hostname);
  if (m) return { endpointRegion: m[3]!, bucket: m[1], zone: m[2], key: keyOf(), virtualHosted: true };
  m = /^(.+)\.s3-([a-z0-9]+)\.localhost$/.exec(hostname);
  if (m) return { endpointRegion: 'global', bucket: m[1], facilityToken: m[2], key: keyOf(), virtualHosted: true };
  m = /^(.+)\.s3\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.localhost$/.exec(hostname);
  if (m) return { endpointRegion: m[2]!, bucket: m[1], key: keyOf(), virtualHosted: true };
  m = /^s3\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.localhost$/.exec(hostname);
  if (m) return pathStyle(m[1]!);
  m = /^(.+)\.s3\.localhost$/.exec(hostname);
  if (m) return { endpointRegion: 'global', bucket: m[1], key: keyOf(), virtualHosted: true };
  if (hostname === 's3.localhost' || hostname === 'localhost' || hostname === '127.0.0.1') return pathStyle('global');
  return undefined;
}

/** The query parameters of a listing (ListObjects V1 and V2); any other names a bucket subresource. */
export const LIST_PARAMS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'continuation-token',
  'max-keys',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
]);
const READ_PARAMS = new Set(['versionId', 'partNumber', 'x-id']);

/** What a bucket policy granting s3:ListBucket and s3:GetObject to everyone allows, and no more. */
function isPublicRead(method: string, isBucketRequest: boolean, query: Record<string, string>): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const names = Object.keys(query).filter((k) => !k.startsWith('X-Amz-') && !k.startsWith('response-'));
  return names.every((k) => (isBucketRequest ? LIST_PARAMS : READ_PARAMS).has(k));
}

function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (!search) return query;
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    query[name] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  return query;
}

/** Text-node escaping, as S3 writes it (quotes stay literal). */
function escapeXml(value: string): string {
  return value.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

function errorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const id = randomBytes(8).toString('hex').toUpperCase();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const accounts = new Map(options.accounts.map((a) => [a.accessKeyId, a]));
  const buckets = new Map<string, BucketFacts>();
  /** One-shot tokens handed out in 307 Locations: token → bucket. */
  const facilityTokens = new Map<string, string>();
  const storeUrl = new URL(options.store.endpoint);
  const storeAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let port = 0;

  const world: World = {
    port: 0,
    endpointTemplate: '',
    globalEndpoint: '',
    buckets,
    requests: 0,
    async registerBucket(facts) {
      const problem = bucketNameProblem(facts.name);
      if (problem) throw new Error(`Cannot register bucket ${JSON.stringify(facts.name)}: ${problem}`);
      // The bucket exists for the world only once the store has made it.
      const res = await forward('PUT', `/${encodeURIComponent(facts.name)}`, {}, Buffer.alloc(0));
      if (res.status >= 300 && res.status !== 409)
        throw new Error(`the store refused bucket ${facts.name}: ${res.status} ${res.body.toString()}`);
      buckets.set(facts.name, { ...facts, createdAt: facts.createdAt ?? new Date() });
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function forward(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      // The world has already authenticated the caller; the store gets what it asks for instead.
      const req = http.request(
        {
          host: storeUrl.hostname,
          port: storeUrl.port,
          method,
          path,
          agent: storeAgent,
          headers: { ...headers, host: storeUrl.host, ...options.store.forwardHeaders },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const server = http.createServer((req, res) => {
    world.requests++;
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, 'InternalError', `The world failed: ${(error as Error).message}`, req.method === 'HEAD');
      else res.destroy();
    });
  });

  function send(
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    head: boolean,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    const body = head ? '' : errorXml(code, message, extra);
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const [rawPath = '/', search = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const query = parseQuery(search);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const hostHeader = headers['host'] ?? '';
    const route = routeRequest(hostHeader, rawPath);
    if (!route) return send(res, 400, 'InvalidURI', `No S3 endpoint answers for host ${hostHeader}.`, head);
    // A name S3 would refuse goes no further: not to the store, not near a path ("..", "a/b").
    const nameProblem = route.bucket === undefined ? undefined : bucketNameProblem(route.bucket);
    if (nameProblem)
      return send(res, 400, 'InvalidBucketName', `The specified bucket is not valid. ${nameProblem}`, head, {
        BucketName: route.bucket!,
      });

    if (headers['origin'] !== undefined) {
      const allowed = await corsHeaders(route.bucket, method, headers);
      if (!allowed) return send(res, 403, 'AccessForbidden', CORS_REFUSAL, head);
      for (const [name, value] of Object.entries(allowed)) res.setHeader(name, value);
      if (method === 'OPTIONS') {
        res.writeHead(200, { 'content-length': '0' });
        return void res.end();
      }
    }

    const fault = options.faults?.take({ method, bucket: route.bucket, key: route.key, query });
    if (fault) {
      const handled = await fault.apply(req, res);
      if (handled) return;
    }

    // Authentication first: a bad signature or an unknown key is refused whoever owns the bucket.
    const auth = await verifySignature({ method, host: hostHeader, rawPath, query, headers }, accounts);
    if (auth.kind === 'error') return send(res, auth.status, auth.code, auth.message, head);
    const callerAccount = auth.kind === 'ok' ? auth.account.accountId : undefined;
    const signingRegion = auth.kind === 'ok' ? auth.region : undefined;

    if (!route.bucket) {
      if (method === 'GET') return listBuckets(res, callerAccount);
      return send(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', head);
    }
    const bucketName = route.bucket;
    const isBucketRequest = route.key === undefined;
    const directory = parseDirectoryBucket(bucketName);
    if (directory && !route.zone) {
      // Directory buckets answer only on their zonal endpoint; elsewhere they do not exist.
      return send(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head, { BucketName: bucketName });
    }

    if (isBucketRequest && method === 'PUT' && Object.keys(query).length === 0) {
      return createBucket(req, headers, res, route, bucketName, callerAccount, signingRegion);
    }

    if ((method === 'PUT' || method === 'POST') && route.key !== undefined && Buffer.byteLength(route.key) > 1024) {
      // S3's limit; moto would store the key anyway.
      return send(res, 400, 'KeyTooLongError', 'Your key is too long', head, {
        MaxSizeAllowed: '1024',
        Size: String(Buffer.byteLength(route.key)),
      });
    }
    const facts = buckets.get(bucketName);
    if (!facts)
      return send(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head, { BucketName: bucketName });
    const regionHeader = { 'x-amz-bucket-region': facts.region };

    // Routing: wrong regional endpoint → 301; wrong signing region → 400; propagation → 307.
    if (route.facilityToken) {
      const tokenBucket = query['rk'] ? facilityTokens.get(query['rk']) : undefined;
      if (tokenBucket !== bucketName || route.facilityToken !== facilityHostToken(bucketName)) {
        return send(
          res,
          400,
          'InvalidRequest',
          'This temporary endpoint serves only the request it was named for.',
          head,
        );
      }
      facilityTokens.delete(query['rk']!);
    } else if (route.endpointRegion !== 'global' && route.endpointRegion !== facts.region) {
      const endpoint = `${bucketName}.s3.${facts.region}.localhost`;
      return send(
        res,
        301,
        'PermanentRedirect',
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
        head,
        { Endpoint: endpoint, Bucket: bucketName },
        regionHeader,
      );
    }
    if (signingRegion && signingRegion !== facts.region) {
      return send(
        res,
        400,
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${signingRegion}' is wrong; expecting '${facts.region}'`,
        head,
        { Region: facts.region },
        regionHeader,
      );
    }
    if (!route.facilityToken && facts.temporaryRedirectUntil && Date.now() < facts.temporaryRedirectUntil) {
      const token = randomBytes(4).toString('hex');
      facilityTokens.set(token, bucketName);
      const facilityHost = `${bucketName}.s3-${facilityHostToken(bucketName)}.localhost:${port}`;
      const location = new URL(
        `http://${facilityHost}${route.virtualHosted ? rawPath : rawPath.replace(/^\/[^/]*/, '') || '/'}`,
      );
      location.search = search;
      location.searchParams.set('rk', token);
      return send(
        res,
        307,
        'TemporaryRedirect',
        'Please re-send this request to the specified temporary endpoint. Continue to use the original request endpoint for future requests.',
        head,
        { Endpoint: facilityHost.split(':')[0]!, Bucket: bucketName },
        { ...regionHeader, location: location.toString() },
      );
    }

    // Authorization: owners may do anything; the public may read a public bucket; others nothing.
    const expectedOwner = headers['x-amz-expected-bucket-owner'];
    if (expectedOwner !== undefined && expectedOwner !== facts.ownerAccountId) {
      return send(res, 403, 'AccessDenied', 'Access Denied', head, {}, regionHeader);
    }
    const allowed =
      callerAccount === facts.ownerAccountId || (facts.public === true && isPublicRead(method, isBucketRequest, query));
    if (!allowed) return send(res, 403, 'AccessDenied', 'Access Denied', head, {}, regionHeader);

    if (directory && isBucketRequest && method === 'GET' && 'session' in query) {
      // CreateSession: the SDK trades the caller's keys for session keys. The world hands back
      // the same keys, so the session-signed requests that follow verify against the account.
      const account = auth.kind === 'ok' ? auth.account : undefined;
      if (!account) return send(res, 403, 'AccessDenied', 'Access Denied', head, {}, regionHeader);
      const expires = new Date(Date.now() + 5 * 60 * 1000).toISOString();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Credentials><SessionToken>world-session</SessionToken><SecretAccessKey>${account.secretAccessKey}</SecretAccessKey><AccessKeyId>${account.accessKeyId}</AccessKeyId><Expiration>${expires}</Expiration></Credentials></CreateSessionResult>`;
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    if (isBucketRequest && method === 'GET' && 'location' in query) {
      const constraint = facts.region === 'us-east-1' ? '' : facts.region;
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${constraint}</LocationConstraint>`;
      res.writeHead(200, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(body),
        ...regionHeader,
      });
      return void res.end(body);
    }

    let body: Buffer;
    const forwardHeaders = { ...headers };
    try {
      const payload = readPayload(await readBody(req), headers);
      body = payload.body;
      Object.assign(forwardHeaders, payload.trailers);
    } catch (error) {
      if (error instanceof PayloadError) return send(res, error.status, error.code, error.message, head);
      throw error;
    }
    for (const name of [
      'authorization',
      'host',
      'x-amz-content-sha256',
      'x-amz-decoded-content-length',
      'x-amz-trailer',
      'expect',
      'x-amz-date',
      'x-amz-security-token',
      'transfer-encoding',
      'x-amz-expected-bucket-owner',
    ]) {
      delete forwardHeaders[name];
    }
    if (forwardHeaders['content-encoding']) {
      const rest = forwardHeaders['content-encoding']
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e && e !== 'aws-chunked');
      if (rest.length) forwardHeaders['content-encoding'] = rest.join(',');
      else delete forwardHeaders['content-encoding'];
    }
    forwardHeaders['content-length'] = String(body.length);
    const storeQuery = Object.entries(query).filter(([k]) => !k.startsWith('X-Amz-') && k !== 'rk');
    const storeSearch = storeQuery
      .map(([k, v]) =>
        v === '' && !['prefix', 'delimiter', 'continuation-token', 'start-after', 'marker'].includes(k)
          ? encodeURIComponent(k)
          : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
      )
      .join('&');
    const keyPath = route.key === undefined ? '' : `/${route.key.split('/').map(encodeURIComponent).join('/')}`;
    const storePath = `/${encodeURIComponent(bucketName)}${keyPath}${storeSearch ? `?${storeSearch}` : ''}`;
    const answer = await forward(
      method,
      storePath,
      forwardHeaders,
      body.length || !['GET', 'HEAD', 'DELETE'].includes(method) ? body : undefined,
    );

    if (answer.status >= 500 && !/xml/.test(String(answer.headers['content-type'] ?? ''))) {
      // A store that crashes answers with an HTML page (moto does, for a part sent to an aborted
      // upload); S3 always answers in XML, and clients parse it.
      return send(
        res,
        answer.status,
        'InternalError',
        'We encountered an internal error. Please try again.',
        head,
        {},
        isBucketRequest ? regionHeader : {},
      );
    }
    if (isBucketRequest && method === 'DELETE' && answer.status === 204) buckets.delete(bucketName);
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding', 'server', 'date'].includes(name))
        outHeaders[name] = value;
    }
    if (isBucketRequest) {
      Object.assign(outHeaders, regionHeader);
      if (head) {
        outHeaders['x-amz-access-point-alias'] = 'false';
        outHeaders['x-amz-bucket-arn'] = `arn:aws:s3:::${bucketName}`;
        if (directory) {
          outHeaders['x-amz-bucket-location-type'] = directory.locationType;
          outHeaders['x-amz-bucket-location-name'] = directory.zoneId;
          outHeaders['x-amz-bucket-arn'] =
            `arn:aws:s3express:${facts.region}:${facts.ownerAccountId}:bucket/${bucketName}`;
        }
      }
    }
    outHeaders['content-length'] = String(head ? Number(answer.headers['content-length'] ?? 0) : answer.body.length);
    res.writeHead(answer.status, outHeaders);
    res.end(head ? undefined : answer.body);
  }

  /**
   * What a request from a web page may see: the headers its bucket's CORS rules grant, or
   * undefined (refused) when the bucket has no rule for it, no CORS configuration, or is unknown.
   */
  async function corsHeaders(
    bucket: string | undefined,
    method: string,
    headers: Record<string, string>,
  ): Promise<Record<string, string> | undefined> {
    if (!bucket || !buckets.has(bucket)) return undefined;
    const preflight = method === 'OPTIONS';
    const asked = preflight ? headers['access-control-request-method'] : method;
    if (!asked) return undefined;
    const configuration = await forward('GET', `/${encodeURIComponent(bucket)}?cors`, {}, undefined);
    if (configuration.status !== 200) return undefined;
    const requestHeaders = preflight
      ? (headers['access-control-request-headers'] ?? '')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : undefined;
    return corsAnswer(parseCorsConfiguration(configuration.body.toString('utf8')), {
      origin: headers['origin']!,
      method: asked,
      requestHeaders,
    });
  }

  /** The facility host a bucket's 307s point at: stable per bucket, unknown to DNS elsewhere. */
  function facilityHostToken(bucket: string): string {
    let hash = 0;
    for (const ch of bucket) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return hash.toString(36);
  }

  async function createBucket(
    req: http.IncomingMessage,
    headers: Record<string, string>,
    res: http.ServerResponse,
    route: Route,
    name: string,
    callerAccount: string | undefined,
    signingRegion: string | undefined,
  ) {
    if (!callerAccount) return send(res, 403, 'AccessDenied', 'Anonymous users cannot create buckets.', false);
    let body: Buffer;
    try {
      body = readPayload(await readBody(req), headers).body;
    } catch (error) {
      if (error instanceof PayloadError) return send(res, error.status, error.code, error.message, false);
      throw error;
    }
    let constraint = 'us-east-1';
    if (body.length) {
      const parsed = xml.parse(body.toString('utf8')) as {
        CreateBucketConfiguration?: { LocationConstraint?: string };
      };
      constraint = parsed.CreateBucketConfiguration?.LocationConstraint || 'us-east-1';
    }
    const directory = parseDirectoryBucket(name);
    if (directory) constraint = directory.region;
    if (route.endpointRegion !== 'global' && route.endpointRegion !== constraint) {
      return send(
        res,
        400,
        'IllegalLocationConstraintException',
        `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        false,
        {},
        { 'x-amz-bucket-region': constraint },
      );
    }
    if (signingRegion && signingRegion !== constraint && route.endpointRegion !== 'global') {
      return send(
        res,
        400,
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${signingRegion}' is wrong; expecting '${constraint}'`,
        false,
        { Region: constraint },
      );
    }
    const existing = buckets.get(name);
    if (existing) {
      const mine = existing.ownerAccountId === callerAccount;
      return send(
        res,
        409,
        mine ? 'BucketAlreadyOwnedByYou' : 'BucketAlreadyExists',
        mine
          ? 'Your previous request to create the named bucket succeeded and you already own it.'
          : 'The requested bucket name is not available.',
        false,
        { BucketName: name },
      );
    }
    await world.registerBucket({
      name,
      region: constraint,
      ownerAccountId: callerAccount,
      temporaryRedirectUntil: options.propagationMs ? Date.now() + options.propagationMs : undefined,
    });
    res.writeHead(200, { location: `/${name}`, 'content-length': '0', 'x-amz-bucket-region': constraint });
    res.end();
  }

  function listBuckets(res: http.ServerResponse, callerAccount: string | undefined) {
    if (!callerAccount) {
      const body = errorXml('AccessDenied', 'Anonymous users cannot list buckets.');
      res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    const own = [...buckets.values()].filter(
      (b) => b.ownerAccountId === callerAccount && !parseDirectoryBucket(b.name),
    );
    const items = own
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (b) =>
          `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${b.createdAt.toISOString()}</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`,
      )
      .join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${callerAccount}</ID><DisplayName>demo</DisplayName></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`;
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  world.port = port;
  world.endpointTemplate = `http://s3.{region}.localhost:${port}`;
  world.globalEndpoint = `http://127.0.0.1:${port}`;
  server.keepAliveTimeout = 5000;
  const stopServer = world.stop;
  world.stop = async () => {
    server.closeAllConnections();
    storeAgent.destroy();
    await stopServer();
  };
  return world;
}
