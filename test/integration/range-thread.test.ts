// The range thread that reads large ranges (range-thread.ts, range-worker.ts): a real worker
// thread against a scripted server, so a body written into its file there, read as a stream, an
// error answer, a cut-off, an abort mid-write, and a thread that keeps no process alive are each
// checked on the wire. Downloads through it over both stores are in transfers.test.ts.
import { HttpRequest } from '@smithy/protocol-http';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLargeRange, RangeThread, ThreadedBody } from '../../electron/s3/range-thread.js';
import {
  answer,
  ranged,
  readAll,
  scriptedServer,
  selfSignedLocalhost,
  type Scripted,
  type Step,
} from '../support/scripted-server.js';

const MIB = 1024 * 1024;

describe('the range thread', () => {
  const servers: Scripted[] = [];
  const threads: RangeThread[] = [];
  let dir: string;
  const thread = (options = {}) => {
    const t = new RangeThread(options);
    threads.push(t);
    return t;
  };
  const serve = async (steps: Step[]) => {
    const s = await scriptedServer(steps);
    servers.push(s);
    return s;
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'range-thread-'));
  });
  afterEach(async () => {
    threads.splice(0).forEach((t) => t.destroy());
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes explicit ranges of 8 MiB or more, nothing open-ended or smaller', () => {
    const asking = (headers: Record<string, string>) =>
      isLargeRange(new HttpRequest({ method: 'GET', hostname: 'h', path: '/b/k', headers }));
    expect(asking({ range: `bytes=0-${8 * MIB - 1}` })).toBe(true);
    expect(asking({ Range: `bytes=${MIB}-${9 * MIB + 5}` })).toBe(true);
    expect(asking({ range: `bytes=0-${8 * MIB - 2}` })).toBe(false);
    expect(asking({ range: 'bytes=100-' })).toBe(false);
    expect(asking({ range: 'bytes=-500000000' })).toBe(false);
    expect(asking({})).toBe(false);
  });

  it('is woken by the first large range, which does not wait for it; the next ones do', async () => {
    const t = thread();
    expect(t.isRunning).toBe(false);
    expect(t.usable()).toBe(false); // this one keeps the main thread's reader
    expect(t.isRunning).toBe(true);
    expect(t.usable()).toBe(true);
    t.destroy();
    expect(t.isRunning).toBe(false);
  });

  it('goes when idle, also when started again after it was destroyed', async () => {
    const step = (s: import('node:net').Socket) =>
      void s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok'));
    const server = await serve([step, step, step]);
    const t = new RangeThread({}, 100);
    threads.push(t);
    expect((await readAll((await t.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    t.destroy();
    expect((await readAll((await t.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    expect(t.isRunning).toBe(true);
    await expect.poll(() => t.isRunning, { timeout: 2_000 }).toBe(false);
    // Destroyed while it was waiting to go, then woken and never used: it goes all the same.
    expect((await readAll((await t.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    t.destroy();
    expect(t.usable()).toBe(false);
    expect(t.isRunning).toBe(true);
    await expect.poll(() => t.isRunning, { timeout: 2_000 }).toBe(false);
  });

  it('writes a body into its file at its place on the thread, says progress, and ends for the log', async () => {
    const bytes = randomBytes(10 * MIB + 123);
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes)),
    ]);
    const { response } = await thread().handle(ranged(server.port));
    expect(response.statusCode).toBe(206);
    expect(response.body).toBeInstanceOf(ThreadedBody);
    const body = response.body as ThreadedBody;
    let ended = false;
    body.once('end', () => (ended = true));
    const file = path.join(dir, 'at-place.bin');
    const handle = await open(file, 'w+');
    const said: number[] = [];
    try {
      await handle.truncate(bytes.length + 500);
      const written = await body.writeTo(handle.fd, 500, bytes.length, (n) => said.push(n));
      expect(written).toBe(bytes.length);
    } finally {
      await handle.close();
    }
    const on = await readFile(file);
    expect(on.subarray(0, 500).equals(Buffer.alloc(500))).toBe(true);
    expect(on.subarray(500).equals(bytes)).toBe(true);
    expect(said.length).toBeGreaterThan(1);
    expect(said).toEqual([...said].sort((a, b) => a - b));
    expect(said.at(-1)).toBe(bytes.length);
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(true);
    expect(server.requests[0]).toMatch(/^GET \/bucket\/some%20key\?versionId=v%201 HTTP\/1\.1\r\n/);
  });

  it('reads a body as a stream for any other reader, and sends an error answer back whole', async () => {
    const bytes = randomBytes(3 * MIB);
    const error =
      '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The key does not exist.</Message></Error>';
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes)),
      (s) => void s.write(answer('404 Not Found', [`Content-Length: ${error.length}`], error)),
    ]);
    const t = thread();
    expect((await readAll((await t.handle(ranged(server.port))).response.body)).equals(bytes)).toBe(true);
    const missing = await t.handle(ranged(server.port));
    expect(missing.response.statusCode).toBe(404);
    expect(missing.response.body).not.toBeInstanceOf(ThreadedBody);
    expect((await readAll(missing.response.body)).toString()).toBe(error);
    expect(server.connections).toBe(1); // both on one kept-alive connection
  });

  it('fails a write when the body breaks off, and refuses more bytes than asked for', async () => {
    const server = await serve([
      (s) => {
        s.write(answer('206 Partial Content', ['Content-Length: 5000000'], randomBytes(2 * MIB)));
        setTimeout(() => s.destroy(), 30);
      },
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 3000'], randomBytes(3000))),
    ]);
    const t = thread();
    const handle = await open(path.join(dir, 'broken.bin'), 'w');
    try {
      const cut = (await t.handle(ranged(server.port))).response.body as ThreadedBody;
      await expect(cut.writeTo(handle.fd, 0, 5_000_000, () => undefined)).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      const long = (await t.handle(ranged(server.port))).response.body as ThreadedBody;
      await expect(long.writeTo(handle.fd, 0, 2000, () => undefined)).rejects.toMatchObject({ code: 'BadRange' });
    } finally {
      await handle.close();
    }
  });

  it('an abort mid-write settles only once the thread has stopped writing', async () => {
    const chunk = randomBytes(MIB);
    let sending: NodeJS.Timeout | undefined;
    const server = await serve([
      (s) => {
        s.write(answer('206 Partial Content', [`Content-Length: ${64 * MIB}`]));
        sending = setInterval(() => s.write(chunk), 5); // slowly, so the abort comes mid-body
        s.on('close', () => clearInterval(sending));
      },
    ]);
    const controller = new AbortController();
    const file = path.join(dir, 'aborted.bin');
    const handle = await open(file, 'w');
    let progressed = 0;
    try {
      const { response } = await thread().handle(ranged(server.port), { abortSignal: controller.signal });
      const writing = (response.body as ThreadedBody).writeTo(handle.fd, 0, 64 * MIB, (n) => {
        progressed = n;
        if (n >= 4 * MIB) controller.abort();
      });
      await expect(writing).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      clearInterval(sending);
      await handle.close();
    }
    const size = (await readFile(file)).length;
    expect(progressed).toBeGreaterThanOrEqual(4 * MIB);
    expect(size).toBeLessThan(64 * MIB);
    await new Promise((r) => setTimeout(r, 100));
    expect((await readFile(file)).length).toBe(size); // nothing written after it settled
  });

  it('lets go of a body nobody reads when its request is cancelled, and answers no more about it', async () => {
    const bytes = randomBytes(2 * MIB);
    const server = await serve([
      (s) => void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes)),
      (s) => void s.write(answer('206 Partial Content', ['Content-Length: 2'], 'ok')),
    ]);
    const t = thread();
    const controller = new AbortController();
    const { response } = await t.handle(ranged(server.port), { abortSignal: controller.signal });
    controller.abort();
    expect((response.body as ThreadedBody).destroyed).toBe(true);
    // The thread still answers the next request, on a connection of its own.
    expect((await readAll((await t.handle(ranged(server.port))).response.body)).toString()).toBe('ok');
    expect(server.connections).toBe(2);
  });

  it('fails what it still owes when it is destroyed, and an abort before sending sends nothing', async () => {
    const server = await serve([() => undefined]); // never answers
    const t = thread();
    const owed = t.handle(ranged(server.port));
    await expect.poll(() => server.requests.length, { timeout: 5_000 }).toBe(1); // sent, never answered
    t.destroy();
    await expect(owed).rejects.toMatchObject({ name: 'AbortError' });
    await expect(thread().handle(ranged(server.port), { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests.length).toBe(1);
  });

  it('reads over TLS on the thread, trusting the CA it is given and nothing else', async () => {
    const { key, cert } = await selfSignedLocalhost(dir);
    const bytes = randomBytes(9 * MIB);
    const reply = answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes);
    const sockets = await scriptedServer([(s) => void s.write(reply)], { key, cert });
    servers.push(sockets);
    const trusting = thread({ tls: { ca: cert } });
    const out = await trusting.handle(ranged(sockets.port, {}, 'https:'));
    expect(out.response.body).toBeInstanceOf(ThreadedBody);
    expect((await readAll(out.response.body)).equals(bytes)).toBe(true);
    await expect(thread().handle(ranged(sockets.port, {}, 'https:'))).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it('keeps no process alive once it has nothing to read, nor for an answer nobody reads', async () => {
    const bytes = randomBytes(2 * MIB);
    const send = (s: import('node:net').Socket) =>
      void s.write(answer('206 Partial Content', [`Content-Length: ${bytes.length}`], bytes));
    const server = await serve([send, send]);
    const script = `
      import { HttpRequest } from '@smithy/protocol-http';
      import { RangeThread } from ${JSON.stringify(path.resolve('electron/s3/range-thread.ts'))};
      const thread = new RangeThread();
      const out = await thread.handle(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1',
        port: ${server.port}, path: '/b/k', headers: { range: 'bytes=0-${bytes.length - 1}' } }));
      let size = 0;
      for await (const chunk of out.response.body) size += chunk.length;
      await thread.handle(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1',
        port: ${server.port}, path: '/b/k', headers: { range: 'bytes=0-${bytes.length - 1}' } }));
      process.stdout.write(String(size));
    `; // a second answer never read, and no thread.destroy(): the process must still end at once
    const started = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 10_000 },
    );
    expect(stdout).toBe(String(bytes.length));
    expect(performance.now() - started).toBeLessThan(4_500); // the thread's idle timer is 5 s
  });
});
