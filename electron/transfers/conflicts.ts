// Which keys of a batch exist already, found by listing, not by one HEAD per file: each dropped
// file or folder is one prefix to list (a folder's listing covers everything in it), so a drop of
// 2,000 files into an empty place costs a request or two, not 2,000.
import { objectsUnder } from '../s3/browse.js';
import path from 'node:path';
import type { S3Transport } from '../s3/transport.js';
import type { Expansion } from './expand.js';

/** Keys of the expansion that exist in the bucket now, in the expansion's order. */
export async function existingKeys(
  transport: S3Transport,
  bucket: string,
  prefix: string,
  paths: string[],
  expansion: Expansion,
): Promise<string[]> {
  const wanted = new Set(expansion.items.map((item) => item.key));
  if (wanted.size === 0) return [];
  const found = new Set<string>();
  for (const top of new Set(paths.map((p) => `${prefix}${path.basename(p)}`))) {
    for await (const page of objectsUnder(transport, bucket, top))
      for (const o of page) if (wanted.has(o.key)) found.add(o.key);
  }
  return expansion.items.map((item) => item.key).filter((key) => found.has(key));
}
