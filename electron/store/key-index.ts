// A bucket's keys in S3's order (UTF-8 bytes), and S3's listing semantics over them.
//
// Why our own: the embedded store keeps keys in memory and must answer any page of 100,000 keys
// at once, in the order S3 uses (UTF-8 bytes, not JavaScript's UTF-16 order), rolling folders
// that only hold deeper folders into common prefixes. A sorted array answers every page with two
// binary searches. (s3rver, the store before it, walked its folders on every request.)

/** S3 orders keys by their UTF-8 bytes, i.e. by code point; JS compares UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after U+E000–U+FFFF in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && Math.max(x, y) >= 0xe000) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export interface ListRequest {
  prefix?: string;
  delimiter?: string;
  /** Exclusive: V1 marker, V2 start-after or the key a continuation token carries. */
  startAfter?: string;
  maxKeys: number;
}

export type ListEntry = { kind: 'key'; key: string } | { kind: 'prefix'; prefix: string };

export interface ListPage {
  entries: ListEntry[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  last?: string;
}

export class KeyIndex {
  private keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Many keys at once (loading from disk, bulk seeding): one sort instead of n inserts. */
  addAll(keys: Iterable<string>): void {
    const set = new Set(this.keys);
    for (const key of keys) set.add(key);
    this.keys = [...set].sort(compareKeys);
  }

  add(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] !== key) this.keys.splice(i, 0, key);
  }

  remove(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  has(key: string): boolean {
    return this.keys[this.lowerBound(key)] === key;
  }

  /** First index whose key is >= `key`. */
  private lowerBound(key: string, from = 0): number {
    let lo = from;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index at or after `from` whose key does not start with `prefix` (they are contiguous). */
  private endOfPrefix(prefix: string, from: number): number {
    let lo = from;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]!.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  list(request: ListRequest): ListPage {
    const prefix = request.prefix ?? '';
    const delimiter = request.delimiter ?? '';
    const startAfter = request.startAfter ?? '';
    const entries: ListEntry[] = [];
    if (request.maxKeys <= 0) return { entries, isTruncated: false };

    let i = this.lowerBound(prefix);
    if (startAfter && compareKeys(startAfter, prefix) >= 0) {
      i = this.lowerBound(startAfter, i);
      if (this.keys[i] === startAfter) i++;
    }
    const end = this.endOfPrefix(prefix, i);
    let last: string | undefined;
    while (i < end) {
      const key = this.keys[i]!;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        const after = this.endOfPrefix(common, i);
        // A common prefix the previous page already returned (the marker lies inside it) is
        // not returned again; its keys are skipped with it.
        if (!(startAfter && startAfter.startsWith(common))) {
          if (entries.length === request.maxKeys) return { entries, isTruncated: true, last };
          entries.push({ kind: 'prefix', prefix: common });
          last = common;
        }
        i = after;
        continue;
      }
      if (entries.length === request.maxKeys) return { entries, isTruncated: true, last };
      entries.push({ kind: 'key', key });
      last = key;
      i++;
    }
    return { entries, isTruncated: false, last };
  }
}
