import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { ConflictPolicy } from '../../electron/contract';
import { baseName, formatBytes, formatDate } from '../format';
import { useStore } from '../store/store';
import { ConfirmDialog, Dialog } from './Dialog';

interface Row {
  kind: 'folder' | 'object';
  key: string;
  name: string;
  size?: number;
  lastModified?: string;
  storageClass?: string;
}

const ROW_HEIGHT = 30;

function FolderIcon() {
  return (
    <svg className="folder-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M1.5 3.5h4.2l1.5 1.6h7.3v7.9H1.5z" fill="currentColor" />
    </svg>
  );
}

function Breadcrumbs() {
  const bucket = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const open = useStore((s) => s.open);
  if (!bucket) return null;
  const parts = prefix.split('/').filter(Boolean);
  return (
    <ol className="breadcrumbs" aria-label="Location" data-testid="breadcrumbs">
      <li>
        <button type="button" onClick={() => void open(bucket, '')}>
          {bucket}
        </button>
      </li>
      {parts.map((part, index) => {
        const target = `${parts.slice(0, index + 1).join('/')}/`;
        return (
          <li key={target}>
            <button type="button" onClick={() => void open(bucket, target)}>
              {part}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export function ObjectBrowser() {
  const bucket = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const folders = useStore((s) => s.folders);
  const objects = useStore((s) => s.objects);
  const listing = useStore((s) => s.listing);
  const listError = useStore((s) => s.listError);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const open = useStore((s) => s.open);
  const back = useStore((s) => s.back);
  const forward = useStore((s) => s.forward);
  const canBack = useStore((s) => s.historyIndex > 0);
  const canForward = useStore((s) => s.historyIndex < s.history.length - 1);
  const selectedKey = useStore((s) => s.selectedKey);
  const selection = useStore((s) => s.selection);
  const setSelection = useStore((s) => s.setSelection);
  const selectObject = useStore((s) => s.selectObject);
  const upload = useStore((s) => s.upload);
  const pickAndUpload = useStore((s) => s.pickAndUpload);
  const conflict = useStore((s) => s.conflict);
  const setConflict = useStore((s) => s.setConflict);
  const createFolder = useStore((s) => s.createFolder);
  const deleteSelection = useStore((s) => s.deleteSelection);
  const [dialog, setDialog] = useState<'none' | 'folder' | 'delete'>('none');
  const [folderName, setFolderName] = useState('');
  const [sort, setSort] = useState<{ by: 'name' | 'size' | 'lastModified'; desc: boolean }>({
    by: 'name',
    desc: false,
  });
  const [dragging, setDragging] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo<Row[]>(() => {
    const needle = filter.trim().toLowerCase();
    const folderRows: Row[] = folders.map((f) => ({ kind: 'folder', key: f, name: baseName(f, prefix) }));
    const objectRows: Row[] = objects.map((o) => ({
      kind: 'object',
      key: o.key,
      name: baseName(o.key, prefix),
      size: o.size,
      lastModified: o.lastModified,
      storageClass: o.storageClass,
    }));
    const matches = (r: Row) => !needle || r.name.toLowerCase().includes(needle);
    const compare = (a: Row, b: Row) => {
      const sign = sort.desc ? -1 : 1;
      if (sort.by === 'size') return sign * ((a.size ?? 0) - (b.size ?? 0));
      if (sort.by === 'lastModified') return sign * (a.lastModified ?? '').localeCompare(b.lastModified ?? '');
      return sign * (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    };
    const sorted = (list: Row[]) => (sort.by === 'name' && !sort.desc ? list : [...list].sort(compare));
    return [...sorted(folderRows.filter(matches)), ...sorted(objectRows.filter(matches))];
  }, [folders, objects, prefix, filter, sort]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const activate = (row: Row) => {
    if (!bucket) return;
    if (row.kind === 'folder') void open(bucket, row.key);
    else void selectObject(row.key);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const index = rows.findIndex((r) => r.key === selectedKey);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
      const row = rows[next]!;
      if (row.kind === 'object') void selectObject(row.key);
      else useStore.setState({ selectedKey: row.key, details: undefined });
      virtualizer.scrollToIndex(next);
    } else if (event.key === 'Enter' && index >= 0) {
      activate(rows[index]!);
    } else if (event.key === 'Delete' && selection.length > 0) {
      event.preventDefault();
      setDialog('delete');
    } else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      setSelection(
        rows.map((r) => r.key),
        selectedKey,
      );
    } else if (event.key === 'Backspace' && bucket && prefix) {
      const parent = prefix.split('/').filter(Boolean).slice(0, -1).join('/');
      void open(bucket, parent ? `${parent}/` : '');
    }
  };

  /** Click selects one; Ctrl/Cmd-click toggles; Shift-click selects the range from the focused row. */
  const onRowClick = (event: MouseEvent, row: Row) => {
    if (event.ctrlKey || event.metaKey) {
      setSelection(
        selection.includes(row.key) ? selection.filter((k) => k !== row.key) : [...selection, row.key],
        row.key,
      );
    } else if (event.shiftKey && selectedKey) {
      const from = rows.findIndex((r) => r.key === selectedKey);
      const to = rows.findIndex((r) => r.key === row.key);
      const [a, b] = from < to ? [from, to] : [to, from];
      setSelection(
        rows.slice(a, b + 1).map((r) => r.key),
        selectedKey,
      );
    } else {
      activate(row);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  };

  const header = (label: string, by: typeof sort.by) => (
    <button
      type="button"
      className="column-sort"
      onClick={() => setSort((s) => ({ by, desc: s.by === by ? !s.desc : false }))}
    >
      {label}
      {sort.by === by ? (sort.desc ? ' ▾' : ' ▴') : ''}
    </button>
  );

  if (!bucket) {
    return (
      <div className="empty-state" data-testid="no-bucket">
        <h2>Pick a bucket</h2>
        <p>Choose a bucket on the left, or open one by name. Its region and your access are shown beside it.</p>
      </div>
    );
  }

  return (
    <section className="browser" aria-label="Objects">
      <div className="toolbar">
        <button type="button" className="icon-button" aria-label="Back" disabled={!canBack} onClick={back}>
          ←
        </button>
        <button type="button" className="icon-button" aria-label="Forward" disabled={!canForward} onClick={forward}>
          →
        </button>
        <Breadcrumbs />
        <input
          className="filter"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="filter-input"
        />
      </div>
      <div className="toolbar secondary">
        <button type="button" onClick={() => void pickAndUpload()} data-testid="upload-button">
          Upload…
        </button>
        <button type="button" onClick={() => setDialog('folder')} data-testid="new-folder-button">
          New folder
        </button>
        <button
          type="button"
          className="danger"
          disabled={selection.length === 0}
          onClick={() => setDialog('delete')}
          data-testid="delete-button"
        >
          Delete{selection.length > 1 ? ` (${selection.length})` : ''}
        </button>
        <label className="inline-field">
          If the name exists
          <select
            value={conflict}
            onChange={(e) => setConflict(e.target.value as ConflictPolicy)}
            data-testid="conflict-select"
          >
            <option value="overwrite">overwrite</option>
            <option value="skip">skip</option>
            <option value="keep-both">keep both</option>
          </select>
        </label>
      </div>
      <div className="table-head" role="row">
        <span role="columnheader">{header('Name', 'name')}</span>
        <span role="columnheader">{header('Size', 'size')}</span>
        <span role="columnheader">{header('Last modified', 'lastModified')}</span>
        <span role="columnheader">Storage class</span>
      </div>
      <div
        className={`table-body${dragging ? ' dragging' : ''}`}
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="Objects"
        aria-rowcount={rows.length}
        data-testid="object-table"
        onKeyDown={onKeyDown}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={row.key}
                role="row"
                className={`object-row ${row.kind}${selection.includes(row.key) || row.key === selectedKey ? ' selected' : ''}`}
                aria-selected={selection.includes(row.key)}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="object-row"
                data-key={row.key}
                onClick={(event) => onRowClick(event, row)}
              >
                <span className="name" title={row.key}>
                  {row.kind === 'folder' && <FolderIcon />}
                  {row.name}
                </span>
                <span className="num">{row.kind === 'object' ? formatBytes(row.size ?? 0) : ''}</span>
                <span>{row.kind === 'object' ? formatDate(row.lastModified) : ''}</span>
                <span className="muted">{row.storageClass ?? ''}</span>
              </div>
            );
          })}
        </div>
        {listing === 'done' && rows.length === 0 && (
          <div className="table-empty" data-testid="empty-folder">
            {filter
              ? `Nothing here matches "${filter}".`
              : 'This folder is empty. Drop files here, or use Upload…, to add some.'}
          </div>
        )}
        {dragging && (
          <div className="drop-overlay" data-testid="drop-overlay">
            Drop to upload to s3://{bucket}/{prefix}
          </div>
        )}
      </div>
      <footer className="status-bar" data-testid="listing-status">
        {listing === 'loading' && <span>Listing… {folders.length + objects.length} so far</span>}
        {listing === 'done' && (
          <span>
            {folders.length} folders, {objects.length} objects{filter ? ` (${rows.length} shown)` : ''}
          </span>
        )}
        {listing === 'error' && listError && (
          <span className="error" role="alert">
            {listError.message}
            {listError.hint ? ` ${listError.hint}` : ''}
          </span>
        )}
      </footer>
      {dialog === 'folder' && (
        <Dialog title="New folder" onCancel={() => setDialog('none')} testId="folder-dialog">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void createFolder(folderName);
              setFolderName('');
              setDialog('none');
            }}
          >
            <label className="field">
              <span>
                Name, inside s3://{bucket}/{prefix}
              </span>
              <input
                value={folderName}
                onChange={(e) => setFolderName(e.target.value)}
                data-testid="folder-name-input"
                spellCheck={false}
              />
            </label>
            <div className="dialog-actions">
              <button type="button" onClick={() => setDialog('none')}>
                Cancel
              </button>
              <button type="submit" disabled={!folderName.trim() || folderName.includes('/')}>
                Create
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title="Delete for good?"
          message={
            <>
              <p>
                {selection.length === 1 ? (
                  <>
                    Delete <b className="mono">{selection[0]}</b>
                  </>
                ) : (
                  <>
                    Delete <b>{selection.length}</b> items
                  </>
                )}
                {selection.some((k) => k.endsWith('/')) ? ', including everything inside the selected folders' : ''}{' '}
                from <b>{bucket}</b>?
              </p>
              <p className="muted">S3 has no recycle bin: unless the bucket keeps versions, this cannot be undone.</p>
            </>
          }
          confirmLabel="Delete"
          onCancel={() => setDialog('none')}
          onConfirm={() => {
            setDialog('none');
            void deleteSelection();
          }}
        />
      )}
    </section>
  );
}
