import { describeObjectLock } from '../../electron/shared/object-lock';
import { ObjectLockDialog } from '../access/ObjectLockDialogs';
import { Fragment, useState } from 'react';
import { FolderSize, IncompleteUploads } from '../details/FolderSize';
import { Preview } from '../details/Preview';
import { VersionHistory } from '../versions/VersionHistory';
import { VersioningSection } from '../versions/VersioningSection';
import { AccessSection } from '../access/AccessSection';
import { explainDenial } from '../../electron/shared/denials';
import { EditObjectDialog, RestoreDialog } from '../ops/EditDialogs';
import { PurgeDialog } from '../versions/PurgeDialog';
import { parseRowId, shortVersionId } from '../versions/version-ids';
import { ConfirmDialog } from './Dialog';
import type { BridgeErrorShape, ObjectDetails, ProbeResult } from '../../electron/contract';
import { countOf, formatBytes, formatDate } from '../format';
import { copyToClipboard } from '../clipboard';
import { useStore } from '../store/store';
import { objectsShown } from '../browser/selection';

const SOURCE: Record<ProbeResult['regionSource'], string> = {
  header: 'x-amz-bucket-region header',
  'error-body': 'the error body',
  'xml-endpoint': 'the XML Endpoint',
  'directory-zone': 'the zone in its name',
  cache: 'an earlier answer',
  unknown: 'not known yet',
};

