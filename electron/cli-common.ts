// What the terminal's commands share: how they read their arguments, what they answer with, and
// the mistake that earns the command's usage (exit code 2) rather than an S3 error (exit code 1).
import { progressLine } from './cli-progress.js';
import { parseS3Location } from './shared/s3-location.js';
import { STORAGE_CLASSES } from './shared/storage-classes.js';
import type { S3Transport } from './s3/transport.js';
import { TransferQueue } from './transfers/queue.js';

export class UsageError extends Error {}

/**
 * stdout as a pipe is written asynchronously: exiting right after a large write cut a 100,000-key
 * listing off at 64 KiB. Every write waits for the stream to take the bytes (and for 'drain' when
 * its buffer is full); a reader that goes away (`| head`) ends the program quietly.
 */
export class Output {
  private closed = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
      else throw error;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(text: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.stream.write(text, () => resolve()));
  }
}

/** What a command hands back: `result` for --json, `text` for a person. */
export interface Outcome {
  result: unknown;
  text: string;
  /** stdout carried the object itself (`get … -`): the words go to stderr. */
  stdoutTaken?: boolean;
}

export interface Context {
  transport: S3Transport;
  out: Output;
  values: {
    region?: string;
    'expected-owner'?: string;
    'if-exists'?: string;
    max?: string;
    bytes?: string;
    'upload-id'?: string;
    'version-id'?: string;
    versions?: boolean;
    recursive?: boolean;
    days?: string;
    tier?: string;
    expires?: string;
    'allow-public'?: boolean;
    delete?: boolean;
    clear?: boolean;
    'bypass-governance'?: boolean;
    'object-lock'?: boolean;
    yes?: boolean;
    'storage-class'?: string;
    ndjson?: boolean;
    json?: boolean;
  };
}

/** bucket[/key], s3://…, an S3 URL or an ARN: read as the window reads what is pasted into it. */
export function splitBucketPath(value: string | undefined, what: string): { bucket: string; key: string } {
  if (!value) throw new UsageError(`Missing ${what}.`);
  const parsed = parseS3Location(value);
  if (!parsed.ok) throw new UsageError(parsed.problem);
  return { bucket: parsed.location.bucket, key: parsed.location.key };
}

/** A storage class as typed ("standard_ia" too), or a usage mistake naming the ones there are. */
export function storageClassNamed(value: string): string {
  const upper = value.toUpperCase();
  if (!(STORAGE_CLASSES as readonly string[]).includes(upper))
    throw new UsageError(`"${value}" is not a storage class: ${STORAGE_CLASSES.join(', ')}.`);
  return upper;
}

/** An object's bucket and key; a bare bucket or a folder is a usage mistake. */
export function objectPath(value: string | undefined): { bucket: string; key: string } {
  const { bucket, key } = splitBucketPath(value, 'bucket/key');
  if (!key || key.endsWith('/')) throw new UsageError('Give the object as bucket/key.');
  return { bucket, key };
}

/**
 * The transfer queue of one terminal command: a progress line on a terminal's stderr, and Ctrl-C
 * cancelling as the window's Cancel does (partial downloads removed, multipart uploads aborted, a
 * folder's listing stopped), then exiting with 130; a second Ctrl-C exits at once. Without it a
 * download broken off left its `.part` file beside the destination. `close` when the work is over.
 */
export function terminalQueue(transport: S3Transport, what: string): { queue: TransferQueue; close(): Promise<void> } {
  const progress = progressLine(process.stderr, what);
  const queue = new TransferQueue({ transport: () => transport, publish: progress.publish });
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress.stop();
    process.stderr.write('Cancelling… (Ctrl-C again to quit at once)\n');
    void queue
      .controlAll('cancel')
      .then(() => queue.settled(queue.list().map((row) => row.id)))
      .finally(() => {
        process.stderr.write('Cancelled.\n');
        process.exit(130);
      });
  };
  process.on('SIGINT', onSignal);
  return {
    queue,
    async close() {
      process.off('SIGINT', onSignal);
      progress.stop();
      await queue.shutdown();
    },
  };
}
