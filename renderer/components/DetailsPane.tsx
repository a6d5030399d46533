import { Fragment, useState } from 'react';
import { FolderSize, IncompleteUploads } from '../details/FolderSize';
import { Preview } from '../details/Preview';
import { ConfirmDialog } from './Dialog';
import type { BridgeErrorShape, ObjectDetails, ProbeResult } from '../../electron/contract';
import { formatBytes, formatDate } from '../format';
import { copyToClipboard } from '../clipboard';
import { useStore } from '../store/store';

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
          {probe.region ?? 'unknown'} <span className="muted">from {SOURCE[probe.regionSource]}</span>
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

function ObjectActions({ details }: { details: ObjectDetails }) {
  const bucket = useStore((s) => s.bucket)!;
  const download = useStore((s) => s.download);
  const shareLink = useStore((s) => s.shareLink);
  const [expiry, setExpiry] = useState(3600);
  const [link, setLink] = useState<string>();
  return (
    <div className="object-actions">
      <div className="button-row">
        <button type="button" onClick={() => void download(details.key)} data-testid="download-button">
          Download…
        </button>
        <button
          type="button"
          onClick={() => void copyToClipboard(`s3://${bucket}/${details.key}`, 'the S3 URI')}
          data-testid="copy-uri-button"
        >
          Copy S3 URI
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
          onClick={async () => setLink(await shareLink(details.key, expiry))}
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

function ObjectInfo({ details }: { details: ObjectDetails }) {
  return (
    <div data-testid="object-info">
      <h3 className="wrap">{details.key}</h3>
      <ObjectActions details={details} />
      <Preview objectKey={details.key} />
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
    </div>
  );
}

/** Several rows, or a folder, selected: what the actions will act on. */
function SelectionSummary({ selected }: { selected: string[] }) {
  const objects = useStore((s) => s.objects);
  const folders = selected.filter((k) => k.endsWith('/'));
  const chosen = new Set(selected);
  const bytes = objects.filter((o) => chosen.has(o.key)).reduce((sum, o) => sum + o.size, 0);
  const objectCount = selected.length - folders.length;
  return (
    <div className="selection-summary" data-testid="selection-summary">
      <h3>
        {selected.length === 1 ? <span className="mono wrap">{selected[0]}</span> : `${selected.length} items selected`}
      </h3>
      <p className="muted">
        {[
          folders.length ? `${folders.length} folder${folders.length === 1 ? '' : 's'}` : '',
          objectCount ? `${objectCount} object${objectCount === 1 ? '' : 's'} (${formatBytes(bytes)})` : '',
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
  const selected = useStore((s) => s.selection.selected);
  const bucket = useStore((s) => s.bucket);
  const probe = useStore((s) => (s.bucket ? s.probes[s.bucket] : undefined));
  const details = useStore((s) => s.details);
  const refresh = useStore((s) => s.probe);
  const deleteBucket = useStore((s) => s.deleteBucket);
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <aside className="details" aria-label="Details">
      {details === 'loading' && <p className="muted">Loading object details…</p>}
      {details &&
        details !== 'loading' &&
        (isError(details) ? (
          <p className="error" role="alert">
            {details.message}
          </p>
        ) : (
          <ObjectInfo details={details} />
        ))}
      {!details && selected.length > 0 && <SelectionSummary selected={selected} />}
      {!details && probe === 'probing' && <p className="muted">Probing {bucket}…</p>}
      {!details && probe && probe !== 'probing' && (
        <>
          <BucketInfo probe={probe} />
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
          title="Delete this bucket?"
          message={
            <p>
              Delete the bucket <b className="mono">{bucket}</b>? S3 deletes only empty buckets, and its name may be
              taken by anyone afterwards.
            </p>
          }
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
