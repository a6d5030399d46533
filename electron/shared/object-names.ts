// One name inside a folder — a new folder's, or an object's or folder's new name on a rename —
// checked before anything is sent, with the reason in words. S3 itself takes almost any key; these
// are the names that would not mean what the user typed: a "/" makes more folders, "." and ".."
// are folders everywhere else (and are refused by S3 in some positions), and a key longer than
// S3's 1,024 bytes of UTF-8 would only be refused by S3 after the dialog closed.
import { formatCount } from './format-bytes.js';

export const MAX_KEY_BYTES = 1024;

/** What is wrong with `name` as one name inside `parent` (a prefix, "" or ending in "/"), or undefined. */
export function nameProblem(name: string, parent: string, folder = false): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Give a name.';
  if (name.includes('/')) return 'A name cannot contain "/".';
  if (trimmed === '.' || trimmed === '..') return 'A name cannot be "." or "..".';
  const bytes = new TextEncoder().encode(`${parent}${trimmed}${folder ? '/' : ''}`).length;
  if (bytes > MAX_KEY_BYTES)
    return `Too long: the full key would be ${formatCount(bytes)} bytes, and S3 allows ${formatCount(MAX_KEY_BYTES)}.`;
  return undefined;
}
