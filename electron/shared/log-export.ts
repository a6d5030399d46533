// The request log as files and commands people can take elsewhere: HAR (one entry per HTTP hop),
// JSON (the records as the app keeps them), and a curl command per hop. Pure functions, shared by
// main and the renderer. Nothing secret is in a record to begin with: URLs are redacted at the
// source and no header is kept.
import type { HopRecord, RequestRecord } from '../contract.js';

/** Whether S3 sent this request elsewhere (a 307 followed, or a 301/400 re-issued in another region). */
export function isRedirected(record: RequestRecord): boolean {
  return record.hops.some((h) => h.decision === 'follow-temporary' || h.decision === 'reissue-in-region');
}

export function toJson(records: RequestRecord[]): string {
  return JSON.stringify({ exportedAt: new Date().toISOString(), records }, null, 2);
}

export function toHar(records: RequestRecord[], creator = { name: 'Bucket Explorer', version: '0' }): string {
  const entries = records.flatMap((record) =>
    record.hops.map((hop, index) => ({
      pageref: `request-${record.id}`,
      startedDateTime: new Date(hop.startedAt).toISOString(),
      time: Math.max(hop.durationMs, hop.bodyDoneMs ?? 0),
      request: {
        method: hop.method,
        url: hop.url,
        httpVersion: 'HTTP/1.1',
        headers: [],
        queryString: [...new URL(hop.url).searchParams].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: index === 0 && record.bytesSent !== undefined ? record.bytesSent : -1,
      },
      response: {
        status: hop.status ?? 0,
        statusText: hop.code ?? hop.networkError ?? '',
        httpVersion: 'HTTP/1.1',
        headers: [
          ...(hop.regionHint ? [{ name: 'x-amz-bucket-region', value: hop.regionHint }] : []),
          ...(hop.location ? [{ name: 'location', value: hop.location }] : []),
        ],
        cookies: [],
        content: { size: -1, mimeType: 'application/xml' },
        redirectURL: hop.location ?? '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: {
        send: 0,
        wait: hop.durationMs,
        receive: Math.max(0, (hop.bodyDoneMs ?? hop.durationMs) - hop.durationMs),
      },
      comment: `${record.operation} hop ${index + 1}: ${hop.decision}: ${hop.why} (signed for ${hop.signingRegion})`,
    })),
  );
  const pages = records.map((r) => ({
    id: `request-${r.id}`,
    startedDateTime: new Date(r.startedAt).toISOString(),
    title: `#${r.id} ${r.operation} ${r.bucket ?? ''}${r.key ? `/${r.key}` : ''}`,
    pageTimings: {},
  }));
  return JSON.stringify({ log: { version: '1.2', creator, pages, entries } }, null, 2);
}

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * The hop as a curl command, signed again by curl's own SigV4 support with credentials from the
 * environment, so the command never carries a secret.
 */
export function toCurl(hop: HopRecord): string {
  const method = hop.method === 'GET' ? '' : hop.method === 'HEAD' ? ' --head' : ` -X ${hop.method}`;
  const sign =
    hop.signingRegion === 'unsigned'
      ? ''
      : ` --aws-sigv4 ${shellQuote(`aws:amz:${hop.signingRegion}:s3`)} --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`;
  return `curl -sS${method}${sign} ${shellQuote(hop.url)}`;
}
