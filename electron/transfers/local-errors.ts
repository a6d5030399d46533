// What went wrong on this computer's disk, in words: a transfer's row and the terminal said
// Node's own text ("EEXIST: file already exists, mkdir '/tmp/afile'"), which names a system call,
// not the problem.

const WORDS: Record<string, string> = {
  EEXIST: 'a file is there where a folder has to be',
  ENOTDIR: 'part of that path is a file, not a folder',
  EISDIR: 'a folder is there where a file has to be',
  EACCES: 'no permission to write or read there',
  EPERM: 'the system does not allow it there',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  ENAMETOOLONG: 'the name is too long for this disk',
  ENOENT: 'it is not there (moved or deleted meanwhile?)',
  EMFILE: 'too many files are open at once: retry',
  ENFILE: 'too many files are open at once: retry',
  EBUSY: 'it is in use by another program',
};

/** A Node file-system error (it names a path) in words, or undefined for any other error. */
export function localErrorInWords(error: unknown): string | undefined {
  const e = error as { code?: unknown; path?: unknown; syscall?: unknown } | undefined;
  if (typeof e?.code !== 'string' || typeof e.path !== 'string' || typeof e.syscall !== 'string') return undefined;
  const words = WORDS[e.code];
  return words ? `${e.path}: ${words} (${e.code})` : undefined;
}
