// The S3 world: a front door on loopback that behaves like S3's regions, over an S3 store.
//
// Hosts are routed like AWS (RFC 6761 makes every *.localhost name loopback):
//   s3.{region}.localhost               regional, path style
//   {bucket}.s3.{region}.localhost      regional, virtual-hosted
//   {bucket}.s3express-{zone}.{region}.localhost   directory bucket, zonal
//   {bucket}.s3-{token}.localhost       a temporary "facility" named by a 307
//   s3.localhost, localhost, 127.0.0.1  the global endpoint (like s3.amazonaws.com)
// The world owns what the store cannot know (regions, owners, the propagation window), verifies
// SigV4 and payload checksums, decides access from the bucket's policy, ACLs and Block Public
// Access (./access.ts), then hands the store a plain request (../store/store.ts) and writes its
// answer: the embedded store is called in this process, moto over HTTP.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { XMLParser } from 'fast-xml-parser';
import { bucketNameProblem, parseDirectoryBucket } from '../shared/bucket-names.js';
import { isPublicPolicy, parsePolicy, PolicyError } from '../shared/bucket-policy.js';
import { combine } from '../shared/public-access.js';
import { parseCopySource } from '../shared/s3-location.js';
import { fileSegmentsOf, sendSegments } from '../store/object-data.js';
import { bodyText, type Store, type StoreResponse } from '../store/store.js';
import { errorXml, escapeXml, XML_ENTITY_OPTIONS } from '../store/xml.js';
import {
  actionOf,
  decideAccess,
  groupGrants,
  loadAccessSettings,
  NO_BLOCK,
  PUBLIC_CANNED_ACLS,
  type AccessAnswer,
  type AccessSettings,
  type PublicAccessBlock,
} from './access.js';
import { accountServiceRoute, answerAccountService } from './account-services.js';
import { CORS_REFUSAL, corsAnswer, parseCorsConfiguration } from './cors.js';
import { FaultPlan } from './faults.js';
import { PayloadError, readPayload } from './payload.js';
import { verifySignature, type Account } from './sigv4-verify.js';

export interface BucketFacts {
  name: string;
  region: string;
  ownerAccountId: string;
  createdAt: Date;
  /** Until then the bucket answers 307 (DNS still propagating). */
  temporaryRedirectUntil?: number;
  /** Created with Object Lock on (and so versioned). */
  objectLock?: boolean;
}

