import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localErrorInWords } from '../../electron/transfers/local-errors.js';

describe('errors of this computer’s disk, in words', () => {
  it('says what Node’s own errors mean, with the path, and leaves every other error alone', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'local-errors-'));
    try {
      const file = path.join(dir, 'a-file');
      await writeFile(file, 'x');
      const under = await mkdir(path.join(file, 'sub'), { recursive: true }).catch((e: unknown) => e);
      // Node names the file in the way (EEXIST) or the folder it could not make (ENOTDIR), by platform.
      expect(localErrorInWords(under)).toMatch(
        /a-file(\/sub)?: (a file is there where a folder has to be \(EEXIST\)|part of that path is a file, not a folder \(ENOTDIR\))$/,
      );
      const missing = await rm(path.join(dir, 'nothing'), { recursive: false }).catch((e: unknown) => e);
      expect(localErrorInWords(missing)).toBe(
        `${path.join(dir, 'nothing')}: it is not there (moved or deleted meanwhile?) (ENOENT)`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // A network error has a code but no path: not this computer's disk.
    expect(localErrorInWords(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(localErrorInWords(new Error('plain'))).toBeUndefined();
    expect(localErrorInWords(undefined)).toBeUndefined();
  });
});
