// The redirect-aware transport: every S3 command the app sends goes through `send`.
//
// Why not the SDK's `followRegionRedirects`: it follows a 301 once per command, keeps no cache (so
// every command pays the extra round trip again), never follows a 307, cannot resend a streamed
// body, and swaps `region` on the shared client config mid-flight, so a concurrent command for
// another bucket can be signed for the wrong region (../shared/S3-FACTS.md). Here:
//   - one S3Client per region (plus one per directory-bucket zone), never mutated;
//   - 301 / 400-with-region → re-issue the command on the client for that region (fresh endpoint
//     and signature) and remember bucket → region;
//   - 307 → the same command again with a per-command middleware that retargets the request to
//     `Location` before signing, so it is re-signed for that host; the endpoint is never kept;
//   - the command is rebuilt from a factory on every hop, so bodies (buffers, or file ranges that
//     are reopened) are replayed byte for byte;
//   - at most `maxRedirects` hops, no loops, no https→http, no host outside the connection's
//     family; each refusal names the chain of hops.
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  HeadBucketCommand,
  PutObjectCommand,
  UploadPartCommand,
  S3Client,
  type PutObjectCommandInput,
  type ServerSideEncryption,
  type StorageClass,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { NoAuthSigner } from '@smithy/core';
import { HttpRequest } from '@smithy/protocol-http';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  MetadataBearer,
} from '@smithy/types';
import type { HopRecord, RequestRecord } from '../contract.js';
import {
  accountServiceEndpoint,
  createAgents,
  endpointForRegion,
  isInEndpointFamily,
  parseDirectoryBucket,
  regionFromEndpointHost,
  zonalEndpoint,
} from './endpoints.js';
import { readSdkError, S3RequestError, toS3Error, type FailedAnswer } from './errors.js';
import { BucketReader, type Send as ReaderSend } from './bucket-reader.js';
import type { ObjectAnswer, ObjectGet } from './object-get.js';
import type { CopyAnswer, ObjectCopy, ObjectPut, PartAnswer, PartPut, PutAnswer } from './object-put.js';
import {
  listCommandInput,
  versionsCommandInput,
  type ObjectList,
  type ObjectListing,
  type VersionList,
  type VersionListing,
} from './object-list.js';
import { hopContext, RecordingHandler } from './recording-handler.js';
import { RequestLog, redactLocation } from './request-log.js';

export interface ConnectionTarget {
  id: string;
  defaultRegion: string;
  /** `http://s3.{region}.localhost:9000`; absent means AWS's own endpoints. */
  endpointTemplate?: string;
  forcePathStyle?: boolean;
  /** Absent: anonymous (unsigned) requests. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Whether the service keeps a multipart upload's whole-object checksum (ChecksumType
   * FULL_OBJECT: Amazon S3 since 2025, and the demo world, which plays it). Absent: only on AWS's
   * own endpoints. S3-compatible services differ (one may refuse the header, or take the
   * completion's checksum for its XML body's), so uploads there keep the parts' checksums only.
   */
  wholeObjectChecksums?: boolean;
}

export interface RequestMeta {
  operation: string;
  bucket?: string;
  key?: string;
  bytes?: number;
  /** Where to send first when the bucket's region is known better than the cache (CreateBucket). */
  region?: string;
  /** A question whether something is there: its 404 is an answer, not a failure, in the log. */
  absentIsAnswer?: boolean;
}

/**
 * Any S3 command. Typed loosely on purpose: each command's middleware stack is typed by its own
 * input and output, which makes the union of them unassignable to `S3Client.send`'s parameter.
 */
export interface AnyCommand {
  readonly input: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly middlewareStack: { addRelativeTo(middleware: any, options: any): void };
}
type SendableCommand = Parameters<S3Client['send']>[0];

export interface AccountServiceConfig {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler: RecordingHandler;
  maxAttempts: number;
  logger: typeof QUIET_LOGGER;
  endpoint?: string;
}

