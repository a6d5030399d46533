import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import { copyToClipboard } from '../clipboard';
import { ContextMenu, type MenuItem } from '../components/ContextMenu';
import { ConfirmDialog } from '../components/Dialog';
import type { TransferProgress, TransferState } from '../../electron/contract';
import { countOf, formatBytes } from '../format';
import { useStore } from '../store/store';
import type { TransferBatch } from '../../electron/shared/transfer-batches';
import type { ConflictChoice } from '../store/types';
import { STORAGE_CLASSES } from '../../electron/shared/storage-classes';

/**
 * A download saved under another name than its key's (kept beside a file of that name, "x (1).txt";
 * made safe for the disk; chosen in Save As): that name.
 */
function savedAs(t: TransferProgress): string | undefined {
  if (t.direction !== 'download' || !t.localPath || t.key.endsWith('/')) return undefined;
  const local = t.localPath.split(/[\\/]/).pop();
  return local && local !== t.key.split('/').pop() ? local : undefined;
}

const ICONS: Record<TransferProgress['direction'], string> = {
  upload: '↑',
  download: '↓',
  copy: '↗',
  move: '→',
  delete: '×',
  edit: '✎',
  restore: '↺',
  undelete: '↺',
  purge: '×',
};

/** States in words (no jargon), as a person would say them. */
function stateWords(row: TransferProgress): string {
  const words: Record<TransferState, string> = {
    queued: 'waiting',
    running: {
      upload: 'uploading',
      download: 'downloading',
      copy: 'copying',
      move: 'moving',
      delete: 'deleting',
      edit: 'editing',
      restore: 'restoring',
      undelete: 'undeleting',
      purge: 'deleting old versions',
    }[row.direction],
    paused: 'paused',
    done: 'done',
    failed: 'failed',
    cancelled: 'cancelled',
    skipped: 'skipped',
  };
  return words[row.state];
}

