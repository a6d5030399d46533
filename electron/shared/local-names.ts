// Names for files written on the user's computer from S3 keys, which may hold anything: "..",
// "..\\..\\evil.bat", "a:b", "con.txt", control characters, 1,000-byte segments. The result is
// one plain file name, safe on Windows, macOS and Linux, never a path. Pure: main uses it for the
// save dialog's suggestion and downloads, and the renderer may show it.

/** Windows device names, refused with any extension (con.txt is the console). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Bytes most file systems allow in one name, less room for a ".part" suffix while downloading. */
const MAX_NAME_BYTES = 200;

function truncateUtf8(value: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of value) {
    const size = new TextEncoder().encode(ch).length;
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** One safe file name for a key segment (or a whole key: only its last segment is used). */
export function safeFileName(segment: string, fallback = 'download'): string {
  let name = segment.split('/').filter(Boolean).at(-1) ?? '';
  // Separators, drive colons, wildcards and control characters (NUL included) become "_".
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_');
  // Windows drops trailing dots and spaces, which would turn "x." into "x" behind our back.
  name = name.replace(/[. ]+$/, '');
  if (/^\.*$/.test(name)) name = '';
  if (RESERVED.test(name)) name = `_${name}`;
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name =
      truncateUtf8(
        name.slice(0, name.length - extension.length),
        MAX_NAME_BYTES - new TextEncoder().encode(extension).length,
      ) + extension;
  }
  return name || fallback;
}
