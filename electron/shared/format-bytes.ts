// Sizes as people read them, the same in the window, in main's dialogs and in the terminal.
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Counts with thousands separators (20,000), the same in every terminal whatever its locale. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
