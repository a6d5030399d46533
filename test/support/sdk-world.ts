// The AWS SDK's own client against a test world (its global endpoint, path-style, the demo identity
// unless another is given), and what a request it sends was refused with: for the tests that hold
// the world and its stores to S3's behaviour with a client nobody here wrote.
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { expect } from 'vitest';
import { lookupWithLocalhost } from '../../electron/s3/endpoints.js';
import { DEMO_ACCOUNT, type TestWorld } from './world.js';

export function worldClient(t: TestWorld, account = DEMO_ACCOUNT): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: t.world.globalEndpoint,
    forcePathStyle: true,
    credentials: account,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: lookupWithLocalhost }) }),
  });
}

/** The S3 error `promise` is refused with (it must be refused): its name, status, message and headers. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string; headers: Record<string, string> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the request to fail').toBeInstanceOf(S3ServiceException);
  const e = error as S3ServiceException & { $response?: { headers?: Record<string, string> } };
  return { name: e.name, status: e.$metadata.httpStatusCode, message: e.message, headers: e.$response?.headers ?? {} };
}
