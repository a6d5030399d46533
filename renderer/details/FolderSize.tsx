import { useEffect, useRef, useState } from 'react';
import type { IncompleteUpload } from '../../electron/contract';
import { bridge, describeError } from '../api';
import { Checkbox } from '../components/Checkbox';
import { ConfirmDialog } from '../components/Dialog';
import { countUnder } from '../browser/count-under';
import { NOTHING_MEASURED, type MeasureTotal } from '../../electron/shared/folder-measure';
import { formatBytes } from '../format';
import { useStore } from '../store/store';
import { LifecycleEditor } from '../access/LifecycleEditor';

interface Size extends MeasureTotal {
  state: 'counting' | 'done' | 'stopped' | 'error';
  error?: string;
}

/** Objects and bytes below folders (or the whole bucket), by storage class: counted page by page, stoppable. */
export function FolderSize({ prefixes, label }: { prefixes: string[]; label: string }) {
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  const [size, setSize] = useState<Size>();
  const [withVersions, setWithVersions] = useState(false);
  /** Why the last count with versions could not run (said beside the buttons, to count without them). */
  const [versionsRefused, setVersionsRefused] = useState(false);
  const run = useRef(0);
  const key = `${bucket}\n${prefixes.join('\n')}`;
  const [shownFor, setShownFor] = useState(key);
  if (shownFor !== key) {
    // Another selection: what was counted belongs to the old one.
    setShownFor(key);
    setSize(undefined);
    setVersionsRefused(false);
  }
  useEffect(
    () => () => {
      run.current++;
    },
    [],
  );

  const count = async () => {
    if (!connectionId || !bucket) return;
    const mine = ++run.current;
    setSize({ ...NOTHING_MEASURED, state: 'counting' });
    try {
      const total = await countUnder(
        { connectionId, bucket, prefixes, versions: withVersions },
        (soFar) => setSize({ ...soFar, state: 'counting' }),
        () => mine !== run.current,
      );
      if (total) setSize({ ...total, state: 'done' });
    } catch (error) {
      if (mine !== run.current) return;
      const said = describeError(error);
      // Listing versions is its own permission (s3:ListBucketVersions): refused, the count without
      // them is offered again instead of a raw "not authorized" under "0 objects so far".
      if (withVersions && said.status === 403) {
        setVersionsRefused(true);
        setWithVersions(false);
        setSize(undefined);
        return;
      }
      setSize({ ...(error as { counted: MeasureTotal }).counted, state: 'error', error: said.message });
    }
  };

  return (
    <div className="folder-size" data-testid="folder-size">
      {!size && (
        <div className="folder-size-start">
          <button type="button" onClick={() => void count()} data-testid="count-size-button">
            Count the size of {label}
          </button>
          <Checkbox
            checked={withVersions}
            onChange={setWithVersions}
            testId="count-versions-checkbox"
            title="Older versions are stored, and billed, like objects: listing them costs more requests"
          >
            with older versions
          </Checkbox>
          {versionsRefused && (
            <p className="muted" data-testid="versions-refused">
              This identity may not list older versions here (s3:ListBucketVersions was refused): count the objects
              without them.
            </p>
          )}
        </div>
      )}
      {size && (
        <>
          <p data-testid="folder-size-total">
            {size.state === 'counting' ? 'Counting… ' : ''}
            <b>
              {size.objects.toLocaleString()} object{size.objects === 1 ? '' : 's'}, {formatBytes(size.bytes)}
            </b>
            {size.state === 'stopped' ? ' so far (stopped)' : ''}
            {size.state === 'error' ? ` so far: ${size.error}` : ''}{' '}
            {size.state === 'counting' && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  run.current++;
                  setSize({ ...size, state: 'stopped' });
                }}
              >
                Stop
              </button>
            )}
          </p>
          {(Object.keys(size.byClass).length > 0 || size.noncurrent) && (
            <dl className="facts" data-testid="folder-size-classes">
              {Object.entries(size.byClass).map(([name, c]) => (
                <div key={name} className="fact-pair">
                  <dt>{name}</dt>
                  <dd>
                    {c.objects.toLocaleString()} · {formatBytes(c.bytes)}
                  </dd>
                </div>
              ))}
              {size.noncurrent && (
                <div className="fact-pair" data-testid="folder-size-noncurrent">
                  <dt>Older versions</dt>
                  <dd>
                    {size.noncurrent.versions.toLocaleString()} · {formatBytes(size.noncurrent.bytes)}
                  </dd>
                </div>
              )}
              {size.deleteMarkers !== undefined && (
                <div className="fact-pair" data-testid="folder-size-markers">
                  <dt>Delete markers</dt>
                  <dd>{size.deleteMarkers.toLocaleString()}</dd>
                </div>
              )}
            </dl>
          )}
        </>
      )}
    </div>
  );
}

