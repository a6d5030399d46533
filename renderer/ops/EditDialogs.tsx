import { useEffect, useRef, useState } from 'react';
import type { ObjectDetails } from '../../electron/contract';
import { bridge, errorText } from '../api';
import { Dialog } from '../components/Dialog';
import { countOf } from '../format';
import { useStore } from '../store/store';
import { STORAGE_CLASSES } from '../../electron/shared/storage-classes';
import {
  filledPairs,
  headerProblem,
  metadataProblem,
  tagsProblem,
  type Pairs,
} from '../../electron/shared/object-edit-rules';

function TextField({
  label,
  value,
  onChange,
  testId,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        placeholder={placeholder}
        data-testid={testId}
      />
    </label>
  );
}

export function PairsEditor({
  pairs,
  onChange,
  label,
  testId,
}: {
  pairs: Pairs;
  onChange: (p: Pairs) => void;
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLFieldSetElement>(null);
  // Add puts the keyboard in the new row's name (it stayed on Add: typing went nowhere, and a space
  // added another row).
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    ref.current?.querySelector<HTMLInputElement>('.pair-row:last-of-type input')?.focus();
  }, [pairs.length]);
  return (
    <fieldset className="field pairs" data-testid={testId} ref={ref}>
      <legend>{label}</legend>
      {pairs.map(([k, v], i) => (
        <div key={i} className="pair-row">
          <input
            value={k}
            aria-label={`${label} name`}
            onChange={(e) => onChange(pairs.map((p, j) => (j === i ? [e.target.value, p[1]] : p)))}
          />
          <input
            value={v}
            aria-label={`${label} value`}
            onChange={(e) => onChange(pairs.map((p, j) => (j === i ? [p[0], e.target.value] : p)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label="Remove"
            onClick={() => onChange(pairs.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          added.current = true;
          onChange([...pairs, ['', '']]);
        }}
        data-testid={`${testId}-add`}
      >
        Add
      </button>
    </fieldset>
  );
}

/**
 * Content-Type, the standard headers, user metadata and storage class: saved as a copy in place
 * that keeps everything not changed here (tags and encryption too). Tags are saved without a copy.
 */
export function EditObjectDialog({
  details,
  versioned,
  onClose,
}: {
  details: ObjectDetails;
  versioned: boolean;
  onClose: () => void;
}) {
  const connectionId = useStore((s) => s.connectionId)!;
  const bucket = useStore((s) => s.bucket)!;
  const notify = useStore((s) => s.notify);
  const reloadDetails = useStore((s) => s.reloadDetails);
  const refresh = useStore((s) => s.refresh);
  const [contentType, setContentType] = useState(details.contentType ?? '');
  const [cacheControl, setCacheControl] = useState(details.cacheControl ?? '');
  const [contentDisposition, setContentDisposition] = useState(details.contentDisposition ?? '');
  const [contentEncoding, setContentEncoding] = useState(details.contentEncoding ?? '');
  const [storageClass, setStorageClass] = useState(details.storageClass ?? 'STANDARD');
  const [metadata, setMetadata] = useState<Pairs>(Object.entries(details.metadata));
  const [tags, setTags] = useState<Pairs>(Object.entries(details.tags));
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  // Checked here, in words, before anything is sent (electron/shared/object-edit-rules.ts).
  const headersProblem =
    headerProblem('Content-Type', contentType) ??
    headerProblem('Cache-Control', cacheControl) ??
    headerProblem('Content-Disposition', contentDisposition) ??
    headerProblem('Content-Encoding', contentEncoding);
  const metaProblem = metadataProblem(metadata);
  const tagProblem = tagsProblem(tags);
  const blocked = Boolean(headersProblem || metaProblem || tagProblem);
  const headersChanged =
    contentType !== (details.contentType ?? '') ||
    cacheControl !== (details.cacheControl ?? '') ||
    contentDisposition !== (details.contentDisposition ?? '') ||
    contentEncoding !== (details.contentEncoding ?? '') ||
    storageClass !== (details.storageClass ?? 'STANDARD') ||
    JSON.stringify(Object.fromEntries(filledPairs(metadata))) !== JSON.stringify(details.metadata);
  const tagsChanged = JSON.stringify(Object.fromEntries(filledPairs(tags))) !== JSON.stringify(details.tags);
  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    try {
      if (headersChanged)
        await bridge()['object/edit']({
          connectionId,
          bucket,
          key: details.key,
          edit: {
            contentType,
            cacheControl,
            contentDisposition,
            contentEncoding,
            storageClass,
            metadata: Object.fromEntries(filledPairs(metadata)),
          },
        });
      if (tagsChanged)
        await bridge()['object/tags']({
          connectionId,
          bucket,
          key: details.key,
          tags: Object.fromEntries(filledPairs(tags)),
        });
      notify('info', headersChanged || tagsChanged ? `Saved ${details.key}.` : 'Nothing was changed.');
      onClose();
      reloadDetails(); // shows the details as they are now
      if (headersChanged) refresh(); // its row's date and storage class, as S3 has them now
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog
      title={`Edit ${details.key}`}
      onCancel={onClose}
      testId="edit-dialog"
      wide
      unsaved={(headersChanged || tagsChanged) && !saving}
    >
      <TextField
        label="Content-Type"
        value={contentType}
        onChange={setContentType}
        testId="edit-content-type"
        placeholder="text/plain"
      />
      <TextField
        label="Cache-Control"
        value={cacheControl}
        onChange={setCacheControl}
        testId="edit-cache-control"
        placeholder="max-age=3600"
      />
      <TextField
        label="Content-Disposition"
        value={contentDisposition}
        onChange={setContentDisposition}
        testId="edit-content-disposition"
        placeholder='attachment; filename="…"'
      />
      <TextField
        label="Content-Encoding"
        value={contentEncoding}
        onChange={setContentEncoding}
        testId="edit-content-encoding"
        placeholder="gzip"
      />
      {headersProblem && (
        <p className="field-error" data-testid="edit-headers-problem">
          {headersProblem}
        </p>
      )}
      <label className="field">
        <span>Storage class</span>
        <select value={storageClass} onChange={(e) => setStorageClass(e.target.value)} data-testid="edit-storage-class">
          {STORAGE_CLASSES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <PairsEditor
        pairs={metadata}
        onChange={setMetadata}
        label="User metadata (x-amz-meta-*)"
        testId="edit-metadata"
      />
      {metaProblem && (
        <p className="field-error" data-testid="edit-metadata-problem">
          {metaProblem}
        </p>
      )}
      <PairsEditor pairs={tags} onChange={setTags} label="Tags" testId="edit-tags" />
      {tagProblem && (
        <p className="field-error" data-testid="edit-tags-problem">
          {tagProblem}
        </p>
      )}
      <p className="muted">
        Headers, metadata and storage class are saved by copying the object onto itself; everything not changed here is
        kept.{versioned ? ' This bucket keeps versions: the save makes a new version.' : ''} Tags are saved without a
        copy.
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={saving || blocked} onClick={() => void save()} data-testid="edit-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </Dialog>
  );
}

/** Restore from Glacier: days and tier, for one object or every archived object of folders. */
export function RestoreDialog({
  keys,
  prefixes,
  onClose,
}: {
  keys: string[];
  prefixes: string[];
  onClose: () => void;
}) {
  const connectionId = useStore((s) => s.connectionId)!;
  const bucket = useStore((s) => s.bucket)!;
  const notify = useStore((s) => s.notify);
  const notifyError = useStore((s) => s.notifyError);
  const refresh = useStore((s) => s.refresh);
  const setBottomTab = useStore((s) => s.setBottomTab);
  const [days, setDays] = useState('7');
  const [tier, setTier] = useState<'Expedited' | 'Standard' | 'Bulk'>('Standard');
  const [busy, setBusy] = useState(false);
  const n = Number(days);
  const daysProblem = !Number.isInteger(n) || n < 1 ? 'A whole number of days, 1 or more.' : undefined;
  return (
    <Dialog title="Restore from Glacier" onCancel={onClose} testId="restore-dialog">
      <p>
        {keys.length === 1 && prefixes.length === 0 ? (
          <b className="mono">{keys[0]}</b>
        ) : (
          `${countOf(keys.length, 'object')} and every archived object in ${countOf(prefixes.length, 'folder')}`
        )}{' '}
        will be readable for the days you choose, once the restore has finished.
      </p>
      <label className="field">
        <span>Days the restored copy stays readable</span>
        <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" data-testid="restore-days" />
        {daysProblem && <span className="field-error">{daysProblem}</span>}
      </label>
      <label className="field">
        <span>Speed (and price)</span>
        <select value={tier} onChange={(e) => setTier(e.target.value as typeof tier)} data-testid="restore-tier">
          <option value="Expedited">Expedited: minutes (not for Deep Archive)</option>
          <option value="Standard">Standard: hours</option>
          <option value="Bulk">Bulk: the cheapest, the slowest</option>
        </select>
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          disabled={Boolean(daysProblem) || busy}
          data-testid="restore-start"
          onClick={async () => {
            setBusy(true);
            try {
              // Folders go as jobs (progress in the transfers panel); single objects are asked at once.
              if (prefixes.length) {
                await bridge()['folders/restore']({ connectionId, bucket, prefixes, days: n, tier });
                setBottomTab('transfers');
              }
              if (keys.length) {
                const answer = await bridge()['objects/restore']({
                  connectionId,
                  bucket,
                  keys,
                  prefixes: [],
                  days: n,
                  tier,
                });
                notify(
                  answer.errors.length ? 'error' : 'info',
                  `Restore: ${answer.started} started, ${answer.inProgress} already under way, ${answer.alreadyRestored} already restored${answer.errors.length ? `, ${answer.errors.length} failed (${answer.errors[0]!.message})` : ''}.`,
                );
              }
              onClose();
              refresh();
            } catch (error) {
              notifyError(error);
              setBusy(false);
            }
          }}
        >
          {busy ? 'Asking…' : 'Restore'}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The same change to every object in folders, as jobs: only the fields filled in change; every
 * object keeps the rest (its own Content-Type, metadata, tags and encryption).
 */
export function FolderEditDialog({
  prefixes,
  versioned,
  onClose,
}: {
  prefixes: string[];
  versioned: boolean;
  onClose: () => void;
}) {
  const connectionId = useStore((s) => s.connectionId)!;
  const bucket = useStore((s) => s.bucket)!;
  const notifyError = useStore((s) => s.notifyError);
  const setBottomTab = useStore((s) => s.setBottomTab);
  const [contentType, setContentType] = useState('');
  const [cacheControl, setCacheControl] = useState('');
  const [storageClass, setStorageClass] = useState('');
  const nothing = !contentType.trim() && !cacheControl.trim() && !storageClass;
  return (
    <Dialog
      title={`Edit everything in ${prefixes.length === 1 ? prefixes[0] : `${prefixes.length} folders`}`}
      onCancel={onClose}
      testId="folder-edit-dialog"
    >
      <p className="muted">Leave a field empty to keep each object's own value.</p>
      <TextField label="Content-Type" value={contentType} onChange={setContentType} testId="folder-edit-content-type" />
      <TextField
        label="Cache-Control"
        value={cacheControl}
        onChange={setCacheControl}
        testId="folder-edit-cache-control"
      />
      <label className="field">
        <span>Storage class</span>
        <select
          value={storageClass}
          onChange={(e) => setStorageClass(e.target.value)}
          data-testid="folder-edit-storage-class"
        >
          <option value="">keep each object's</option>
          {STORAGE_CLASSES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <p className="muted">
        Each object is copied onto itself with the change; everything else it has is kept.
        {versioned ? ' This bucket keeps versions: each edit makes a new version.' : ''}
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          disabled={nothing}
          data-testid="folder-edit-start"
          onClick={async () => {
            try {
              await bridge()['folders/edit']({
                connectionId,
                bucket,
                prefixes,
                edit: {
                  ...(contentType.trim() ? { contentType: contentType.trim() } : {}),
                  ...(cacheControl.trim() ? { cacheControl: cacheControl.trim() } : {}),
                  ...(storageClass ? { storageClass } : {}),
                },
              });
              setBottomTab('transfers');
              onClose();
            } catch (error) {
              notifyError(error);
            }
          }}
        >
          Edit every object
        </button>
      </div>
    </Dialog>
  );
}
