// Small pure pieces: endpoint families, zone ids, redaction, aws-chunked framing, host routing.
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../electron/app-menu.js';
import { parseXml } from '../../electron/store/xml.js';
import { QuitGuard } from '../../electron/quit-guard.js';
import { decodeAwsChunked, PayloadError, verifyChecksums } from '../../electron/world/payload.js';
import { routeRequest } from '../../electron/world/world.js';
import type { HopRecord, RequestRecord } from '../../electron/contract.js';
import {
  decisionInWords,
  hopChainParts,
  isFailure,
  isAbsentAnswer,
  isNotConfigured,
  toCurl,
  toHar,
} from '../../electron/shared/log-export.js';
import { safeFileName } from '../../electron/shared/local-names.js';
import { formatBytes, formatCount } from '../../electron/shared/format-bytes.js';
import { withHint } from '../../electron/shared/bridge-error.js';
import { filledPairs, headerProblem, metadataProblem, tagsProblem } from '../../electron/shared/object-edit-rules.js';
import { nameProblem } from '../../electron/shared/object-names.js';
import { folderOf, parseS3Location } from '../../electron/shared/s3-location.js';
import { nameMatcher } from '../../electron/shared/name-match.js';
import { lifecycleRuleProblem, ruleIdFor } from '../../electron/shared/lifecycle.js';
import { corsRuleProblem, describeCorsRule, listOf } from '../../electron/shared/cors-rules.js';
import {
  isInEndpointFamily,
  parseDirectoryBucket,
  regionFromEndpointHost,
  zonalEndpoint,
} from '../../electron/s3/endpoints.js';
import { HttpRequest } from '@smithy/protocol-http';
import { redactUrl } from '../../electron/s3/request-log.js';
import { loggedUrl } from '../../electron/s3/recording-handler.js';
import { unsafeTemporaryLocation } from '../../electron/s3/transport.js';
import { hopChain } from '../../renderer/format.js';

describe('endpoints', () => {
  it('maps directory bucket zone ids to regions and location types', () => {
    expect(parseDirectoryBucket('data--usw2-az1--x-s3')).toEqual({
      zoneId: 'usw2-az1',
      region: 'us-west-2',
      locationType: 'AvailabilityZone',
    });
    expect(parseDirectoryBucket('edge--use1-lax1-az1--x-s3')).toEqual({
      zoneId: 'use1-lax1-az1',
      region: 'us-east-1',
      locationType: 'LocalZone',
    });
    expect(parseDirectoryBucket('plain-bucket')).toBeUndefined();
    expect(parseDirectoryBucket('x--zz9-az1--x-s3')).toBeUndefined();
  });

  it('builds zonal endpoints from a template', () => {
    expect(zonalEndpoint('http://s3.{region}.localhost:9000', 'us-west-2', 'usw2-az1')).toBe(
      'http://s3express-usw2-az1.us-west-2.localhost:9000',
    );
  });

  it('reads the region out of S3 endpoint hosts', () => {
    expect(regionFromEndpointHost('ant-lab.s3-ap-northeast-1.amazonaws.com')).toBe('ap-northeast-1');
    expect(regionFromEndpointHost('b.s3.eu-west-1.localhost')).toBe('eu-west-1');
    expect(regionFromEndpointHost('b.s3.amazonaws.com')).toBeUndefined();
  });

  it('keeps redirects inside the connection family', () => {
    const template = 'http://s3.{region}.localhost:9000';
    expect(isInEndpointFamily(new URL('http://b.s3-abc.localhost:9000/x'), template)).toBe(true);
    expect(isInEndpointFamily(new URL('http://b.s3-abc.localhost:9001/x'), template)).toBe(false);
    expect(isInEndpointFamily(new URL('http://evil.example.com:9000/x'), template)).toBe(false);
    expect(isInEndpointFamily(new URL('https://johnsmith.s3-gztb4pa9sq.amazonaws.com/p'), undefined)).toBe(true);
    expect(isInEndpointFamily(new URL('https://amazonaws.com.evil.io/p'), undefined)).toBe(false);
  });

  it('refuses https→http downgrades and non-http schemes for a 307', () => {
    expect(unsafeTemporaryLocation(new URL('http://b.s3-x.amazonaws.com/'), 'us-east-1', undefined)).toContain(
      'downgrade',
    );
    expect(unsafeTemporaryLocation(new URL('https://b.s3-x.amazonaws.com/'), 'us-east-1', undefined)).toBeUndefined();
    expect(
      unsafeTemporaryLocation(
        new URL('http://b.s3-x.localhost:9000/'),
        'us-east-1',
        'https://s3.{region}.localhost:9000',
      ),
    ).toContain('downgrade');
  });
});

