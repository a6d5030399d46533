// Small downloaded files written whole on a worker thread: created, written, closed and moved to
// their name with plain synchronous calls, off the main thread. The files asked for in one turn of
// the event loop go in one message, and come back in one: each message wakes the other thread,
// and one per file cost the main thread ~70 µs a file in a 2,000-file download (measured). The
// worker starts once a folder's worth of files is under way (`ready`): starting one takes ~30 ms,
// and every download of the first files waited for it (a lone 4 KiB object took 47 ms instead of
// 19 once the process was up); the files before it is up are written with fs/promises by the caller.
//
// Why not fs/promises: each of those four steps is a round trip through libuv's thread pool with
// a wake-up of the event loop. Creating 2,000 files of 4 KiB here cost 2.5 s of CPU that way (two
// at a time; 2.0 s one at a time, 3.0 s four at a time: ext4's directory lock spins) against
// 1.6 s for the same calls made synchronously; measured on this 2-core machine. One worker keeps
// the files one at a time, as the directory lock wants.
import { Worker } from 'node:worker_threads';

// CommonJS run with `eval`: no file to bundle or unpack from the asar.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
function create(file) {
  try {
    return fs.openSync(file, 'w');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    fs.mkdirSync(path.dirname(file), { recursive: true }); // the folder went away meanwhile
    return fs.openSync(file, 'w');
  }
}
function write({ id, partial, destination, bytes }) {
  try {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fd = create(partial);
    try {
      for (let at = 0; at < data.length; ) at += fs.writeSync(fd, data, at, data.length - at, at);
    } finally {
      fs.closeSync(fd);
    }
    if (destination) fs.renameSync(partial, destination);
    return { id };
  } catch (error) {
    try { fs.rmSync(partial, { force: true }); } catch {}
    return { id, error: { message: error.message, code: error.code } };
  }
}
parentPort.on('message', (batch) => parentPort.postMessage(batch.map(write)));
`;

/** A worker costs ~18 MiB: it goes when it has had nothing to write for this long. */
const IDLE_MS = 5_000;
/**
 * Files asked about (see `ready`) before a worker is started: one for a lone file or a handful
 * would cost more to start (~30 ms here: a Node environment of its own) than it saves.
 */
const START_AFTER = 8;

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A running worker and the writes it owes answers for. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Writes asked for in this turn of the event loop, sent together by `sending`. */
  outbox: Array<{ id: number; partial: string; destination: string | undefined; bytes: Buffer }>;
  transfer: ArrayBuffer[];
  sending?: NodeJS.Immediate;
  /** Running JavaScript: until then `ready` says no, and writes go the caller's way. */
  online: boolean;
}

export class FileWriter {
  private running: Running | undefined;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Files asked about since the last worker went. */
  private asked = 0;
  private failed = false;

  constructor(private readonly idleMs = IDLE_MS) {}

  /**
   * Whether a write should come here now: once a worker is up. Asking counts toward starting one
   * (after START_AFTER files); until it is running the caller writes the file itself (fs/promises),
   * so the first files of a folder never wait ~30 ms for a thread to start.
   */
  ready(): boolean {
    if (this.running?.online) return true;
    if (!this.running && !this.failed && ++this.asked >= START_AFTER) this.start();
    return false;
  }

  /**
   * Writes `bytes` to `partial` (its folder made again if it went away), then renames it to
   * `destination` when one is given. Nothing is left at `partial` when it fails. The bytes are
   * handed over, not copied, when they own their memory: do not use them afterwards.
   */
  write(partial: string, destination: string | undefined, bytes: Buffer): Promise<void> {
    const running = this.start();
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const { worker, pending } = running;
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      const owned = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
      running.outbox.push({ id, partial, destination, bytes });
      if (owned && bytes.buffer instanceof ArrayBuffer) running.transfer.push(bytes.buffer);
      running.sending ??= setImmediate(() => {
        running.sending = undefined;
        const batch = running.outbox.splice(0);
        worker.postMessage(batch, running.transfer.splice(0));
      });
    });
  }

  /** Stops the worker; writes still owed fail (the queue closes it only once its jobs have ended). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const running = this.running;
    this.running = undefined;
    this.asked = 0;
    await running?.worker.terminate();
  }

  /** Whether a worker is running now (for tests). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private start(): Running {
    if (this.running) return this.running;
    // It allocates next to nothing: small limits keep a fault from growing it.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 32 },
    });
    const running: Running = { worker, pending: new Map(), outbox: [], transfer: [], online: false };
    worker.once('online', () => (running.online = true));
    // Started by `ready` with nothing to write yet: it goes if nothing comes.
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
    const { pending } = running;
    worker.unref(); // idle, it keeps nothing alive
    const answered = ({ id, error }: { id: number; error?: { message: string; code?: string } }) => {
      const owed = pending.get(id);
      if (!owed) return;
      pending.delete(id);
      if (error) owed.reject(Object.assign(new Error(error.message), { code: error.code }));
      else owed.resolve();
    };
    worker.on('message', (answers: Array<{ id: number; error?: { message: string; code?: string } }>) => {
      answers.forEach(answered);
      if (pending.size === 0) {
        worker.unref();
        if (this.running === running) {
          this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
          this.idleTimer.unref();
        }
      }
    });
    // Only this worker's writes fail with it: a successor has its own.
    const gone = (error: Error) => {
      if (this.running === running) this.running = undefined;
      for (const owed of pending.values()) owed.reject(error);
      pending.clear();
    };
    worker.on('error', (error) => {
      // A worker that fails (not one closed when idle) is not started again: the files go the
      // caller's way instead of each asking for a thread that cannot run.
      this.failed = true;
      gone(error);
    });
    worker.on('exit', () => gone(new Error('the file writer stopped')));
    this.running = running;
    return running;
  }
}
