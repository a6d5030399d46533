// How numbers, times and hop chains read on screen.

export { formatBytes } from '../electron/shared/format-bytes';

/** "1 folder", "2,000 objects". */
export function countOf(count: number, what: string): string {
  return `${count.toLocaleString()} ${what}${count === 1 ? '' : 's'}`;
}

export function formatDate(iso?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export {
  hopChain,
  hopChainParts,
  isAbsentAnswer,
  isFailure,
  isNotConfigured,
  isRedirected,
} from '../electron/shared/log-export';

export function baseName(key: string, prefix: string): string {
  return key.slice(prefix.length);
}
