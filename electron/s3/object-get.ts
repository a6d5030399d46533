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
