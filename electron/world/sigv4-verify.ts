// SigV4 verification for the S3 world: rebuild the canonical request from what arrived on the
// wire and sign it again with the SDK's own signer (@smithy/signature-v4), then compare. Both the
// Authorization-header form and the presigned-query form are checked.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { timingSafeEqual } from 'node:crypto';

export interface Account {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

export interface SignedRequest {
  method: string;
  /** Host header as received, with port. */
  host: string;
  /** Path exactly as received (still percent-encoded). */
  rawPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** SHA-256 of the body, hex: services other than S3 sign it without an x-amz-content-sha256 header. */
  payloadHash?: string;
}

export type VerifyResult =
  | { kind: 'anonymous' }
  | { kind: 'ok'; account: Account; region: string; service: string }
  | { kind: 'error'; status: number; code: string; message: string; region?: string };

interface Claim {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  presigned?: { expires: number };
}

function readClaim(request: SignedRequest): Claim | undefined | 'malformed' | 'v2' {
  const auth = request.headers['authorization'];
  // Signature Version 2 (aws-cli v1's `s3 presign`, old tools): S3 takes it in no region opened
  // since 2014, nor for any bucket made since June 2020, and says so.
  if (auth?.startsWith('AWS ') || (request.query['AWSAccessKeyId'] !== undefined && request.query['Signature']))
    return 'v2';
  if (auth) {
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth.trim(),
      );
    if (!match) return 'malformed';
    const date = request.headers['x-amz-date'];
    if (!date) return 'malformed';
    return {
      accessKeyId: match[1]!,
      date,
      region: match[3]!,
      service: match[4]!,
      signedHeaders: match[5]!.split(';'),
      signature: match[6]!,
    };
  }
  const credential = request.query['X-Amz-Credential'];
  if (request.query['X-Amz-Algorithm'] === undefined && !credential) return undefined;
  const parts = credential?.split('/') ?? [];
  const date = request.query['X-Amz-Date'];
  const signature = request.query['X-Amz-Signature'];
  const signedHeaders = request.query['X-Amz-SignedHeaders'];
  const expires = Number(request.query['X-Amz-Expires']);
  if (parts.length !== 5 || !date || !signature || !signedHeaders || !Number.isFinite(expires)) return 'malformed';
  return {
    accessKeyId: parts[0]!,
    date,
    region: parts[2]!,
    service: parts[3]!,
    signedHeaders: signedHeaders.split(';'),
    signature,
    presigned: { expires },
  };
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : new Date(NaN);
}

/** Who sent this request, checked against the accounts the world knows. Region checks are the caller's. */
export async function verifySignature(
  request: SignedRequest,
  accounts: Map<string, Account>,
  now = new Date(),
): Promise<VerifyResult> {
  const claim = readClaim(request);
  if (claim === undefined) return { kind: 'anonymous' };
  if (claim === 'v2') {
    return {
      kind: 'error',
      status: 400,
      code: 'InvalidRequest',
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    };
  }
  if (claim === 'malformed') {
    return {
      kind: 'error',
      status: 400,
      code: 'AuthorizationHeaderMalformed',
      message: 'The authorization header is malformed.',
    };
  }
  const account = accounts.get(claim.accessKeyId);
  if (!account) {
    return {
      kind: 'error',
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  const signingDate = parseAmzDate(claim.date);
  if (Number.isNaN(signingDate.getTime())) {
    return { kind: 'error', status: 403, code: 'AccessDenied', message: 'X-Amz-Date is not a valid date.' };
  }
  if (claim.presigned && signingDate.getTime() + claim.presigned.expires * 1000 < now.getTime()) {
    return { kind: 'error', status: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  if (!claim.presigned && Math.abs(signingDate.getTime() - now.getTime()) > 15 * 60 * 1000) {
    return {
      kind: 'error',
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
    };
  }

  const [hostname, port] = request.host.split(':');
  const signed = new Set(claim.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = name === 'host' ? request.host : request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const query = { ...request.query };
  delete query['X-Amz-Signature'];
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname,
    port: port ? Number(port) : undefined,
    path: request.rawPath,
    query,
    headers,
  });
  const signer = new SignatureV4({
    service: claim.service,
    region: claim.region,
    credentials: {
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
      sessionToken: query['X-Amz-Security-Token'],
    },
    sha256: Sha256,
    uriEscapePath: false, // S3 signs the path as sent
    applyChecksum: false,
  });
  let expected: string | undefined;
  if (claim.presigned) {
    toSign.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const keep = new Set(['x-amz-content-sha256']);
    const presigned = await signer.presign(toSign, {
      signingDate,
      expiresIn: claim.presigned.expires,
      signableHeaders: signed,
      unsignableHeaders: keep,
      unhoistableHeaders: keep,
    });
    expected = presigned.query?.['X-Amz-Signature'] as string | undefined;
  } else {
    if (!headers['x-amz-content-sha256'])
      headers['x-amz-content-sha256'] =
        request.headers['x-amz-content-sha256'] ?? request.payloadHash ?? 'UNSIGNED-PAYLOAD';
    const result = await signer.sign(toSign, { signingDate, signableHeaders: signed });
    expected = /Signature=([0-9a-f]{64})/.exec(String(result.headers['authorization']))?.[1];
  }
  if (
    !expected ||
    !timingSafeEqual(
      Buffer.from(expected),
      Buffer.from(claim.signature.padEnd(expected.length).slice(0, expected.length)),
    )
  ) {
    return {
      kind: 'error',
      status: 403,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  return { kind: 'ok', account, region: claim.region, service: claim.service };
}
