// Records every HTTP exchange where the bytes move: wraps the SDK's NodeHttpHandler and appends a
// hop to the logical request running in the current async context. The transport later fills in
// the S3 code and its decision.
import { AsyncLocalStorage } from 'node:async_hooks';
import type https from 'node:https';
import type { HttpHandlerOptions } from '@smithy/types';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HopRecord, RequestRecord } from '../contract.js';
import { isSecretQuery, redactLocation } from './request-log.js';
import { isLargeRange, RangeThread } from './range-thread.js';
import { isRangedGet, SocketReader, type SocketReaderOptions } from './socket-reader.js';

export interface HopContext {
  record: RequestRecord;
  /** Called when a response body ends, which for a download is after the request has finished. */
  onBodyEnd?: () => void;
}

export const hopContext = new AsyncLocalStorage<HopContext>();

/** The request's URL as the log shows and exports it. */
export function loggedUrl(request: HttpRequest): string {
  const port = request.port ? `:${request.port}` : '';
  const query = new URLSearchParams();
  for (const [name, given] of Object.entries(request.query ?? {})) {
    // What the log keeps: a presigned request's signature, credential and token never (built here,
    // not parsed again by redactUrl: that was ~8 µs of every request).
    const value = isSecretQuery(name) && given != null ? 'REDACTED' : given;
    if (Array.isArray(value)) value.forEach((v) => query.append(name, v));
    else if (value !== null && value !== undefined) query.append(name, value);
  }
  const search = query.size ? `?${query.toString()}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${search}`;
}

function signingRegionOf(request: HttpRequest): string {
  const header = request.headers['authorization'] ?? request.headers['Authorization'];
  const credential = header ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(header)?.[1] : undefined;
  const query = request.query?.['X-Amz-Credential'];
  const fromQuery = typeof query === 'string' ? query.split('/')[2] : undefined;
  return credential ?? fromQuery ?? 'unsigned';
}

export class RecordingHandler {
  private readonly inner: NodeHttpHandler;
  /** Ranged GETs (downloads, previews): see socket-reader.ts for why they take their own sockets. */
  private readonly reader: SocketReader;
  /** Large ranges (downloads): see range-thread.ts for why they are read on a thread of their own. */
  private readonly thread: RangeThread;

  constructor(options: NodeHttpHandlerOptions) {
    this.inner = new NodeHttpHandler(options);
    const agentTls = (options.httpsAgent as https.Agent | undefined)?.options;
    const readerOptions: SocketReaderOptions = {
      connectionTimeout: options.connectionTimeout,
      requestTimeout: options.requestTimeout,
      tls: agentTls && {
        ca: agentTls.ca,
        cert: agentTls.cert,
        key: agentTls.key,
        rejectUnauthorized: agentTls.rejectUnauthorized,
      },
    };
    this.reader = new SocketReader(readerOptions);
    this.thread = new RangeThread(readerOptions);
  }

  get metadata() {
    return this.inner.metadata;
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const context = hopContext.getStore();
    if (!context) return this.exchange(request, options);

    const hop: HopRecord = {
      method: request.method,
      url: loggedUrl(request),
      host: request.port ? `${request.hostname}:${request.port}` : request.hostname,
      signingRegion: signingRegionOf(request),
      decision: 'done',
      why: '',
      startedAt: Date.now(),
      durationMs: 0,
    };
    context.record.hops.push(hop);
    const started = performance.now();
    try {
      const result = await this.exchange(request, options);
      const headers = result.response.headers;
      hop.status = result.response.statusCode;
      hop.regionHint = headers['x-amz-bucket-region'];
      hop.requestId = headers['x-amz-request-id'];
      hop.hostId = headers['x-amz-id-2'];
      hop.location = headers['location'] === undefined ? undefined : redactLocation(headers['location'], hop.url);
      const body = result.response.body as { once?: (event: string, fn: () => void) => void } | undefined;
      // Listening for 'end' does not start the stream flowing: the caller still reads it.
      body?.once?.('end', () => {
        hop.bodyDoneMs = Math.round((performance.now() - started) * 10) / 10;
        context.onBodyEnd?.();
      });
      return result;
    } catch (error) {
      hop.networkError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw error;
    } finally {
      hop.durationMs = Math.round((performance.now() - started) * 10) / 10;
    }
  }

  private exchange(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    if (!isRangedGet(request)) return this.inner.handle(request, options);
    return isLargeRange(request) && this.thread.usable()
      ? this.thread.handle(request, options)
      : this.reader.handle(request, options);
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy();
    this.reader.destroy();
    this.thread.destroy();
  }
}