function timeLeft(bytesLeft: number, rate: number): string {
  if (rate <= 0 || bytesLeft <= 0) return '';
  const seconds = Math.round(bytesLeft / rate);
  return seconds < 60 ? `${seconds} s left` : `${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
}

const ACTIVE: TransferState[] = ['running', 'queued'];
const STOPPED: TransferState[] = ['paused', 'failed'];

/** Opens a row's menu: at the pointer, or under the row from the keyboard (Shift+F10, Menu key). */
type OpenMenu = (items: MenuItem[], x: number, y: number) => void;

function menuHandlers(items: () => MenuItem[], onMenu: OpenMenu) {
  return {
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      event.stopPropagation();
      onMenu(items(), event.clientX, event.clientY);
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== 'ContextMenu' && !(event.key === 'F10' && event.shiftKey)) return;
      event.preventDefault();
      event.stopPropagation();
      const box = event.currentTarget.getBoundingClientRect();
      onMenu(items(), box.left + 40, box.bottom);
    },
  };
}

function TransferRow({ id, onMenu }: { id: string; onMenu: OpenMenu }) {
  const t = useStore((s) => s.transfersById[id]);
  const control = useStore((s) => s.controlTransfer);
  const reveal = useStore((s) => s.reveal);
  const showInBucket = useStore((s) => s.showInBucket);
  if (!t) return null;
  const made = madeBy(t);
  const pct = t.bytesTotal ? Math.round((t.bytesDone / t.bytesTotal) * 100) : t.state === 'done' ? 100 : 0;
  const active = ACTIVE.includes(t.state);
  const stopped = STOPPED.includes(t.state);
  const source = `s3://${t.bucket}/${t.key}`;
  // Everything the row's buttons do, and what there is to copy from it.
  const items = (): MenuItem[] => [
    ...(active ? [{ label: 'Pause', onSelect: () => void control(id, 'pause'), testId: 'transfer-menu-pause' }] : []),
    ...(stopped
      ? [
          {
            label: t.state === 'failed' ? 'Retry' : 'Resume',
            onSelect: () => void control(id, 'resume'),
            testId: 'transfer-menu-resume',
          },
        ]
      : []),
    ...(active || stopped
      ? [{ label: 'Cancel', onSelect: () => void control(id, 'cancel'), testId: 'transfer-menu-cancel' }]
      : []),
    ...(t.direction === 'download' && t.state === 'done'
      ? [{ label: 'Show in folder', onSelect: () => void reveal(id), testId: 'transfer-menu-reveal' }]
      : []),
    ...(made
      ? [
          {
            label: 'Show in bucket',
            onSelect: () => void showInBucket(made.connectionId, made.bucket, made.key),
            testId: 'transfer-menu-show',
          },
        ]
      : []),
    'separator',
    {
      label: t.target ? 'Copy the source’s S3 path' : 'Copy the S3 path',
      onSelect: () => void copyToClipboard(source, source),
      testId: 'transfer-menu-copy-s3',
    },
    ...(t.target
      ? [
          {
            label: 'Copy the target’s S3 path',
            onSelect: () =>
              void copyToClipboard(
                `s3://${t.target!.bucket}/${t.target!.key}`,
                `s3://${t.target!.bucket}/${t.target!.key}`,
              ),
            testId: 'transfer-menu-copy-target',
          },
        ]
      : []),
    ...(t.localPath
      ? [
          {
            label: 'Copy the local path',
            onSelect: () => void copyToClipboard(t.localPath!, t.localPath!),
            testId: 'transfer-menu-copy-local',
          },
        ]
      : []),
    ...(t.state === 'failed' && t.message
      ? [
          {
            label: 'Copy the error',
            onSelect: () => void copyToClipboard(`${source}: ${t.message}`, 'the error'),
            testId: 'transfer-menu-copy-error',
          },
        ]
      : []),
  ];
  return (
    <li
      className={`transfer state-${t.state}`}
      data-testid="transfer-row"
      data-state={t.state}
      data-key={t.key}
      {...menuHandlers(items, onMenu)}
    >
      <span
        className="mono ellipsis"
        title={
          t.target
            ? `s3://${t.bucket}/${t.key} → s3://${t.target.bucket}/${t.target.key}`
            : t.localPath
              ? t.direction === 'download'
                ? `s3://${t.bucket}/${t.key} → ${t.localPath}`
                : `${t.localPath} → s3://${t.bucket}/${t.key}`
              : t.key
        }
      >
        {ICONS[t.direction]} {t.key}
        {t.target ? ` → ${t.target.bucket === t.bucket ? '' : `${t.target.bucket}/`}${t.target.key}` : ''}
        {savedAs(t) ? ` → ${savedAs(t)}` : ''}
      </span>
      <progress max={100} value={pct} aria-label={`${t.key} progress`} />
      <span
        className="ellipsis transfer-state"
        title={
          t.message ??
          (t.checked
            ? t.direction === 'upload'
              ? `S3 checked the bytes it received against the ${t.checked} computed from the file.`
              : `Its bytes matched the object's ${t.checked}, not only its size.`
            : t.unchecked && `Only its size was checked: ${t.unchecked}.`)
        }
        data-testid="transfer-state"
      >
        {stateWords(t)}
        {t.message ? `: ${t.message}` : ''}
        {t.checked && t.state === 'done' ? ` · ${t.checked} ✓` : ''}
      </span>
      <span className="num">
        {t.folder
          ? 'folder'
          : ['delete', 'edit', 'restore'].includes(t.direction)
            ? `${t.bytesDone.toLocaleString()}${t.bytesTotal ? ` / ${t.bytesTotal.toLocaleString()}` : ''} objects`
            : `${formatBytes(t.bytesDone)} / ${formatBytes(t.bytesTotal)}`}
        {t.state === 'running' && t.rate > 0
          ? ` · ${['delete', 'edit', 'restore'].includes(t.direction) ? `${Math.round(t.rate)} objects` : formatBytes(t.rate)}/s`
          : ''}
      </span>
      <span className="button-row transfer-actions">
        {active && (
          <button type="button" onClick={() => void control(id, 'pause')}>
            Pause
          </button>
        )}
        {stopped && (
          <button type="button" onClick={() => void control(id, 'resume')} data-testid="resume-button">
            {t.state === 'failed' ? 'Retry' : 'Resume'}
          </button>
        )}
        {(active || stopped) && (
          <button type="button" onClick={() => void control(id, 'cancel')}>
            Cancel
          </button>
        )}
        {t.direction === 'download' && t.state === 'done' && (
          <button type="button" onClick={() => void reveal(id)} data-testid="reveal-button">
            Show in folder
          </button>
        )}
        {made && (
          <button
            type="button"
            onClick={() => void showInBucket(made.connectionId, made.bucket, made.key)}
            title={`Open s3://${made.bucket}/${made.key}`}
            data-testid="show-in-bucket"
          >
            Show in bucket
          </button>
        )}
      </span>
    </li>
  );
}