function age(iso: string | undefined): string {
  if (!iso) return '';
  const hours = (Date.now() - new Date(iso).getTime()) / 3_600_000;
  if (hours < 1) return 'started less than an hour ago';
  if (hours < 48) return `started ${Math.round(hours)} h ago`;
  return `started ${Math.round(hours / 24)} days ago`;
}

/** A bucket's incomplete multipart uploads: looked for on demand (it costs requests), abortable. */
export function IncompleteUploads({ canAbort }: { canAbort: boolean }) {
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  const notifyError = useStore((s) => s.notifyError);
  const [uploads, setUploads] = useState<IncompleteUpload[] | 'looking'>();
  const [aborting, setAborting] = useState<IncompleteUpload>();
  const [addingRule, setAddingRule] = useState(false);
  const report = useStore((s) => (bucket ? s.access[bucket] : undefined));
  const rules = report && report !== 'loading' && 'lifecycle' in report ? report.lifecycle : undefined;
  // A rule for the whole bucket that aborts them (an enabled one, with no tag or size filter shown).
  const cleanup = rules?.find((r) => r.enabled && r.prefix === '' && r.abortIncompleteDays !== undefined);
  const [shownFor, setShownFor] = useState(bucket);
  if (shownFor !== bucket) {
    setShownFor(bucket);
    setUploads(undefined);
  }
  const look = async () => {
    if (!connectionId || !bucket) return;
    setUploads('looking');
    try {
      setUploads(await bridge()['uploads/list']({ connectionId, bucket }));
    } catch (error) {
      setUploads(undefined);
      notifyError(error);
    }
  };
  const total = Array.isArray(uploads) ? uploads.reduce((s, u) => s + u.bytes, 0) : 0;
  return (
    <div className="incomplete-uploads" data-testid="incomplete-uploads">
      <h4>Incomplete multipart uploads</h4>
      {uploads === undefined && (
        <button type="button" onClick={() => void look()} data-testid="look-uploads-button">
          Look for them
        </button>
      )}
      {uploads === 'looking' && <p className="muted">Looking…</p>}
      {rules !== undefined && (
        <p className="muted" data-testid="uploads-cleanup">
          {cleanup ? (
            `The lifecycle rule ${cleanup.id} aborts them ${cleanup.abortIncompleteDays} day${cleanup.abortIncompleteDays === 1 ? '' : 's'} after they start.`
          ) : (
            <>
              No lifecycle rule aborts them for the whole bucket: they stay until someone does.{' '}
              {canAbort && report !== 'loading' && report && !('code' in report) && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setAddingRule(true)}
                  data-testid="uploads-add-rule"
                >
                  Abort them automatically…
                </button>
              )}
            </>
          )}
        </p>
      )}
      {addingRule && report && report !== 'loading' && !('code' in report) && (
        <LifecycleEditor bucket={bucket!} report={report} prefix="" onClose={() => setAddingRule(false)} />
      )}
      {Array.isArray(uploads) && uploads.length === 0 && (
        <p className="muted" data-testid="no-incomplete-uploads">
          None: nothing is stored for uploads that never finished.
        </p>
      )}
      {Array.isArray(uploads) && uploads.length > 0 && (
        <>
          <p className="muted">
            Their parts are stored, and billed, until they are completed or aborted: {uploads.length} upload
            {uploads.length === 1 ? '' : 's'}, {formatBytes(total)}.
          </p>
          <ul className="upload-list">
            {uploads.map((u) => (
              <li key={u.uploadId} data-testid="incomplete-upload">
                <span className="mono wrap">{u.key}</span>
                <span className="muted">
                  {u.parts} part{u.parts === 1 ? '' : 's'}, {formatBytes(u.bytes)}, {age(u.initiated)}
                </span>
                {canAbort && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => setAborting(u)}
                    data-testid="abort-upload-button"
                  >
                    Abort…
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {aborting && (
        <ConfirmDialog
          title="Abort this upload?"
          message={
            <p>
              Abort the upload of <b className="mono">{aborting.key}</b>? Its {aborting.parts} part
              {aborting.parts === 1 ? '' : 's'} ({formatBytes(aborting.bytes)}) are deleted for good; an object already
              at that key stays as it is.
            </p>
          }
          confirmLabel="Abort upload"
          onCancel={() => setAborting(undefined)}
          onConfirm={async () => {
            const target = aborting;
            setAborting(undefined);
            try {
              await bridge()['uploads/abort']({
                connectionId: connectionId!,
                bucket: bucket!,
                key: target.key,
                uploadId: target.uploadId,
              });
              setUploads((list) => (Array.isArray(list) ? list.filter((u) => u.uploadId !== target.uploadId) : list));
            } catch (error) {
              notifyError(error);
            }
          }}
        />
      )}
    </div>
  );
}
