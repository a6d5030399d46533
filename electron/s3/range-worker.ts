// The thread that reads large ranges (see range-thread.ts): the same SocketReader as the main
// thread's, answering the requests main has built and signed. A body is written straight into the
// file main names, at its place, by the thread that read it; or sent back piece by piece to
// whoever reads it as a stream; an error answer's body comes back whole with its head.
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpRequest } from '@smithy/protocol-http';
import { SocketBody, SocketReader } from './socket-reader.js';
import type { FromRangeThread, RangeWorkerData, ToRangeThread, WrittenBlock } from './range-thread-messages.js';
import { crc32, useNativeCrcFrom } from './fast-crc.js';

/** Bytes gathered before a write: a GiB is a thousand writes, each of bytes still in this core's cache. */
const WRITE_BYTES = 1024 * 1024;
/** Progress is said at most this often (in bytes written), and at the end. */
const PROGRESS_BYTES = 4 * WRITE_BYTES;
/** An error answer's body (S3's XML) is a few hundred bytes; more than this is cut. */
const ERROR_BODY_LIMIT = 1024 * 1024;

const port = parentPort!;
const { crcModule, ...readerOptions } = workerData as RangeWorkerData;
useNativeCrcFrom(crcModule);
const reader = new SocketReader(readerOptions);

interface Running {
  abort: AbortController;
  body?: SocketBody;
  /** Stream mode: pieces main may still take before it asks again. */
  streaming?: { credit: number; queued: Buffer[]; ended: boolean };
}
const running = new Map<number, Running>();
/** Write buffers, one per range being written, kept for the next. */
const staging: Buffer[] = [];

function post(message: FromRangeThread, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function described(error: unknown): { message: string; name?: string; code?: string } {
  const e = error as { message?: string; name?: string; code?: string };
  return { message: e.message ?? String(error), name: e.name, code: e.code };
}

async function get(id: number, request: HttpRequest): Promise<void> {
  const job: Running = { abort: new AbortController() };
  running.set(id, job);
  try {
    const { response } = await reader.handle(request, { abortSignal: job.abort.signal });
    const body = response.body as SocketBody;
    if (response.statusCode >= 300) {
      // S3's answer to an error or redirect: read here and sent whole, so main parses it as ever.
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > ERROR_BODY_LIMIT) {
          body.destroy();
          break;
        }
      }
      const bytes = new Uint8Array(Buffer.concat(chunks));
      running.delete(id);
      post(
        {
          type: 'head',
          id,
          status: response.statusCode,
          reason: response.reason,
          headers: response.headers,
          body: bytes,
        },
        [bytes.buffer as ArrayBuffer],
      );
      return;
    }
    job.body = body;
    post({ type: 'head', id, status: response.statusCode, reason: response.reason, headers: response.headers });
  } catch (error) {
    running.delete(id);
    post({ type: 'failed', id, error: described(error) });
  }
}

/**
 * The body into `fd` at `position`: at most `limit` bytes, written as they are read. With `sums`,
 * each block's CRC32 is computed just before it is written, while its bytes are still in this
 * core's cache (zlib's, ~5 GB/s here), so the download's check need not read the file back.
 */
async function toFile(id: number, fd: number, position: number, limit: number, sums = false): Promise<void> {
  const job = running.get(id);
  if (!job?.body) return;
  const buffer = staging.pop() ?? Buffer.allocUnsafeSlow(WRITE_BYTES + 256 * 1024);
  let filled = 0;
  let received = 0;
  let written = 0;
  let said = 0;
  let blocks: WrittenBlock[] = [];
  const taken = () => {
    const out = blocks.length ? blocks : undefined;
    blocks = [];
    return out;
  };
  const flush = () => {
    if (sums && filled) blocks.push([position + written, filled, crc32(buffer.subarray(0, filled))]);
    for (let at = 0; at < filled;) at += writeSync(fd, buffer, at, filled - at, position + written + at);
    written += filled;
    filled = 0;
    if (written - said >= PROGRESS_BYTES) {
      said = written;
      post({ type: 'progress', id, written, blocks: taken() });
    }
  };
  try {
    await job.body.pumpTo(
      (view) => {
        if (received + view.length > limit)
          throw Object.assign(new Error(`More bytes than asked for at ${position}.`), {
            name: 'BadRange',
            code: 'BadRange',
          });
        received += view.length;
        // A read that landed where readInto pointed is in place already.
        if (view.buffer !== buffer.buffer || view.byteOffset !== buffer.byteOffset + filled) {
          if (filled + view.length > buffer.length) flush();
          view.copy(buffer, filled);
        }
        filled += view.length;
        if (filled >= WRITE_BYTES) flush();
      },
      () => buffer.subarray(filled),
    );
    flush();
    post({ type: 'end', id, received: written, blocks: taken() });
  } catch (error) {
    post({ type: 'failed', id, error: described(error) });
  } finally {
    running.delete(id);
    if (staging.length < 16) staging.push(buffer);
  }
}

/** Stream mode: each piece goes to main when it has asked for one. */
function stream(id: number): void {
  const job = running.get(id);
  if (!job?.body) return;
  if (job.streaming) {
    job.streaming.credit++;
    drain(id, job);
    return;
  }
  const streaming: NonNullable<Running['streaming']> = { credit: 1, queued: [], ended: false };
  job.streaming = streaming;
  job.body.on('data', (chunk: Buffer) => {
    streaming.queued.push(chunk);
    drain(id, job);
  });
  job.body.on('end', () => {
    streaming.ended = true;
    drain(id, job);
  });
  job.body.on('error', (error) => {
    running.delete(id);
    post({ type: 'failed', id, error: described(error) });
  });
}

function drain(id: number, job: Running): void {
  const s = job.streaming!;
  while (s.credit > 0 && s.queued.length) {
    s.credit--;
    const chunk = s.queued.shift()!;
    // The stream's pieces are copies of their own (socket-reader.ts): handed over, not copied again.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const own = chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length;
    post({ type: 'chunk', id, bytes }, own ? [chunk.buffer as ArrayBuffer] : undefined);
  }
  if (s.queued.length) job.body!.pause();
  else if (!s.ended) job.body!.resume();
  if (s.ended && !s.queued.length) {
    running.delete(id);
    post({ type: 'end', id });
  }
}

port.on('message', (message: ToRangeThread) => {
  switch (message.type) {
    case 'get':
      void get(message.id, message.request as HttpRequest);
      break;
    case 'file':
      void toFile(message.id, message.fd, message.position, message.limit, message.crc32);
      break;
    case 'more':
      stream(message.id);
      break;
    case 'abort': {
      const job = running.get(message.id);
      if (!job) break;
      // Whatever it was doing answers for itself (a failed get, write or stream); nothing more is
      // asked about it, so it is forgotten here.
      running.delete(message.id);
      job.abort.abort();
      // A body nobody is reading yet: let its connection go.
      if (job.body && !job.streaming) job.body.destroy();
      break;
    }
  }
});
