// Where the embedded store keeps object bytes: files named by random ids, never by keys.
//
// s3rver mapped keys onto paths and needed escaping for "..", "a//b", over-long segments and
// reserved names; a mistake there once let the demo delete folders outside its store. Here a
// key never becomes a path: every file is <root>/<bucket>/<objects|uploads>/<random hex>, the
// bucket name is checked by S3's rules, and each path is checked to stay inside the root.
// Files are written to a temporary name and renamed when complete, so a crash or a full disk
// never leaves half an object where a whole one was.
import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { bucketNameProblem } from '../shared/bucket-names.js';
import { StoreError } from './xml.js';

/** An object's bytes: files (one per multipart part, or one), or bytes kept in memory (the seed). */
export type ObjectData = { files: Array<{ file: string; size: number }> } | { bytes: Buffer };

export function dataSize(data: ObjectData): number {
  return 'bytes' in data ? data.bytes.length : data.files.reduce((n, f) => n + f.size, 0);
}

/** Inclusive byte range, as HTTP ranges are. */
export interface ByteRange {
  start: number;
  end: number;
}

export class ObjectFiles {
  constructor(readonly root: string) {}

  private inside(candidate: string): string {
    const root = path.resolve(this.root);
    const resolved = path.resolve(candidate);
    if (!resolved.startsWith(root + path.sep))
      throw new StoreError(400, 'InvalidArgument', 'The request names a place outside the store.');
    return resolved;
  }

  bucketDir(bucket: string): string {
    const problem = bucketNameProblem(bucket);
    if (problem)
      throw new StoreError(400, 'InvalidBucketName', `The specified bucket is not valid. ${problem}`, {
        BucketName: bucket,
      });
    return this.inside(path.join(this.root, bucket));
  }

  private newObjectFile(bucket: string): string {
    const id = randomBytes(16).toString('hex');
    return this.inside(path.join(this.bucketDir(bucket), 'objects', id.slice(0, 2), id));
  }

  uploadDir(bucket: string, uploadId: string): string {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw new Error(`not an upload id: ${uploadId}`);
    return this.inside(path.join(this.bucketDir(bucket), 'uploads', uploadId));
  }

  /** Writes bytes whole (temporary file, then rename) and returns the file. */
  async write(file: string, bytes: Buffer): Promise<void> {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.part`;
    try {
      await fsp.writeFile(temporary, bytes);
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
  }

  async writeObject(bucket: string, bytes: Buffer): Promise<ObjectData> {
    const file = this.newObjectFile(bucket);
    await this.write(file, bytes);
    return { files: [{ file, size: bytes.length }] };
  }

  /** Takes files over as an object's (a completed upload's parts): renamed, not copied. */
  async adopt(bucket: string, files: Array<{ file: string; size: number }>): Promise<ObjectData> {
    const adopted: Array<{ file: string; size: number }> = [];
    for (const part of files) {
      const file = this.newObjectFile(bucket);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.rename(this.inside(part.file), file);
      adopted.push({ file, size: part.size });
    }
    return { files: adopted };
  }

  /** Another object with the same bytes (a copy): hard links where the file system has them. */
  async duplicate(bucket: string, data: ObjectData): Promise<ObjectData> {
    if ('bytes' in data) return data; // immutable, shared
    const files: Array<{ file: string; size: number }> = [];
    for (const part of data.files) {
      const file = this.newObjectFile(bucket);
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.link(part.file, file).catch(() => fsp.copyFile(part.file, file));
      files.push({ file, size: part.size });
    }
    return { files };
  }

  async remove(data: ObjectData | undefined): Promise<void> {
    if (!data || 'bytes' in data) return;
    await Promise.all(data.files.map((f) => fsp.rm(this.inside(f.file), { force: true })));
  }

  /** The bytes of a range as a stream, across part files. */
  stream(data: ObjectData, range?: ByteRange): Readable {
    const size = dataSize(data);
    const { start, end } = range ?? { start: 0, end: size - 1 };
    if ('bytes' in data) return Readable.from([data.bytes.subarray(start, end + 1)]);
    const files = data.files;
    async function* pieces() {
      let offset = 0;
      for (const part of files) {
        const partStart = offset;
        const partEnd = offset + part.size - 1;
        offset += part.size;
        if (partEnd < start || partStart > end || part.size === 0) continue;
        yield* createReadStream(part.file, {
          start: Math.max(start, partStart) - partStart,
          end: Math.min(end, partEnd) - partStart,
          highWaterMark: 1024 * 1024,
        });
      }
    }
    return Readable.from(pieces(), { objectMode: false });
  }

  async read(data: ObjectData, range?: ByteRange): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(data, range)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
