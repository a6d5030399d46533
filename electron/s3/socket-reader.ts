// Ranged GETs over keep-alive sockets that read into one reused buffer per connection.
//
// Why not Node's http client for these (every other request keeps the SDK's NodeHttpHandler): it
// allocates two buffers for every socket read, the read itself and the parser's copy of the body.
// A 1 GiB download made some 33,000 buffers of 64 KiB, and V8 answered their external memory with
// a full mark-compact every ~24 MB (43 per GiB), in the app and in the store serving it alike;
// measured in `npm run bench -- download`. Here the socket reads into its connection's buffer
// (`onread`, plain and TLS sockets alike), this file parses the answer's head itself, and the
// body reaches its consumer as views of that buffer: a download copies them straight into its
// write buffers (`SocketBody.pumpTo`), so nothing is allocated per chunk. Anyone else reads the
// body as an ordinary stream of copies, as before. Signing, redirects, retries and the request
// log are untouched: the SDK builds and signs the request, the RecordingHandler records the hop,
// and the answer (any status) goes back to the SDK as an HttpResponse.
import net from 'node:net';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import { buildQueryString } from '@smithy/core/protocols';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import { lookupWithLocalhost } from './endpoints.js';

/** What a connection reads into: big enough that a fast loopback or LAN read is one callback. */
export const READ_BUFFER_BYTES = 256 * 1024;
/** A consumer's read target smaller than this is not worth the small reads it would make. */
const MIN_READ_INTO = 64 * 1024;
/** An answer's head larger than this is not S3's. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Idle connections kept per origin, and for how long (S3 closes idle ones after ~20 s). */
const IDLE_PER_ORIGIN = 16;
const IDLE_MS = 4_000;

/**
 * Receives a body's bytes as views of the connection's read buffer (at most READ_BUFFER_BYTES
 * each), valid only until it returns: copy what you keep. A returned promise holds the socket
 * until it settles; a throw ends the body with that error.
 */
export type BodySink = (view: Buffer) => void | Promise<void>;

export interface SocketReaderOptions {
  connectionTimeout?: number;
  /** Inactivity allowed while a request is out (the SDK's requestTimeout). */
  requestTimeout?: number;
  /** TLS settings beyond Node's defaults, such as a CA to trust: the https agent's, so both paths agree. */
  tls?: Pick<tls.ConnectionOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>;
}

/**
 * Requests this reader takes: GETs of a byte range, or of an object whole with its checksum (a
 * download's small object; every GetObject asks for the checksum, as the SDK's do), over HTTP/1.1.
 */
export function isRangedGet(request: HttpRequest): boolean {
  if (request.method !== 'GET' || (request.protocol !== 'http:' && request.protocol !== 'https:')) return false;
  const body = request.body as unknown;
  // This reader sends no body: a GET that carries one (none does) keeps Node's client.
  const empty =
    body === undefined ||
    body === null ||
    ((typeof body === 'string' || body instanceof Uint8Array) && body.length === 0);
  return (
    empty && Object.keys(request.headers).some((name) => ['range', 'x-amz-checksum-mode'].includes(name.toLowerCase()))
  );
}

type Framing =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunked'; decoder: ChunkedDecoder }
  | { kind: 'close' }
  | { kind: 'none' };

class Connection {
  readonly socket: net.Socket;
  /** Who the bytes go to now: the exchange in progress, or nobody while idle. */
  onBytes: ((view: Buffer) => void) | undefined;
  onGone: ((error: Error) => void) | undefined;
  onTimeout: (() => void) | undefined;
  /** Where the next read may land instead of the connection's buffer (see SocketBody.pumpTo). */
  readInto: (() => Buffer) | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

