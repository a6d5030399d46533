// GetObject for downloads and previews, built here instead of by the SDK's command stack and sent
// by the bucket reader (bucket-reader.ts).
//
// Why: a download of many small files is one GetObject each, and the SDK's per-command work
// (resolving and sorting a middleware stack per command, schema serde, endpoint rules, user agent,
// retry and checksum middleware, output deserialisation) costs ~440 µs of CPU per request here
// against ~70 µs for building the same request and signing it (measured: 4,000 GetObjects through
// a handler that answers at once). For 2,000 files that is ~0.75 s of the core's CPU.
//
// The key's encoding is still the SDK's (`extendedEncodeURIComponent` per path segment, as its
// serializer does). test/integration/object-get.test.ts compares the requests built here with the
// SDK's own, key by key.
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import { HttpRequest } from '@smithy/protocol-http';
import type { Readable } from 'node:stream';

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
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  /** FULL_OBJECT or COMPOSITE (a multipart upload's checksum of its parts' checksums). */
  ChecksumType?: string;
}

/**
 * An object's request as the SDK's HttpBindingProtocol builds it: the endpoint's path, then
 * `/{Key+}` with each segment encoded; `x-id`, the endpoint's own parameters and the operation's.
 * After a 307 the one request goes to its Location (path and extra parameters included), as the
 * transport's retarget middleware does for the SDK's commands.
 */
export function objectHttpRequest(request: {
  method: 'GET' | 'HEAD' | 'PUT';
  /** Its `x-id`, as the SDK names an operation that shares its method and path (not HEAD's). */
  operation?: string;
  url: URL;
  key: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: Uint8Array | Readable;
  temporary?: URL;
}): HttpRequest {
  const { url, temporary } = request;
  const keyPath = `/${request.key.split('/').map(extendedEncodeURIComponent).join('/')}`;
  const query: Record<string, string> = request.operation ? { 'x-id': request.operation } : {};
  for (const [name, value] of url.searchParams) query[name] = value;
  Object.assign(query, request.query);
  if (temporary) for (const [name, value] of temporary.searchParams) query[name] = value;
  const at = temporary ?? url;
  return new HttpRequest({
    method: request.method,
    protocol: at.protocol,
    hostname: at.hostname,
    port: at.port ? Number(at.port) : undefined,
    path: temporary ? temporary.pathname : url.pathname === '/' ? keyPath : url.pathname + keyPath,
    query,
    headers: { ...request.headers, host: at.host },
    body: request.body,
  });
}

/** The request the SDK's GetObjectCommand would send for `input` (before signing), at `url`. */
export function objectRequest(url: URL, input: ObjectGet, temporary?: URL): HttpRequest {
  const headers: Record<string, string> = {};
  if (input.range !== undefined) headers.range = input.range;
  if (input.ifMatch !== undefined) headers['if-match'] = input.ifMatch;
  // As the SDK asks on every GetObject (its response checksum validation, "when supported"): S3
  // answers with the object's checksums for a whole object or a part, never for a range.
  headers['x-amz-checksum-mode'] = 'ENABLED';
  return objectHttpRequest({
    method: 'GET',
    operation: 'GetObject',
    url,
    key: input.key,
    query: input.versionId === undefined ? undefined : { versionId: input.versionId },
    headers,
    temporary,
  });
}

/**
 * The request the SDK's HeadObjectCommand would send to ask whether `key` is there (before
 * signing), at `url`: a name free for a copy or an upload is asked of every object of a folder.
 */
export function headRequest(url: URL, input: { key: string }, temporary?: URL): HttpRequest {
  return objectHttpRequest({ method: 'HEAD', url, key: input.key, headers: {}, temporary });
}
