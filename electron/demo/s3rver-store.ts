// s3rver as the demo's store: pure JavaScript, so it runs inside the app, no Python needed.
//
// s3rver 3.7 is a real S3 implementation (objects, metadata, ranges, copies, multipart, tagging,
// CORS), but it falls short in ways a user would see, so this module corrects them in place:
//   - Listings: its ListObjectsV2 tokens need DES (absent from Electron's BoringSSL and from
//     Node 20 without --openssl-legacy-provider), it walks the disk synchronously per page,
//     lists in file-name order, drops folders that only hold folders, ignores encoding-type=url
//     (aws-cli would mangle keys) and miscounts MaxKeys. Listings are answered here from a
//     KeyIndex kept in step with every write.
//   - Multipart: no ListParts, AbortMultipartUpload or ListMultipartUploads (the app resumes
//     uploads with ListParts and cancels with Abort), UploadPart to an unknown upload id
//     succeeds, CompleteMultipartUpload checks no part and returns a plain MD5 as the ETag.
//   - Keys map to paths: "a/../b" would escape the bucket's folder, "a//b" cannot exist.
//     Folder segments are escaped, so every key S3 accepts has a file of its own.
//   - Error bodies encode non-ASCII with HTML entities (&Uuml;) that XML parsers reject.
//   - It answers anyone on loopback without checking anything; here it answers only requests
//     carrying a key the world is given (a web page or another local process gets 403).
//   - Key segments too long for a file name are stored under a hash of themselves.
//   - HeadBucket listed the whole bucket, and each delete read its folder to see whether it was
//     empty: slow next to the demo's 100,000 keys. Both now cost a call or two.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fsp, writeFileSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { format } from 'node:util';
import S3rver from 's3rver';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';
import S3Error from 's3rver/lib/models/error.js';
import S3Object from 's3rver/lib/models/object.js';
import { bucketNameProblem } from '../shared/bucket-names.js';
import { KeyIndex, compareKeys, type ListEntry } from './key-index.js';
import { LIST_PARAMS } from './world.js';
import type { StoreHandle, StoreSeed } from './stores.js';

const SUFFIX = '%s._S3rver_%s';
const OBJECT_SUFFIX = '._S3rver_object';
const METADATA_SUFFIX = '._S3rver_metadata.json';
const UPLOADS_DIR = '._S3rver_uploads';
const MIN_PART_SIZE = 5 * 1024 * 1024;
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** File names end in "._S3rver_object.md5" and similar; a name may have 255 bytes in all. */
const MAX_SEGMENT_BYTES = 200;

/** A segment too long for a file name is stored as "%H" + its SHA-256 (a real "%" is "%25"). */
function hashedName(segment: string): string | undefined {
  return Buffer.byteLength(segment) > MAX_SEGMENT_BYTES
    ? `%H${createHash('sha256').update(segment).digest('hex')}`
    : undefined;
}

/** Folder names for key segments: "", "." and ".." cannot be folders, so they are escaped. */
export function encodeFolder(segment: string): string {
  const escaped = segment.replace(/%/g, '%25');
  if (escaped === '') return '%';
  if (escaped === '.') return '%2E';
  if (escaped === '..') return '%2E%2E';
  return hashedName(escaped) ?? FilesystemStore.encodeKeyPath(escaped);
}

/** The segment a folder name stands for; undefined for a hashed one (only the index knows it). */
export function decodeFolder(name: string): string | undefined {
  if (name === '%') return '';
  if (name.startsWith('%H')) return undefined;
  return name.replace(/%(25|2E)/g, (_, hex: string) => (hex === '25' ? '%' : '.'));
}

function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Codes s3rver's status table lacks (it would answer them with 500). */
const STATUS_OF: Record<string, number> = { NoSuchTagSet: 404, ServerSideEncryptionConfigurationNotFoundError: 404 };

function s3Error(code: string, message: string, detail: Record<string, string | number> = {}): Error {
  const error = new S3Error(code, message, detail);
  error.status = STATUS_OF[code] ?? error.status;
  return error;
}

function noSuchUpload(uploadId: string): Error {
  return s3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
}

/** What a listing shows of an object. */
export interface ListedObject {
  etag: string;
  size: number;
  lastModified: Date;
}

interface UploadInfo {
  key: string;
  uploadId: string;
  initiated: Date;
}

