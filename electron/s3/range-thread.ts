// Large ranges read on a thread of their own: the main thread builds, signs and records each
// request as ever (redirects, retries and the log are the transport's), and the range thread's
// SocketReader (range-worker.ts) sends it and reads the answer. A download's body is written into
// its file there, by the thread that read it, right after reading it.
//
// Why: measured on this 2-core machine (a 1 GiB object in four ranges from the demo store, into
// RAM), writing each MiB from the thread whose socket read it took ~0.15 s less system time per
// GiB than handing it to libuv's thread pool to write (the pool's thread copies bytes the reading
// core has in its cache: a minimal client's gigabyte went from ~0.64 s to ~0.56 s); doing that
// on the main thread would stall everything else there (IPC, the window) whenever a disk is slow,
// so it is this thread's. Smaller ranges (previews, small objects) stay on the main thread's reader: a
// message each way costs more than it saves.
import { createRequire } from 'node:module';
import { nativeCrcModule } from './fast-crc.js';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import type {
  FromRangeThread,
  ThreadError,
  ThreadRequest,
  RangeWorkerData,
  ToRangeThread,
  WrittenBlock,
} from './range-thread-messages.js';
import type { SocketReaderOptions } from './socket-reader.js';

/** The range-worker bundle's text, put in by the bundler (scripts/build-electron.mjs). */
declare const RANGE_WORKER_SOURCE: string | undefined;

/** A range at least this long (both ends given) is read on the range thread. */
export const THREAD_RANGE_BYTES = 8 * 1024 * 1024;
/** The thread (a Node environment of its own) goes when it has had nothing to read for this long. */
const IDLE_MS = 5_000;

/** Whether `request` asks for an explicit byte range of at least `min` bytes. */
export function isLargeRange(request: HttpRequest, min = THREAD_RANGE_BYTES): boolean {
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'range') continue;
    const range = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
    return range !== null && Number(range[2]) - Number(range[1]) + 1 >= min;
  }
  return false;
}

/**
 * The worker's code: bundled into the app and the terminal's bin by the build; from the
 * TypeScript sources (tests, `npm run cli`), bundled here once, with the build's own settings.
 */
let source: string | undefined;
function workerSource(): string {
  if (typeof RANGE_WORKER_SOURCE === 'string') return RANGE_WORKER_SOURCE;
  if (!source) {
    const require = createRequire(import.meta.url);
    const bundler = require('../../scripts/range-worker.mjs') as typeof import('../../scripts/range-worker.mjs');
    source = bundler.bundleRangeWorker();
  }
  return source;
}

interface Job {
  head?: { resolve: (answer: { response: HttpResponse }) => void; reject: (error: Error) => void };
  body?: ThreadedBody;
  signal?: AbortSignal;
  cleanUp: () => void;
}

export class RangeThread {
  private running: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private failed = false;

  constructor(
    private readonly options: SocketReaderOptions = {},
    private readonly idleMs = IDLE_MS,
  ) {}

  /**
   * Whether a large range comes here: unless the thread failed to run. The request that wakes it
   * does not wait for it (starting takes ~30 ms) and keeps the main thread's reader; those after
   * it wait in the thread's message queue, where they are sent as soon as it runs.
   */
  usable(): boolean {
    if (this.failed) return false;
    if (this.running) return true;
    this.start();
    return false;
  }

  /** Whether the thread is running now (for tests). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    if (signal?.aborted) return Promise.reject(abortError());
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.send({ type: 'abort', id });
        // A body nobody reads yet: the thread lets it go and says no more about it.
        const body = this.jobs.get(id)?.body;
        if (body && !body.reading) body.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.set(id, {
        head: { resolve, reject },
        signal,
        cleanUp: () => signal?.removeEventListener('abort', onAbort),
      });
      this.refresh();
      const plain: ThreadRequest = {
        method: request.method,
        protocol: request.protocol,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        query: request.query as ThreadRequest['query'],
        headers: request.headers,
      };
      this.send({ type: 'get', id, request: plain });
    });
  }

  destroy(): void {
    const running = this.running;
    this.running = undefined;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.failAll(abortError());
    void running?.terminate();
  }

  private send(message: ToRangeThread): void {
    this.running?.postMessage(message);
  }

  private start(): Worker {
    if (this.running) return this.running;
    const worker = new Worker(workerSource(), {
      eval: true,
      workerData: { ...this.options, crcModule: nativeCrcModule() } satisfies RangeWorkerData,
      // CommonJS text: none of the process's flags (an --input-type=module, a loader) apply to it.
      execArgv: [],
    });
    worker.on('message', (message: FromRangeThread) => this.received(message));
    worker.on('error', (error) => {
      // A thread that fails (not one closed when idle) is not started again: ranges stay on main.
      this.failed = true;
      if (this.running === worker) this.running = undefined;
      this.failAll(error);
    });
    worker.on('exit', () => {
      if (this.running !== worker) return;
      this.running = undefined;
      this.failAll(new Error('the range thread stopped'));
    });
    this.running = worker;
    this.refresh();
    return worker;
  }

  private received(message: FromRangeThread): void {
    const job = this.jobs.get(message.id);
    if (!job) return;
    switch (message.type) {
      case 'head': {
        const { status, reason, headers, body } = message;
        let readable: Readable;
        if (body) {
          this.finish(message.id);
          readable = Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
        } else {
          const id = message.id;
          readable = job.body = new ThreadedBody({
            send: (m) => this.send(m),
            id,
            reading: () => this.refresh(),
            abandoned: () => {
              // Let go before anything was asked of it: the thread answers no more about it.
              this.send({ type: 'abort', id });
              this.finish(id);
            },
          });
        }
        const head = job.head!;
        job.head = undefined;
        if (job.signal?.aborted && job.body) {
          // Cancelled while its head was on the way.
          job.body.destroy();
          head.reject(abortError());
        } else head.resolve({ response: new HttpResponse({ statusCode: status, reason, headers, body: readable }) });
        this.refresh();
        break;
      }
      case 'progress':
        job.body?.progress(message.written, message.blocks);
        break;
      case 'chunk':
        job.body?.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        break;
      case 'end':
        this.finish(message.id);
        job.body?.ended(message.received, message.blocks);
        break;
      case 'failed':
        this.finish(message.id);
        if (job.head) job.head.reject(errorOf(message.error));
        else job.body?.failed(errorOf(message.error));
        break;
    }
  }

  private finish(id: number): void {
    this.jobs.get(id)?.cleanUp();
    this.jobs.delete(id);
    this.refresh();
  }

  /**
   * The thread keeps the process alive only while something waits on it: an answer's head, or a
   * body being written or read. Otherwise (a body nobody reads yet counts as nothing) it goes
   * after a while, failing such bodies.
   */
  private refresh(): void {
    const running = this.running;
    if (!running) return;
    const waiting = [...this.jobs.values()].some((job) => job.head || job.body?.reading);
    if (waiting) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      running.ref();
      return;
    }
    running.unref();
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.running !== running) return;
      this.running = undefined;
      this.failAll(new Error('the range thread went idle'));
      void running.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private failAll(error: Error): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const job of jobs) {
      job.cleanUp();
      if (job.head) job.head.reject(error);
      else job.body?.failed(error);
    }
  }
}