  constructor(
    readonly origin: string,
    url: { protocol: string; hostname: string; port: number },
    tlsOptions: SocketReaderOptions['tls'],
  ) {
    const onread = {
      // Asked after every read (and once at the start) for where the next one goes.
      buffer: (): Buffer => {
        const target = this.readInto?.();
        return target && target.length >= MIN_READ_INTO ? target : this.buffer;
      },
      callback: (length: number, buffer: Uint8Array): boolean => {
        const view = (buffer as Buffer).subarray(0, length);
        if (this.onBytes) this.onBytes(view);
        else this.socket.destroy(); // bytes nobody asked for: the connection is not trustworthy
        return true;
      },
    };
    const common = { host: url.hostname, port: url.port, lookup: lookupWithLocalhost, onread, noDelay: true };
    this.socket =
      url.protocol === 'https:'
        ? tls.connect({
            ...tlsOptions,
            ...common,
            servername: net.isIP(url.hostname) ? undefined : url.hostname,
            ALPNProtocols: ['http/1.1'],
          })
        : net.connect(common);
    this.socket.on('error', (error) => this.onGone?.(error));
    this.socket.on('timeout', () => this.onTimeout?.());
    this.socket.on('end', () =>
      this.onGone?.(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' })),
    );
    this.socket.on('close', () => this.onGone?.(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
  }

  get usable(): boolean {
    return !this.socket.destroyed && this.socket.readyState === 'open';
  }
}

export class SocketReader {
  private readonly idle = new Map<string, Connection[]>();
  private closed = false;

  constructor(private readonly options: SocketReaderOptions = {}) {}

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    // The SDK's own AbortSignal type is an interface the DOM's satisfies; what arrives is a real one.
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) throw abortError();
    const port = request.port ?? (request.protocol === 'https:' ? 443 : 80);
    const hostname = request.hostname.startsWith('[') ? request.hostname.slice(1, -1) : request.hostname;
    const origin = `${request.protocol}//${hostname}:${port}`;
    const head = requestHead(request);
    const connection = await this.connect(origin, { protocol: request.protocol, hostname, port }, abortSignal);
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(connection, this.options.requestTimeout ?? 0, abortSignal, {
        head: (response) => resolve({ response }),
        failed: reject,
        done: (reusable) => this.release(connection, reusable),
      });
      exchange.start(head);
    });
  }

  destroy(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const c of list) c.socket.destroy();
    this.idle.clear();
  }

  private async connect(
    origin: string,
    url: { protocol: string; hostname: string; port: number },
    signal: AbortSignal | undefined,
  ): Promise<Connection> {
    const list = this.idle.get(origin);
    while (list?.length) {
      const connection = list.pop()!;
      clearTimeout(connection.idleTimer);
      if (connection.usable) {
        connection.socket.ref();
        return connection;
      }
      connection.socket.destroy();
    }
    const connection = new Connection(origin, url, this.options.tls);
    await new Promise<void>((resolve, reject) => {
      const socket = connection.socket;
      const settle = (error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        connection.onGone = undefined;
        socket.removeListener(connection.socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', onConnect);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve();
      };
      const onConnect = () => settle();
      const onAbort = () => settle(abortError());
      const timeout = this.options.connectionTimeout ?? 0;
      const timer = timeout
        ? setTimeout(
            () =>
              settle(
                Object.assign(new Error(`no connection to ${origin} within ${timeout} ms`), { name: 'TimeoutError' }),
              ),
            timeout,
          )
        : undefined;
      connection.onGone = (error) => settle(error);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', onConnect);
    });
    return connection;
  }

  private release(connection: Connection, reusable: boolean): void {
    connection.onBytes = undefined;
    connection.onGone = undefined;
    connection.onTimeout = undefined;
    connection.readInto = undefined;
    connection.socket.setTimeout(0);
    let list = this.idle.get(connection.origin);
    if (!reusable || this.closed || !connection.usable || (list && list.length >= IDLE_PER_ORIGIN)) {
      connection.socket.destroy();
      return;
    }
    if (!list) this.idle.set(connection.origin, (list = []));
    list.push(connection);
    const forget = () => {
      const at = list.indexOf(connection);
      if (at >= 0) list.splice(at, 1);
      connection.socket.destroy();
    };
    connection.onGone = forget;
    connection.socket.resume(); // so that a close by the server is noticed while idle
    connection.socket.unref(); // an idle connection keeps no process alive (as Node's agent does)
    connection.idleTimer = setTimeout(forget, IDLE_MS);
    connection.idleTimer.unref();
  }
}

