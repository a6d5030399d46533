// What main and the range thread say to each other (range-thread.ts, range-worker.ts).

/** A request as main built and signed it: the fields the socket reader sends. */
export interface ThreadRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

export type ToRangeThread =
  | { type: 'get'; id: number; request: ThreadRequest }
  /** Write the body into `fd` at `position`, at most `limit` bytes. */
  | { type: 'file'; id: number; fd: number; position: number; limit: number }
  /** Send the body's next piece (the first asks for stream mode). */
  | { type: 'more'; id: number }
  | { type: 'abort'; id: number };

export interface ThreadError {
  message: string;
  name?: string;
  code?: string;
}

export type FromRangeThread =
  /** The answer's head; an error answer's whole body with it. */
  | { type: 'head'; id: number; status: number; reason?: string; headers: Record<string, string>; body?: Uint8Array }
  | { type: 'progress'; id: number; written: number }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  /** The body has ended: `received` bytes written, in file mode. */
  | { type: 'end'; id: number; received?: number }
  | { type: 'failed'; id: number; error: ThreadError };