function BucketInfo({ probe }: { probe: ProbeResult }) {
  return (
    <div data-testid="bucket-info">
      <h3>{probe.bucket}</h3>
      <p className={`verdict verdict-${probe.access.verdict}`} data-testid="access-explanation">
        {probe.access.explanation}
      </p>
      <dl className="facts">
        <dt>Region</dt>
        <dd data-testid="bucket-region">
          {/* "unknown from not known yet" said it twice */}
          {probe.region === undefined || probe.regionSource === 'unknown' ? (
            (probe.region ?? 'not known')
          ) : (
            <>
              {probe.region} <span className="muted">from {SOURCE[probe.regionSource]}</span>
            </>
          )}
        </dd>
        <dt>Location type</dt>
        <dd data-testid="bucket-location-type">{probe.locationType}</dd>
        <dt>Location</dt>
        <dd>{probe.locationName ?? '—'}</dd>
        {probe.accessPointAlias !== undefined && (
          <>
            <dt>Access point alias</dt>
            <dd>{probe.accessPointAlias ? 'yes' : 'no'}</dd>
          </>
        )}
        {probe.bucketArn && (
          <>
            <dt>ARN</dt>
            <dd className="mono">{probe.bucketArn}</dd>
          </>
        )}
      </dl>
      {probe.permissions.length > 0 && (
        <>
          <h4>What this identity may do</h4>
          <ul className="permissions" data-testid="permissions">
            {probe.permissions.map((p) => (
              <li key={p.action}>
                <span className={`perm perm-${p.allowed === null ? 'unknown' : p.allowed ? 'yes' : 'no'}`}>
                  {p.allowed === null ? '?' : p.allowed ? '✓' : '✗'}
                </span>
                <span className="mono">{p.action}</span>
                {p.code && <span className="muted"> {p.allowed ? '(allowed; not configured)' : p.code}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function isError(value: unknown): value is BridgeErrorShape {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('metadata' in value);
}

function KeyValues({ entries }: { entries: Record<string, string> }) {
  return (
    <dl className="facts">
      {Object.entries(entries).map(([k, v]) => (
        <Fragment key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

const EXPIRY_CHOICES: Array<[string, number]> = [
  ['1 hour', 3600],
  ['1 day', 86_400],
  ['7 days', 7 * 86_400],
];

function ObjectActions({ details, versionId }: { details: ObjectDetails; versionId?: string }) {
  const bucket = useStore((s) => s.bucket)!;
  const download = useStore((s) => s.download);
  const shareLink = useStore((s) => s.shareLink);
  const objectUrl = useStore((s) => s.objectUrl);
  const [expiry, setExpiry] = useState(3600);
  const [link, setLink] = useState<string>();
  return (
    <div className="object-actions">
      <div className="button-row">
        <button type="button" onClick={() => void download(details.key, versionId)} data-testid="download-button">
          {versionId ? 'Download this version…' : 'Download…'}
        </button>
        <button
          type="button"
          onClick={() => void copyToClipboard(`s3://${bucket}/${details.key}`, 'the S3 URI')}
          data-testid="copy-uri-button"
        >
          Copy S3 URI
        </button>
        <button
          type="button"
          title="The object's URL: it opens the object only when it is public (a share link opens it for anyone)"
          onClick={async () => {
            const url = await objectUrl(details.key);
            if (url) await copyToClipboard(url, 'the URL');
          }}
          data-testid="copy-url-button"
        >
          Copy URL
        </button>
      </div>
      <h4>Share link</h4>
      <div className="button-row">
        <select value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} aria-label="Link lifetime">
          {EXPIRY_CHOICES.map(([label, seconds]) => (
            <option key={seconds} value={seconds}>
              valid {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={async () => setLink(await shareLink(details.key, expiry, versionId))}
          data-testid="share-button"
        >
          Create link
        </button>
      </div>
      {link && (
        <div className="share-link">
          <input
            readOnly
            value={link}
            className="mono"
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
            aria-label="Share link"
          />
          <button type="button" onClick={() => void copyToClipboard(link, 'the share link')}>
            Copy
          </button>
        </div>
      )}
    </div>
  );
}

/** What the open bucket lets this identity do, from its full probe. */
function useCanWrite(): boolean {
  return useStore((s) => {
    const probe = s.bucket ? s.probes[s.bucket] : undefined;
    return Boolean(probe && probe !== 'probing' && probe.mode === 'read-write');
  });
}

function ObjectInfo({ details }: { details: ObjectDetails }) {
  const selectedId = useStore((s) => (s.selection.selected.length === 1 ? s.selection.selected[0]! : ''));
  const versionRow = useStore((s) => {
    const { versionId } = parseRowId(selectedId);
    return versionId ? s.versionRows.find((v) => v.key === details.key && v.versionId === versionId) : undefined;
  });
  const revertVersion = useStore((s) => s.revertVersion);
  const canWrite = useCanWrite();
  const versionId = versionRow?.versionId;
  const [editing, setEditing] = useState<'edit' | 'restore' | 'lock' | undefined>();
  const bucket = useStore((s) => s.bucket)!;
  return (
    <div data-testid="object-info">
      <h3 className="wrap">{details.key}</h3>
      {versionRow && (
        <p data-testid="version-heading">
          Version{' '}
          <span className="mono" title={versionRow.versionId}>
            {shortVersionId(versionRow.versionId)}
          </span>
          {versionRow.isLatest ? <span className="badge latest">latest</span> : <span className="badge">older</span>}
          {canWrite && !versionRow.isLatest && (
            <button
              type="button"
              onClick={() => void revertVersion(details.key, versionRow.versionId)}
              data-testid="revert-button"
            >
              Revert to this version
            </button>
          )}
        </p>
      )}
      <ObjectActions details={details} versionId={versionId} />
      {canWrite && !versionRow && (
        <div className="button-row">
          <button type="button" onClick={() => setEditing('edit')} data-testid="edit-object-button">
            Edit headers, metadata, tags…
          </button>
          {details.storageClass && ['GLACIER', 'DEEP_ARCHIVE'].includes(details.storageClass) && (
            <button type="button" onClick={() => setEditing('restore')} data-testid="restore-object-button">
              Restore…
            </button>
          )}
        </div>
      )}
      {editing === 'edit' && (
        <EditObjectDialog
          details={details}
          versioned={Boolean(details.versionId)}
          onClose={() => setEditing(undefined)}
        />
      )}
      {canWrite && details.versionId && details.versionId !== 'null' && (
        <div className="button-row">
          <button type="button" onClick={() => setEditing('lock')} data-testid="object-lock-button">
            Object Lock…
          </button>
        </div>
      )}
      {editing === 'restore' && (
        <RestoreDialog keys={[details.key]} prefixes={[]} onClose={() => setEditing(undefined)} />
      )}
      {editing === 'lock' && (
        <ObjectLockDialog
          bucket={bucket}
          objectKey={details.key}
          versionId={versionId}
          lock={details.lock}
          onClose={() => setEditing(undefined)}
        />
      )}
      {details.storageClass &&
      ['GLACIER', 'DEEP_ARCHIVE'].includes(details.storageClass) &&
      !details.restore?.includes('false') ? (
        <p className="muted" data-testid="cold-note">
          In {details.storageClass === 'GLACIER' ? 'Glacier Flexible Retrieval' : 'Glacier Deep Archive'}: it cannot be
          read or previewed until it is restored{details.restore ? ' (a restore is under way)' : ''}.
        </p>
      ) : (
        <Preview objectKey={details.key} versionId={versionId} canEdit={canWrite && !versionRow} />
      )}
      <dl className="facts">
        <dt>Size</dt>
        <dd>{details.size !== undefined ? formatBytes(details.size) : '—'}</dd>
        <dt>Type</dt>
        <dd>{details.contentType ?? '—'}</dd>
        <dt>Modified</dt>
        <dd>{formatDate(details.lastModified)}</dd>
        <dt>ETag</dt>
        <dd className="mono">{details.etag ?? '—'}</dd>
        <dt>Storage class</dt>
        <dd>{details.storageClass}</dd>
        {details.restore && (
          <>
            <dt>Restore</dt>
            <dd data-testid="restore-state">{details.restore}</dd>
          </>
        )}
        {details.encryption && (
          <>
            <dt>Encryption</dt>
            <dd className="mono">{details.encryption}</dd>
          </>
        )}
        {details.checksum && (
          <>
            <dt>Checksum</dt>
            <dd className="mono" data-testid="object-checksum">
              {details.checksum}
            </dd>
          </>
        )}
        {details.lock && (
          <>
            <dt>Object Lock</dt>
            <dd data-testid="object-lock-state">{describeObjectLock(details.lock)}</dd>
          </>
        )}
        {details.versionId && (
          <>
            <dt>Version id</dt>
            <dd className="mono">{details.versionId}</dd>
          </>
        )}
      </dl>
      {Object.keys(details.metadata).length > 0 && (
        <>
          <h4>Metadata</h4>
          <KeyValues entries={details.metadata} />
        </>
      )}
      {Object.keys(details.tags).length > 0 && (
        <>
          <h4>Tags</h4>
          <KeyValues entries={details.tags} />
        </>
      )}
      {!versionRow && details.versionId && <VersionHistory objectKey={details.key} canWrite={canWrite} />}
    </div>
  );
}

/** A delete marker selected in the versions view: it has no bytes; removing the latest one undeletes. */
function MarkerInfo({ id }: { id: string }) {
  const { key, versionId } = parseRowId(id);
  const row = useStore((s) => s.versionRows.find((v) => v.key === key && v.versionId === versionId));
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  const undelete = useStore((s) => s.undelete);
  const purgeVersions = useStore((s) => s.purgeVersions);
  const canWrite = useCanWrite();
  const [purging, setPurging] = useState(false);
  if (!row) return null;
  return (
    <div data-testid="marker-info">
      <h3 className="wrap">{key}</h3>
      <p>
        <span className="badge marker">delete marker</span>{' '}
        <span className="mono">{shortVersionId(row.versionId)}</span> {formatDate(row.lastModified)}
      </p>
      <p className="muted">
        {row.isLatest
          ? 'The object was deleted here: it is hidden, and its older versions are kept. Undelete removes this marker and brings back the version below it.'
          : 'An older delete marker: the object was deleted, then written again.'}
      </p>
      {canWrite && (
        <div className="button-row">
          {row.isLatest && (
            <button type="button" onClick={() => void undelete([key], [])} data-testid="undelete-button">
              Undelete
            </button>
          )}
          <button type="button" className="danger" onClick={() => setPurging(true)} data-testid="marker-purge">
            Delete marker permanently…
          </button>
        </div>
      )}
      {purging && connectionId && bucket && (
        <PurgeDialog
          connectionId={connectionId}
          bucket={bucket}
          target={{ kind: 'versions', versions: [row] }}
          onCancel={() => setPurging(false)}
          onConfirm={() => {
            setPurging(false);
            void purgeVersions([{ key, versionId: row.versionId }]);
          }}
        />
      )}
    </div>
  );
}

/** Several rows, or a folder, selected: what the actions will act on. */
function SelectionSummary({ selected }: { selected: string[] }) {
  // Search results are under folders of their own: their sizes are the results', not the folder's.
  const objects = useStore(objectsShown);
  const folders = selected.filter((k) => k.endsWith('/'));
  const chosen = new Set(selected);
  const bytes = objects.filter((o) => chosen.has(o.key)).reduce((sum, o) => sum + o.size, 0);
  const objectCount = selected.length - folders.length;
  return (
    <div className="selection-summary" data-testid="selection-summary">
      <h3>
        {selected.length === 1 ? (
          <span className="mono wrap">{selected[0]}</span>
        ) : (
          `${countOf(selected.length, 'item')} selected`
        )}
      </h3>
      <p className="muted">
        {[
          folders.length ? countOf(folders.length, 'folder') : '',
          objectCount ? `${countOf(objectCount, 'object')} (${formatBytes(bytes)})` : '',
        ]
          .filter(Boolean)
          .join(', ')}
      </p>
      {folders.length > 0 && (
        <FolderSize
          prefixes={folders}
          label={folders.length === 1 ? 'this folder' : `these ${folders.length} folders`}
        />
      )}
    </div>
  );
}

export function DetailsPane() {
  const report = useStore((s) => (s.bucket ? s.access[s.bucket] : undefined));
  const anonymous = useStore((s) => s.connections.find((c) => c.id === s.connectionId)?.anonymous);
  const denialWhy = (error: BridgeErrorShape) =>
    explainDenial({
      code: error.code,
      status: error.status,
      message: error.message,
      operation: 'HeadObject',
      anonymous,
      bucketPublicAccess: report && report !== 'loading' && !('code' in report) ? report.publicAccess : undefined,
    });
  const selected = useStore((s) => s.selection.selected);
  const bucket = useStore((s) => s.bucket);
  const probe = useStore((s) => (s.bucket ? s.probes[s.bucket] : undefined));
  const details = useStore((s) => s.details);
  const refresh = useStore((s) => s.probe);
  const deleteBucket = useStore((s) => s.deleteBucket);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // What the open folder of this bucket shows: any row at all means S3 would refuse the delete.
  const holds = useStore((s) => (s.bucket === bucket ? s.folders.length + s.objects.length : 0));
  const here = useStore((s) => s.prefix);
  return (
    <aside className="details" aria-label="Details">
      {details === 'loading' && <p className="muted">Loading object details…</p>}
      {details &&
        details !== 'loading' &&
        (isError(details) ? (
          <div role="alert">
            <p className="error">{details.message}</p>
            {denialWhy(details) && (
              <p className="denial" data-testid="object-denial-why">
                <b>Why:</b> {denialWhy(details)}
              </p>
            )}
          </div>
        ) : (
          <ObjectInfo details={details} />
        ))}
      {!details && selected.length === 1 && parseRowId(selected[0]!).versionId && <MarkerInfo id={selected[0]!} />}
      {!details && selected.length > 0 && !(selected.length === 1 && parseRowId(selected[0]!).versionId) && (
        <SelectionSummary selected={selected} />
      )}
      {!details && probe === 'probing' && <p className="muted">Probing {bucket}…</p>}
      {!details && probe && probe !== 'probing' && (
        <>
          <BucketInfo probe={probe} />
          {probe.access.verdict === 'ok' && probe.locationType === 'Region' && probe.mode !== 'none' && (
            <>
              {probe.mode === 'read-write' ? (
                <AccessSection bucket={probe.bucket} canWrite />
              ) : (
                // The permission checks showed this identity may not read the bucket's settings:
                // asking nine questions to be refused nine times would say nothing more.
                <p className="muted" data-testid="public-access" data-state="unknown">
                  Public access: unknown. This identity may not read the bucket's settings (its policy, ACL or Block
                  Public Access), as only its owner's account usually may.
                </p>
              )}
              <VersioningSection bucket={probe.bucket} canWrite={probe.mode === 'read-write'} />
            </>
          )}
          {probe.access.verdict === 'ok' && (
            <>
              <FolderSize prefixes={['']} label="the whole bucket" />
              <IncompleteUploads canAbort={probe.mode === 'read-write'} />
            </>
          )}
          <div className="button-row">
            <button type="button" onClick={() => bucket && void refresh(bucket, { refresh: true })}>
              Probe again
            </button>
            {probe.access.verdict === 'ok' && probe.mode === 'read-write' && (
              <button
                type="button"
                className="danger"
                onClick={() => setConfirmDelete(true)}
                data-testid="delete-bucket-button"
              >
                Delete bucket…
              </button>
            )}
          </div>
        </>
      )}
      {confirmDelete && bucket && (
        <ConfirmDialog
          title={holds > 0 ? 'This bucket is not empty' : 'Delete this bucket?'}
          message={
            holds > 0 ? (
              <p data-testid="bucket-not-empty">
                <b className="mono">{bucket}</b> is not empty ({here ? `${here} alone holds` : 'it holds'}{' '}
                {holds.toLocaleString()} item{holds === 1 ? '' : 's'}): S3 deletes only empty buckets. Delete what is in
                it, and its older versions, first.
              </p>
            ) : (
              <p>
                Delete the bucket <b className="mono">{bucket}</b>? S3 deletes only empty buckets, and its name may be
                taken by anyone afterwards.
              </p>
            )
          }
          confirmDisabled={holds > 0}
          confirmLabel="Delete bucket"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void deleteBucket(bucket);
          }}
        />
      )}
      {!bucket && <p className="muted">Select a bucket to see where it lives and what you may do with it.</p>}
    </aside>
  );
}
