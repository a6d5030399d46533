import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { baseName, formatBytes, formatDate } from '../format';
import { useStore } from '../store/store';

interface Row {
  kind: 'folder' | 'object';
  key: string;
  name: string;
  size?: number;
  lastModified?: string;
  storageClass?: string;
}

const ROW_HEIGHT = 30;

function Breadcrumbs() {
  const bucket = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const open = useStore((s) => s.open);
  if (!bucket) return null;
  const parts = prefix.split('/').filter(Boolean);
  return (
    <ol className="breadcrumbs" aria-label="Location" data-testid="breadcrumbs">
      <li><button type="button" onClick={() => void open(bucket, '')}>{bucket}</button></li>
      {parts.map((part, index) => {
        const target = `${parts.slice(0, index + 1).join('/')}/`;
        return <li key={target}><button type="button" onClick={() => void open(bucket, target)}>{part}</button></li>;
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
  const selectObject = useStore((s) => s.selectObject);
  const upload = useStore((s) => s.upload);
  const [sort, setSort] = useState<{ by: 'name' | 'size' | 'lastModified'; desc: boolean }>({ by: 'name', desc: false });
  const [dragging, setDragging] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo<Row[]>(() => {
    const needle = filter.trim().toLowerCase();
    const folderRows: Row[] = folders.map((f) => ({ kind: 'folder', key: f, name: baseName(f, prefix) }));
    const objectRows: Row[] = objects.map((o) => ({ kind: 'object', key: o.key, name: baseName(o.key, prefix), size: o.size, lastModified: o.lastModified, storageClass: o.storageClass }));
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
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

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
    } else if (event.key === 'Backspace' && bucket && prefix) {
      const parent = prefix.split('/').filter(Boolean).slice(0, -1).join('/');
      void open(bucket, parent ? `${parent}/` : '');
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    const toPath = window.bucketExplorerFiles?.pathForFile;
    const paths = files.map((f) => (toPath ? toPath(f) : (f as File & { path?: string }).path ?? '')).filter(Boolean);
    void upload(paths);
  };

  const header = (label: string, by: typeof sort.by) => (
    <button type="button" className="column-sort" onClick={() => setSort((s) => ({ by, desc: s.by === by ? !s.desc : false }))}>
      {label}{sort.by === by ? (sort.desc ? ' ▾' : ' ▴') : ''}
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
        <button type="button" className="icon-button" aria-label="Back" disabled={!canBack} onClick={back}>←</button>
        <button type="button" className="icon-button" aria-label="Forward" disabled={!canForward} onClick={forward}>→</button>
        <Breadcrumbs />
        <input className="filter" type="search" placeholder="Filter by name" aria-label="Filter by name" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="filter-input" />
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
                className={`object-row ${row.kind}${row.key === selectedKey ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="object-row"
                data-key={row.key}
                onClick={() => (row.kind === 'folder' ? activate(row) : void selectObject(row.key))}
              >
                <span className="name" title={row.key}>{row.kind === 'folder' ? '📁 ' : ''}{row.name}</span>
                <span className="num">{row.kind === 'object' ? formatBytes(row.size ?? 0) : ''}</span>
                <span>{row.kind === 'object' ? formatDate(row.lastModified) : ''}</span>
                <span className="muted">{row.storageClass ?? ''}</span>
              </div>
            );
          })}
        </div>
        {dragging && <div className="drop-overlay" data-testid="drop-overlay">Drop to upload to s3://{bucket}/{prefix}</div>}
      </div>
      <footer className="status-bar" data-testid="listing-status">
        {listing === 'loading' && <span>Listing… {folders.length + objects.length} so far</span>}
        {listing === 'done' && <span>{folders.length} folders, {objects.length} objects{filter ? ` (${rows.length} shown)` : ''}</span>}
        {listing === 'error' && listError && <span className="error" role="alert">{listError.message}{listError.hint ? ` ${listError.hint}` : ''}</span>}
      </footer>
    </section>
  );
}