export interface TransportOptions {
  log?: RequestLog;
  maxRedirects?: number;
  maxAttempts?: number;
  maxSockets?: number;
}

const QUIET_LOGGER = { debug() {}, info() {}, warn() {}, error() {} };

const REGION_REDIRECT_400 = new Set(['AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);

export class S3Transport {
  readonly log: RequestLog;
  private readonly regionCache = new Map<string, string>();
  private readonly clients = new Map<string, S3Client>();
  private readonly readers = new Map<string, BucketReader>();
  private readonly handler: RecordingHandler;
  private readonly maxRedirects: number;
  private readonly maxAttempts: number;

  /** See ConnectionTarget.wholeObjectChecksums. */
  get wholeObjectChecksums(): boolean {
    return this.connection.wholeObjectChecksums ?? this.connection.endpointTemplate === undefined;
  }

  constructor(
    readonly connection: ConnectionTarget,
    options: TransportOptions = {},
  ) {
    this.log = options.log ?? new RequestLog();
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.handler = new RecordingHandler({
      ...createAgents(options.maxSockets),
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
    });
  }

  /** The region the next command for `bucket` will be sent to. */
  regionFor(bucket?: string): string {
    if (!bucket) return this.connection.defaultRegion;
    return parseDirectoryBucket(bucket)?.region ?? this.regionCache.get(bucket) ?? this.connection.defaultRegion;
  }

  /** Unsigned requests: no identity to own anything. */
  get anonymous(): boolean {
    return this.connection.credentials === undefined;
  }

  knownRegion(bucket: string): string | undefined {
    return parseDirectoryBucket(bucket)?.region ?? this.regionCache.get(bucket);
  }

  rememberRegion(bucket: string, region: string): void {
    if (!parseDirectoryBucket(bucket)) this.regionCache.set(bucket, region);
  }

  /** The client that signs for `region` (and the zone of a directory bucket). Never mutated. */
  clientFor(region: string, bucket?: string): S3Client {
    const zone = bucket ? parseDirectoryBucket(bucket)?.zoneId : undefined;
    const key = zone ? `${region}/${zone}` : region;
    let client = this.clients.get(key);
    if (!client) {
      const { endpointTemplate, credentials, forcePathStyle } = this.connection;
      const config: S3ClientConfig = {
        region,
        requestHandler: this.handler,
        followRegionRedirects: false,
        maxAttempts: 1, // retries are the transport's: see send()
        // The transport records every failure in the request log; the SDK's console warnings
        // ("non-retryable streaming request") would only repeat them.
        logger: QUIET_LOGGER,
        forcePathStyle: forcePathStyle ?? false,
      };
      if (endpointTemplate) {
        config.endpoint = zone
          ? zonalEndpoint(endpointTemplate, region, zone)
          : endpointForRegion(endpointTemplate, region);
      }
      if (credentials) {
        config.credentials = credentials;
      } else {
        // Anonymous: Smithy's no-auth scheme, so nothing is signed (public buckets).
        config.httpAuthSchemes = [
          { schemeId: 'smithy.api#noAuth', identityProvider: () => async () => ({}), signer: new NoAuthSigner() },
        ];
        config.httpAuthSchemeProvider = () => [{ schemeId: 'smithy.api#noAuth' }];
      }
      client = new S3Client(config);
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Send one logical request. `build` is called for every hop and every attempt and must return a
   * fresh command (with a fresh body stream, if any) so a redirected or retried request resends
   * identical bytes. Retries happen here, not in the SDK, because the SDK would resend a body
   * stream it has already consumed.
   */
  async send<O extends MetadataBearer>(
    meta: RequestMeta,
    build: () => AnyCommand,
    options: { signal?: AbortSignal } = {},
  ): Promise<O> {
    return this.run(meta, options.signal, (region, temporary) =>
      this.sendCommand<O>(meta, build, region, temporary, options),
    );
  }

  /**
   * GetObject for downloads: the same logical request as `send` with a GetObjectCommand (region,
   * redirects, retries, log), each hop built and signed without the SDK's command stack where it
   * can be (see bucket-reader.ts for why and how).
   */
  async getObject(input: ObjectGet, options: { signal?: AbortSignal; bytes?: number } = {}): Promise<ObjectAnswer> {
    const { bucket, key, versionId, range, ifMatch } = input;
    return this.read(
      { operation: 'GetObject', bucket, key, bytes: options.bytes },
      (reader, send, temporary) => reader.get(input, send, temporary),
      () =>
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          VersionId: versionId,
          Range: range,
          IfMatch: ifMatch,
        }),
      options.signal,
    );
  }

  /**
   * PutObject of a body in memory, as `getObject` sends GetObject (object-put.ts says what the
   * reader sends). `also`: anything else the object is (headers, metadata, tags), which only the
   * SDK's command sends.
   */
  async putObject(
    input: ObjectPut,
    options: { signal?: AbortSignal; also?: Partial<PutObjectCommandInput> } = {},
  ): Promise<PutAnswer> {
    const { bucket, key, body, contentType, ifNoneMatch, storageClass } = input;
    const meta = { operation: 'PutObject', bucket, key, bytes: body.length };
    const command = () =>
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: body.length,
        ChecksumAlgorithm: 'CRC32',
        IfNoneMatch: ifNoneMatch,
        StorageClass: storageClass as StorageClass | undefined,
        Body: body,
        ...options.also,
      });
    if (options.also && Object.values(options.also).some((value) => value !== undefined))
      return this.send(meta, command, options);
    return this.read(meta, (reader, send, temporary) => reader.put(input, send, temporary), command, options.signal);
  }

  /**
   * CopyObject, as `putObject` sends PutObject (object-put.ts says what). `bytes`: the object's
   * size, for the log. A copy S3 has received is carried out whether or not the answer is awaited:
   * the caller decides what stops it (see copy.ts).
   */
  async copyObject(input: ObjectCopy, options: { signal?: AbortSignal; bytes?: number } = {}): Promise<CopyAnswer> {
    const { bucket, key } = input;
    return this.read(
      { operation: 'CopyObject', bucket, key, bytes: options.bytes },
      (reader, send, temporary) => reader.copy(input, send, temporary),
      () =>
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: input.copySource,
          CopySourceIfMatch: input.copySourceIfMatch,
          MetadataDirective: input.metadataDirective,
          TaggingDirective: input.taggingDirective,
          StorageClass: input.storageClass as StorageClass | undefined,
          ServerSideEncryption: input.serverSideEncryption as ServerSideEncryption | undefined,
          SSEKMSKeyId: input.sseKmsKeyId,
        }),
      options.signal,
    );
  }

  /**
   * Whether an object is there (a name free for a copy or an upload?): a HEAD, as `getObject`
   * sends GetObject; its 404 is the answer "no", shown in the log as an answer, not a failure.
   */
  async objectExists(bucket: string, key: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    try {
      await this.read(
        { operation: 'HeadObject', bucket, key, absentIsAnswer: true },
        (reader, send, temporary) => reader.head({ bucket, key }, send, temporary),
        () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
        options.signal,
      );
      return true;
    } catch (error) {
      if ((error as S3RequestError).status === 404) return false;
      throw error;
    }
  }

  /** UploadPart of a part in memory, as `putObject` sends PutObject (object-put.ts says what). */
  async uploadPart(input: PartPut, options: { signal?: AbortSignal } = {}): Promise<PartAnswer> {
    const { bucket, key, body } = input;
    const command = () =>
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: input.uploadId,
        PartNumber: input.partNumber,
        ContentLength: body.length,
        ChecksumAlgorithm: 'CRC32',
        ChecksumCRC32: input.checksumCRC32,
        Body: body,
      });
    return this.read(
      { operation: 'UploadPart', bucket, key, bytes: body.length },
      (reader, send, temporary) => reader.uploadPart(input, send, temporary),
      command,
      options.signal,
    );
  }

  /** ListObjectsV2, as `getObject` sends GetObject. */
  async listObjects(input: ObjectList, options: { signal?: AbortSignal } = {}): Promise<ObjectListing> {
    return this.read(
      { operation: 'ListObjectsV2', bucket: input.bucket, key: input.prefix || undefined },
      (reader, send, temporary) => reader.list(input, send, temporary),
      () => new ListObjectsV2Command(listCommandInput(input)),
      options.signal,
    );
  }

  /** ListObjectVersions, as `getObject` sends GetObject. */
  async listVersions(input: VersionList, options: { signal?: AbortSignal } = {}): Promise<VersionListing> {
    return this.read(
      { operation: 'ListObjectVersions', bucket: input.bucket, key: input.prefix || undefined },
      (reader, send, temporary) => reader.listVersions(input, send, temporary),
      () => new ListObjectVersionsCommand(versionsCommandInput(input)),
      options.signal,
    );
  }

  /**
   * One logical request the bucket reader knows how to make: each hop by the reader, or by the
   * SDK's command (`build`) for a bucket the reader leaves to it.
   */
  private read<O extends MetadataBearer>(
    meta: RequestMeta & { bucket: string },
    hop: (reader: BucketReader, send: ReaderSend, temporary: URL | undefined) => Promise<O | undefined>,
    build: () => AnyCommand,
    signal: AbortSignal | undefined,
  ): Promise<O> {
    const send: ReaderSend = (request) => this.handler.handle(request, { abortSignal: signal });
    return this.run(meta, signal, async (region, temporary) => {
      const reader = this.readerFor(region, meta.bucket);
      const answer = reader ? await hop(reader, send, temporary) : undefined;
      return answer ?? this.sendCommand<O>(meta, build, region, temporary, { signal });
    });
  }

  /** One hop of an SDK command: built fresh (bodies replay), retargeted to a 307's Location. */
  private sendCommand<O>(
    meta: RequestMeta,
    build: () => AnyCommand,
    region: string,
    temporary: URL | undefined,
    options: { signal?: AbortSignal },
  ): Promise<O> {
    const command = build();
    if (temporary) command.middlewareStack.addRelativeTo(retargetTo(temporary), RETARGET_PLACEMENT);
    return this.clientFor(region, meta.bucket).send(command as unknown as SendableCommand, {
      abortSignal: options.signal,
    }) as unknown as Promise<O>;
  }

  /** Where GetObject for `bucket` goes in `region`, or undefined when the SDK's command sends it. */
  async objectEndpoint(region: string, bucket: string): Promise<URL | undefined> {
    return this.readerFor(region, bucket)?.endpoint(bucket);
  }

  /** The reader for a region's plain buckets; none for a directory bucket (session auth: the SDK's). */
  private readerFor(region: string, bucket: string): BucketReader | undefined {
    if (parseDirectoryBucket(bucket)) return undefined;
    let reader = this.readers.get(region);
    if (!reader) {
      reader = new BucketReader(this.clientFor(region), this.anonymous);
      this.readers.set(region, reader);
    }
    return reader;
  }

  /**
   * One logical request: `hop` is called for every hop and attempt with the region to send to
   * and, after a 307, the one-shot Location; it answers, or throws what the SDK would throw.
   */
  private async run<O extends MetadataBearer>(
    meta: RequestMeta,
    signal: AbortSignal | undefined,
    hop: (region: string, temporary: URL | undefined) => Promise<O>,
  ): Promise<O> {
    const record = this.log.start({
      connectionId: this.connection.id,
      operation: meta.operation,
      bucket: meta.bucket,
      key: meta.key,
      ...(meta.absentIsAnswer ? { absentIsAnswer: true } : {}),
    });
    if (meta.bytes !== undefined) record.bytesSent = meta.bytes;
    return hopContext.run({ record, onBodyEnd: () => this.log.bodyEnded(record) }, async () => {
      let region = meta.region ?? this.regionFor(meta.bucket);
      let temporary: URL | undefined;
      let attempt = 1;
      let redirects = 0;
      const visited = new Set<string>();
      const fail = (error: S3RequestError, status?: number): never => {
        this.log.finish(record, {
          outcome: 'error',
          status,
          errorCode: error.code,
          errorMessage: error.message,
          region,
        });
        throw error;
      };
      for (;;) {
        visited.add(`${region} ${temporary?.href ?? ''}`);
        try {
          const output = await hop(region, temporary);
          if (meta.bucket) this.rememberRegion(meta.bucket, region);
          return this.served(record, region, output);
        } catch (error) {
          const answer = this.answerOf(record, error);
          if (signal?.aborted) {
            this.decide(record, 'done', 'cancelled by the user');
            return fail(new S3RequestError('Cancelled', `${describe(meta)} was cancelled.`), answer.status);
          }
          if (isRetryable(answer) && attempt < this.maxAttempts) {
            const delay = backoffMs(attempt, answer.code === 'SlowDown');
            this.decide(
              record,
              'retry',
              `${answer.status ?? ''} ${answer.code}: retrying in ${delay} ms (attempt ${attempt + 1} of ${this.maxAttempts})`.trim(),
            );
            attempt++;
            // A retry goes back to the original endpoint: a 307's one-shot target is not reused.
            temporary = undefined;
            await sleep(delay, signal);
            continue;
          }
          const next = await this.nextTarget(meta, answer, region, redirects, visited);
          if (next.kind === 'fail') {
            this.decide(record, next.refused ? 'refused' : 'done', next.why);
            return fail(next.error, answer.status);
          }
          redirects++;
          if (next.kind === 'temporary') {
            this.decide(record, 'follow-temporary', next.why);
            temporary = next.location;
          } else {
            this.decide(record, 'reissue-in-region', next.why);
            region = next.region;
            temporary = undefined;
            if (meta.bucket) this.rememberRegion(meta.bucket, region);
          }
        }
      }
    });
  }

  /**
   * Settings for a client of one of this connection's account services (STS, S3 Control): the
   * same credentials and recording handler as its S3 clients, one attempt (sendService retries).
   * undefined when there is none: an anonymous connection, or an S3-compatible service.
   */
  accountServiceConfig(service: 'sts' | 's3-control'): AccountServiceConfig | undefined {
    const { credentials, defaultRegion, endpointTemplate } = this.connection;
    const endpoint = accountServiceEndpoint(endpointTemplate, service, defaultRegion);
    if (!credentials || endpoint === undefined) return undefined;
    return {
      region: defaultRegion,
      credentials,
      requestHandler: this.handler,
      maxAttempts: 1,
      logger: QUIET_LOGGER,
      ...(endpoint ? { endpoint } : {}),
    };
  }

  /**
   * One request to an account service, logged hop by hop like S3's and retried the same way.
   * Neither STS nor S3 Control redirects, so nothing here follows one.
   */
  async sendService<O extends MetadataBearer>(meta: RequestMeta, call: () => Promise<O>): Promise<O> {
    const record = this.log.start({ connectionId: this.connection.id, operation: meta.operation });
    const region = this.connection.defaultRegion;
    return hopContext.run({ record }, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return this.served(record, region, await call());
        } catch (error) {
          const answer = this.answerOf(record, error);
          if (isRetryable(answer) && attempt < this.maxAttempts) {
            const delay = backoffMs(attempt, answer.code === 'SlowDown');
            this.decide(record, 'retry', `${answer.status ?? ''} ${answer.code}: retrying in ${delay} ms`.trim());
            await sleep(delay);
            continue;
          }
          this.decide(
            record,
            'done',
            answer.status ? `${answer.status} ${answer.code}` : `network error ${answer.code}`,
          );
          const failure = toS3Error(answer, describe(meta));
          this.log.finish(record, {
            outcome: 'error',
            status: answer.status,
            errorCode: failure.code,
            errorMessage: failure.message,
            region,
          });
          throw failure;
        }
      }
    });
  }

  /** A request answered: its last hop decided, the record finished. */
  private served<O extends MetadataBearer>(record: RequestRecord, region: string, output: O): O {
    this.decide(record, 'done', `served by ${region}`);
    this.log.finish(record, { outcome: 'ok', status: output.$metadata.httpStatusCode, region });
    return output;
  }

  /** What a failed attempt answered, its S3 code kept on the hop that got it. */
  private answerOf(record: RequestRecord, error: unknown): FailedAnswer {
    const answer = readSdkError(error);
    const hop = record.hops.at(-1);
    if (hop) hop.code = answer.status !== undefined ? answer.code : undefined;
    return answer;
  }

  private decide(record: RequestRecord, decision: HopRecord['decision'], why: string): void {
    const hop = record.hops.at(-1);
    if (!hop) return;
    hop.decision = decision;
    hop.why = why;
  }

  private async nextTarget(
    meta: RequestMeta,
    answer: FailedAnswer,
    region: string,
    redirects: number,
    visited: Set<string>,
  ): Promise<
    | { kind: 'fail'; error: S3RequestError; why: string; refused?: boolean }
    | { kind: 'temporary'; location: URL; why: string }
    | { kind: 'region'; region: string; why: string }
  > {
    const action = describe(meta);
    const isTemporary = answer.status === 307;
    const isPermanent = answer.status === 301;
    const isRegion400 = answer.status === 400 && REGION_REDIRECT_400.has(answer.code);
    if (!isTemporary && !isPermanent && !isRegion400) {
      const error = toS3Error(answer, action);
      return {
        kind: 'fail',
        error,
        why: answer.status ? `${answer.status} ${answer.code}: not a redirect` : `network error ${answer.code}`,
      };
    }
    const refuse = (why: string) => ({
      kind: 'fail' as const,
      refused: true,
      why,
      error: new S3RequestError(
        'RedirectRefused',
        `${action} failed: ${why}. Hops: ${this.chain()}`,
        answer.status,
        'The server kept sending the request elsewhere. Check the endpoint and region of this connection.',
      ),
    });
    if (redirects >= this.maxRedirects) return refuse(`more than ${this.maxRedirects} redirects`);

    if (isTemporary) {
      if (!answer.location) return refuse('307 without a Location header');
      let location: URL;
      try {
        location = new URL(answer.location);
      } catch {
        return refuse(`307 to an unreadable Location "${redactLocation(answer.location)}"`);
      }
      const unsafe = unsafeTemporaryLocation(location, region, this.connection.endpointTemplate);
      if (unsafe) return refuse(unsafe);
      if (visited.has(`${region} ${location.href}`)) return refuse(`307 loop back to ${location.host}`);
      return {
        kind: 'temporary',
        location,
        why: `307 TemporaryRedirect: resend the same request to ${location.host} once; keep the original endpoint`,
      };
    }

    const learned = await this.regionFromAnswer(meta, answer);
    if (!learned) return refuse(`${answer.status} ${answer.code} named no region`);
    if (learned.region === region || visited.has(`${learned.region} `))
      return refuse(`${answer.status} ${answer.code} points back to ${learned.region}`);
    return {
      kind: 'region',
      region: learned.region,
      why: `${answer.status} ${answer.code}: the bucket lives in ${learned.region} (from ${learned.source}); re-signed for it and cached`,
    };
  }

  private async regionFromAnswer(
    meta: RequestMeta,
    answer: FailedAnswer,
  ): Promise<{ region: string; source: string } | undefined> {
    if (answer.headers['x-amz-bucket-region'])
      return { region: answer.headers['x-amz-bucket-region'], source: 'x-amz-bucket-region' };
    if (answer.regionHint) return { region: answer.regionHint, source: 'the error body' };
    const fromEndpoint = answer.endpoint ? regionFromEndpointHost(answer.endpoint) : undefined;
    if (fromEndpoint) return { region: fromEndpoint, source: 'the XML Endpoint' };
    if (!meta.bucket || meta.operation === 'HeadBucket') return undefined;
    // Last resort: ask HeadBucket, whose answers carry x-amz-bucket-region on 200, 301, 400, 403.
    try {
      const head = await this.clientFor('us-east-1').send(new HeadBucketCommand({ Bucket: meta.bucket }));
      return head.BucketRegion ? { region: head.BucketRegion, source: 'a HeadBucket probe' } : undefined;
    } catch (error) {
      const region = readSdkError(error).headers['x-amz-bucket-region'];
      return region ? { region, source: 'a HeadBucket probe' } : undefined;
    }
  }

  private chain(): string {
    const record = hopContext.getStore()?.record;
    return (record?.hops ?? [])
      .map((h) => `${h.method} ${h.host} → ${h.status ?? h.networkError}${h.code ? ` ${h.code}` : ''}`)
      .join(' ⇒ ');
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.readers.clear();
    this.handler.destroy();
  }
}