/**
 * Where a finished transfer's result is in S3: the object uploaded, the copy or the moved object
 * (in its own connection's bucket), the folder edited, restored or brought back. Downloads have
 * Show in folder; deletes and purges leave nothing to show.
 */
function madeBy(t: TransferProgress): { connectionId: string; bucket: string; key: string } | undefined {
  if (t.state !== 'done' || !t.connectionId) return undefined;
  if ((t.direction === 'copy' || t.direction === 'move') && t.target)
    return { connectionId: t.target.connectionId ?? t.connectionId, bucket: t.target.bucket, key: t.target.key };
  if (['upload', 'edit', 'restore', 'undelete'].includes(t.direction))
    return { connectionId: t.connectionId, bucket: t.bucket, key: t.key };
  return undefined;
}

/** Rows listed when a batch is opened: a folder of 100,000 lists its first ones and says how many more. */
const LISTED = 200;

/** One drop (or pick, or download) is one row with its own total; its files open beneath it. */
function BatchRow({ batch, onMenu }: { batch: TransferBatch; onMenu: OpenMenu }) {
  const [open, setOpen] = useState(batch.ids.length <= 3);
  const controlAll = useStore((s) => s.controlAll);
  const summary = batch.summary;
  const finished = summary.bytesDone;
  // Kept by adding and taking away each row's rate: what is left of a stopped one is rounding.
  const rate = summary.rate > 1 ? summary.rate : 0;
  const count = (state: TransferState) => summary[state];
  const active = count('running') + count('queued');
  const stopped = count('paused') + count('failed');
  const pct = summary.bytesTotal ? Math.round((finished / summary.bytesTotal) * 100) : active ? 0 : 100;
  const n = (value: number) => value.toLocaleString();
  const items = (): MenuItem[] => [
    ...(active > 0
      ? [{ label: 'Pause all of it', onSelect: () => void controlAll('pause', batch.id), testId: 'batch-menu-pause' }]
      : []),
    ...(stopped > 0
      ? [
          {
            label: count('paused') ? 'Resume all of it' : 'Retry the failed',
            onSelect: () => void controlAll('resume', batch.id),
            testId: 'batch-menu-resume',
          },
        ]
      : []),
    ...(active + stopped > 0
      ? [
          {
            label: 'Cancel all of it',
            onSelect: () => void controlAll('cancel', batch.id),
            testId: 'batch-menu-cancel',
          },
        ]
      : []),
    { label: open ? 'Hide its files' : 'Show its files', onSelect: () => setOpen(!open), testId: 'batch-menu-open' },
  ];
  const parts = [
    count('done') && `${n(count('done'))} done`,
    active && `${n(active)} to go`,
    count('paused') && `${n(count('paused'))} paused`,
    count('failed') && `${n(count('failed'))} failed`,
    count('skipped') && `${n(count('skipped'))} skipped`,
    count('cancelled') && `${n(count('cancelled'))} cancelled`,
  ].filter(Boolean);
  return (
    <li className="batch" data-testid="transfer-batch" data-batch={batch.id}>
      <div className="batch-head" {...menuHandlers(items, onMenu)}>
        <button
          type="button"
          className="icon-button"
          aria-expanded={open}
          aria-label={open ? 'Hide its files' : 'Show its files'}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        <span className="ellipsis batch-label" title={batch.label}>
          {batch.label}
        </span>
        <progress max={100} value={pct} aria-label={`${batch.label} progress`} />
        <span className="ellipsis" data-testid="batch-summary">
          {parts.join(', ')}
        </span>
        <span className="num">
          {formatBytes(finished)} / {formatBytes(summary.bytesTotal)}
          {rate > 0 ? ` · ${formatBytes(rate)}/s · ${timeLeft(summary.bytesTotal - finished, rate)}` : ''}
        </span>
        <span className="button-row transfer-actions">
          {active > 0 && (
            <button type="button" onClick={() => void controlAll('pause', batch.id)}>
              Pause
            </button>
          )}
          {stopped > 0 && (
            <button type="button" onClick={() => void controlAll('resume', batch.id)} data-testid="batch-resume">
              {count('paused') ? 'Resume' : 'Retry'}
            </button>
          )}
          {active + stopped > 0 && (
            <button type="button" onClick={() => void controlAll('cancel', batch.id)}>
              Cancel
            </button>
          )}
        </span>
      </div>
      {open && (
        <ul className="batch-items">
          {batch.ids.slice(0, LISTED).map((id) => (
            <TransferRow key={id} id={id} onMenu={onMenu} />
          ))}
          {batch.ids.length > LISTED && (
            <li className="transfer more" data-testid="batch-more">
              and {(batch.ids.length - LISTED).toLocaleString('en-US')} more (the counts above are for all of them)
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

export function TransfersView() {
  const batches = useStore((s) => s.transferBatches);
  const clearFinished = useStore((s) => s.clearFinished);
  const controlAll = useStore((s) => s.controlAll);
  const conflict = useStore((s) => s.conflict);
  const setConflict = useStore((s) => s.setConflict);
  const uploadClass = useStore((s) => s.uploadClass);
  const setUploadClass = useStore((s) => s.setUploadClass);
  // From the batches' counts: a look at each batch, not at each of its rows.
  const total = (states: TransferState[]) =>
    batches.reduce((sum, b) => sum + states.reduce((n, state) => n + b.summary[state], 0), 0);
  const anyActive = total(ACTIVE) > 0;
  const anyStopped = total(STOPPED) > 0;
  const anyFinished = total(['done', 'skipped', 'cancelled']) > 0;
  const [menu, setMenu] = useState<{ items: MenuItem[]; x: number; y: number }>();
  const onMenu: OpenMenu = (items, x, y) => setMenu({ items, x, y });
  // Cancel all throws away what every unfinished transfer did so far (hours of a large upload's
  // parts): asked first, starting on keeping them; Pause all is the way to stop and keep.
  const [askingCancel, setAskingCancel] = useState(false);
  const unfinished = total([...ACTIVE, ...STOPPED]);
  return (
    <div className="transfers" data-testid="transfers">
      <div className="log-toolbar">
        <button type="button" disabled={!anyActive} onClick={() => void controlAll('pause')} data-testid="pause-all">
          Pause all
        </button>
        <button type="button" disabled={!anyStopped} onClick={() => void controlAll('resume')} data-testid="resume-all">
          {anyStopped && total(['paused']) === 0 ? 'Retry all' : 'Resume all'}
        </button>
        <button
          type="button"
          disabled={!anyActive && !anyStopped}
          onClick={() => setAskingCancel(true)}
          data-testid="cancel-all"
        >
          Cancel all
        </button>
        {askingCancel && (
          <ConfirmDialog
            title="Cancel every unfinished transfer?"
            message={
              <p>
                {countOf(unfinished, 'transfer')} not finished: what was done so far is thrown away (partial downloads
                are deleted, multipart uploads aborted with their parts). Pause all stops without throwing anything
                away.
              </p>
            }
            confirmLabel={`Cancel ${countOf(unfinished, 'transfer')}`}
            cancelLabel={unfinished === 1 ? 'Keep it' : 'Keep them'}
            confirmDisabled={unfinished === 0}
            onConfirm={() => {
              setAskingCancel(false);
              void controlAll('cancel');
            }}
            onCancel={() => setAskingCancel(false)}
          />
        )}
        <span className="spacer" />
        {/* The uploads' standing answer lives with the transfers, not in the browsing toolbar, where
            it wrapped the toolbar onto a third line in a small window and cost the table its rows. */}
        <label className="inline-field" title="What an upload does when its name is taken in the bucket">
          Upload onto a taken name:
          <select
            value={conflict}
            onChange={(e) => setConflict(e.target.value as ConflictChoice)}
            data-testid="conflict-select"
          >
            <option value="ask">ask</option>
            <option value="overwrite">replace it</option>
            <option value="skip">skip</option>
            <option value="keep-both">keep both</option>
          </select>
        </label>
        <label
          className="inline-field"
          title="The storage class new uploads are written in (Glacier and Deep Archive must be restored before they can be read)"
        >
          Uploads in:
          <select
            value={uploadClass}
            onChange={(e) => setUploadClass(e.target.value)}
            data-testid="upload-class-select"
          >
            <option value="">the bucket's default</option>
            {STORAGE_CLASSES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!anyFinished} onClick={() => void clearFinished()} data-testid="clear-finished">
          Clear finished
        </button>
      </div>
      {batches.length === 0 && (
        <p className="muted transfers-empty">
          Uploads, downloads, copies, moves and folder deletes show here with their progress. Drop files or folders on
          the object table, or use Upload…, to send some.
        </p>
      )}
      <ul className="batches">
        {batches.map((batch) => (
          <BatchRow key={batch.id} batch={batch} onMenu={onMenu} />
        ))}
      </ul>
      {menu && <ContextMenu items={menu.items} x={menu.x} y={menu.y} onClose={() => setMenu(undefined)} />}
    </div>
  );
}