/** The request's head as bytes: its path and query exactly as the SDK signed them. */
function requestHead(request: HttpRequest): string {
  const query = request.query ? buildQueryString(request.query) : '';
  const target = `${request.path}${query ? `?${query}` : ''}`;
  let head = `GET ${target} HTTP/1.1\r\n`;
  let hasHost = false;
  for (const [name, value] of Object.entries(request.headers)) {
    if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value))
      throw new Error(`header ${JSON.stringify(name)} holds a line break`);
    if (name.toLowerCase() === 'host') hasHost = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!hasHost) head += `host: ${request.hostname}${request.port ? `:${request.port}` : ''}\r\n`;
  if (/[\r\n\0 ]/.test(target)) throw new Error('the request path holds a space or a line break');
  return `${head}\r\n`;
}

interface ExchangeEvents {
  head: (response: HttpResponse) => void;
  failed: (error: Error) => void;
  done: (reusable: boolean) => void;
}

/** One request and its answer on a connection: the head parsed here, the body framed here. */
class Exchange {
  private headBytes: Buffer | undefined;
  private body: SocketBody | undefined;
  private framing: Framing = { kind: 'none' };
  private keepAlive = true;
  private finished = false;
  private readonly onAbort = () => this.fail(abortError());

  constructor(
    private readonly connection: Connection,
    private readonly idleTimeout: number,
    private readonly signal: AbortSignal | undefined,
    private readonly events: ExchangeEvents,
  ) {}

  start(head: string): void {
    const { socket } = this.connection;
    this.connection.onBytes = (view) => this.received(view);
    this.connection.onGone = (error) => {
      if (this.framing.kind === 'close' && this.body) this.complete();
      else this.fail(error);
    };
    if (this.idleTimeout) {
      this.connection.onTimeout = () =>
        this.fail(Object.assign(new Error(`nothing received for ${this.idleTimeout} ms`), { name: 'TimeoutError' }));
      socket.setTimeout(this.idleTimeout);
    }
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    socket.resume();
    socket.write(head, 'latin1');
  }

  /** The body's consumer asks for more, or for nothing until it has caught up. */
  pause(): void {
    if (!this.finished) this.connection.socket.pause();
  }

  resume(): void {
    if (!this.finished) this.connection.socket.resume();
  }

  /** The body's consumer offers where the next reads should land (see SocketBody.pumpTo). */
  readInto(target: () => Buffer): void {
    if (!this.finished) this.connection.readInto = target;
  }

  private received(view: Buffer): void {
    if (this.finished) return;
    if (!this.body) {
      const rest = this.readHead(view);
      if (!rest) return;
      view = rest;
    }
    if (view.length) this.bodyBytes(view);
  }

