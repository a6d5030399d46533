// What main and the range thread say to each other (range-thread.ts, range-worker.ts).
import type { SocketReaderOptions } from './socket-reader.js';

/** What the thread starts with: its socket reader's options, and where the native CRC module is (fast-crc.ts). */
export interface RangeWorkerData extends SocketReaderOptions {
  crcModule?: string;
}

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
  /** Write the body into `fd` at `position`, at most `limit` bytes (with `crc32`: each block's CRC32 too). */
  | { type: 'file'; id: number; fd: number; position: number; limit: number; crc32?: boolean }
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
  /** Bytes written so far; with them, the CRC32 of each block written since the last (when asked). */
  | { type: 'progress'; id: number; written: number; blocks?: WrittenBlock[] }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  /** The body has ended: `received` bytes written, in file mode. */
  | { type: 'end'; id: number; received?: number; blocks?: WrittenBlock[] }
  | { type: 'failed'; id: number; error: ThreadError };

/** A block written into a file: its position, its length, and the CRC32 of its bytes. */
export type WrittenBlock = [position: number, length: number, crc32: number];
