// Audio and video from bytes main has already read (never a URL the page fetches itself): the
// bytes become a blob: URL the page owns, so the Content-Security-Policy still names no remote
// origin (media-src allows blob: only).
import { useEffect, useMemo, useState } from 'react';

/** A blob: URL for the bytes, revoked when the preview goes away. */
function useBlobUrl(bytes: Uint8Array, type: string): string {
  const url = useMemo(() => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })), [bytes, type]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

export function MediaPlayer({ kind, bytes, type }: { kind: 'audio' | 'video'; bytes: Uint8Array; type: string }) {
  const url = useBlobUrl(bytes, type);
  // Which file failed: the next one gets its own chance.
  const [failedUrl, setFailedUrl] = useState<string>();
  if (failedUrl === url)
    return (
      <p className="muted" data-testid="preview-media-error">
        This {kind} cannot be played here ({type || 'unknown format'}); download it to play it.
      </p>
    );
  return kind === 'audio' ? (
    <audio className="preview-audio" controls src={url} onError={() => setFailedUrl(url)} data-testid="preview-audio" />
  ) : (
    <video className="preview-video" controls src={url} onError={() => setFailedUrl(url)} data-testid="preview-video" />
  );
}