interface PartInfo {
  number: number;
  etag: string;
  size: number;
  lastModified: Date;
}

/** s3rver's own filesystem store with safe paths, an index for listings, and complete multipart. */
export class DemoFilesystemStore extends FilesystemStore {
  private readonly indexes = new Map<string, Promise<KeyIndex>>();
  /** Listing facts per bucket and key, so a page of 1,000 keys reads nothing from disk. */
  private readonly listed = new Map<string, Map<string, ListedObject>>();

  private listedIn(bucket: string): Map<string, ListedObject> {
    let map = this.listed.get(bucket);
    if (!map) this.listed.set(bucket, (map = new Map()));
    return map;
  }

  /** ETag, size and date for a listing: remembered, or read once (s3rver's own metadata). */
  async listedObject(bucket: string, key: string): Promise<ListedObject | undefined> {
    const known = this.listedIn(bucket).get(key);
    if (known) return known;
    try {
      const m = await this.getMetadata(bucket, key);
      const found = {
        etag: String(m['etag']),
        size: Number(m['content-length']),
        lastModified: new Date(String(m['last-modified'])),
      };
      this.listedIn(bucket).set(key, found);
      return found;
    } catch {
      return undefined;
    }
  }

  private async remember(bucket: string, key: string, etag: string, size: number, lastModified?: Date): Promise<void> {
    const date = lastModified ?? (await fsp.stat(this.getResourcePath(bucket, key, 'object'))).mtime;
    this.listedIn(bucket).set(key, {
      etag: JSON.stringify(etag),
      size,
      lastModified: new Date(Math.floor(date.getTime() / 1000) * 1000),
    });
  }

  /** s3rver's metadata, dated like the listing (the seed dates its objects without a stat each). */
  override async getMetadata(bucket: string, key: string): Promise<Record<string, string | number>> {
    const metadata = await super.getMetadata(bucket, key);
    const known = this.listed.get(bucket)?.get(key);
    if (known) metadata['last-modified'] = known.lastModified.toUTCString();
    return metadata;
  }

  /**
   * Every path the store touches comes from here or getResourcePath: the bucket name is checked
   * by S3's rules and the result must stay inside the store's root, whatever the caller passed.
   */
  override getBucketPath(bucket: string): string {
    const problem = bucketNameProblem(bucket);
    if (problem)
      throw s3Error('InvalidBucketName', `The specified bucket is not valid. ${problem}`, { BucketName: bucket });
    return this.inside(path.join(this.rootDirectory, bucket));
  }

  override getResourcePath(bucket: string, key = '', resource: string): string {
    const parts = key.split('/');
    const lastSegment = parts.pop()!;
    const last = hashedName(lastSegment) ?? FilesystemStore.encodeKeyPath(lastSegment);
    return this.inside(
      path.join(this.getBucketPath(bucket), ...parts.map(encodeFolder), format(SUFFIX, last, resource)),
    );
  }

