import { useEffect, useState } from 'react';
import { describeError } from '../api';
import type { MeasureTotal } from '../../electron/shared/folder-measure';
import { countUnder } from './count-under';
import { ConfirmDialog } from '../components/Dialog';
import { countOf, formatBytes } from '../format';

interface Count {
  objects: number;
  bytes: number;
  done: boolean;
  error?: string;
}

/**
 * The delete confirmation names what goes and how much: selected objects by name or number, and
 * for folders every object inside, counted page by page before the user is asked (the count shows
 * as it grows; Cancel stops it). Cancel has the focus, so Enter never deletes by accident.
 */
export function DeleteDialog({
  connectionId,
  bucket,
  selected,
  versioned = false,
  onCancel,
  onConfirm,
}: {
  connectionId: string;
  bucket: string;
  selected: string[];
  /** The bucket keeps versions: a delete adds delete markers and can be undone. */
  versioned?: boolean;
  onCancel: () => void;
  /** With what is inside the folders, as counted (the jobs' totals). */
  onConfirm: (folderObjects: number) => void;
}) {
  const folders = selected.filter((k) => k.endsWith('/'));
  const objects = selected.filter((k) => !k.endsWith('/'));
  const [count, setCount] = useState<Count>({ objects: 0, bytes: 0, done: folders.length === 0 });

  useEffect(() => {
    if (folders.length === 0) return;
    let cancelled = false;
    countUnder(
      { connectionId, bucket, prefixes: folders },
      (total) => setCount({ ...total, done: false }),
      () => cancelled,
    ).then(
      (total) => total && setCount({ ...total, done: true }),
      (error: { counted: MeasureTotal }) => {
        if (!cancelled) setCount({ ...error.counted, done: true, error: describeError(error).message });
      },
    );
    return () => {
      cancelled = true;
    };
    // The selection is fixed while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const what =
    selected.length === 1 ? (
      <b className="mono">{selected[0]}</b>
    ) : (
      <>
        <b>{countOf(selected.length, 'item')}</b>
        {folders.length > 0 && objects.length > 0
          ? ` (${countOf(folders.length, 'folder')}, ${countOf(objects.length, 'object')})`
          : ''}
      </>
    );
  const inside =
    folders.length === 0 ? null : count.done ? (
      <p data-testid="delete-count">
        {folders.length === 1 ? 'The folder holds' : 'The folders hold'}{' '}
        <b>
          {count.objects.toLocaleString()} object{count.objects === 1 ? '' : 's'} ({formatBytes(count.bytes)})
        </b>
        , all deleted with {folders.length === 1 ? 'it' : 'them'}.
        {count.error && <span className="error"> Counting stopped: {count.error}</span>}
      </p>
    ) : (
      <p className="muted" data-testid="delete-count">
        Counting what is inside… {count.objects.toLocaleString()} objects ({formatBytes(count.bytes)}) so far
      </p>
    );
  const total = objects.length + count.objects;
  return (
    <ConfirmDialog
      title={versioned ? 'Delete (versions are kept)?' : 'Delete for good?'}
      message={
        <>
          <p>
            Delete {what} from <b>{bucket}</b>?
          </p>
          {inside}
          {versioned ? (
            <p className="muted" data-testid="delete-versioned-note">
              This bucket keeps versions: each object gets a delete marker and its versions stay. Show versions to
              undelete them later.
            </p>
          ) : (
            <p className="muted">S3 has no recycle bin: unless the bucket keeps versions, this cannot be undone.</p>
          )}
        </>
      }
      confirmLabel={count.done ? `Delete ${countOf(total, 'object')}` : 'Counting…'}
      confirmDisabled={!count.done}
      onCancel={onCancel}
      onConfirm={() => onConfirm(count.objects)}
    />
  );
}
