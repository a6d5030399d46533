// Fault injection for tests: scripted per test, consumed in order. Only tests construct a
// FaultPlan; the demo world is started without one, so no fault is reachable from the app.
import type http from 'node:http';

export type FaultAction =
  | { kind: 'status'; status: number; code: string; message?: string }
  | { kind: 'reset'; afterBytes?: number }
  | { kind: 'delay'; ms: number }
  /**
   * S3 has the whole request and carries it out this long after, whether or not the client still
   * waits (a slow copy: a stop after it was sent cannot take it back).
   */
  | { kind: 'slow'; ms: number }
  | { kind: 'truncate'; bytes: number }
  /** The real answer, its connection closed once this many bytes of its body went out. */
  | { kind: 'cut'; afterBytes: number }
  /** The request is carried out at once and its answer held back this long (a slow network). */
  | { kind: 'late'; ms: number }
  /** A whole answer made up by the test: bytes that do not match their ETag, say. */
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer }
  /** A redirect the world would never send by itself (foreign hosts, loops). */
  | { kind: 'redirect'; status: 301 | 307; location?: string; region?: string };

export interface FaultMatch {
  method?: string;
  bucket?: string;
  key?: string;
  /** The request must carry this query parameter (e.g. `partNumber`). */
  queryHas?: string;
}

export interface PendingFault {
  /** `readBody`: the world's own, which keeps what it read for the request's handling after. */
  apply(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    readBody: (req: http.IncomingMessage) => Promise<Buffer>,
  ): Promise<boolean>;
}

interface Rule {
  match: FaultMatch;
  action: FaultAction;
  remaining: number;
}

export class FaultPlan {
  private readonly rules: Rule[] = [];
  /** How many faults fired, for assertions. */
  fired = 0;

  add(match: FaultMatch, action: FaultAction, times = 1): this {
    this.rules.push({ match, action, remaining: times });
    return this;
  }

  clear(): void {
    this.rules.length = 0;
  }

  take(request: {
    method: string;
    bucket?: string;
    key?: string;
    query: Record<string, string>;
  }): PendingFault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.match.method || r.match.method === request.method) &&
        (!r.match.bucket || r.match.bucket === request.bucket) &&
        (!r.match.key || r.match.key === request.key) &&
        (!r.match.queryHas || r.match.queryHas in request.query),
    );
    if (!rule) return undefined;
    rule.remaining--;
    this.fired++;
    const action = rule.action;
    return {
      async apply(req, res, readBody) {
        switch (action.kind) {
          case 'delay':
            await new Promise((r) => setTimeout(r, action.ms));
            return false;
          case 'slow':
            await readBody(req);
            await new Promise((r) => setTimeout(r, action.ms));
            return false;
          case 'late': {
            // Passed to the store as it is; what it writes goes out in order once the time is up.
            type Writer = (...args: unknown[]) => unknown;
            const write = res.write.bind(res) as Writer;
            const end = res.end.bind(res) as Writer;
            let after = new Promise<void>((r) => setTimeout(r, action.ms));
            const later = (send: Writer, args: unknown[]) => {
              after = after.then(() => void send(...args));
            };
            res.write = ((...args: unknown[]) => (later(write, args), true)) as typeof res.write;
            res.end = ((...args: unknown[]) => (later(end, args), res)) as typeof res.end;
            return false;
          }
          case 'cut': {
            // Passed to the store as it is; its answer's writes are counted and cut short.
            type Writer = (chunk?: unknown, ...rest: unknown[]) => unknown;
            const write = res.write.bind(res) as Writer;
            const end = res.end.bind(res) as Writer;
            let sent = 0;
            const cut = (chunk: unknown, pass: (bytes: Buffer) => unknown): boolean => {
              const bytes = Buffer.from(chunk as Uint8Array | string);
              const room = action.afterBytes - sent;
              if (room <= 0) return false;
              sent += Math.min(room, bytes.length);
              if (bytes.length < room) return (pass(bytes), true);
              write(bytes.subarray(0, room), () => res.socket?.destroy());
              return false;
            };
            res.write = ((chunk: unknown, ...rest: unknown[]) =>
              cut(chunk, (bytes) => write(bytes, ...rest))) as typeof res.write;
            res.end = ((chunk?: unknown, ...rest: unknown[]) => {
              if (chunk === undefined || typeof chunk === 'function') end(chunk);
              else cut(chunk, (bytes) => end(bytes, ...rest));
              return res;
            }) as typeof res.end;
            return false;
          }
          case 'status': {
            const body =
              req.method === 'HEAD'
                ? ''
                : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${action.code}</Code><Message>${action.message ?? 'Injected fault'}</Message></Error>`;
            req.resume();
            res.writeHead(action.status, {
              'content-type': 'application/xml',
              'content-length': Buffer.byteLength(body),
            });
            res.end(body);
            return true;
          }
          case 'reset': {
            let seen = 0;
            const limit = action.afterBytes ?? 0;
            if (limit === 0) {
              req.socket.destroy();
              return true;
            }
            await new Promise<void>((resolve) => {
              req.on('data', (chunk: Buffer) => {
                seen += chunk.length;
                if (seen >= limit) {
                  req.socket.destroy();
                  resolve();
                }
              });
              req.on('end', () => {
                req.socket.destroy();
                resolve();
              });
            });
            return true;
          }
          case 'redirect': {
            req.resume();
            const headers: Record<string, string> = { 'content-type': 'application/xml' };
            if (action.location) headers.location = action.location;
            if (action.region) headers['x-amz-bucket-region'] = action.region;
            const code = action.status === 307 ? 'TemporaryRedirect' : 'PermanentRedirect';
            const body =
              req.method === 'HEAD'
                ? ''
                : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Injected redirect</Message></Error>`;
            res.writeHead(action.status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
            res.end(body);
            return true;
          }
          case 'truncate': {
            req.resume();
            res.writeHead(200, { 'content-length': String(action.bytes * 2) });
            res.write(Buffer.alloc(action.bytes));
            res.socket?.destroy();
            return true;
          }
          case 'answer': {
            req.resume();
            res.writeHead(action.status, { ...action.headers, 'content-length': String(action.body.length) });
            res.end(action.body);
            return true;
          }
        }
      },
    };
  }
}
