// A server that answers HTTP requests with scripted bytes, for the readers that take ranged GETs
// (socket-reader.ts, range-thread.ts): each request on a connection gets the next step.
import { HttpRequest } from '@smithy/protocol-http';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

/** Answers each request on a connection with the next script step; counts connections. */
export interface Scripted {
  port: number;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

export type Step = (socket: net.Socket, request: string) => void | Promise<void>;

export async function scriptedServer(steps: Step[], secure?: { key: Buffer; cert: Buffer }): Promise<Scripted> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, requests: [] as string[] };
  const onConnection = (socket: net.Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (data: Buffer) => {
      pending += data.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const request = pending.slice(0, end);
        pending = pending.slice(end + 4);
        state.requests.push(request);
        const step = steps.shift();
        if (!step) socket.destroy();
        else void step(socket, request);
      }
    });
  };
  const server = secure ? tls.createServer(secure, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `text` one byte at a time: heads split at every possible place. */
export async function dribble(socket: net.Socket, text: Buffer): Promise<void> {
  for (const byte of text) {
    socket.write(Buffer.of(byte));
    await new Promise((r) => setImmediate(r));
  }
}

export function ranged(port: number, extra: Record<string, string> = {}, protocol = 'http:'): HttpRequest {
  return new HttpRequest({
    method: 'GET',
    protocol,
    hostname: protocol === 'https:' ? 'localhost' : '127.0.0.1',
    port,
    path: '/bucket/some%20key',
    query: { versionId: 'v 1' },
    headers: { host: `127.0.0.1:${port}`, range: 'bytes=0-99', ...extra },
  });
}

export const answer = (status: string, headers: string[], body: Buffer | string = '') =>
  Buffer.concat([
    Buffer.from(`HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`),
    Buffer.from(body),
  ]);

export async function readAll(body: unknown): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A self-signed certificate for `localhost` (openssl), written into `dir`. */
export async function selfSignedLocalhost(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
  ]);
  return { key: await readFile(path.join(dir, 'key.pem')), cert: await readFile(path.join(dir, 'cert.pem')) };
}
