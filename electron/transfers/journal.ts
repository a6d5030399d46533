// Unfinished multipart uploads and ranged downloads, persisted in the user data folder so a
// transfer interrupted by a quit or a crash continues where it stopped: an upload with the same
// upload id and no duplicated parts, a download with the ranges still missing.
// Written whole to a temporary file and renamed, so a crash mid-write never leaves it half-written.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as Z from 'zod/mini';
import type { MultipartState } from './multipart.js';

/**
 * The journal file's shape, checked when it is read. zod's tree-shakable "mini" build, loaded only
 * then: bundled, full zod was ~800 KiB that every terminal command's start paid ~20 ms to compile.
 */
function journalSchema(z: typeof Z) {
  const entry = z.object({
    id: z.string(),
    connectionId: z.string(),
    bucket: z.string(),
    key: z.string(),
    localPath: z.string(),
    size: z.number(),
    mtimeMs: z.number(),
    /** The storage class the upload was started in (absent: the bucket's default). */
    storageClass: z.optional(z.string()),
    state: z.optional(
      z.object({
        uploadId: z.string(),
        partSize: z.number(),
        parts: z.array(z.object({ PartNumber: z.number(), ETag: z.string(), ChecksumCRC32: z.optional(z.string()) })),
        /** Created with a whole-object CRC32 (uploads journaled before it had none). */
        fullObject: z.optional(z.boolean()),
      }),
    ),
    /** A ranged download: the object version and the ranges already in `partial`. */
    download: z.optional(
      z.object({
        partial: z.string(),
        etag: z.string(),
        size: z.number(),
        partSize: z.number(),
        done: z.array(z.number()),
      }),
    ),
  });
  return z.object({ version: z.literal(1), uploads: z.array(entry) });
}

export type JournalEntry = Z.infer<ReturnType<typeof journalSchema>>['uploads'][number] & { state?: MultipartState };

export class TransferJournal {
  private entries = new Map<string, JournalEntry>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string | undefined) {}

  async load(): Promise<JournalEntry[]> {
    if (!this.file) return [];
    try {
      const text = await readFile(this.file, 'utf8');
      const parsed = journalSchema(await import('zod/mini')).parse(JSON.parse(text));
      this.entries = new Map(parsed.uploads.map((e) => [e.id, e]));
    } catch (error) {
      // A missing journal is the normal first start; an unreadable one is set aside, not trusted.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        await rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => undefined);
      }
      this.entries.clear();
    }
    return [...this.entries.values()];
  }

  get(id: string): JournalEntry | undefined {
    return this.entries.get(id);
  }

  put(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.id, entry);
    return this.flush();
  }

  remove(id: string): Promise<void> {
    if (!this.entries.delete(id)) return this.writing;
    return this.flush();
  }

  private flush(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify({ version: 1, uploads: [...this.entries.values()] });
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, snapshot);
      await rename(temp, file);
    });
    return this.writing;
  }
}