  /** Collects the head; returns what follows it once it is whole. */
  private readHead(view: Buffer): Buffer | undefined {
    const before = this.headBytes?.length ?? 0;
    // Looked for in the read itself: only a head split across reads is copied out to be kept (the
    // read's buffer is the connection's, and a big first read is mostly body).
    const bytes = this.headBytes ? Buffer.concat([this.headBytes, view]) : view;
    const end = bytes.indexOf('\r\n\r\n', Math.max(0, before - 3));
    if (end < 0) {
      if (bytes.length > MAX_HEAD_BYTES) this.fail(new Error('the answer has no end to its head'));
      else this.headBytes = bytes === view ? Buffer.from(view) : bytes;
      return undefined;
    }
    this.headBytes = undefined;
    const parsed = parseHead(bytes.subarray(0, end).toString('latin1'));
    if (!parsed) {
      this.fail(new Error('the answer is not HTTP/1.x'));
      return undefined;
    }
    const rest = view.subarray(end + 4 - before);
    if (parsed.status >= 100 && parsed.status < 200) {
      // 100 Continue and friends: the real answer follows.
      return rest.length ? this.readHead(rest) : undefined;
    }
    const { status, reason, headers, version } = parsed;
    const connectionHeader = (headers['connection'] ?? '').toLowerCase();
    this.keepAlive = version === '1.1' ? !connectionHeader.includes('close') : connectionHeader.includes('keep-alive');
    const transferEncoding = headers['transfer-encoding'];
    const length = headers['content-length'];
    if (status === 204 || status === 304) this.framing = { kind: 'none' };
    else if (transferEncoding !== undefined) {
      if (!/(^|,)\s*chunked\s*$/i.test(transferEncoding)) {
        this.fail(new Error(`unknown transfer-encoding ${transferEncoding}`));
        return undefined;
      }
      this.framing = { kind: 'chunked', decoder: new ChunkedDecoder() };
    } else if (length !== undefined) {
      if (!/^\d+$/.test(length.trim())) {
        this.fail(new Error(`bad content-length ${length}`));
        return undefined;
      }
      this.framing = { kind: 'length', remaining: Number(length) };
    } else {
      this.framing = { kind: 'close' };
      this.keepAlive = false;
    }
    this.body = new SocketBody(this);
    this.events.head(new HttpResponse({ statusCode: status, reason, headers, body: this.body }));
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && this.framing.remaining === 0)) {
      this.complete();
      return undefined;
    }
    return rest;
  }

  private bodyBytes(view: Buffer): void {
    const framing = this.framing;
    if (framing.kind === 'length') {
      if (view.length > framing.remaining) {
        // More than the answer said: the connection cannot be trusted with another request.
        this.keepAlive = false;
        view = view.subarray(0, framing.remaining);
      }
      framing.remaining -= view.length;
      this.body!.deliver(view);
      if (framing.remaining === 0) this.complete();
    } else if (framing.kind === 'chunked') {
      const ended = framing.decoder.decode(view, (part) => this.body!.deliver(part));
      if (ended instanceof Error) this.fail(ended);
      else if (ended) this.complete();
    } else if (framing.kind === 'close') {
      this.body!.deliver(view);
    } else {
      this.keepAlive = false;
    }
  }

  private cleanUp(): void {
    this.finished = true;
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  private complete(): void {
    if (this.finished) return;
    this.cleanUp();
    this.body!.end();
    this.events.done(this.keepAlive);
  }

  fail(error: Error): void {
    if (this.finished) return;
    this.cleanUp();
    this.connection.onBytes = undefined;
    this.connection.onGone = undefined;
    this.connection.readInto = undefined;
    this.connection.socket.destroy();
    if (this.body) this.body.fail(error);
    else this.events.failed(error);
  }
}

/** `HTTP/1.1 206 Partial Content` and its fields, names lowercased, repeats joined with commas. */
function parseHead(
  text: string,
): { version: string; status: number; reason: string; headers: Record<string, string> } | undefined {
  const lines = text.split('\r\n');
  const status = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { version: status[1]!, status: Number(status[2]), reason: status[3] ?? '', headers };
}

/** RFC 9112 chunked coding: sizes in hex, extensions ignored, trailers read and dropped. */
class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;

  /** true when the body has ended, an Error when it is not chunked coding. */
  decode(view: Buffer, emit: (part: Buffer) => void): boolean | Error {
    let at = 0;
    while (at < view.length) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, view.length - at);
        emit(view.subarray(at, at + n));
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const newline = view.indexOf(10, at);
      const end = newline < 0 ? view.length : newline + 1;
      this.line += view.toString('latin1', at, end);
      at = end;
      if (newline < 0) {
        if (this.line.length > 4096) return new Error('a chunk line without end');
        continue;
      }
      const line = this.line.replace(/\r?\n$/, '');
      this.line = '';
      if (this.state === 'data-end') {
        if (line !== '') return new Error('a chunk without its line end');
        this.state = 'size';
      } else if (this.state === 'size') {
        const size = /^([0-9a-fA-F]{1,12})\s*(;.*)?$/.exec(line);
        if (!size) return new Error(`a bad chunk size ${JSON.stringify(line.slice(0, 20))}`);
        this.remaining = parseInt(size[1]!, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        return true; // the empty line after the trailers
      }
    }
    return false;
  }
}

