// S3's XML: errors, escaping, and a parser for the documents clients send.
import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Text-node escaping, as S3 writes it (quotes stay literal). */
export function escapeXml(value: string): string {
  return value.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

export function errorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const id = randomBytes(8).toString('hex').toUpperCase();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
}

/** An S3 error answer: thrown anywhere in the store, written once by its dispatcher. */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const noSuchKey = (key: string, headers: Record<string, string> = {}) =>
  new StoreError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, headers);

export const preconditionFailed = (condition: string) =>
  new StoreError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });

export const malformedXml = () =>
  new StoreError(
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

/**
 * Character references such as `&#34;` decoded, as XML requires: Go's encoder writes a part's
 * quoted ETag that way, and without them every multipart upload rclone finished was refused as
 * InvalidPart. fast-xml-parser decodes them only with `htmlEntities` (which also takes HTML's
 * common names, beyond XML's five: lenient, never wrong for a document S3 would take).
 */
export const XML_ENTITY_OPTIONS = { htmlEntities: true } as const;

const parser = new XMLParser({
  ignoreAttributes: true,
  ...XML_ENTITY_OPTIONS,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['Object', 'Tag', 'Part', 'Rule', 'CORSRule', 'Grant'].includes(name),
});

/** Parses a request document; anything unreadable is S3's MalformedXML. */
export function parseXml(body: Buffer): Record<string, unknown> {
  try {
    const parsed = parser.parse(body.toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) throw malformedXml();
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw malformedXml();
  }
}

export function xmlAnswer(body: string, status = 200, headers: Record<string, string> = {}) {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: Buffer.from(text) };
}
