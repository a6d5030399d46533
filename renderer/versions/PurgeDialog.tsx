import { useEffect, useState } from 'react';
import type { ObjectLockState } from '../../electron/shared/object-lock';
import { whatKeeps } from '../../electron/shared/object-lock';
import { bridge, describeError } from '../api';
import { Choice } from '../components/Checkbox';
import { ConfirmDialog } from '../components/Dialog';
import { countOf, formatBytes } from '../format';
import { shortVersionId } from './version-ids';

/** oldMarkers: the delete markers that go; deleteMarkers: all of them (the latest ones stay). */
type Measured = { versions: number; deleteMarkers: number; oldMarkers: number; bytes: number };

/**
 * "Permanently": deleting versions cannot be undone, so the dialog says how many and how much
 * before asking, and Cancel has the focus. Either the chosen versions, or every old version under
 * a folder (counted first by listing them; the count shows when it is known).
 */
export function PurgeDialog({
  connectionId,
  bucket,
  target,
  onCancel,
  onConfirm,
}: {
  connectionId: string;
  bucket: string;
  target:
    | { kind: 'versions'; versions: Array<{ key: string; versionId: string; size: number; deleteMarker: boolean }> }
    | { kind: 'old-versions'; prefix: string };
  onCancel: () => void;
  /** bypassGovernance: versions under governance retention are deleted too (the user ticked it). */
  onConfirm: (bypassGovernance?: boolean) => void;
}) {
  const [measured, setMeasured] = useState<Measured | { error: string } | undefined>(
    target.kind === 'versions'
      ? {
          versions: target.versions.filter((v) => !v.deleteMarker).length,
          deleteMarkers: target.versions.filter((v) => v.deleteMarker).length,
          oldMarkers: target.versions.filter((v) => v.deleteMarker).length,
          bytes: target.versions.reduce((sum, v) => sum + v.size, 0),
        }
      : undefined,
  );
  useEffect(() => {
    if (target.kind !== 'old-versions') return;
    let cancelled = false;
    const api = bridge();
    api['versions/measure-old']({ connectionId, bucket, prefix: target.prefix }).then(
      (m) => !cancelled && setMeasured(m),
      (error: unknown) => !cancelled && setMeasured({ error: describeError(error).message }),
    );
    return () => {
      cancelled = true;
    };
    // The target is fixed while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Chosen versions (up to 100): what Object Lock keeps of them, asked first (a HEAD each), so the
  // dialog says before S3 refuses them.
  const [locks, setLocks] = useState<Array<ObjectLockState | null>>();
  const [bypass, setBypass] = useState(false);
  const objects = target.kind === 'versions' ? target.versions.filter((v) => !v.deleteMarker) : [];
  useEffect(() => {
    if (!objects.length || objects.length > 100) return;
    let cancelled = false;
    const asked = objects.map(({ key, versionId }) => ({ key, versionId }));
    const api = bridge();
    api['versions/locks']({ connectionId, bucket, versions: asked }).then(
      (found) => !cancelled && setLocks(found),
      () => undefined, // unknown: S3 answers for itself when they are deleted
    );
    return () => {
      cancelled = true;
    };
    // The target is fixed while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const kept = (locks ?? []).map((l) => (l ? whatKeeps(l) : undefined)).filter((w): w is string => Boolean(w));
  const governanceOnly = (locks ?? []).some(
    (l) => l && !l.legalHold && l.mode === 'GOVERNANCE' && whatKeeps(l) !== undefined,
  );

  const ready = measured !== undefined && !('error' in measured);
  const total = ready ? measured.versions + measured.oldMarkers : 0;
  const keptMarkers = ready ? measured.deleteMarkers - measured.oldMarkers : 0;
  const where = target.kind === 'old-versions' ? `s3://${bucket}/${target.prefix}` : undefined;
  return (
    <ConfirmDialog
      title="Delete versions permanently?"
      message={
        <div data-testid="purge-summary">
          {target.kind === 'versions' && target.versions.length === 1 ? (
            <p>
              Permanently delete version <b className="mono">{shortVersionId(target.versions[0]!.versionId)}</b> of{' '}
              <b className="mono">{target.versions[0]!.key}</b>
              {target.versions[0]!.deleteMarker
                ? ' (a delete marker: removing the latest one brings the object back)'
                : ''}
              ?
            </p>
          ) : target.kind === 'versions' ? (
            <p>
              Permanently delete <b>{countOf(target.versions.length, 'version')}</b> (
              {measured && 'bytes' in measured ? formatBytes(measured.bytes) : ''})?
            </p>
          ) : measured === undefined ? (
            <p className="muted">Counting the old versions under {where}…</p>
          ) : 'error' in measured ? (
            <p className="error">Could not count them: {measured.error}</p>
          ) : (
            <p>
              Permanently delete every old version under <b className="mono">{where}</b>:{' '}
              <b>
                {measured.versions.toLocaleString()} version{measured.versions === 1 ? '' : 's'} (
                {formatBytes(measured.bytes)} freed)
              </b>
              {measured.oldMarkers ? (
                <>
                  {' '}
                  and{' '}
                  <b>
                    {measured.oldMarkers.toLocaleString()} old delete marker{measured.oldMarkers === 1 ? '' : 's'}
                  </b>
                </>
              ) : null}
              . The latest version of each object stays
              {keptMarkers
                ? `, and so ${keptMarkers === 1 ? 'does 1 delete marker' : `do ${keptMarkers.toLocaleString()} delete markers`} (those objects stay deleted)`
                : ''}
              .
            </p>
          )}
          {kept.length > 0 && (
            <p className="warning" data-testid="purge-locked">
              {objects.length === 1
                ? `This version is under Object Lock: ${kept[0]}.`
                : `Object Lock keeps ${kept.length} of these versions (${kept[0]}${kept.length > 1 ? '; …' : ''}).`}{' '}
              {governanceOnly
                ? 'Those under governance retention go only if it is bypassed below; S3 refuses the rest.'
                : `S3 will refuse to delete ${kept.length === 1 ? 'it' : 'them'}.`}
            </p>
          )}
          {governanceOnly && (
            <Choice
              checked={bypass}
              onChange={setBypass}
              testId="purge-bypass"
              label="Bypass governance retention"
              detail="needs s3:BypassGovernanceRetention; legal holds and compliance still hold"
            />
          )}
          <p className="muted">This cannot be undone: these versions will be gone for good.</p>
        </div>
      }
      confirmLabel={ready ? `Delete ${countOf(total, 'version')} permanently` : 'Counting…'}
      confirmDisabled={!ready || total === 0}
      onCancel={onCancel}
      onConfirm={() => onConfirm(bypass || undefined)}
    />
  );
}
