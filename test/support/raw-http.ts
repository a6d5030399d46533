// Raw HTTP against the world, signed with the SDK's own SigV4 signer, to check the wire itself.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { lookupWithLocalhost } from '../../electron/s3/endpoints.js';
import type { Account } from '../../electron/world/sigv4-verify.js';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sign for this region with this account; omit for anonymous. */
  sign?: { account: Account; region: string; service?: string };
  /** Use this secret instead of the account's (a wrong-secret test). */
  secretOverride?: string;
}

export async function signRequest(request: RawRequest): Promise<{ headers: Record<string, string>; url: URL }> {
  const url = new URL(request.url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const headers: Record<string, string> = { host: url.host, ...request.headers };
  if (!request.sign) return { headers, url };
  headers['x-amz-content-sha256'] ??= createHash('sha256').update(body).digest('hex');
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signer = new SignatureV4({
    service: request.sign.service ?? 's3',
    region: request.sign.region,
    credentials: {
      accessKeyId: request.sign.account.accessKeyId,
      secretAccessKey: request.secretOverride ?? request.sign.account.secretAccessKey,
    },
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      body,
    }),
  );
  return { headers: signed.headers as Record<string, string>, url };
}

export async function raw(request: RawRequest): Promise<RawResponse> {
  const { headers, url } = await signRequest(request);
  return rawUnsigned(request.method ?? 'GET', url, headers, request.body);
}

export function rawUnsigned(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method,
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        headers,
        lookup: lookupWithLocalhost,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
