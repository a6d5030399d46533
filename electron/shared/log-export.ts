// The request log as files and commands people can take elsewhere: HAR (one entry per HTTP hop),
// JSON (the records as the app keeps them), and a curl command per hop. Pure functions, shared by
// main and the renderer. Nothing secret is in a record to begin with: URLs are redacted at the
// source and no header is kept.
import type { HopRecord, RequestRecord } from '../contract.js';

/** Whether S3 sent this request elsewhere (a 307 followed, or a 301/400 re-issued in another region). */
export function isRedirected(record: RequestRecord): boolean {
  return record.hops.some((h) => h.decision === 'follow-temporary' || h.decision === 'reissue-in-region');
}

/**
 * Answers that arrive as HTTP errors but are not failures: S3 says "not configured" with a 404
 * (the probe's permission checks ask for tags, CORS, encryption… that a bucket may simply not
 * have). The log shows them as answers, not in red, and the Errors filter leaves them out.
 */
const NOT_CONFIGURED = new Set([
  'NoSuchTagSet',
  'NoSuchCORSConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchBucketPolicy',
  'NoSuchLifecycleConfiguration',
  'NoSuchWebsiteConfiguration',
  'NoSuchPublicAccessBlockConfiguration',
  'OwnershipControlsNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'ReplicationConfigurationNotFoundError',
]);

export function isNotConfigured(record: RequestRecord): boolean {
  return record.outcome === 'error' && record.errorCode !== undefined && NOT_CONFIGURED.has(record.errorCode);
}

/** A 404 to a question whether something is there (a name free for a copy or an upload). */
export function isAbsentAnswer(record: RequestRecord): boolean {
  return record.outcome === 'error' && record.absentIsAnswer === true && record.status === 404;
}

/** A real failure: what the Errors filter shows and the log colours red. */
export function isFailure(record: RequestRecord): boolean {
  return record.outcome === 'error' && !isNotConfigured(record) && !isAbsentAnswer(record);
}

/** What the app did after a hop, in words a person reads without the source at hand. */
export function decisionInWords(hop: HopRecord, next: HopRecord | undefined): string {
  switch (hop.decision) {
    case 'follow-temporary':
      return `followed the 307 to ${next?.host.split(':')[0] ?? 'its Location'}, once`;
    case 'reissue-in-region':
      return `re-signed and re-sent to ${next?.signingRegion ?? hop.regionHint ?? 'the bucket region'}`;
    case 'retry':
      return 'retried after a pause';
    case 'refused':
      return 'refused to follow';
    case 'done':
      return hop.status !== undefined && hop.status < 300 ? 'answered' : 'final answer';
  }
}

/** The hop chain as parts: every hop but the last, and the last, which must never be cut off. */
export function hopChainParts(record: RequestRecord): { start: string; end: string } {
  const parts = record.hops.map((hop, index) => {
    const previous = record.hops[index - 1];
    const place = previous?.decision === 'follow-temporary' ? hop.host.split(':')[0]! : hop.signingRegion;
    const answer =
      hop.status !== undefined
        ? `${hop.status}${hop.code && hop.status >= 300 ? ` ${hop.code}` : ''}`
        : (hop.networkError ?? '…');
    return previous?.decision === 'retry' && previous.signingRegion === hop.signingRegion
      ? answer
      : `${place} → ${answer}`;
  });
  if (parts.length === 0) return { start: '', end: '…' };
  const last = parts.at(-1)!;
  // Keep the last answer whole: "… → eu-west-1 → 200" reads right even when the start is cut.
  const arrow = last.lastIndexOf(' → ');
  const head = [...parts.slice(0, -1), ...(arrow >= 0 ? [last.slice(0, arrow)] : [])].join(' → ');
  const tail = arrow >= 0 ? last.slice(arrow + 3) : last;
  return { start: head ? `${head} → ` : '', end: tail };
}

/** `us-east-1 → 301 PermanentRedirect → eu-west-1 → 200` */
export function hopChain(record: RequestRecord): string {
  const { start, end } = hopChainParts(record);
  return `${start}${end}`;
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
          ...(hop.requestId ? [{ name: 'x-amz-request-id', value: hop.requestId }] : []),
          ...(hop.hostId ? [{ name: 'x-amz-id-2', value: hop.hostId }] : []),
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
export function toCurl(hop: HopRecord, record?: Pick<RequestRecord, 'key'>): string {
  const method = hop.method === 'GET' ? '' : hop.method === 'HEAD' ? ' --head' : ` -X ${hop.method}`;
  const sign =
    hop.signingRegion === 'unsigned'
      ? ''
      : ` --aws-sigv4 ${shellQuote(`aws:amz:${hop.signingRegion}:s3`)} --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`;
  // The body is not in the log (nothing large or secret is): the command names the file to send,
  // by the object's name, for the user to point at their own copy.
  const file = record?.key?.split('/').filter(Boolean).at(-1) ?? 'FILE';
  const body = hop.method === 'PUT' || hop.method === 'POST' ? ` --data-binary ${shellQuote(`@${file}`)}` : '';
  return `curl -sS${method}${sign}${body} ${shellQuote(hop.url)}`;
}
