// CRC32 and CRC32C for the bytes the app moves: every download is checked against its object's
// checksum and every upload sends one, so these run over every byte. Node's zlib.crc32 is zlib's
// table-driven ("braided") CRC, ~6 GB/s here, and Node has no CRC32C at all; @node-rs/crc32 (Rust's
// crc32fast and crc32c, carry-less multiplication where the CPU has it) does the CRC32 at ~30 GB/s
// on the same machine: ~0.14 s less CPU per GiB. It is a native module with a prebuilt binary per
// platform, so it may be missing (an unusual platform) or fail to load (a thread where native
// modules cannot be opened): then zlib's CRC32 and hash-wasm's CRC32C, whose values are the same.
import { createRequire } from 'node:module';
import { crc32 as zlibCrc32 } from 'node:zlib';

interface NativeCrc {
  crc32(input: Uint8Array, initialState?: number): number;
  crc32c(input: Uint8Array, initialState?: number): number;
}

const PACKAGE = '@node-rs/crc32';
let native: NativeCrc | null | undefined;
let nativeFrom: string | undefined;

function requireHere(): NodeJS.Require {
  // The CommonJS builds (the app, the terminal's bin, the range thread's text) have `require`;
  // the TypeScript sources run as ES modules.
  return typeof require === 'function' ? require : createRequire(import.meta.url);
}

/**
 * Where the native module is, for a thread started from text (the range thread), which has no
 * node_modules of its own to look in; undefined when it cannot be loaded here either.
 */
export function nativeCrcModule(): string | undefined {
  if (!loadNative()) return undefined;
  try {
    return requireHere().resolve(PACKAGE);
  } catch {
    return undefined;
  }
}

/** In a thread started from text: load the native module from where the starting thread found it. */
export function useNativeCrcFrom(file: string | undefined): void {
  nativeFrom = file;
  native = file === undefined ? null : undefined;
}

function loadNative(): NativeCrc | null {
  if (native !== undefined) return native;
  try {
    // A name in a variable: the range thread's bundle must not take the package (and lose its binary) in.
    const name = nativeFrom ?? PACKAGE;
    const loaded = requireHere()(name) as NativeCrc;
    // One known value, so a binary that loads but answers wrongly is never used.
    native = loaded.crc32(Buffer.from('123456789')) === 0xcbf43926 ? loaded : null;
  } catch {
    native = null;
  }
  return native;
}

/** zlib's CRC32 (the one S3 calls CRC32), continued from `value` as zlib.crc32 is. */
export function crc32(bytes: Uint8Array, value = 0): number {
  const fast = loadNative();
  return fast ? fast.crc32(bytes, value) : zlibCrc32(bytes, value);
}

/** Castagnoli's CRC32C, continued from `value`; undefined when only the WebAssembly one is here. */
export function nativeCrc32c(): ((bytes: Uint8Array, value: number) => number) | undefined {
  const fast = loadNative();
  return fast ? (bytes, value) => fast.crc32c(bytes, value) : undefined;
}

/** Which CRC32 this thread computes with (the tests check it is the native one where it ships). */
export function crcImplementation(): 'native' | 'zlib' {
  return loadNative() ? 'native' : 'zlib';
}
