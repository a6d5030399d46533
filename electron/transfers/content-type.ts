// The Content-Type an upload is stored with: what a browser gives a file of that name (from the
// mime-db table through mime-types, maintained by the jshttp project), so a share link to a PNG or
// an HTML page opens instead of downloading. Unknown names get S3's own default.
import { lookup } from 'mime-types';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeFor(name: string): string {
  return lookup(name.split('/').at(-1) ?? name) || DEFAULT_CONTENT_TYPE;
}
