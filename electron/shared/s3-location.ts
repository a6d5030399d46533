// What people paste to say where: `bucket`, `bucket/folder/`, `s3://bucket/folder/key`, a bucket's
// or an object's ARN (`arn:aws:s3:::bucket/key`, as the console and the details pane show it), or an S3
// URL (`https://bucket.s3.eu-west-1.amazonaws.com/key`, `https://s3.eu-west-1.amazonaws.com/bucket/key`,
// and the same with a dash or no region). Pure: the window and the CLI read it the same way.
import { bucketNameProblem } from './bucket-names.js';

export interface S3Location {
  bucket: string;
  /** The key or folder prefix after the bucket ('' for the bucket itself). */
  key: string;
  /** The region the URL names, when it names one. */
  region?: string;
}

export type ParsedLocation = { ok: true; location: S3Location } | { ok: false; problem: string };

const VIRTUAL_HOST = /^(.+)\.s3(?:[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-\d))?\.amazonaws\.com$/;
const PATH_HOST = /^s3(?:[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-\d))?\.amazonaws\.com$/;

function decodeKey(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function parseS3Location(input: string): ParsedLocation {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'Type a bucket name, an s3:// path or an S3 URL.' };
  let bucket: string;
  let key: string;
  let region: string | undefined;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, problem: 'That URL cannot be read.' };
    }
    const virtual = VIRTUAL_HOST.exec(url.hostname);
    const pathStyle = PATH_HOST.exec(url.hostname);
    if (virtual) {
      bucket = virtual[1]!;
      region = virtual[2];
      key = decodeKey(url.pathname.slice(1));
    } else if (pathStyle) {
      const [first = '', ...rest] = url.pathname.slice(1).split('/');
      bucket = first;
      region = pathStyle[1];
      key = decodeKey(rest.join('/'));
    } else {
      return {
        ok: false,
        problem: `${url.hostname} is not an Amazon S3 address. Paste s3://bucket/path, or the bucket's name.`,
      };
    }
  } else {
    // An ARN as the console shows it (arn:aws:s3:::bucket/key), in any partition.
    const cleaned = text.replace(/^s3:\/\//i, '').replace(/^arn:aws[a-z-]*:s3:::/i, '');
    if (!cleaned)
      return { ok: false, problem: `"${text}" names no bucket: give one, as ${text}bucket-name or bucket-name.` };
    const slash = cleaned.indexOf('/');
    [bucket, key] = slash < 0 ? [cleaned, ''] : [cleaned.slice(0, slash), cleaned.slice(slash + 1)];
  }
  const problem = bucketNameProblem(bucket);
  if (problem) return { ok: false, problem: bucket ? `"${bucket}" is not a bucket name. ${problem}` : problem };
  return { ok: true, location: { bucket, key, region } };
}

/** The folder a key sits in ("a/b/c.txt" → "a/b/"; "a/b/" stays). */
export function folderOf(key: string): string {
  if (key === '' || key.endsWith('/')) return key;
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash + 1);
}

/**
 * An x-amz-copy-source header (`bucket/key`, `/bucket/key`, either with `?versionId=`), decoded;
 * undefined when it names no bucket and key or its %-escapes are broken.
 */
export function parseCopySource(header: string): { bucket: string; key: string; versionId?: string } | undefined {
  const [pathPart = '', search = ''] = header.split('?', 2);
  try {
    const decoded = decodeURIComponent(pathPart).replace(/^\//, '');
    const slash = decoded.indexOf('/');
    if (slash <= 0 || slash === decoded.length - 1) return undefined;
    const versionId = /(?:^|&)versionId=([^&]*)/.exec(search)?.[1];
    return {
      bucket: decoded.slice(0, slash),
      key: decoded.slice(slash + 1),
      versionId: versionId === undefined ? undefined : decodeURIComponent(versionId),
    };
  } catch {
    return undefined;
  }
}
