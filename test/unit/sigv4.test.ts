// electron/s3/sigv4.ts signs a bodiless request, one whose body is in memory, or a multipart part
// sent unsigned, exactly as the SDK's SignatureV4 does with S3's settings: compared header by header over hostile keys, queries,
// header values, bodies, session tokens, regions, services and dates.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { objectRequest } from '../../electron/s3/object-get.js';
import { crc32Base64, partRequest, putRequest } from '../../electron/s3/object-put.js';
import { SigV4Signer, type SigningCredentials } from '../../electron/s3/sigv4.js';
import { HOSTILE_KEYS } from '../support/sdk-parity.js';

const CREDENTIALS: SigningCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const WITH_TOKEN: SigningCredentials = { ...CREDENTIALS, sessionToken: 'FwoGZXIvYXdzE+token/with=odd&chars' };

async function sdkSigned(request: HttpRequest, credentials: SigningCredentials, region: string, date: Date) {
  const signer = new SignatureV4({
    credentials,
    region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  return (await signer.sign(request, { signingDate: date })) as HttpRequest;
}

function expectSameSignature(mine: HttpRequest, theirs: HttpRequest) {
  expect(mine.headers).toEqual(theirs.headers);
  expect(mine.headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=.+, SignedHeaders=.+, Signature=[0-9a-f]{64}$/,
  );
  expect({ method: mine.method, path: mine.path, query: mine.query, hostname: mine.hostname }).toEqual({
    method: theirs.method,
    path: theirs.path,
    query: theirs.query,
    hostname: theirs.hostname,
  });
}

describe("SigV4Signer signs as the SDK's SignatureV4", () => {
  const dates = [
    new Date('2026-11-23T02:40:59.123Z'),
    new Date('2026-12-31T23:59:59.999Z'),
    new Date('2027-01-01T00:00:00Z'),
  ];
  const endpoints = [
    new URL('http://my-bucket.s3.eu-west-1.localhost:9000/'),
    new URL('http://127.0.0.1:9000/my.dotted.bucket'),
    new URL('https://my-bucket.s3.ap-southeast-2.amazonaws.com/'),
  ];

  it('every hostile key, with and without version, range, If-Match and a session token, at three dates', async () => {
    let compared = 0;
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      const signer = new SigV4Signer(region, 's3');
      for (const url of endpoints)
        for (const key of HOSTILE_KEYS)
          for (const date of dates)
            for (const credentials of [CREDENTIALS, WITH_TOKEN]) {
              const full = objectRequest(url, {
                bucket: 'b',
                key,
                versionId: 'v/1+2= ~*',
                range: 'bytes=0-9',
                ifMatch: '"abc"',
              });
              const plain = objectRequest(url, { bucket: 'b', key });
              for (const request of [full, plain]) {
                expectSameSignature(
                  signer.sign(request, credentials, date),
                  await sdkSigned(request, credentials, region, date),
                );
                compared++;
              }
            }
    }
    expect(compared).toBe(2 * 3 * HOSTILE_KEYS.length * 3 * 2 * 2);
  });

  it('odd header values and names, unsignable headers, repeated query names and a given payload hash', async () => {
    const request = new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: 'b.s3.localhost',
      port: 9000,
      path: '/k%20ey',
      query: {
        'x-id': 'GetObject',
        Z: 'last',
        a: ['3', '1', '2 two'],
        'response-content-disposition': 'attachment; filename="ü.txt"',
        empty: '',
        'X-Amz-Signature': 'never signed',
      },
      headers: {
        host: 'b.s3.localhost:9000',
        'If-Match': '  "a   b"\t ',
        'x-amz-meta-multi': 'line one\r\nline  two',
        'User-Agent': 'not signed',
        'proxy-authorization': 'not signed',
        'sec-fetch-mode': 'not signed',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        authorization: 'an old one, replaced',
        'X-Amz-Date': '19990101T000000Z',
      },
    });
    const date = new Date('2026-11-23T12:00:00Z');
    for (const credentials of [CREDENTIALS, WITH_TOKEN])
      expectSameSignature(
        new SigV4Signer('us-east-1', 's3').sign(request, credentials, date),
        await sdkSigned(request, credentials, 'us-east-1', date),
      );
  });

  it('keeps signing keys apart by secret, region and day', async () => {
    const signer = new SigV4Signer('us-east-1', 's3');
    const request = objectRequest(new URL('http://b.s3.localhost:9000/'), { bucket: 'b', key: 'k' });
    const date = new Date('2026-11-23T12:00:00Z');
    const rotated = { ...CREDENTIALS, secretAccessKey: 'another-secret' };
    const first = signer.sign(request, CREDENTIALS, date);
    const second = signer.sign(request, rotated, date);
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
    expectSameSignature(second, await sdkSigned(request, rotated, 'us-east-1', date));
    expectSameSignature(signer.sign(request, CREDENTIALS, date), first);
    // The next day's key is a different key.
    const tomorrow = new Date('2026-11-24T12:00:00Z');
    expectSameSignature(
      signer.sign(request, CREDENTIALS, tomorrow),
      await sdkSigned(request, CREDENTIALS, 'us-east-1', tomorrow),
    );
  });

  it('signs a body in memory with its SHA-256, as the SDK does, for every hostile key and a session token', async () => {
    const date = new Date('2026-12-05T10:00:00Z');
    let compared = 0;
    for (const url of endpoints)
      for (const key of HOSTILE_KEYS)
        for (const body of [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(4096, 7)])
          for (const credentials of [CREDENTIALS, WITH_TOKEN]) {
            const request = putRequest(url, { bucket: 'b', key, body, contentType: 'text/plain', ifNoneMatch: '*' });
            expectSameSignature(
              new SigV4Signer('eu-west-1', 's3').sign(request, credentials, date),
              await sdkSigned(request, credentials, 'eu-west-1', date),
            );
            compared++;
          }
    expect(compared).toBe(3 * HOSTILE_KEYS.length * 3 * 2);
  });

  it('signs a multipart part as the SDK does under UNSIGNED-PAYLOAD, for every hostile key, its stream left unread', async () => {
    const date = new Date('2026-12-05T10:00:00Z');
    let compared = 0;
    for (const url of endpoints)
      for (const key of HOSTILE_KEYS)
        for (const credentials of [CREDENTIALS, WITH_TOKEN]) {
          const body = Buffer.alloc(600 * 1024, 3);
          const part = { bucket: 'b', key, uploadId: 'up/id+1', partNumber: 7, body, checksumCRC32: crc32Base64(body) };
          const request = partRequest(url, part);
          const mine = new SigV4Signer('eu-west-1', 's3').sign(request, credentials, date);
          expect(mine.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
          expectSameSignature(mine, await sdkSigned(partRequest(url, part), credentials, 'eu-west-1', date));
          expect((mine.body as Readable).readableDidRead).toBe(false);
          compared++;
        }
    expect(compared).toBe(3 * HOSTILE_KEYS.length * 2);
  });

  it('leaves the request it was given untouched, and refuses a body it cannot hash (a stream, text)', () => {
    const request = objectRequest(new URL('http://b.s3.localhost:9000/'), {
      bucket: 'b',
      key: 'k',
      range: 'bytes=0-1',
    });
    const before = JSON.stringify(request);
    new SigV4Signer('us-east-1', 's3').sign(request, WITH_TOKEN, new Date());
    expect(JSON.stringify(request)).toBe(before);
    for (const body of ['x', Readable.from(['x'])])
      expect(() =>
        new SigV4Signer('us-east-1', 's3').sign(new HttpRequest({ ...request, body }), CREDENTIALS, new Date()),
      ).toThrow(/without a body or with one in memory/);
  });
});