/**
 * An answer's body read on the range thread: written into a file there (`writeTo`), or read as an
 * ordinary stream, each piece sent over when the stream asks for one.
 */
export class ThreadedBody extends Readable {
  private mode: 'file' | 'stream' | undefined;
  private file:
    | {
        resolve: (n: number) => void;
        reject: (e: Error) => void;
        onBytes: (n: number) => void;
        onBlocks?: (blocks: WrittenBlock[]) => void;
      }
    | undefined;
  private settled = false;

  constructor(
    private readonly thread: {
      send: (message: ToRangeThread) => void;
      id: number;
      /** Told when the body starts being read (the thread is waited on again). */
      reading: () => void;
      /** Told when it is let go before anything was asked of it. */
      abandoned: () => void;
    },
  ) {
    super();
  }

  /** Being written or read, and not ended. */
  get reading(): boolean {
    return this.mode !== undefined && !this.settled;
  }

  /**
   * Writes the body into the open file `fd` at `position` (at most `limit` bytes; more is an
   * error); resolves with how many came, once the thread has written them all. It settles only
   * when the thread has stopped writing: the file may be closed then, not before. With `onBlocks`,
   * the thread says each block's CRC32 as well, before the bytes it counts as written.
   */
  writeTo(
    fd: number,
    position: number,
    limit: number,
    onBytes: (written: number) => void,
    onBlocks?: (blocks: WrittenBlock[]) => void,
  ): Promise<number> {
    if (this.mode) return Promise.reject(new Error('the body is already being read'));
    if (this.settled) return Promise.reject(new Error('the body was abandoned'));
    this.mode = 'file';
    this.thread.reading();
    return new Promise((resolve, reject) => {
      this.file = { resolve, reject, onBytes, onBlocks };
      this.thread.send({ type: 'file', id: this.thread.id, fd, position, limit, crc32: onBlocks !== undefined });
    });
  }

  override _read(): void {
    if (this.mode === 'file' || this.settled) return;
    if (!this.mode) {
      this.mode = 'stream';
      this.thread.reading();
    }
    this.thread.send({ type: 'more', id: this.thread.id });
  }

  progress(written: number, blocks?: WrittenBlock[]): void {
    if (blocks) this.file?.onBlocks?.(blocks);
    this.file?.onBytes(written);
  }

  ended(received = 0, blocks?: WrittenBlock[]): void {
    this.settled = true;
    this.push(null);
    if (this.file) {
      if (blocks) this.file.onBlocks?.(blocks);
      this.file.onBytes(received);
      this.file.resolve(received);
      this.resume(); // nothing is buffered: flowing now emits 'end' for whoever listens (the log)
    }
  }

  failed(error: Error): void {
    this.settled = true;
    if (this.file) {
      this.file.reject(error);
      this.destroy();
    } else this.destroy(this.listenerCount('error') > 0 ? error : undefined);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Abandoned before its end: the thread lets the connection go. Being read, it still answers
    // (a write into a file settles only once the thread has stopped writing).
    if (!this.settled) {
      if (this.mode) this.thread.send({ type: 'abort', id: this.thread.id });
      else {
        this.settled = true;
        this.thread.abandoned();
      }
    }
    callback(error);
  }
}

function errorOf(error: ThreadError): Error {
  return Object.assign(new Error(error.message), { name: error.name ?? 'Error', code: error.code });
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
