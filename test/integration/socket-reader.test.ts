// The socket reader that ranged GETs take (downloads, previews): HTTP/1.1 answers written byte by
// byte by a scripted server, so framing, keep-alive, backpressure, cut-offs, aborts, timeouts and
// TLS are each checked on the wire; and a download through the transport over both stores.
import { GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RangeThread, ThreadedBody } from '../../electron/s3/range-thread.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { isRangedGet, SocketBody, SocketReader } from '../../electron/s3/socket-reader.js';
import { S3Transport } from '../../electron/s3/transport.js';
import { expectFollowedOnce, whileTemporaryRedirect } from '../support/hops.js';
import { DEMO_ACCOUNT, startTestWorld, STORES } from '../support/world.js';
import {
  answer,
  dribble,
  ranged,
  readAll,
  scriptedServer,
  selfSignedLocalhost,
  type Scripted,
  type Step,
} from '../support/scripted-server.js';

async function pumpAll(body: unknown, slow = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  await (body as SocketBody).pumpTo((view) => {
    parts.push(Buffer.from(view)); // views are only valid during the call
    if (slow) return new Promise((r) => setTimeout(r, 2));
  });
  return Buffer.concat(parts);
}

describe('the socket reader', () => {
  const servers: Scripted[] = [];
  const readers: SocketReader[] = [];
  const reader = (options = {}) => {
    const r = new SocketReader(options);
    readers.push(r);
    return r;
  };
  const serve = async (steps: Step[], secure?: { key: Buffer; cert: Buffer }) => {
    const s = await scriptedServer(steps, secure);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    readers.splice(0).forEach((r) => r.destroy());
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("takes only bodiless GETs of a range; everything else keeps the SDK's client", () => {
    expect(isRangedGet(ranged(1))).toBe(true);
    expect(isRangedGet(ranged(1, { Range: 'bytes=0-1' }))).toBe(true);
    const { range: _, ...whole } = ranged(1).headers;
    expect(isRangedGet(new HttpRequest({ ...ranged(1), headers: whole }))).toBe(false);
    expect(isRangedGet(new HttpRequest({ ...ranged(1), method: 'PUT' }))).toBe(false);
    expect(isRangedGet(new HttpRequest({ ...ranged(1), body: Buffer.from('x') }))).toBe(false);
    expect(isRangedGet(new HttpRequest({ ...ranged(1), body: '' }))).toBe(true);
  });

  it('reads a head split at every byte, sends the path and query as signed, and reuses the connection', async () => {
    const bytes = randomBytes(100);
    const reply = answer(
      '206 Partial Content',
      ['Content-Length: 100', 'ETag: "abc"', 'X-Twice: a', 'x-twice: b'],
      bytes,
    );
    const server = await serve([(s) => dribble(s, reply), (s) => void s.write(reply)]);
    const r = reader();
    const first = await r.handle(ranged(server.port));
    expect(first.response.statusCode).toBe(206);
    expect(first.response.headers['etag']).toBe('"abc"');
    expect(first.response.headers['x-twice']).toBe('a, b');
    expect(await readAll(first.response.body)).toEqual(bytes);
    const second = await r.handle(ranged(server.port));
    expect(await pumpAll(second.response.body)).toEqual(bytes);
    expect(server.connections).toBe(1);
    expect(server.requests[0]).toMatch(/^GET \/bucket\/some%20key\?versionId=v%201 HTTP\/1\.1\r\n/);
    expect(server.requests[0]).toContain('range: bytes=0-99');
  });

  it('decodes a chunked body with extensions and trailers, and skips a 100 Continue', async () => {
    const server = await serve([
      (s) =>
        dribble(
          s,
          Buffer.from(
            'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
              '5;name=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n',
          ),
        ),
      (s) => void s.write(answer('200 OK', ['Content-Length: 2'], 'ok')),
    ]);
    const r = reader();
    const out = await r.handle(ranged(server.port));
    expect(out.response.statusCode).toBe(200);
    expect((await pumpAll(out.response.body)).toString()).toBe('hello world');
    // The chunked answer ended cleanly: the connection is reused.
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    expect(server.connections).toBe(1);
  });

  it('reads to the close when the answer says Connection: close, and opens a new connection next', async () => {
    const server = await serve([
      (s) => {
        s.end(answer('200 OK', ['Connection: close'], 'until the end'));
      },
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 3'], 'new')),
    ]);
    const r = reader();
    expect((await pumpAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('until the end');
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('new');
    expect(server.connections).toBe(2);
  });

  it('fails a body cut off before its Content-Length, whichever way it is read', async () => {
    const cut = (s: net.Socket) => {
      s.write(answer('206 Partial Content', ['Content-Length: 1000'], randomBytes(400)));
      setTimeout(() => s.destroy(), 20);
    };
    const server = await serve([cut, cut]);
    const r = reader();
    await expect(pumpAll((await r.handle(ranged(server.port))).response.body)).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    await expect(readAll((await r.handle(ranged(server.port))).response.body)).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('delivers exactly Content-Length bytes of a longer answer and does not reuse that connection', async () => {
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 4'], 'fourEXTRA')),
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok')),
    ]);
    const r = reader();
    expect((await pumpAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('four');
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    expect(server.connections).toBe(2);
  });

  it('holds the socket while a slow sink catches up, and every byte arrives in order', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes)),
    ]);
    const out = await reader().handle(ranged(server.port));
    expect((await pumpAll(out.response.body, true)).equals(bytes)).toBe(true);
  });

  it('reads straight into the buffer a consumer offers, and still takes views from elsewhere', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes)),
    ]);
    const out = await reader().handle(ranged(server.port));
    const into = Buffer.alloc(bytes.length + 512 * 1024);
    let filled = 0;
    let inPlace = 0;
    let copied = 0;
    await (out.response.body as SocketBody).pumpTo(
      (view) => {
        if (view.buffer === into.buffer && view.byteOffset === into.byteOffset + filled) inPlace += view.length;
        else {
          view.copy(into, filled);
          copied += view.length;
        }
        filled += view.length;
      },
      () => into.subarray(filled),
    );
    expect(into.subarray(0, filled).equals(bytes)).toBe(true);
    expect(inPlace).toBeGreaterThan(bytes.length / 2);
    expect(copied).toBeGreaterThan(0); // at least what came with the head
  });

  it('a sink that throws ends the body with its error and closes the connection', async () => {
    const server = await serve([
      (s) => {
        s.write(answer('206 Partial Content', ['Content-Length: 20'], '0123456789'));
        setTimeout(() => s.write('0123456789'), 50);
      },
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok')),
    ]);
    const r = reader();
    const out = await r.handle(ranged(server.port));
    await expect(
      (out.response.body as SocketBody).pumpTo(() => {
        throw new Error('too many bytes');
      }),
    ).rejects.toThrow('too many bytes');
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    expect(server.connections).toBe(2);
  });

  it('stops on an abort mid-body, and times out a silent server', async () => {
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 100'], 'half')),
      () => undefined, // never answers
    ]);
    const r = reader({ requestTimeout: 150 });
    const controller = new AbortController();
    const out = await r.handle(ranged(server.port), { abortSignal: controller.signal });
    const pumping = pumpAll(out.response.body);
    setTimeout(() => controller.abort(), 20);
    await expect(pumping).rejects.toMatchObject({ name: 'AbortError' });
    await expect(r.handle(ranged(server.port))).rejects.toMatchObject({ name: 'TimeoutError' });
    // An abort before anything was sent sends nothing.
    const before = server.requests.length;
    await expect(r.handle(ranged(server.port), { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests.length).toBe(before);
  });

  it('notices an idle connection closed by the server and opens another', async () => {
    const server = await serve([
      (s) => {
        s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok'));
        setTimeout(() => s.destroy(), 10); // idle timeout on the server's side
      },
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 5'], 'again')),
    ]);
    const r = reader();
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await readAll((await r.handle(ranged(server.port))).response.body)).toString()).toBe('again');
    expect(server.connections).toBe(2);
  });

  it("keeps no process alive with an idle connection, as Node's agent does", async () => {
    const server = await serve([(s) => void s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok'))]);
    const script = `
      import { HttpRequest } from '@smithy/protocol-http';
      import { SocketReader } from ${JSON.stringify(path.resolve('electron/s3/socket-reader.ts'))};
      const reader = new SocketReader();
      const out = await reader.handle(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1',
        port: ${server.port}, path: '/b/k', headers: { range: 'bytes=0-1' } }));
      for await (const chunk of out.response.body) process.stdout.write(chunk);
    `; // and no reader.destroy(): the process must still end at once
    const started = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        timeout: 10_000,
      },
    );
    expect(stdout).toBe('ok');
    expect(performance.now() - started).toBeLessThan(3_500); // the idle timer is 4 s
  });

  it('refuses a header that would split the request, and an answer that is not HTTP', async () => {
    const server = await serve([(s) => void s.write('SSH-2.0-OpenSSH\r\n\r\n')]);
    const r = reader();
    await expect(r.handle(ranged(server.port, { 'x-amz-meta-a': 'b\r\nx-injected: 1' }))).rejects.toThrow(/line break/);
    await expect(r.handle(ranged(server.port))).rejects.toThrow(/not HTTP/);
  });

  it('reads over TLS, trusting the CA it is given', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socket-reader-tls-'));
    try {
      const { key, cert } = await selfSignedLocalhost(dir);
      const bytes = randomBytes(300_000);
      const reply = answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes);
      const server = await serve([(s) => void s.write(reply), (s) => void s.write(reply)], { key, cert });
      const trusting = reader({ tls: { ca: cert } });
      expect(
        (await pumpAll((await trusting.handle(ranged(server.port, {}, 'https:'))).response.body)).equals(bytes),
      ).toBe(true);
      expect(
        (await readAll((await trusting.handle(ranged(server.port, {}, 'https:'))).response.body)).equals(bytes),
      ).toBe(true);
      expect(server.connections).toBe(1);
      // Without the CA the certificate is refused: no silent downgrade to trusting anything.
      await expect(reader().handle(ranged(server.port, {}, 'https:'))).rejects.toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(STORES)('ranged GETs through the transport over %s', (store) => {
  let t: Awaited<ReturnType<typeof startTestWorld>>;
  let transport: S3Transport;
  beforeAll(async () => {
    t = await startTestWorld({ store });
    await t.world.registerBucket({
      name: 'reader-bucket',
      region: 'eu-west-1',
      ownerAccountId: DEMO_ACCOUNT.accountId,
    });
    transport = new S3Transport(
      {
        id: 'reader',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
      },
      { log: new RequestLog(100) },
    );
  });
  afterAll(async () => {
    transport?.destroy();
    await t?.stop();
  });
  const put = (key: string, bytes: Buffer) =>
    transport.send(
      { operation: 'PutObject', bucket: 'reader-bucket', key },
      () => new PutObjectCommand({ Bucket: 'reader-bucket', Key: key, Body: bytes }),
    );
  /** A transport that does not know the bucket's region yet: its first answer is S3's 301 (or 400). */
  const freshTransport = () =>
    new S3Transport(
      {
        id: 'fresh',
        defaultRegion: 'us-east-1',
        endpointTemplate: t.world.endpointTemplate,
        credentials: DEMO_ACCOUNT,
      },
      { log: new RequestLog(100) },
    );

  it('follows a 307 on a ranged GET once, to Location, and pumps the answer from there', async () => {
    const bytes = randomBytes(300_000);
    await put('moved.bin', bytes);
    await whileTemporaryRedirect(t, 'reader-bucket', async () => {
      const out = await transport.send<GetObjectCommandOutput>(
        { operation: 'GetObject', bucket: 'reader-bucket', key: 'moved.bin' },
        () => new GetObjectCommand({ Bucket: 'reader-bucket', Key: 'moved.bin', Range: 'bytes=10-200009' }),
      );
      expect(out.Body).toBeInstanceOf(SocketBody);
      expect((await pumpAll(out.Body)).equals(bytes.subarray(10, 200010))).toBe(true);
      expectFollowedOnce(transport.log, 'reader-bucket');
    });
  });

  it('on the range thread: a region redirect re-signed, a 307 followed once, a 404 as S3 says it', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 5);
    await put('threaded.bin', bytes);
    const usable = vi.spyOn(RangeThread.prototype, 'usable').mockReturnValue(true);
    const fresh = freshTransport();
    try {
      const range = `bytes=1-${bytes.length - 1}`; // 9 MiB and 4 bytes: the thread's
      const out = await fresh.getObject({ bucket: 'reader-bucket', key: 'threaded.bin', range });
      expect(out.Body).toBeInstanceOf(ThreadedBody);
      expect((await readAll(out.Body)).equals(bytes.subarray(1))).toBe(true);
      const record = fresh.log.since(0).records.find((r) => r.operation === 'GetObject')!;
      expect(record.hops.map((h) => h.status)).toEqual([expect.any(Number), 206]);
      expect([301, 400]).toContain(record.hops[0]!.status);
      expect(record.hops[1]!.signingRegion).toBe('eu-west-1');
      expect(record.hops[1]!.requestId).toMatch(/^[0-9A-F]{16}$/);
      await expect.poll(() => record.hops[1]!.bodyDoneMs).toBeDefined();

      await whileTemporaryRedirect(t, 'reader-bucket', async () => {
        const moved = await fresh.getObject({ bucket: 'reader-bucket', key: 'threaded.bin', range });
        expect(moved.Body).toBeInstanceOf(ThreadedBody);
        expect((await readAll(moved.Body)).equals(bytes.subarray(1))).toBe(true);
        expectFollowedOnce(fresh.log, 'reader-bucket');
      });

      await expect(
        fresh.getObject({ bucket: 'reader-bucket', key: 'missing', range: 'bytes=0-9999999' }),
      ).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
    } finally {
      usable.mockRestore();
      fresh.destroy();
    }
  });

  it('pumps a range after a region redirect, logs both hops, and answers a 404 as S3 says it', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 17);
    await put('r.bin', bytes);
    const fresh = freshTransport();
    try {
      // A new transport does not know the region yet: the first answer is S3's 301 (or 400).
      const out = await fresh.send<GetObjectCommandOutput>(
        { operation: 'GetObject', bucket: 'reader-bucket', key: 'r.bin' },
        () => new GetObjectCommand({ Bucket: 'reader-bucket', Key: 'r.bin', Range: 'bytes=1000-1099999' }),
      );
      expect(out.Body).toBeInstanceOf(SocketBody);
      expect(out.ContentRange).toBe(`bytes 1000-1099999/${bytes.length}`);
      expect((await pumpAll(out.Body)).equals(bytes.subarray(1000, 1100000))).toBe(true);
      const record = fresh.log.since(0).records.find((r) => r.operation === 'GetObject')!;
      expect(record.hops.map((h) => h.status)).toEqual([expect.any(Number), 206]);
      expect(record.hops[0]!.status === 301 || record.hops[0]!.status === 400).toBe(true);
      expect(record.hops[1]!.signingRegion).toBe('eu-west-1');
      // The reader's own head parsing keeps S3's request IDs, as Node's client does.
      expect(record.hops[1]!.requestId).toMatch(/^[0-9A-F]{16}$/);
      expect(record.hops[1]!.hostId).toBeTruthy();
      await expect.poll(() => record.hops[1]!.bodyDoneMs).toBeDefined();

      await expect(
        fresh.send(
          { operation: 'GetObject', bucket: 'reader-bucket', key: 'missing' },
          () => new GetObjectCommand({ Bucket: 'reader-bucket', Key: 'missing', Range: 'bytes=0-9' }),
        ),
      ).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
    } finally {
      fresh.destroy();
    }
  });
});