/**
 * An answer's body: a Readable of copied chunks for whoever reads it that way, or views of the
 * connection's buffer for a consumer that uses `pumpTo` (see BodySink).
 */
export class SocketBody extends Readable {
  private sink: BodySink | undefined;
  private pumped: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** A sink's promise (or the bytes buffered before pumping) holds the socket. */
  private waiting = false;
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly exchange: Exchange) {
    super();
    exchange.pause(); // nothing flows until somebody reads or pumps
  }

  /**
   * Hands every remaining byte to `sink`; resolves when the body has ended. With `readInto`, the
   * socket reads straight into the buffer it returns (asked again after every read): a view the
   * sink then gets that starts there is already where it belongs, and needs no copy. The target
   * must stay untouched until the next call, and the sink must still accept views from elsewhere
   * (the bytes that came with the head, a chunked body's pieces).
   */
  pumpTo(sink: BodySink, readInto?: () => Buffer): Promise<void> {
    if (this.sink) throw new Error('the body is already being pumped');
    if (this.destroyed) return Promise.reject(this.failure ?? new Error('the body was abandoned'));
    // Bytes that came with the head, or while nobody read, were copied into the stream's buffer:
    // they go first, with the socket held until they have.
    const buffered: Buffer[] = [];
    let chunk: Buffer | null;
    while ((chunk = this.read() as Buffer | null) !== null) buffered.push(chunk);
    this.sink = sink;
    if (readInto) this.exchange.readInto(readInto);
    const pumped = new Promise<void>((resolve, reject) => (this.pumped = { resolve, reject }));
    this.hold(
      (async () => {
        for (const b of buffered) await sink(b);
      })(),
    );
    return pumped;
  }

  /** The socket waits for `until` (the sink catching up), then reads on, or the pump settles. */
  private hold(until: Promise<void>): void {
    this.exchange.pause();
    this.waiting = true;
    until.then(
      () => {
        this.waiting = false;
        if (this.ended) this.settlePump();
        else this.exchange.resume();
      },
      (error: Error) => this.sinkFailed(error),
    );
  }

  deliver(view: Buffer): void {
    if (this.sink) {
      let more: void | Promise<void>;
      try {
        more = this.sink(view);
      } catch (error) {
        this.sinkFailed(error as Error);
        return;
      }
      if (more) this.hold(more);
      return;
    }
    if (!this.push(Buffer.from(view))) this.exchange.pause();
  }

  /** The body is whole: in pump mode its promise settles once the sink has caught up. */
  end(): void {
    this.ended = true;
    this.push(null);
    if (this.sink && !this.waiting) this.settlePump();
  }

  private settlePump(): void {
    const pumped = this.pumped;
    this.pumped = undefined;
    // Nothing is buffered in pump mode: flowing now just emits 'end' for whoever listens.
    this.resume();
    pumped?.resolve();
  }

  /**
   * The answer broke off (or the sink failed): the pump's promise rejects with the error, and a
   * reader gets it as the stream's error. Nobody listening, nothing is thrown: as Node's own
   * responses do, so a body nobody reads cannot crash the app.
   */
  fail(error: Error): void {
    this.failure = error;
    const pumped = this.pumped;
    this.pumped = undefined;
    pumped?.reject(error);
    this.destroy(this.listenerCount('error') > 0 ? error : undefined);
  }

  /** The sink threw or its promise rejected: the connection goes too, unless its answer had ended. */
  private sinkFailed(error: Error): void {
    this.exchange.fail(error);
    this.fail(error);
  }

  override _read(): void {
    this.exchange.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed by its reader before the end: the connection cannot carry another request.
    if (!this.ended) this.exchange.fail(error ?? new Error('the body was abandoned'));
    callback(error);
  }
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