/**
 * Why a 307's Location must not be followed, or undefined if it may: no https→http downgrade and
 * no host outside the connection's endpoint family (so a redirect cannot send signed requests, or
 * their bodies, anywhere else).
 */
export function unsafeTemporaryLocation(
  location: URL,
  region: string,
  endpointTemplate: string | undefined,
): string | undefined {
  const current = endpointTemplate ? new URL(endpointForRegion(endpointTemplate, region)) : undefined;
  if ((current?.protocol ?? 'https:') === 'https:' && location.protocol !== 'https:')
    return `307 would downgrade https to ${location.protocol}`;
  if (location.protocol !== 'https:' && location.protocol !== 'http:') return `307 to a ${location.protocol} URL`;
  if (!isInEndpointFamily(location, endpointTemplate))
    return `307 to ${location.host}, outside this connection's endpoints`;
  return undefined;
}

const RETRYABLE_CODES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'TimeoutError',
  'RequestTimeTooSkewed',
]);

function isRetryable(answer: FailedAnswer): boolean {
  // 501 NotImplemented and 505 will answer the same every time (botocore does not retry them either).
  if (answer.status === 501 || answer.status === 505) return false;
  if (answer.status !== undefined && (answer.status >= 500 || answer.status === 429)) return true;
  return RETRYABLE_CODES.has(answer.code);
}