describe('redaction', () => {
  it('replaces presigned signature, credential and token values', () => {
    const url =
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=abc123&X-Amz-Security-Token=tok&partNumber=2';
    const redacted = redactUrl(url);
    expect(redacted).not.toContain('abc123');
    expect(redacted).not.toContain('AKIA');
    expect(redacted).not.toContain('tok&');
    expect(redacted).toContain('partNumber=2');
  });

  it("keeps a request's secrets out of the URL the log shows", () => {
    const url = loggedUrl(
      new HttpRequest({
        protocol: 'https:',
        hostname: 'b.s3.amazonaws.com',
        path: '/a%20b',
        query: {
          'X-Amz-Credential': 'AKIA/20260101',
          'X-Amz-Signature': 'abc123',
          'x-amz-security-token': 'tok',
          partNumber: '2',
          list: ['1', '2'],
        },
      }),
    );
    expect(url).toBe(
      'https://b.s3.amazonaws.com/a%20b?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x-amz-security-token=REDACTED&partNumber=2&list=1&list=2',
    );
  });
});

describe('aws-chunked', () => {
  it('decodes signed and unsigned framing and reads trailers', async () => {
    const body = Buffer.from(
      '5;chunk-signature=aa\r\nhello\r\n6;chunk-signature=bb\r\n world\r\n0;chunk-signature=cc\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n',
    );
    const decoded = decodeAwsChunked(body, { 'x-amz-decoded-content-length': '11' });
    expect(decoded.body.toString()).toBe('hello world');
    expect(decoded.trailers['x-amz-checksum-crc32']).toBe('DUoRhQ==');
    await expect(verifyChecksums(decoded.body, {}, decoded.trailers)).resolves.toBeUndefined();
  });

  it('verifies CRC32C and CRC64NVME as S3 does: the right one passes, another is BadDigest', async () => {
    // Bit by bit, from their polynomials (reflected), not from the library the world uses.
    const crc = (bytes: Buffer, bits: 32 | 64, poly: bigint) => {
      const mask = (1n << BigInt(bits)) - 1n;
      let c = mask;
      for (const byte of bytes) {
        c ^= BigInt(byte);
        for (let i = 0; i < 8; i++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
      }
      const out = Buffer.alloc(bits / 8);
      if (bits === 32) out.writeUInt32BE(Number(c ^ mask));
      else out.writeBigUInt64BE(c ^ mask);
      return out.toString('base64');
    };
    const body = Buffer.from('hello world, checked');
    const crc32c = crc(body, 32, 0x82f63b78n);
    const crc64 = crc(body, 64, 0x9a6c9329ac4bc9b5n);
    await expect(verifyChecksums(body, { 'x-amz-checksum-crc32c': crc32c }, {})).resolves.toBeUndefined();
    await expect(verifyChecksums(body, {}, { 'x-amz-checksum-crc64nvme': crc64 })).resolves.toBeUndefined();
    const other = Buffer.from('hello world, changed');
    await expect(verifyChecksums(other, { 'x-amz-checksum-crc32c': crc32c }, {})).rejects.toMatchObject({
      code: 'BadDigest',
    });
    await expect(verifyChecksums(other, {}, { 'x-amz-checksum-crc64nvme': crc64 })).rejects.toMatchObject({
      code: 'BadDigest',
    });
  });

  it('refuses truncated bodies and wrong lengths', () => {
    expect(() => decodeAwsChunked(Buffer.from('a\r\nshort'), {})).toThrow(PayloadError);
    expect(() =>
      decodeAwsChunked(Buffer.from('3\r\nabc\r\n0\r\n\r\n'), { 'x-amz-decoded-content-length': '4' }),
    ).toThrow(/decoded-content-length/);
  });
});

describe('world routing', () => {
  it('routes hosts like AWS', () => {
    expect(routeRequest('b.s3.eu-west-1.localhost:1', '/k%20x')).toMatchObject({
      endpointRegion: 'eu-west-1',
      bucket: 'b',
      key: 'k x',
      virtualHosted: true,
    });
    expect(routeRequest('s3.eu-west-1.localhost:1', '/b/a/b')).toMatchObject({
      endpointRegion: 'eu-west-1',
      bucket: 'b',
      key: 'a/b',
    });
    expect(routeRequest('127.0.0.1:1', '/b')).toMatchObject({ endpointRegion: 'global', bucket: 'b', key: undefined });
    expect(routeRequest('b.s3-x1y2.localhost:1', '/')).toMatchObject({ facilityToken: 'x1y2', bucket: 'b' });
    expect(routeRequest('d--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.localhost:1', '/')).toMatchObject({
      zone: 'usw2-az1',
      endpointRegion: 'us-west-2',
    });
    expect(routeRequest('example.com', '/')).toBeUndefined();
  });
});

describe('hop chain', () => {
  it('reads like the redirect it was', () => {
    const hop = (signingRegion: string, status: number, decision: 'done' | 'reissue-in-region', code?: string) => ({
      method: 'GET',
      url: '',
      host: 'h',
      signingRegion,
      status,
      code,
      decision,
      why: '',
      startedAt: 0,
      durationMs: 1,
    });
    const chain = hopChain({
      id: 1,
      connectionId: 'c',
      operation: 'ListObjectsV2',
      startedAt: 0,
      outcome: 'ok',
      hops: [hop('us-east-1', 301, 'reissue-in-region', 'PermanentRedirect'), hop('eu-west-1', 200, 'done')],
    });
    expect(chain).toBe('us-east-1 → 301 PermanentRedirect → eu-west-1 → 200');
  });
});

describe('toHar', () => {
  it('writes one entry per hop, with the redirect target and the body time as receive', () => {
    const record: RequestRecord = {
      id: 7,
      connectionId: 'demo',
      operation: 'GetObject',
      bucket: 'b',
      key: 'k',
      startedAt: Date.parse('2026-11-21T10:00:00Z'),
      outcome: 'ok',
      durationMs: 900,
      hops: [
        {
          method: 'GET',
          url: 'http://b.s3.eu-west-1.localhost:9000/k',
          host: 'b.s3.eu-west-1.localhost:9000',
          signingRegion: 'eu-west-1',
          status: 307,
          code: 'TemporaryRedirect',
          location: 'http://b.s3-x.localhost:9000/k?rk=1',
          decision: 'follow-temporary',
          why: 'temporary',
          startedAt: Date.parse('2026-11-21T10:00:00Z'),
          durationMs: 12,
        },
        {
          method: 'GET',
          url: 'http://b.s3-x.localhost:9000/k?rk=1',
          host: 'b.s3-x.localhost:9000',
          signingRegion: 'eu-west-1',
          status: 200,
          decision: 'done',
          why: '',
          startedAt: Date.parse('2026-11-21T10:00:00.020Z'),
          durationMs: 30,
          bodyDoneMs: 850,
        },
      ],
    };
    const har = JSON.parse(toHar([record])) as {
      log: {
        entries: Array<{
          time: number;
          response: { status: number; redirectURL: string };
          timings: { wait: number; receive: number };
        }>;
      };
    };
    expect(
      har.log.entries.map((e) => [
        e.response.status,
        e.response.redirectURL,
        e.time,
        e.timings.wait,
        e.timings.receive,
      ]),
    ).toEqual([
      [307, 'http://b.s3-x.localhost:9000/k?rk=1', 12, 12, 0],
      [200, '', 850, 30, 820],
    ]);
  });
});

describe('safe local file names', () => {
  it('makes any key segment one file name that is safe on every OS', () => {
    const cases: Array<[string, string]> = [
      ['report.pdf', 'report.pdf'],
      ['a/b/c.txt', 'c.txt'],
      ['..', 'download'],
      ['.', 'download'],
      ['', 'download'],
      ['folder/', 'folder'],
      ['..\\..\\evil.bat', '.._.._evil.bat'],
      ['C:evil', 'C_evil'],
      ['what?<>|*".txt', 'what______.txt'],
      ['CON', '_CON'],
      ['lpt1.log', '_lpt1.log'],
      ['console.txt', 'console.txt'],
      ['trailing dots...', 'trailing dots'],
      ['nul\u0000inside', 'nul_inside'],
      ['.hidden', '.hidden'],
    ];
    for (const [input, expected] of cases) expect(safeFileName(input), input).toBe(expected);
    const long = safeFileName(`${'é'.repeat(300)}.json`);
    expect(long.endsWith('.json')).toBe(true);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
  });
});

describe('pasted S3 locations', () => {
  it('reads names, s3:// paths and S3 URLs, and refuses what is not a bucket in words', () => {
    const ok = (input: string) => {
      const parsed = parseS3Location(input);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.location;
    };
    expect(ok('demo-us-east')).toEqual({ bucket: 'demo-us-east', key: '', region: undefined });
    expect(ok('  s3://demo-us-east/reports/2026/ ')).toEqual({
      bucket: 'demo-us-east',
      key: 'reports/2026/',
      region: undefined,
    });
    expect(ok('https://demo-eu-west.s3.eu-west-1.amazonaws.com/photos/a%20b.jpg')).toEqual({
      bucket: 'demo-eu-west',
      key: 'photos/a b.jpg',
      region: 'eu-west-1',
    });
    expect(ok('https://s3.ap-southeast-2.amazonaws.com/logs-bucket/2026/')).toEqual({
      bucket: 'logs-bucket',
      key: '2026/',
      region: 'ap-southeast-2',
    });
    expect(ok('https://my.dotted.bucket.s3.amazonaws.com/x')).toEqual({
      bucket: 'my.dotted.bucket',
      key: 'x',
      region: undefined,
    });
    const bad = (input: string) => {
      const parsed = parseS3Location(input);
      return parsed.ok ? 'ok' : parsed.problem;
    };
    expect(bad('My_Bucket')).toContain('Bucket names are 3–63 lowercase letters, digits, dots and hyphens');
    expect(bad('ab')).toContain('3–63');
    expect(bad('https://example.com/x')).toContain('not an Amazon S3 address');
    expect(bad('')).toContain('Type a bucket name');
    // The ARN the console (and the details pane) shows.
    expect(ok('arn:aws:s3:::demo-us-east')).toEqual({ bucket: 'demo-us-east', key: '', region: undefined });
    expect(ok('arn:aws-cn:s3:::logs-bucket/2026/a.txt')).toEqual({
      bucket: 'logs-bucket',
      key: '2026/a.txt',
      region: undefined,
    });
    expect(bad('s3://')).toBe('"s3://" names no bucket: give one, as s3://bucket-name or bucket-name.');
    expect(bad('arn:aws:s3:::')).toContain('names no bucket');
    expect(folderOf('a/b/c.txt')).toBe('a/b/');
    expect(folderOf('a/b/')).toBe('a/b/');
    expect(folderOf('c.txt')).toBe('');
  });
});

describe('the request log in words', () => {
  const hop = (over: Partial<HopRecord>): HopRecord => ({
    method: 'GET',
    url: 'http://b.s3.us-east-1.localhost:9/k',
    host: 'b.s3.us-east-1.localhost:9',
    signingRegion: 'us-east-1',
    decision: 'done',
    why: '',
    startedAt: 0,
    durationMs: 1,
    ...over,
  });
  const record = (hops: HopRecord[], over: Partial<RequestRecord> = {}): RequestRecord => ({
    id: 1,
    connectionId: 'c',
    operation: 'GetObject',
    bucket: 'b',
    key: 'photos/cat.png',
    startedAt: 0,
    hops,
    outcome: 'ok',
    ...over,
  });

  it('keeps the final answer whole, whatever the chain before it', () => {
    const chain = record([
      hop({ status: 301, code: 'PermanentRedirect', decision: 'reissue-in-region' }),
      hop({ signingRegion: 'eu-west-1', status: 307, code: 'TemporaryRedirect', decision: 'follow-temporary' }),
      hop({ signingRegion: 'eu-west-1', host: 'b.s3-xyz.localhost:9', status: 200 }),
    ]);
    expect(hopChainParts(chain)).toEqual({
      start: 'us-east-1 → 301 PermanentRedirect → eu-west-1 → 307 TemporaryRedirect → b.s3-xyz.localhost → ',
      end: '200',
    });
  });

  it('says what was decided in words, and tells a "not configured" answer from a failure', () => {
    const first = hop({ status: 301, decision: 'reissue-in-region' });
    expect(decisionInWords(first, hop({ signingRegion: 'eu-west-1' }))).toBe('re-signed and re-sent to eu-west-1');
    expect(decisionInWords(hop({ decision: 'follow-temporary' }), hop({ host: 'b.s3-abc.localhost:9' }))).toBe(
      'followed the 307 to b.s3-abc.localhost, once',
    );
    const cors = record([hop({ status: 404, code: 'NoSuchCORSConfiguration' })], {
      outcome: 'error',
      errorCode: 'NoSuchCORSConfiguration',
    });
    expect(isNotConfigured(cors)).toBe(true);
    expect(isFailure(cors)).toBe(false);
    const denied = record([hop({ status: 403, code: 'AccessDenied' })], {
      outcome: 'error',
      errorCode: 'AccessDenied',
    });
    expect(isFailure(denied)).toBe(true);
    // A 404 to whether a name is taken answers the question; the same 404 anywhere else is a failure.
    const free = record([hop({ status: 404, code: 'NotFound' })], {
      outcome: 'error',
      errorCode: 'NotFound',
      status: 404,
      absentIsAnswer: true,
    });
    expect([isAbsentAnswer(free), isFailure(free)]).toEqual([true, false]);
    const missing = record([hop({ status: 404, code: 'NotFound' })], {
      outcome: 'error',
      errorCode: 'NotFound',
      status: 404,
    });
    expect([isAbsentAnswer(missing), isFailure(missing)]).toEqual([false, true]);
    // Asked whether it is there, and refused: still a failure.
    expect(isFailure({ ...denied, absentIsAnswer: true, status: 403 })).toBe(true);
  });

  it('copies a PUT as curl with its body named', () => {
    const put = hop({ method: 'PUT', url: 'http://b.s3.us-east-1.localhost:9/photos/cat.png' });
    expect(toCurl(put, { key: 'photos/cat.png' })).toContain(`--data-binary '@cat.png'`);
    expect(toCurl(hop({}), { key: 'photos/cat.png' })).not.toContain('--data-binary');
  });
});

describe('finding names', () => {
  it('finds a text anywhere below the folder, and a glob in the name or the whole path', () => {
    const text = nameMatcher('Summary');
    expect(text('2026/q1/summary.json')).toBe(true);
    expect(text('2026/q1/notes.txt')).toBe(false);
    const glob = nameMatcher('*.json');
    expect(glob('2026/q1/summary.json')).toBe(true);
    expect(glob('2026/q1/summary.json.bak')).toBe(false);
    expect(nameMatcher('item-00000?.txt')('many/item-000007.txt')).toBe(true);
    expect(nameMatcher('item-00000?.txt')('many/item-000070.txt')).toBe(false);
    const path = nameMatcher('2026/*/summary.json');
    expect(path('2026/q2/summary.json')).toBe(true);
    expect(path('2025/q2/summary.json')).toBe(false);
    expect(nameMatcher('**/leaf.txt')('deep/a/b/c/leaf.txt')).toBe(true);
    expect(nameMatcher('[ab]*.txt')('x/a1.txt')).toBe(true);
    expect(nameMatcher('[!ab]*.txt')('x/a1.txt')).toBe(false);
    expect(nameMatcher('a+b=c(1).txt')('odd/a+b=c(1).txt')).toBe(true); // regex characters are literal
  });
});

describe('formatBytes', () => {
  it('says sizes and rates in whole bytes below a KiB, one decimal below ten units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(424.24242424242425)).toBe('424 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
  it('counts with thousands separators, whatever the locale', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(20_000)).toBe('20,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    // Grouped by hand (no Intl): the same as en-US's own grouping for whole numbers of any size.
    for (const n of [0, 7, 100, 1000, 99_999, 100_000, 1_000_000, -4321, 2 ** 53 - 1, 12_345.5])
      expect(formatCount(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });
});

describe('nameProblem', () => {
  it('refuses in words what would not be one name, and keys S3 would find too long', () => {
    expect(nameProblem('  ', '')).toBe('Give a name.');
    expect(nameProblem('a/b', 'x/')).toBe('A name cannot contain "/".');
    expect(nameProblem(' .. ', 'x/')).toBe('A name cannot be "." or "..".');
    expect(nameProblem('...', 'x/')).toBeUndefined();
    expect(nameProblem('notes with spaces', 'x/')).toBeUndefined();
    // 1,024 bytes of UTF-8 in all, the folder's "/" counted: 3 + 1,020 + 1 fits, one more does not.
    expect(nameProblem('a'.repeat(1020), 'ab/', true)).toBeUndefined();
    expect(nameProblem('a'.repeat(1021), 'ab/', true)).toBe(
      'Too long: the full key would be 1,025 bytes, and S3 allows 1,024.',
    );
    expect(nameProblem('é'.repeat(511), 'ab/')).toBe(
      'Too long: the full key would be 1,025 bytes, and S3 allows 1,024.',
    );
  });
});

describe('object edit rules', () => {
  it('refuses in words the headers, metadata and tags S3 would not take, and ignores empty rows', () => {
    expect(headerProblem('Content-Type', 'text/plain; charset=utf-8')).toBeUndefined();
    expect(headerProblem('Content-Type', 'text/plainé')).toBe(
      'Content-Type cannot hold “é”: header values are plain ASCII.',
    );
    expect(headerProblem('Cache-Control', 'max-age=1\n')).toContain('“U+000A”');
    expect(
      metadataProblem([
        ['owner', 'zoe'],
        ['', ''],
      ]),
    ).toBeUndefined();
    expect(metadataProblem([['', 'orphan']])).toContain('has no name');
    expect(metadataProblem([['my key', 'x']])).toBe(
      '“my key” cannot be a metadata name: letters, digits, - _ and . only.',
    );
    expect(
      metadataProblem([
        ['Owner', 'a'],
        ['owner', 'b'],
      ]),
    ).toContain('“owner” is there twice');
    expect(metadataProblem([['big', 'x'.repeat(2046)]])).toBe(
      'User metadata is at most 2 KB (names and values together); this is 2,049 bytes.',
    );
    expect(
      tagsProblem([
        ['team', 'a b+c=d.e_f:g/h@i'],
        ['', ''],
      ]),
    ).toBeUndefined();
    expect(tagsProblem([['équipe', 'données']])).toBeUndefined(); // letters of any script
    expect(tagsProblem(Array.from({ length: 11 }, (_, i): [string, string] => [`t${i}`, '']))).toBe(
      'An object has at most 10 tags; this has 11.',
    );
    expect(tagsProblem([['t'.repeat(130), '']])).toContain('has 130');
    expect(tagsProblem([['a', 'x;y']])).toContain('Tags cannot hold “;”');
    expect(
      tagsProblem([
        ['a', '1'],
        ['a', '2'],
      ]),
    ).toBe('The tag “a” is there twice.');
    expect(
      filledPairs([
        ['', ''],
        ['a', ''],
      ]),
    ).toEqual([['a', '']]);
  });
});

describe('withHint', () => {
  it('joins an error and what to do as two sentences, whatever S3 ended its message with', () => {
    expect(withHint('The bucket you tried to delete is not empty', 'Delete every object first.')).toBe(
      'The bucket you tried to delete is not empty. Delete every object first.',
    );
    expect(withHint('Nothing is listening at 127.0.0.1:9 (ECONNREFUSED).', 'Start the server.')).toBe(
      'Nothing is listening at 127.0.0.1:9 (ECONNREFUSED). Start the server.',
    );
    expect(withHint('Access Denied', undefined)).toBe('Access Denied');
  });
});

describe('the menu bar', () => {
  it("keeps macOS's Edit menu and gives an unpackaged build its developer tools", () => {
    const roles = (template: ReturnType<typeof appMenuTemplate>) =>
      template.flatMap((item) => [
        item.role,
        ...(Array.isArray(item.submenu)
          ? item.submenu.map((sub) => `${sub.role}${sub.registerAccelerator === false ? ' (page)' : ''}`)
          : []),
      ]);
    const mac = roles(appMenuTemplate({ platform: 'darwin', packaged: true }));
    expect(mac).toContain('appMenu');
    expect(mac).toContain('copy'); // the menu takes Cmd+C on macOS: text fields need it
    expect(mac).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ platform: 'linux', packaged: false }))).toEqual(
      expect.arrayContaining(['copy (page)', 'toggleDevTools']),
    );
  });
});

