// How numbers, times and hop chains read on screen.
import type { RequestRecord } from '../electron/contract';

export { formatBytes } from '../electron/shared/format-bytes';

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

/** `us-east-1 → 301 PermanentRedirect → eu-west-1 → 200` */
export function hopChain(record: RequestRecord): string {
  return record.hops
    .map((hop, index) => {
      const previous = record.hops[index - 1];
      const place = previous?.decision === 'follow-temporary' ? hop.host.split(':')[0]! : hop.signingRegion;
      const answer =
        hop.status !== undefined
          ? `${hop.status}${hop.code && hop.status >= 300 ? ` ${hop.code}` : ''}`
          : (hop.networkError ?? '…');
      return previous?.decision === 'retry' && previous.signingRegion === hop.signingRegion
        ? answer
        : `${place} → ${answer}`;
    })
    .join(' → ');
}

export { isRedirected } from '../electron/shared/log-export';

export function baseName(key: string, prefix: string): string {
  return key.slice(prefix.length);
}
