import { useEffect, useState } from 'react';
import type { VersionRow } from '../../electron/contract';
import { bridge, describeError } from '../api';
import { formatBytes, formatDate } from '../format';
import { useStore } from '../store/store';
import { PurgeDialog } from './PurgeDialog';
import { shortVersionId, versionRowId } from './version-ids';

/**
 * The versions of one object, newest first, in the details pane: each can be downloaded, looked
 * at (its details and preview), made the latest again (revert: a copy, nothing destroyed) or
 * deleted for good. Loaded when the object is selected; one ListObjectVersions on its key.
 */
export function VersionHistory({ objectKey, canWrite }: { objectKey: string; canWrite: boolean }) {
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  const download = useStore((s) => s.download);
  const revertVersion = useStore((s) => s.revertVersion);
  const purgeVersions = useStore((s) => s.purgeVersions);
  const setShowVersions = useStore((s) => s.setShowVersions);
  const select = useStore((s) => s.select);
  const [purging, setPurging] = useState<VersionRow | undefined>();
  // After a revert or a purge the listing is refreshed; the history is asked again with it.
  const generation = useStore((s) => s.objects);
  const wanted = `${bucket}\n${objectKey}`;
  // The answer remembers what it answers: anything else is still loading.
  const [answer, setAnswer] = useState<{ for: string; value: VersionRow[] | { error: string } }>();
  useEffect(() => {
    if (!connectionId || !bucket) return;
    let current = true;
    const api = bridge();
    api['versions/list']({ connectionId, bucket, prefix: '', key: objectKey }).then(
      (page) => current && setAnswer({ for: wanted, value: page.versions }),
      (error: unknown) => current && setAnswer({ for: wanted, value: { error: describeError(error).message } }),
    );
    return () => {
      current = false;
    };
  }, [connectionId, bucket, objectKey, wanted, generation]);
  const versions = answer?.for === wanted ? answer.value : undefined;

  if (!versions) return <p className="muted">Loading its versions…</p>;
  if ('error' in versions) return <p className="muted">Versions unavailable: {versions.error}</p>;
  if (versions.length <= 1 && versions.every((v) => v.versionId === 'null')) return null;
  return (
    <section className="version-history" data-testid="version-history">
      <h4>
        Versions <span className="muted">({versions.length})</span>
      </h4>
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.versionId} data-testid="history-version" data-version-id={v.versionId}>
            <div className="version-line">
              <span className="mono" title={v.versionId}>
                {shortVersionId(v.versionId)}
              </span>
              {v.isLatest && <span className="badge latest">latest</span>}
              {v.deleteMarker && <span className="badge marker">delete marker</span>}
              <span className="muted">{formatDate(v.lastModified)}</span>
              {!v.deleteMarker && <span className="muted num">{formatBytes(v.size)}</span>}
            </div>
            <div className="button-row small">
              {!v.deleteMarker && (
                <button
                  type="button"
                  onClick={() => void download(objectKey, v.versionId)}
                  data-testid="history-download"
                >
                  Download
                </button>
              )}
              {!v.deleteMarker && (
                <button
                  type="button"
                  onClick={() => {
                    setShowVersions(true);
                    const id = versionRowId(objectKey, v.versionId);
                    select({ focused: id, anchor: id, selected: [id] });
                  }}
                  data-testid="history-open"
                >
                  Details
                </button>
              )}
              {canWrite && !v.isLatest && !v.deleteMarker && (
                <button
                  type="button"
                  onClick={() => void revertVersion(objectKey, v.versionId)}
                  data-testid="history-revert"
                >
                  Revert to this
                </button>
              )}
              {canWrite && (
                <button type="button" className="danger" onClick={() => setPurging(v)} data-testid="history-purge">
                  Delete…
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {purging && connectionId && bucket && (
        <PurgeDialog
          connectionId={connectionId}
          bucket={bucket}
          target={{ kind: 'versions', versions: [purging] }}
          onCancel={() => setPurging(undefined)}
          onConfirm={(bypassGovernance) => {
            const v = purging;
            setPurging(undefined);
            void purgeVersions([{ key: v.key, versionId: v.versionId }], bypassGovernance);
          }}
        />
      )}
    </section>
  );
}
