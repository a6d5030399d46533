// What S3 takes as an object's headers, user metadata and tags, checked in the edit dialog before
// anything is sent, with the reason in words. Headers and metadata travel as HTTP header values
// (printable ASCII; the SDK and S3 sign them as bytes, so "é" would be refused after the dialog
// closed, or stored mangled); user metadata is at most 2 KB in all, names compared without case (S3
// keeps them in lowercase); at most 10 tags, names up to 128 characters and values up to 256, of
// letters, digits, spaces and + - = . _ : / @.

import { formatCount } from './format-bytes.js';

export type Pairs = Array<[string, string]>;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
export const METADATA_NAME = /^[a-z0-9-_.]{1,128}$/i;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_METADATA_BYTES = 2048;
export const MAX_TAGS = 10;
/** A bucket's tags (cost allocation and the like): S3 takes up to 50. */
export const MAX_BUCKET_TAGS = 50;

/** Rows left empty (an Add not filled in) are not entries: they are dropped, not refused. */
export function filledPairs(pairs: Pairs): Pairs {
  return pairs.filter(([name, value]) => name.trim() !== '' || value !== '');
}

/** The first character of `text` a header cannot carry, or undefined. */
function notAscii(text: string): string | undefined {
  return PRINTABLE_ASCII.test(text) ? undefined : [...text].find((c) => !PRINTABLE_ASCII.test(c));
}

/** What is wrong with a header's value (Content-Type, Cache-Control…), or undefined. */
export function headerProblem(label: string, value: string): string | undefined {
  const bad = notAscii(value);
  if (bad === undefined) return undefined;
  return `${label} cannot hold “${visible(bad)}”: header values are plain ASCII.`;
}

export function metadataProblem(pairs: Pairs): string | undefined {
  const seen = new Set<string>();
  let bytes = 0;
  for (const [name, value] of filledPairs(pairs)) {
    if (name.trim() === '') return `The value “${value}” has no name: give it one, or remove the row (×).`;
    if (!METADATA_NAME.test(name)) return `“${name}” cannot be a metadata name: letters, digits, - _ and . only.`;
    if (seen.has(name.toLowerCase()))
      return `“${name}” is there twice (S3 keeps metadata names in lowercase, so case does not tell them apart).`;
    seen.add(name.toLowerCase());
    const bad = notAscii(value);
    if (bad !== undefined)
      return `The value of “${name}” cannot hold “${visible(bad)}”: metadata travels as HTTP headers, plain ASCII.`;
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES)
    return `User metadata is at most 2 KB (names and values together); this is ${formatCount(bytes)} bytes.`;
  return undefined;
}

export function tagsProblem(pairs: Pairs, of: 'object' | 'bucket' = 'object'): string | undefined {
  const filled = filledPairs(pairs);
  const max = of === 'bucket' ? MAX_BUCKET_TAGS : MAX_TAGS;
  if (filled.length > max)
    return `A${of === 'object' ? 'n' : ''} ${of} has at most ${max} tags; this has ${filled.length}.`;
  const seen = new Set<string>();
  for (const [name, value] of filled) {
    if (name === '') return `The value “${value}” has no tag name: give it one, or remove the row (×).`;
    if (of === 'bucket' && name.toLowerCase().startsWith('aws:'))
      return `Tag names beginning with “aws:” are AWS's own; “${short(name)}” cannot be set.`;
    if ([...name].length > 128)
      return `Tag names are at most 128 characters; “${short(name)}” has ${[...name].length}.`;
    if ([...value].length > 256)
      return `Tag values are at most 256 characters; the value of “${short(name)}” has ${[...value].length}.`;
    for (const text of [name, value]) {
      const bad = [...text].find((c) => !TAG_TEXT.test(c));
      if (bad !== undefined)
        return `Tags cannot hold “${visible(bad)}” (in “${short(text)}”): letters, digits, spaces and + - = . _ : / @ only.`;
    }
    if (seen.has(name)) return `The tag “${name}” is there twice.`;
    seen.add(name);
  }
  return undefined;
}

function short(text: string): string {
  return [...text].length > 24 ? `${[...text].slice(0, 24).join('')}…` : text;
}

/** A character as a person can see it: a control character by its code. */
function visible(c: string): string {
  return /[\p{C}]/u.test(c) ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : c;
}
