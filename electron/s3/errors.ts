// Errors that say what went wrong and what to do: every failure the core reports carries the S3
// code, the HTTP status and a hint a person can act on.
import type { BridgeErrorShape } from '../contract.js';

export class S3RequestError extends Error implements BridgeErrorShape {
  override readonly name = 'S3RequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly hint?: string,
    readonly regionHint?: string,
    /** What went wrong without the "GetObject bucket/key failed:" in front, for where the object is named already. */
    readonly reason?: string,
  ) {
    super(message);
  }

  toJSON(): BridgeErrorShape {
    return { code: this.code, status: this.status, message: this.message, hint: this.hint };
  }
}

const HINTS: Record<string, string> = {
  AccessDenied:
    'This identity is not allowed to do this. Check the bucket policy and the IAM permissions of the connection.',
  Forbidden:
    'This identity is not allowed to do this. Check the bucket policy and the IAM permissions of the connection.',
  NoSuchBucket: 'No bucket by that name is visible to this connection. Check the spelling and the account.',
  NotFound: 'Nothing by that name exists. Check the spelling.',
  NoSuchKey: 'The object is gone. Refresh the listing.',
  SignatureDoesNotMatch: "The secret key does not match the access key. Re-enter the connection's secret key.",
  InvalidAccessKeyId:
    'The endpoint does not know this access key. Check the connection, or whether the key was deleted.',
  ExpiredToken: 'The session credentials have expired. Sign in again (e.g. `aws sso login`).',
  RequestTimeTooSkewed: "The computer's clock is too far from the server's. Fix the system time.",
  SlowDown: 'The server asked to slow down. Try again in a moment.',
  BucketNotEmpty: 'Delete every object (and version) in the bucket first.',
  BucketAlreadyExists: 'Bucket names are global: someone else owns this one. Pick another name.',
  BucketAlreadyOwnedByYou: 'You already own a bucket by this name.',
  ECONNREFUSED: 'Check the endpoint, or start the server.',
  ENOTFOUND: 'Check the endpoint and your network.',
  ECONNRESET: 'Check your network and try again.',
  ETIMEDOUT: 'Check your network and try again.',
  EHOSTUNREACH: 'Check the endpoint and your network.',
};

/**
 * What a connection that failed means, in words: Node says "connect ECONNREFUSED 127.0.0.1:9"
 * or "getaddrinfo ENOTFOUND s3.example"; the code is kept in brackets for a search. `where` is
 * the address or host Node named, when it named one.
 */
const NETWORK_WORDS: Record<string, (where: string | undefined) => string> = {
  ECONNREFUSED: (where) => `Nothing is listening at ${where ?? 'that address'} (ECONNREFUSED).`,
  ENOTFOUND: (where) => `The host name ${where ? `${where} ` : ''}does not resolve (ENOTFOUND).`,
  ECONNRESET: () => 'The connection was cut before the answer came (ECONNRESET).',
  ETIMEDOUT: (where) => `${where ?? 'The server'} did not answer in time (ETIMEDOUT).`,
  EHOSTUNREACH: (where) => `There is no route to ${where ?? 'that address'} (EHOSTUNREACH).`,
};

function networkWords(code: string, nodeMessage: string | undefined): string | undefined {
  const words = NETWORK_WORDS[code];
  if (!words) return undefined;
  // "connect ECONNREFUSED 127.0.0.1:9": what follows the code is where.
  const where = nodeMessage?.split(code)[1]?.trim();
  return words(where || undefined);
}

/** S3's AccessDenied for a version Object Lock keeps says so only in its message. */
export const OBJECT_LOCK_HINT =
  'Object Lock keeps this version: a legal hold, or a retention that has not ended (compliance: nobody can delete it before then; governance: only an identity allowed to bypass governance retention). Deleting without a version id still works: it adds a delete marker.';

/** What S3 says of a version Object Lock keeps (DeleteObject's and each DeleteObjects entry's message). */
export const OBJECT_LOCKED = 'Access Denied because object protected by object lock.';

/** A DeleteObjects entry's message, said in words when Object Lock was why. */
export function entryMessage(message: string | undefined): string {
  if (message === OBJECT_LOCKED) return 'kept by Object Lock: a legal hold, or a retention that has not ended';
  return message ?? 'not deleted';
}

export function hintFor(code: string, status?: number, message?: string): string | undefined {
  if (message === OBJECT_LOCKED) return OBJECT_LOCK_HINT;
  if (HINTS[code]) return HINTS[code];
  if (status === 403) return HINTS.AccessDenied;
  if (status === 404) return HINTS.NotFound;
  if (status !== undefined && status >= 500)
    return 'The server failed. Try again; if it keeps failing, check the service status.';
  return undefined;
}

/** The facts of a failed SDK call, whatever shape the SDK gave them. */
export interface FailedAnswer {
  status?: number;
  code: string;
  message: string;
  headers: Record<string, string>;
  regionHint?: string;
  endpoint?: string;
  location?: string;
  networkError?: string;
}

export function readSdkError(error: unknown): FailedAnswer {
  const e = error as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    Region?: string;
    Endpoint?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number; headers?: Record<string, string> };
  };
  const headers = e.$response?.headers ?? {};
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const networkError = status === undefined && typeof e.code === 'string' ? e.code : undefined;
  let code = e.Code ?? networkError ?? e.name ?? 'Error';
  // Bodiless answers (HEAD) come back named after the status; give them S3's names.
  if (status === 301 && (code === '301' || code === 'Unknown' || code === 'MovedPermanently'))
    code = 'PermanentRedirect';
  if (status === 307 && (code === '307' || code === 'Unknown')) code = 'TemporaryRedirect';
  if (status === 403 && (code === '403' || code === 'Unknown')) code = 'Forbidden';
  if (status === 400 && (code === '400' || code === 'Unknown')) code = 'BadRequest';
  // A HEAD's 404 has no body: said in words ("failed: 404 NotFound" before).
  const bodiless404 = status === 404 && code === 'NotFound' && (!e.message || e.message === 'UnknownError');
  return {
    status,
    code,
    message:
      (networkError && networkWords(networkError, e.message)) ??
      (bodiless404 ? 'nothing by that name is there (404)' : undefined) ??
      (e.message && e.message !== 'UnknownError' ? e.message : `${status ?? ''} ${code}`.trim()),
    headers,
    regionHint: headers['x-amz-bucket-region'] ?? e.Region,
    endpoint: e.Endpoint,
    location: headers['location'],
    networkError,
  };
}

export function toS3Error(answer: FailedAnswer, action: string): S3RequestError {
  return new S3RequestError(
    answer.code,
    `${action} failed: ${answer.message}`,
    answer.status,
    hintFor(answer.code, answer.status, answer.message),
    answer.regionHint,
    answer.message,
  );
}
