// The Content-Type an upload is stored with: what a browser gives a file of that name (from the
// mime-db table through mime-types, maintained by the jshttp project), so a share link to a PNG or
// an HTML page opens instead of downloading. Unknown names get S3's own default.
// The table is loaded on the first upload, not with the core: building it is ~10 ms of every
// terminal command's start (a download never needs it).
let mimeTypes: Promise<typeof import('mime-types')> | undefined;

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Names mime-db has no type for although files by them are common in buckets: code (Python, Go,
 * Ruby), line-delimited JSON and the columnar and compressed formats of data lakes. Each type is
 * IANA's where one is registered (Parquet, Zstandard), else what Python's `mimetypes` and the
 * freedesktop.org database use. `.ts` stays mime-db's video/mp2t: in S3 it is mostly HLS segments.
 */
const MORE_TYPES: Record<string, string> = {
  py: 'text/x-python',
  go: 'text/x-go',
  rb: 'text/x-ruby',
  jsonl: 'application/jsonl',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  zst: 'application/zstd',
};

export async function contentTypeFor(name: string): Promise<string> {
  const base = name.split('/').at(-1) ?? name;
  const dot = base.lastIndexOf('.');
  const more = dot > 0 ? MORE_TYPES[base.slice(dot + 1).toLowerCase()] : undefined;
  if (more) return more;
  const { lookup } = await (mimeTypes ??= import('mime-types'));
  return lookup(base) || DEFAULT_CONTENT_TYPE;
}