export interface WorldOptions {
  store: Store;
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
  /** Each account's own Block Public Access (S3 Control), applied with every bucket it owns. */
  accountBlocks: Map<string, PublicAccessBlock>;
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

const xml = new XMLParser({ ignoreAttributes: true, ...XML_ENTITY_OPTIONS });

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
function unescapeXml(value: string): string {
  return value.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!,
  );
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

export async function startWorld(options: WorldOptions): Promise<World> {
  const accounts = new Map(options.accounts.map((a) => [a.accessKeyId, a]));
  const buckets = new Map<string, BucketFacts>();
  /** One-shot tokens handed out in 307 Locations: token → bucket. */
  const facilityTokens = new Map<string, string>();
  const store = options.store;
  /** Access settings per bucket, read from the store when first needed, dropped when one changes. */
  const accessCache = new Map<string, Promise<AccessSettings>>();
  const accountBlocks = new Map<string, PublicAccessBlock>();
  /** A bucket's settings as they apply: its owner account's Block Public Access included. */
  const accessSettings = async (bucket: string): Promise<AccessSettings> => {
    let settings = accessCache.get(bucket);
    if (!settings) {
      settings = loadAccessSettings(store, bucket);
      accessCache.set(bucket, settings);
      settings.catch(() => accessCache.delete(bucket));
    }
    const own = await settings;
    const owner = buckets.get(bucket)?.ownerAccountId;
    return { ...own, block: combine(own.block, owner ? accountBlocks.get(owner) : undefined) ?? NO_BLOCK };
  };
  let port = 0;

  const world: World = {
    port: 0,
    endpointTemplate: '',
    globalEndpoint: '',
    buckets,
    accountBlocks,
    requests: 0,
    async registerBucket(facts) {
      const problem = bucketNameProblem(facts.name);
      if (problem) throw new Error(`Cannot register bucket ${JSON.stringify(facts.name)}: ${problem}`);
      // The bucket exists for the world only once the store has made it.
      const res = await store.handle({
        method: 'PUT',
        bucket: facts.name,
        query: {},
        headers: facts.objectLock ? { 'x-amz-bucket-object-lock-enabled': 'true' } : {},
        body: Buffer.alloc(0),
      });
      if (res.status >= 300 && res.status !== 409)
        throw new Error(`the store refused bucket ${facts.name}: ${res.status} ${await bodyText(res)}`);
      accessCache.delete(facts.name);
      buckets.set(facts.name, { ...facts, createdAt: facts.createdAt ?? new Date() });
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    world.requests++;
    // As S3 does, every answer names itself: the IDs AWS Support asks for (the app's log shows them).
    res.setHeader('x-amz-request-id', randomBytes(8).toString('hex').toUpperCase());
    res.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
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

  /** A request's whole body, read once (a fault may have read it before the request's handling). */
  const bodies = new WeakMap<http.IncomingMessage, Promise<Buffer>>();
  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    let body = bodies.get(req);
    if (!body) {
      body = new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
      });
      bodies.set(req, body);
    }
    return body;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const [rawPath = '/', search = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const query = parseQuery(search);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const hostHeader = headers['host'] ?? '';
    const service = accountServiceRoute(hostHeader);
    if (service) {
      const body = await readBody(req);
      const payloadHash = createHash('sha256').update(body).digest('hex');
      const auth = await verifySignature({ method, host: hostHeader, rawPath, query, headers, payloadHash }, accounts);
      const answer = answerAccountService(service, { method, rawPath, headers, body }, auth, accountBlocks);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      return void res.end(answer.body);
    }
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
      const handled = await fault.apply(req, res, readBody);
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

    let body: Buffer;
    const storeHeaders = { ...headers };
    try {
      // A CompleteMultipartUpload's checksum headers are the whole object's (the store checks them).
      const completing = method === 'POST' && 'uploadId' in query;
      const payload = await readPayload(await readBody(req), headers, completing);
      body = payload.body;
      Object.assign(storeHeaders, payload.trailers);
    } catch (error) {
      if (error instanceof PayloadError) return send(res, error.status, error.code, error.message, head);
      throw error;
    }

    // Authorization: the owner's account, and others as the policy and ACLs grant (./access.ts).
    const expectedOwner = headers['x-amz-expected-bucket-owner'];
    if (expectedOwner !== undefined && expectedOwner !== facts.ownerAccountId) {
      return send(res, 403, 'AccessDenied', 'Access Denied', head, {}, regionHeader);
    }
    const refusal = await authorize(facts, callerAccount, method, route.key, query, headers, body);
    if (refusal) return send(res, 403, refusal.code, refusal.message, head, {}, regionHeader);
    if (isBucketRequest && method === 'PUT' && 'policy' in query) {
      // A policy that cannot be read, or names another bucket, is refused as S3 refuses it, over
      // either store (moto stored one about another bucket, which then read as making this public).
      try {
        parsePolicy(body.toString('utf8'), facts.name);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        return send(res, 400, 'MalformedPolicy', error.message, head, {}, regionHeader);
      }
    }

    if (directory && isBucketRequest && method === 'GET' && 'session' in query) {
      // CreateSession: the SDK trades the caller's keys for session keys. The world hands back
      // the same keys, so the session-signed requests that follow verify against the account.
      const account = auth.kind === 'ok' ? auth.account : undefined;
      if (!account) return send(res, 403, 'AccessDenied', 'Access Denied', head, {}, regionHeader);
      const expires = new Date(Date.now() + 5 * 60 * 1000).toISOString();
      const answer = `<?xml version="1.0" encoding="UTF-8"?>\n<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Credentials><SessionToken>world-session</SessionToken><SecretAccessKey>${account.secretAccessKey}</SecretAccessKey><AccessKeyId>${account.accessKeyId}</AccessKeyId><Expiration>${expires}</Expiration></Credentials></CreateSessionResult>`;
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(answer) });
      return void res.end(answer);
    }
    if (isBucketRequest && method === 'GET' && 'location' in query) {
      const constraint = facts.region === 'us-east-1' ? '' : facts.region;
      const answer = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${constraint}</LocationConstraint>`;
      res.writeHead(200, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(answer),
        ...regionHeader,
      });
      return void res.end(answer);
    }

    for (const name of [
      'authorization',
      'host',
      'connection',
      'content-length',
      'x-amz-content-sha256',
      'x-amz-decoded-content-length',
      'x-amz-trailer',
      'expect',
      'x-amz-date',
      'x-amz-security-token',
      'transfer-encoding',
      'x-amz-expected-bucket-owner',
      'origin',
    ]) {
      delete storeHeaders[name];
    }
    if (storeHeaders['content-encoding']) {
      const rest = storeHeaders['content-encoding']
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e && e !== 'aws-chunked');
      if (rest.length) storeHeaders['content-encoding'] = rest.join(',');
      else delete storeHeaders['content-encoding'];
    }
    const storeQuery = Object.fromEntries(Object.entries(query).filter(([k]) => !k.startsWith('X-Amz-') && k !== 'rk'));
    let answer: StoreResponse;
    try {
      answer = await store.handle({
        method,
        bucket: bucketName,
        key: route.key,
        query: storeQuery,
        headers: storeHeaders,
        body,
      });
    } catch (error) {
      // A store that fails (moto crashes on a part sent to an aborted upload, a disk fills up)
      // answers like S3 does, in XML, and the world goes on.
      return send(
        res,
        500,
        'InternalError',
        `We encountered an internal error. Please try again. (${(error as Error).message})`,
        head,
        {},
        isBucketRequest ? regionHeader : {},
      );
    }
    if (answer.status >= 500 && !/xml/.test(answer.headers['content-type'] ?? '')) {
      // moto answers a crash with an HTML page; S3 always answers in XML, and clients parse it.
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
    if (answer.status < 300 && method !== 'GET' && method !== 'HEAD') {
      if (isBucketRequest && method === 'DELETE' && Object.keys(storeQuery).length === 0) buckets.delete(bucketName);
      // A changed setting (policy, Block Public Access, ownership, ACL) is read again when needed.
      if (isBucketRequest) accessCache.delete(bucketName);
    }
    const outHeaders: Record<string, string> = { ...answer.headers };
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
    await writeAnswer(res, answer, outHeaders, head);
  }

  /** Writes a store's answer: small ones whole, object bodies streamed (a cut stream cuts the response). */
  async function writeAnswer(
    res: http.ServerResponse,
    answer: StoreResponse,
    headers: Record<string, string>,
    head: boolean,
  ) {
    const body = answer.body;
    if (head || body === undefined || Buffer.isBuffer(body)) {
      const bytes = head || body === undefined ? undefined : (body as Buffer);
      if (!head || headers['content-length'] === undefined) headers['content-length'] = String(bytes?.length ?? 0);
      res.writeHead(answer.status, headers);
      if (body instanceof Readable) body.destroy();
      return void res.end(bytes);
    }
    res.writeHead(answer.status, headers);
    const segments = fileSegmentsOf(body);
    if (segments) {
      body.destroy(); // never read: the files are sent from reused buffers instead
      await sendSegments(segments, res).then(
        () => res.end(),
        () => res.destroy(),
      );
      return;
    }
    await pipeline(body, res).catch(() => res.destroy());
  }

  /**
   * Whether the caller may make this request, from the bucket's settings; undefined when allowed,
   * else the error to answer. Block Public Access refusals of public policies and ACLs happen here.
   */
  async function authorize(
    facts: BucketFacts,
    account: string | undefined,
    method: string,
    key: string | undefined,
    query: Record<string, string>,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ code: string; message: string } | undefined> {
    const settings = await accessSettings(facts.name);
    const isBucketRequest = key === undefined;
    const action = actionOf(method, isBucketRequest, query);
    const ask = (
      resource: string,
      whichAction = action,
      ownerAccountId = facts.ownerAccountId,
      objectKey = key,
    ): Promise<AccessAnswer> =>
      decideAccess(settings, { account, ownerAccountId, action: whichAction, resource }, async () => {
        if (objectKey === undefined) return [];
        const q: Record<string, string> = { acl: '' };
        if (query['versionId']) q['versionId'] = query['versionId'];
        const acl = await store.handle({
          method: 'GET',
          bucket: facts.name,
          key: objectKey,
          query: q,
          headers: {},
          body: Buffer.alloc(0),
        });
        return acl.status === 200 ? groupGrants(await bodyText(acl)) : [];
      });
    const bucketArn = `arn:aws:s3:::${facts.name}`;
    const refuse = (answer: AccessAnswer) =>
      answer.allowed ? undefined : { code: 'AccessDenied', message: answer.message };

    if (isBucketRequest && method === 'POST' && 'delete' in query) {
      // DeleteObjects: each key is a DeleteObject of its own.
      const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]!));
      for (const k of keys.length ? keys : ['*']) {
        const refused = refuse(await ask(`${bucketArn}/${k}`, 's3:DeleteObject', facts.ownerAccountId, k));
        if (refused) return refused;
      }
    } else {
      const refused = refuse(await ask(isBucketRequest ? bucketArn : `${bucketArn}/${key}`));
      if (refused) return refused;
    }

    // A copy reads its source: the caller must be allowed s3:GetObject there too.
    const copySource = headers['x-amz-copy-source'];
    if (copySource && method === 'PUT' && !isBucketRequest) {
      // A source that names no bucket and key is the store's to refuse (400 InvalidArgument).
      const source = parseCopySource(copySource);
      const sourceFacts = source ? buckets.get(source.bucket) : undefined;
      if (sourceFacts && sourceFacts !== facts) {
        const sourceSettings = await accessSettings(sourceFacts.name);
        const answer = await decideAccess(sourceSettings, {
          account,
          ownerAccountId: sourceFacts.ownerAccountId,
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${source!.bucket}/${source!.key}`,
        });
        if (!answer.allowed) return { code: 'AccessDenied', message: answer.message };
      }
    }

    // Block Public Access: a public policy or ACL is refused before it is stored.
    if (isBucketRequest && method === 'PUT' && 'policy' in query && settings.block.BlockPublicPolicy) {
      let policyIsPublic = false;
      try {
        policyIsPublic = isPublicPolicy(parsePolicy(body.toString('utf8')));
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error; // the store says MalformedPolicy
      }
      if (policyIsPublic) return { code: 'AccessDenied', message: 'Access Denied' };
    }
    const cannedAcl = headers['x-amz-acl'];
    const aclGrantsPublic =
      (cannedAcl !== undefined && PUBLIC_CANNED_ACLS.includes(cannedAcl)) ||
      ('acl' in query && method === 'PUT' && groupGrants(body.toString('utf8')).length > 0);
    if (aclGrantsPublic && settings.block.BlockPublicAcls) return { code: 'AccessDenied', message: 'Access Denied' };
    return undefined;
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
    const configuration = await store.handle({
      method: 'GET',
      bucket,
      query: { cors: '' },
      headers: {},
      body: Buffer.alloc(0),
    });
    if (configuration.status !== 200) return undefined;
    const requestHeaders = preflight
      ? (headers['access-control-request-headers'] ?? '')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : undefined;
    return corsAnswer(parseCorsConfiguration(await bodyText(configuration)), {
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
      body = (await readPayload(await readBody(req), headers)).body;
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
      objectLock: headers['x-amz-bucket-object-lock-enabled']?.toLowerCase() === 'true' || undefined,
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
    await stopServer();
  };
  return world;
}