  private inside(candidate: string): string {
    const root = path.resolve(this.rootDirectory);
    const resolved = path.resolve(candidate);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) {
      throw s3Error('InvalidArgument', 'The request names a place outside the store.');
    }
    return resolved;
  }

  /** The bucket's keys, read from disk once and then kept in step with every write. */
  index(bucket: string): Promise<KeyIndex> {
    let index = this.indexes.get(bucket);
    if (!index) {
      index = this.loadIndex(bucket);
      this.indexes.set(bucket, index);
    }
    return index;
  }

  private async loadIndex(bucket: string): Promise<KeyIndex> {
    const index = new KeyIndex();
    const keys: string[] = [];
    const walk = async (dir: string, folders: string[]): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        // (Hashed names cannot be read back; the folder is emptied at every start, so the
        // index that knows them is never rebuilt from disk in practice.)
        if (entry.isDirectory()) {
          const folder = decodeFolder(entry.name);
          if ((folders.length === 0 && entry.name === UPLOADS_DIR) || folder === undefined) continue;
          await walk(path.join(dir, entry.name), [...folders, folder]);
        } else if (entry.name.endsWith(OBJECT_SUFFIX) && !entry.name.startsWith('%H')) {
          keys.push([...folders, entry.name.slice(0, -OBJECT_SUFFIX.length)].join('/'));
        }
      }
    };
    await walk(this.getBucketPath(bucket), []);
    index.addAll(keys);
    return index;
  }

  override async putBucket(bucket: string): Promise<unknown> {
    const result = await super.putBucket(bucket);
    await this.index(bucket);
    return result;
  }

  override async deleteBucket(bucket: string): Promise<void> {
    await super.deleteBucket(bucket);
    this.indexes.delete(bucket);
    this.listed.delete(bucket);
  }

  /**
   * s3rver writes in place and leaves its write stream without an error listener: a failed write
   * (a full disk) would throw in the app's main process, and a cut one leave half an object where
   * the old one was. Here bytes go to a temporary file through a pipeline, renamed when complete.
   */
  private async writeWhole(file: string, content: Readable | Buffer): Promise<{ size: number; md5: string }> {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('md5');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(
        Buffer.isBuffer(content) ? Readable.from([content]) : content,
        count,
        createWriteStream(temporary),
      );
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
    return { size, md5: hash.digest('hex') };
  }

  override async putObject(object: {
    bucket: string;
    key: string;
    content: Readable | Buffer;
    metadata: Record<string, string>;
  }): Promise<{ size: number; md5: string }> {
    const index = await this.index(object.bucket);
    const result = await this.writeWhole(this.getResourcePath(object.bucket, object.key, 'object'), object.content);
    await this.putMetadata(object.bucket, object.key, object.metadata, result.md5);
    await this.remember(object.bucket, object.key, result.md5, result.size);
    index.add(object.key);
    return result;
  }

  override async putPart(
    bucket: string,
    uploadId: string,
    partNumber: number | string,
    content: Readable,
  ): Promise<{ size: number; md5: string }> {
    const file = path.join(this.uploadDir(bucket, uploadId), String(partNumber));
    const result = await this.writeWhole(file, content);
    await fsp.writeFile(`${file}.md5`, result.md5);
    return result;
  }

  override async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata?: unknown,
  ): Promise<unknown> {
    const result = await super.copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
    this.listedIn(destBucket).delete(destKey);
    (await this.index(destBucket)).add(destKey);
    return result;
  }

  /** s3rver's own delete removes empty folders by joining raw key segments; this uses escaped ones. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        fsp.unlink(this.getResourcePath(bucket, key, resource)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
    );
    (await this.index(bucket)).remove(key);
    this.listedIn(bucket).delete(key);
    const bucketPath = this.getBucketPath(bucket);
    const folders = key.split('/').slice(0, -1).map(encodeFolder);
    // rmdir refuses a folder that is not empty: one call, where reading a folder of 100,000
    // entries to see whether it is empty would take long.
    while (folders.length) {
      const removed = await fsp.rmdir(path.join(bucketPath, ...folders)).then(
        () => true,
        () => false,
      );
      if (!removed) break;
      folders.pop();
    }
  }

  /** Used by s3rver itself (DeleteBucket asks for one key to decide BucketNotEmpty). */
  async listObjects(
    bucket: string,
    options: { prefix?: string; delimiter?: string; startAfter?: string; maxKeys?: number },
  ) {
    const page = (await this.index(bucket)).list({ ...options, maxKeys: Math.min(options.maxKeys ?? 1000, 1000) });
    const objects = await Promise.all(
      page.entries
        .filter((e) => e.kind === 'key')
        .map(async (e) => {
          const listed = await this.listedObject(bucket, e.key);
          return new S3Object(
            bucket,
            e.key,
            null,
            listed
              ? { etag: listed.etag, 'content-length': listed.size, 'last-modified': listed.lastModified.toUTCString() }
              : {},
          );
        }),
    );
    return {
      objects,
      commonPrefixes: page.entries.filter((e) => e.kind === 'prefix').map((e) => e.prefix),
      isTruncated: page.isTruncated,
    };
  }

  // Multipart: s3rver keeps an upload in <bucket>/._S3rver_uploads/<id>/ (key, metadata, parts).

  private uploadDir(bucket: string, uploadId: string): string {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw noSuchUpload(uploadId);
    return path.join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  }

  async upload(bucket: string, uploadId: string, key?: string): Promise<UploadInfo> {
    const dir = this.uploadDir(bucket, uploadId);
    try {
      const [storedKey, stat] = await Promise.all([
        fsp.readFile(path.join(dir, 'key'), 'utf8'),
        fsp.stat(path.join(dir, 'key')),
      ]);
      if (key === undefined || key === storedKey) return { key: storedKey, uploadId, initiated: stat.birthtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    throw noSuchUpload(uploadId);
  }

  async uploads(bucket: string): Promise<UploadInfo[]> {
    const root = this.getResourcePath(bucket, undefined, 'uploads');
    const ids = await fsp.readdir(root).catch(() => [] as string[]);
    const found = await Promise.all(ids.map((id) => this.upload(bucket, id).catch(() => undefined)));
    return found
      .filter((u): u is UploadInfo => u !== undefined)
      .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.uploadId, b.uploadId));
  }

  async parts(bucket: string, uploadId: string): Promise<PartInfo[]> {
    const dir = this.uploadDir(bucket, uploadId);
    const names = (
      await fsp.readdir(dir).catch(() => {
        throw noSuchUpload(uploadId);
      })
    ).filter((n) => /^\d+$/.test(n));
    // A part being written has no .md5 yet, and one an abort is removing may be gone: neither counts.
    const parts = await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name);
        const [stat, md5] = await Promise.all([
          fsp.stat(file).catch(() => undefined),
          fsp.readFile(`${file}.md5`, 'utf8').catch(() => ''),
        ]);
        return stat && md5 ? { number: Number(name), etag: md5, size: stat.size, lastModified: stat.mtime } : undefined;
      }),
    );
    return parts.filter((p): p is PartInfo => p !== undefined).sort((a, b) => a.number - b.number);
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.upload(bucket, uploadId, key);
    await fsp.rm(this.uploadDir(bucket, uploadId), { recursive: true, force: true });
  }

  /** Checks the parts like S3 does and gives the object S3's multipart ETag (MD5 of MD5s, -N). */
  override async putObjectMultipart(
    bucket: string,
    uploadId: string,
    requested: Array<{ number: number; etag: string }>,
  ): Promise<{ size: number; md5: string }> {
    const upload = await this.upload(bucket, uploadId);
    const stored = new Map((await this.parts(bucket, uploadId)).map((p) => [p.number, p]));
    const digests: Buffer[] = [];
    requested.forEach((part, i) => {
      if (i > 0 && part.number <= requested[i - 1]!.number)
        throw s3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
          { UploadId: uploadId },
        );
      const have = stored.get(part.number);
      if (!have || have.etag !== part.etag.replace(/"/g, ''))
        throw s3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: uploadId, PartNumber: part.number, ETag: part.etag },
        );
      if (i < requested.length - 1 && have.size < MIN_PART_SIZE)
        throw s3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
          PartNumber: part.number,
          ProposedSize: have.size,
          MinSizeAllowed: MIN_PART_SIZE,
        });
      digests.push(Buffer.from(have.etag, 'hex'));
    });
    // s3rver joins the parts with read streams nobody listens to for errors: a part removed by an
    // abort racing this completion would throw in the main process. Here a failure is an answer.
    const dir = this.uploadDir(bucket, uploadId);
    const metadata = JSON.parse(await fsp.readFile(path.join(dir, 'metadata'), 'utf8')) as Record<string, string>;
    async function* joined() {
      for (const part of requested) yield* createReadStream(path.join(dir, String(part.number)));
    }
    let result: { size: number; md5: string };
    try {
      result = await this.putObject({ bucket, key: upload.key, content: Readable.from(joined()), metadata });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload(uploadId);
      throw error;
    }
    await fsp.rm(dir, { recursive: true, force: true });
    const etag = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${requested.length}`;
    await fsp.writeFile(this.getResourcePath(bucket, upload.key, 'object.md5'), etag);
    await this.remember(bucket, upload.key, etag, result.size);
    return { size: result.size, md5: etag };
  }

  /** The folder holding a seed's objects. */
  seedFolder(seed: StoreSeed): string {
    return path.dirname(this.getResourcePath(seed.bucket, `${seed.prefix}x`, 'object'));
  }

  /**
   * The demo's big prefix, written as plain files: 100,000 keys in seconds, not minutes. A folder
   * still holding exactly the seed's files from an earlier run (`seededAt`) is reused as it is.
   */
  async seedMany(seed: StoreSeed, earlier?: { seededAt: Date }): Promise<{ seededAt: Date; reused: boolean }> {
    if (!seed.prefix.endsWith('/')) throw new Error(`A seed prefix is a folder and ends with "/": ${seed.prefix}`);
    await this.putBucket(seed.bucket);
    const names = seedKeys(seed);
    const folder = this.seedFolder(seed);
    const fileOf = (key: string) => path.basename(this.getResourcePath(seed.bucket, key, 'object'));
    const remember = (seededAt: Date) => {
      const date = new Date(Math.floor(seededAt.getTime() / 1000) * 1000);
      names.forEach((key, i) => {
        const body = seedBody(i);
        this.listedIn(seed.bucket).set(key, {
          etag: JSON.stringify(createHash('md5').update(body).digest('hex')),
          size: body.length,
          lastModified: date,
        });
      });
    };
    if (earlier) {
      // Untouched means: exactly the seed's object files, none written by a PUT or a copy (those
      // leave a metadata file; reading an object only adds its .md5, which changes nothing).
      const found = await fsp.readdir(folder).catch(() => [] as string[]);
      const objects = found.filter((name) => name.endsWith(OBJECT_SUFFIX));
      const expected = new Set(names.map(fileOf));
      const written = found.some((name) => name.endsWith(METADATA_SUFFIX));
      if (!written && objects.length === expected.size && objects.every((name) => expected.has(name))) {
        remember(earlier.seededAt);
        (await this.index(seed.bucket)).addAll(names);
        return { seededAt: earlier.seededAt, reused: true };
      }
      await fsp.rm(folder, { recursive: true, force: true });
    }
    await fsp.mkdir(folder, { recursive: true });
    const seededAt = new Date();
    // Synchronous writes in slices of 500, yielding in between: a third of the time the same
    // writes take through the thread pool, and never more than a few ms of blocked event loop.
    for (let start = 0; start < names.length; start += 500) {
      for (let i = start; i < Math.min(start + 500, names.length); i++)
        writeFileSync(path.join(folder, fileOf(names[i]!)), seedBody(i));
      await new Promise((resolve) => setImmediate(resolve));
    }
    remember(seededAt);
    (await this.index(seed.bucket)).addAll(names);
    return { seededAt, reused: false };
  }
}

function seedKeys(seed: StoreSeed): string[] {
  return Array.from({ length: seed.count }, (_, i) => `${seed.prefix}item-${String(i).padStart(6, '0')}.txt`);
}

function seedBody(i: number): string {
  return `item ${i}\n`;
}

type Ctx = S3rver.KoaContext;

function xmlBody(ctx: Ctx, xml: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

function intParam(query: Record<string, string>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw s3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  return Math.min(Number(raw), max);
}

const OWNER = `<ID>${OWNER_ID}</ID><DisplayName>demo</DisplayName>`;

function bucketSettings(query: Record<string, string>): ((ctx: Ctx) => void) | undefined {
  if ('versioning' in query) return (ctx) => xmlBody(ctx, `<VersioningConfiguration xmlns="${XMLNS}"/>`);
  if ('acl' in query) {
    return (ctx) =>
      xmlBody(
        ctx,
        `<AccessControlPolicy xmlns="${XMLNS}"><Owner>${OWNER}</Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${OWNER}</Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`,
      );
  }
  if ('tagging' in query)
    return () => {
      throw s3Error('NoSuchTagSet', 'The TagSet does not exist');
    };
  if ('encryption' in query)
    return () => {
      throw s3Error(
        'ServerSideEncryptionConfigurationNotFoundError',
        'The server side encryption configuration was not found',
      );
    };
  return undefined;
}

/** Koa middleware placed before s3rver's router: the operations s3rver lacks or gets wrong. */
function corrections(store: DemoFilesystemStore) {
  return async (ctx: Ctx, next: () => Promise<void>): Promise<void> => {
    try {
      await correct(ctx, next);
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      // s3rver writes error details with HTML entities; S3 (and every XML parser) wants XML.
      const detail = Object.entries(error.detail)
        .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
        .join('');
      const id = randomBytes(8).toString('hex').toUpperCase();
      // (On HEAD, Node drops the body; nulling it would make Koa answer 204.)
      xmlBody(
        ctx,
        `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${detail}<RequestId>${id}</RequestId></Error>`,
        error.status,
      );
    }
  };

  async function correct(ctx: Ctx, next: () => Promise<void>): Promise<void> {
    const segments = ctx.path.split('/');
    const bucket = segments[1] ? decodeURIComponent(segments[1]) : '';
    const key = segments.length > 2 ? segments.slice(2).map(decodeURIComponent).join('/') : '';
    const q = ctx.query;
    if (!bucket) return next();
    // s3rver's router cannot match a key with an empty segment ("a//b"): hand it the key as
    // one encoded segment, which the router decodes back into the whole key.
    if (key) ctx.path = `/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}`;
    const bucketExists = async () => {
      try {
        await fsp.stat(store.getBucketPath(bucket));
      } catch {
        throw s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
      }
    };
    if (!key) {
      if (ctx.method === 'GET' && 'uploads' in q) {
        await bucketExists();
        return listUploads(ctx, bucket);
      }
      const bucketSubresource = Object.keys(q).some((name) => !LIST_PARAMS.has(name));
      if (ctx.method === 'GET' && !bucketSubresource) {
        await bucketExists();
        return listObjects(ctx, bucket);
      }
      if (ctx.method === 'HEAD' && Object.keys(q).length === 0) {
        // s3rver answers HeadBucket by listing the bucket (a thousand metadata reads).
        await bucketExists();
        ctx.status = 200;
        ctx.body = '';
        return;
      }
      if (ctx.method === 'GET') {
        // Bucket settings s3rver answers with 501, given as S3 gives them for a bucket that
        // never had them set (which is true of every s3rver bucket).
        const settings = bucketSettings(q);
        if (settings) {
          await bucketExists();
          return settings(ctx);
        }
      }
      return next();
    }
    // Conditional writes, which s3rver ignores: "If-None-Match: *" on PutObject and on
    // CompleteMultipartUpload stores nothing when the key exists (412), as S3 does. Uploads that
    // must not overwrite ("skip", "keep both") rely on it.
    const writesObject =
      (ctx.method === 'PUT' && !('partNumber' in q) && !('tagging' in q) && !('acl' in q)) ||
      (ctx.method === 'POST' && 'uploadId' in q);
    if (writesObject && ctx.get('if-none-match').trim() === '*') {
      await bucketExists();
      if (await store.existsObject(bucket, key)) {
        throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
          Condition: 'If-None-Match',
        });
      }
    }
    if ('uploadId' in q) {
      await bucketExists();
      if (ctx.method === 'GET') return listParts(ctx, bucket, key);
      if (ctx.method === 'DELETE') {
        await store.abort(bucket, key, q['uploadId']!);
        ctx.status = 204;
        ctx.body = null;
        return;
      }
      await store.upload(bucket, q['uploadId']!, key);
      if (ctx.method === 'PUT') {
        const part = Number(q['partNumber']);
        if (!Number.isInteger(part) || part < 1 || part > 10000)
          throw s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
            ArgumentName: 'partNumber',
            ArgumentValue: q['partNumber'] ?? '',
          });
      }
    }
    return next();
  }

  async function listObjects(ctx: Ctx, bucket: string): Promise<void> {
    const q = ctx.query;
    const v2 = q['list-type'] === '2';
    const url = q['encoding-type'] === 'url';
    if (q['encoding-type'] !== undefined && !url)
      throw s3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
        ArgumentName: 'encoding-type',
        ArgumentValue: q['encoding-type'],
      });
    const maxKeys = intParam(q, 'max-keys', 1000, 1000);
    const prefix = q['prefix'] ?? '';
    const delimiter = q['delimiter'] ?? '';
    let startAfter: string | undefined;
    if (v2) {
      if (q['continuation-token']) {
        startAfter = Buffer.from(q['continuation-token'], 'base64url').toString('utf8');
        if (!startAfter.startsWith('1:'))
          throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
            ArgumentName: 'continuation-token',
          });
        startAfter = startAfter.slice(2);
      } else startAfter = q['start-after'];
    } else startAfter = q['marker'];

    const page = (await store.index(bucket)).list({ prefix, delimiter, startAfter, maxKeys });
    const enc = (s: string) => escapeXml(url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const keys = page.entries.filter((e): e is Extract<ListEntry, { kind: 'key' }> => e.kind === 'key');
    const metadata = await Promise.all(keys.map((e) => store.listedObject(bucket, e.key)));
    const owner = `<Owner>${OWNER}</Owner>`;
    const contents = keys
      .map((e, i) => {
        const m = metadata[i];
        if (!m) return '';
        return `<Contents><Key>${enc(e.key)}</Key><LastModified>${m.lastModified.toISOString()}</LastModified><ETag>${escapeXml(m.etag)}</ETag><Size>${m.size}</Size>${!v2 || q['fetch-owner'] === 'true' ? owner : ''}<StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const prefixes = page.entries
      .map((e) => (e.kind === 'prefix' ? `<CommonPrefixes><Prefix>${enc(e.prefix)}</Prefix></CommonPrefixes>` : ''))
      .join('');
    const common = `<Name>${escapeXml(bucket)}</Name><Prefix>${enc(prefix)}</Prefix>`;
    const tail = `<MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : ''}${url ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${page.isTruncated}</IsTruncated>`;
    const body = v2
      ? `${common}${q['continuation-token'] ? `<ContinuationToken>${escapeXml(q['continuation-token'])}</ContinuationToken>` : ''}${q['start-after'] !== undefined ? `<StartAfter>${enc(q['start-after'])}</StartAfter>` : ''}<KeyCount>${page.entries.length}</KeyCount>${tail}${page.isTruncated && page.last !== undefined ? `<NextContinuationToken>${Buffer.from(`1:${page.last}`).toString('base64url')}</NextContinuationToken>` : ''}`
      : `${common}<Marker>${enc(q['marker'] ?? '')}</Marker>${page.isTruncated && delimiter && page.last !== undefined ? `<NextMarker>${enc(page.last)}</NextMarker>` : ''}${tail}`;
    xmlBody(ctx, `<ListBucketResult xmlns="${XMLNS}">${body}${contents}${prefixes}</ListBucketResult>`);
  }

  async function listParts(ctx: Ctx, bucket: string, key: string): Promise<void> {
    const uploadId = ctx.query['uploadId']!;
    await store.upload(bucket, uploadId, key);
    const marker = intParam(ctx.query, 'part-number-marker', 0, 10000);
    const maxParts = intParam(ctx.query, 'max-parts', 1000, 1000);
    const all = (await store.parts(bucket, uploadId)).filter((p) => p.number > marker);
    const parts = all.slice(0, maxParts);
    const truncated = all.length > parts.length;
    const items = parts
      .map(
        (p) =>
          `<Part><PartNumber>${p.number}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified><ETag>"${p.etag}"</ETag><Size>${p.size}</Size></Part>`,
      )
      .join('');
    xmlBody(
      ctx,
      `<ListPartsResult xmlns="${XMLNS}"><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>${parts.length ? `<NextPartNumberMarker>${parts.at(-1)!.number}</NextPartNumberMarker>` : ''}<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated><StorageClass>STANDARD</StorageClass>${items}</ListPartsResult>`,
    );
  }

  async function listUploads(ctx: Ctx, bucket: string): Promise<void> {
    const prefix = ctx.query['prefix'] ?? '';
    const keyMarker = ctx.query['key-marker'] ?? '';
    const maxUploads = intParam(ctx.query, 'max-uploads', 1000, 1000);
    const all = (await store.uploads(bucket)).filter(
      (u) => u.key.startsWith(prefix) && (!keyMarker || compareKeys(u.key, keyMarker) > 0),
    );
    const shown = all.slice(0, maxUploads);
    const truncated = all.length > shown.length;
    const items = shown
      .map(
        (u) =>
          `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiator>${OWNER}</Initiator><Owner>${OWNER}</Owner><StorageClass>STANDARD</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
      )
      .join('');
    const next = truncated
      ? `<NextKeyMarker>${escapeXml(shown.at(-1)!.key)}</NextKeyMarker><NextUploadIdMarker>${shown.at(-1)!.uploadId}</NextUploadIdMarker>`
      : '';
    xmlBody(
      ctx,
      `<ListMultipartUploadsResult xmlns="${XMLNS}"><Bucket>${escapeXml(bucket)}</Bucket><KeyMarker>${escapeXml(keyMarker)}</KeyMarker><UploadIdMarker></UploadIdMarker>${next}<Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>${maxUploads}</MaxUploads><IsTruncated>${truncated}</IsTruncated>${items}</ListMultipartUploadsResult>`,
    );
  }
}

const MARKER = '.bucket-explorer-demo-store';

interface Marker {
  seed?: StoreSeed;
  seededAt?: string;
}

/**
 * Empties the store's folder, but only one that is empty, new, or was a demo store before; a
 * seed folder it recorded for the same seed is kept (set aside, then put back).
 * Returns when that seed was written, if it was kept.
 */
async function claimDirectory(
  directory: string,
  seed: StoreSeed | undefined,
  seedFolder: string | undefined,
): Promise<{ seededAt: Date } | undefined> {
  const entries = await fsp.readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (entries.length && !entries.includes(MARKER)) {
    throw new Error(
      `${directory} holds files the demo did not write, so the demo will not empty it. Move them elsewhere (or delete the folder) and start again.`,
    );
  }
  // A seed set aside by a start that did not finish is not kept: it is removed.
  const parent = path.dirname(directory);
  const asidePrefix = `${path.basename(directory)}.seed-`;
  for (const name of await fsp.readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(asidePrefix)) await fsp.rm(path.join(parent, name), { recursive: true, force: true });
  }
  let kept: { seededAt: Date; aside: string } | undefined;
  if (seed && seedFolder && entries.length) {
    const marker = await fsp
      .readFile(path.join(directory, MARKER), 'utf8')
      .then((text) => JSON.parse(text) as Marker)
      .catch(() => ({}) as Marker);
    const same = marker.seed && marker.seededAt && JSON.stringify(marker.seed) === JSON.stringify(seed);
    if (same) {
      const aside = path.join(parent, `${asidePrefix}${randomBytes(4).toString('hex')}`);
      if (
        await fsp.rename(seedFolder, aside).then(
          () => true,
          () => false,
        )
      )
        kept = { seededAt: new Date(marker.seededAt!), aside };
    }
  }
  await fsp.rm(directory, { recursive: true, force: true });
  await fsp.mkdir(directory, { recursive: true });
  await writeMarker(directory, {});
  if (!kept) return undefined;
  await fsp.mkdir(path.dirname(seedFolder!), { recursive: true });
  await fsp.rename(kept.aside, seedFolder!);
  return { seededAt: kept.seededAt };
}

function writeMarker(directory: string, marker: Marker): Promise<void> {
  return fsp.writeFile(
    path.join(directory, MARKER),
    `${JSON.stringify({ about: 'The Bucket Explorer demo keeps its objects here. It empties this folder at every start, but for its generated keys when they are untouched.', ...marker }, null, 2)}\n`,
  );
}

const STORE_KEY_HEADER = 'x-bucket-explorer-store-key';

/** First of all middleware: only the world, which knows the key, gets past. */
function admitWorldOnly(storeKey: string) {
  const expected = Buffer.from(storeKey);
  return async (ctx: Ctx, next: () => Promise<void>): Promise<void> => {
    const given = Buffer.from(ctx.get(STORE_KEY_HEADER));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    xmlBody(
      ctx,
      '<Error><Code>AccessDenied</Code><Message>This store answers only the Bucket Explorer world in front of it.</Message></Error>',
      403,
    );
  };
}

/**
 * Starts s3rver on 127.0.0.1 (a random port) over `directory`, with the corrections above.
 * The directory is the store's: it is emptied first and removed on stop, unless `keepSeed`
 * keeps the seed's files (untouched ones are reused at the next start: the app's demo).
 */
export async function startS3rver(options: {
  directory: string;
  seed?: StoreSeed;
  keepSeed?: boolean;
}): Promise<StoreHandle> {
  const store = new DemoFilesystemStore(options.directory);
  const seedFolder = options.seed ? store.seedFolder(options.seed) : undefined;
  const earlier = await claimDirectory(options.directory, options.keepSeed ? options.seed : undefined, seedFolder);
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: options.directory, silent: true });
  const storeKey = randomBytes(24).toString('base64url');
  server.middleware.unshift(admitWorldOnly(storeKey));
  server.store = server.context.store = store;
  // Before s3rver's router (the last middleware), after its XML encoder and vhost handling.
  server.middleware.splice(server.middleware.length - 1, 0, corrections(store));
  if (options.seed) {
    const { seededAt } = await store.seedMany(options.seed, earlier);
    if (options.keepSeed)
      await writeMarker(options.directory, { seed: options.seed, seededAt: seededAt.toISOString() });
  }
  const { port } = await server.run();
  return {
    name: 's3rver',
    endpoint: `http://127.0.0.1:${port}`,
    directory: options.directory,
    forwardHeaders: { [STORE_KEY_HEADER]: storeKey },
    // s3rver would look a signed request's key up in its own accounts; the world has already
    // authenticated the caller, so it forwards without credentials.
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
      // A kept seed stays for the next start (the rest is emptied then); otherwise nothing stays.
      if (!options.keepSeed) await fsp.rm(options.directory, { recursive: true, force: true });
    },
  };
}
