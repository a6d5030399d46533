import { Fragment } from 'react';
import type { BridgeErrorShape, ObjectDetails, ProbeResult } from '../../electron/contract';
import { formatBytes, formatDate } from '../format';
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
      <p className={`verdict verdict-${probe.access.verdict}`} data-testid="access-explanation">{probe.access.explanation}</p>
      <dl className="facts">
        <dt>Region</dt><dd data-testid="bucket-region">{probe.region ?? 'unknown'} <span className="muted">from {SOURCE[probe.regionSource]}</span></dd>
        <dt>Location type</dt><dd data-testid="bucket-location-type">{probe.locationType}</dd>
        <dt>Location</dt><dd>{probe.locationName ?? '—'}</dd>
        {probe.accessPointAlias !== undefined && (<><dt>Access point alias</dt><dd>{probe.accessPointAlias ? 'yes' : 'no'}</dd></>)}
        {probe.bucketArn && (<><dt>ARN</dt><dd className="mono">{probe.bucketArn}</dd></>)}
      </dl>
      {probe.permissions.length > 0 && (
        <>
          <h4>What this identity may do</h4>
          <ul className="permissions" data-testid="permissions">
            {probe.permissions.map((p) => (
              <li key={p.action}>
                <span className={`perm perm-${p.allowed === null ? 'unknown' : p.allowed ? 'yes' : 'no'}`}>{p.allowed === null ? '?' : p.allowed ? '✓' : '✗'}</span>
                <span className="mono">{p.action}</span>
                {p.code && <span className="muted"> {p.code}</span>}
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
        <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>
      ))}
    </dl>
  );
}

function ObjectInfo({ details }: { details: ObjectDetails }) {
  return (
    <div data-testid="object-info">
      <h3 className="wrap">{details.key}</h3>
      <dl className="facts">
        <dt>Size</dt><dd>{details.size !== undefined ? formatBytes(details.size) : '—'}</dd>
        <dt>Type</dt><dd>{details.contentType ?? '—'}</dd>
        <dt>Modified</dt><dd>{formatDate(details.lastModified)}</dd>
        <dt>ETag</dt><dd className="mono">{details.etag ?? '—'}</dd>
        <dt>Storage class</dt><dd>{details.storageClass}</dd>
      </dl>
      {Object.keys(details.metadata).length > 0 && (
        <><h4>Metadata</h4><KeyValues entries={details.metadata} /></>
      )}
      {Object.keys(details.tags).length > 0 && (
        <><h4>Tags</h4><KeyValues entries={details.tags} /></>
      )}
    </div>
  );
}

export function DetailsPane() {
  const bucket = useStore((s) => s.bucket);
  const probe = useStore((s) => (s.bucket ? s.probes[s.bucket] : undefined));
  const details = useStore((s) => s.details);
  const refresh = useStore((s) => s.probe);
  return (
    <aside className="details" aria-label="Details">
      {details === 'loading' && <p className="muted">Loading object details…</p>}
      {details && details !== 'loading' && (isError(details) ? <p className="error" role="alert">{details.message}</p> : <ObjectInfo details={details} />)}
      {!details && probe === 'probing' && <p className="muted">Probing {bucket}…</p>}
      {!details && probe && probe !== 'probing' && (
        <>
          <BucketInfo probe={probe} />
          <button type="button" onClick={() => bucket && void refresh(bucket, true)}>Probe again</button>
        </>
      )}
      {!bucket && <p className="muted">Select a bucket to see where it lives and what you may do with it.</p>}
    </aside>
  );
}