/** Exponential backoff with full jitter; SlowDown starts slower. */
function backoffMs(attempt: number, slowDown: boolean): number {
  const base = slowDown ? 500 : 100;
  return Math.round(Math.random() * Math.min(5000, base * 2 ** (attempt - 1))) + 10;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function describe(meta: RequestMeta): string {
  const target = meta.bucket ? ` ${meta.bucket}${meta.key ? `/${meta.key}` : ''}` : '';
  return `${meta.operation}${target}`;
}

const RETARGET_PLACEMENT = {
  relation: 'before',
  toMiddleware: 'httpSigningMiddleware',
  name: 'retargetToTemporaryEndpoint',
} as const;

/**
 * Point this one request at a 307's Location before it is signed, so the signature covers the new
 * host. The original query is kept and Location's own parameters (e.g. `rk`) are added.
 */
function retargetTo(location: URL): FinalizeRequestMiddleware<object, object> {
  return (next) => async (args) => {
    if (!HttpRequest.isInstance(args.request)) return next(args);
    // Built field by field: the SDK's request may come from another copy of @smithy/protocol-http.
    const original = args.request;
    const request = new HttpRequest({ ...original, headers: { ...original.headers }, query: { ...original.query } });
    request.protocol = location.protocol;
    request.hostname = location.hostname;
    request.port = location.port ? Number(location.port) : undefined;
    request.path = location.pathname;
    const query: Record<string, string | string[] | null> = { ...request.query };
    for (const [name, value] of location.searchParams) query[name] = value;
    request.query = query;
    request.headers = { ...request.headers, host: location.host };
    return next({ ...args, request });
  };
}
