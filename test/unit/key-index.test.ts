// The demo store's listing index and folder escaping, as pure functions.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareKeys, KeyIndex } from '../../electron/store/key-index.js';

const ALPHABET = ['a', 'b', '/', '.', ' ', '!', '+', '%', 'é', '！', '\uffff', '🚀', '𝄞', '\u{10ffff}'];
const randomKey = (min = 1) =>
  Array.from({ length: randomInt(min, 7) }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

describe('compareKeys', () => {
  it('orders like the UTF-8 bytes S3 compares, astral characters included', () => {
    for (let i = 0; i < 5000; i++) {
      const a = randomKey(0);
      const b = randomKey(0);
      expect(Math.sign(compareKeys(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(
        Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
      );
    }
  });
});

describe('KeyIndex.list', () => {
  const index = new KeyIndex();
  index.addAll(['a', 'a!', 'a/b', 'a/c/d', 'b/x/y/z', 'b/x2', 'c']);

  it('rolls up common prefixes and counts them toward max-keys', () => {
    const page = index.list({ delimiter: '/', maxKeys: 3 });
    expect(page.entries).toEqual([
      { kind: 'key', key: 'a' },
      { kind: 'key', key: 'a!' },
      { kind: 'prefix', prefix: 'a/' },
    ]);
    expect(page).toMatchObject({ isTruncated: true, last: 'a/' });
    const next = index.list({ delimiter: '/', maxKeys: 3, startAfter: page.last });
    expect(next.entries).toEqual([
      { kind: 'prefix', prefix: 'b/' },
      { kind: 'key', key: 'c' },
    ]);
    expect(next.isTruncated).toBe(false);
  });

  it('does not return a common prefix the marker lies inside', () => {
    expect(
      index
        .list({ delimiter: '/', maxKeys: 10, startAfter: 'a/b' })
        .entries.map((e) => (e.kind === 'key' ? e.key : e.prefix)),
    ).toEqual(['b/', 'c']);
  });

  it('lists deep-only folders under a prefix, and nothing for max-keys 0', () => {
    expect(index.list({ prefix: 'b/', delimiter: '/', maxKeys: 10 }).entries).toEqual([
      { kind: 'prefix', prefix: 'b/x/' },
      { kind: 'key', key: 'b/x2' },
    ]);
    expect(index.list({ maxKeys: 0 })).toEqual({ entries: [], isTruncated: false });
  });

  it('agrees with a brute-force listing on random keys, prefixes, markers and page sizes', () => {
    const keys = [...new Set(Array.from({ length: 300 }, () => randomKey()))];
    const random = new KeyIndex();
    keys.forEach((k) => random.add(k));
    random.remove(keys[0]!);
    random.add(keys[0]!);
    const sorted = [...keys].sort(compareKeys);
    for (let round = 0; round < 200; round++) {
      const prefix = randomKey(0).slice(0, 2);
      const delimiter = ['', '/', '.'][randomInt(3)]!;
      const maxKeys = randomInt(1, 8);
      const expected: string[] = [];
      for (const key of sorted) {
        if (!key.startsWith(prefix)) continue;
        const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
        const entry = cut >= 0 ? key.slice(0, cut + delimiter.length) : key;
        if (expected.at(-1) !== entry) expected.push(entry);
      }
      const seen: string[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = random.list({ prefix, delimiter, maxKeys, startAfter });
        expect(page.entries.length).toBeLessThanOrEqual(maxKeys);
        seen.push(...page.entries.map((e) => (e.kind === 'key' ? e.key : e.prefix)));
        if (!page.isTruncated) break;
        startAfter = page.last;
      }
      expect(seen, JSON.stringify({ prefix, delimiter, maxKeys })).toEqual(expected);
    }
  });
});