describe('quitting while transfers run', () => {
  const guard = (running: number, answers: boolean[]) => {
    const asked: number[] = [];
    const g = new QuitGuard(
      () => running,
      async (n) => {
        asked.push(n);
        return answers.shift() ?? false;
      },
    );
    return { g, asked };
  };

  it('quits at once when nothing runs', async () => {
    const { g, asked } = guard(0, []);
    expect(await g.mayQuit()).toBe(true);
    expect(g.closeNow(() => undefined)).toBe(true);
    expect(asked).toEqual([]);
  });

  it('asks once, with how many, and keeps them running on no; a yes holds for the rest of the quit', async () => {
    const { g, asked } = guard(3, [false, true]);
    expect(await g.mayQuit()).toBe(false);
    let quit = 0;
    expect(g.closeNow(() => quit++)).toBe(false); // the window stays; the question is asked
    await expect.poll(() => quit).toBe(1);
    expect(asked).toEqual([3, 3]);
    expect(await g.mayQuit()).toBe(true); // the quit that follows is not asked again
    expect(g.closeNow(() => quit++)).toBe(true);
    expect(asked).toHaveLength(2);
  });

  it('asks one question for two quits while it is open', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    let asked = 0;
    const g = new QuitGuard(
      () => 1,
      () => {
        asked++;
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
    );
    const first = g.mayQuit();
    const second = g.mayQuit();
    answer(true);
    expect([await first, await second, asked]).toEqual([true, true, 1]);
  });
});

