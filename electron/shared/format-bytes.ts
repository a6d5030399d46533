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

/**
 * Counts with thousands separators (20,000), the same in every terminal whatever its locale.
 * Grouped by hand, not with toLocaleString: the first Intl call of a process loads ICU's number
 * data, ~11 ms the terminal paid at the end of every command (measured, Node 24).
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return String(count);
  const [whole, fraction] = String(Math.abs(count)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${count < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