describe("the store's reading of request documents", () => {
  it('decodes character references once, as XML does: the &#34;-quoted ETags Go clients (rclone) send', () => {
    const doc = parseXml(
      Buffer.from(
        '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&#34;0137f6b8&#34;</ETag></Part>' +
          '<Part><PartNumber>2</PartNumber><ETag>&#x22;a&amp;#34;b&#x22;</ETag></Part></CompleteMultipartUpload>',
      ),
    )['CompleteMultipartUpload'] as { Part: Array<{ ETag: string }> };
    expect(doc.Part.map((p) => p.ETag)).toEqual(['"0137f6b8"', '"a&#34;b"']);
  });
});

describe('lifecycle rules, checked before S3 is asked', () => {
  const ok = { prefix: '' };
  it('refuses what S3 would refuse, in words, and takes what it takes', () => {
    expect(lifecycleRuleProblem({ ...ok, abortIncompleteDays: 0 })).toMatch(/at least 1/);
    expect(lifecycleRuleProblem({ ...ok, expireDays: 1.5 })).toMatch(/whole number/);
    expect(lifecycleRuleProblem({ ...ok, expireDays: Number.NaN })).toMatch(/whole number/);
    expect(lifecycleRuleProblem({ ...ok, transition: { storageClass: 'GLACIER', days: 0 } })).toBeUndefined();
    expect(lifecycleRuleProblem({ ...ok, transition: { storageClass: 'ONEZONE_IA', days: 29 } })).toMatch(/30 days/);
    expect(lifecycleRuleProblem({ ...ok, transition: { storageClass: 'STANDARD', days: 40 } })).toMatch(
      /not to STANDARD/,
    );
    expect(lifecycleRuleProblem({ ...ok, transition: { storageClass: 'GLACIER', days: 90 }, expireDays: 90 })).toMatch(
      /before or when they move/,
    );
    expect(lifecycleRuleProblem({ ...ok, expireDays: 10, expireDeleteMarkers: true })).toMatch(/one or the other/);
    expect(lifecycleRuleProblem({ ...ok, id: 'x'.repeat(256), expireDays: 1 })).toMatch(/255/);
    expect(lifecycleRuleProblem({ ...ok, id: 'a', expireDays: 1 }, ['a'])).toMatch(/named "a" already/);
    expect(lifecycleRuleProblem({ prefix: 'é'.repeat(513), expireDays: 1 })).toMatch(/1,024 bytes/);
    expect(lifecycleRuleProblem({ ...ok, expireDeleteMarkers: true, noncurrentExpireDays: 7 })).toBeUndefined();
  });

  it('names a rule from what it does, never twice the same', () => {
    const rule = { prefix: 'logs/', abortIncompleteDays: 7 };
    expect(ruleIdFor(rule, [])).toBe('logs abort-uploads-7d');
    expect(ruleIdFor(rule, ['logs abort-uploads-7d', 'logs abort-uploads-7d 2'])).toBe('logs abort-uploads-7d 3');
  });
});

describe('CORS rules, checked before S3 is asked', () => {
  const rule = { origins: ['*'], methods: ['GET'], allowedHeaders: [], exposeHeaders: [] };
  it('takes the origins pages have, and says what a rule allows', () => {
    for (const origin of ['*', 'http://localhost:3000', 'https://*.example.com', 'app://bucket-explorer'])
      expect(corsRuleProblem({ ...rule, origins: [origin] }), origin).toBeUndefined();
    expect(corsRuleProblem({ ...rule, allowedHeaders: ['x-amz-*', 'Content-Type'] })).toBeUndefined();
    expect(corsRuleProblem({ ...rule, allowedHeaders: ['bad header'] })).toMatch(/not a header name/);
    expect(corsRuleProblem(rule, [], 100)).toMatch(/at most 100/);
    expect(listOf(' https://a.example ,\n\nhttps://b.example\n')).toEqual(['https://a.example', 'https://b.example']);
    expect(describeCorsRule({ ...rule, allowedHeaders: ['Content-Type'], maxAgeSeconds: 60 })).toBe(
      'GET from any page (request headers Content-Type; preflight kept 60 s)',
    );
  });
});
