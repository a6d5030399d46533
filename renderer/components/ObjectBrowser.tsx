import { explainDenial } from '../../electron/shared/denials';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { DeleteDialog } from '../browser/DeleteDialog';
import { NewFolderDialog } from '../browser/NewFolderDialog';
import {
  clear,
  click,
  listedSizes,
  move,
  normalize,
  selectAll,
  toggleFocused,
  typeAhead,
  type Motion,
  type Selection,
} from '../browser/selection';
import { copyToClipboard } from '../clipboard';
import { baseName, countOf, formatBytes, formatDate } from '../format';
import { mayChange } from '../store/may-change';
import { useStore } from '../store/store';
import { samePlace } from '../store/prefs';
import { ContextMenu, type MenuItem } from './ContextMenu';
import { Dialog } from './Dialog';
import { PurgeDialog } from '../versions/PurgeDialog';
import { FolderEditDialog, RestoreDialog } from '../ops/EditDialogs';
import { CopyMoveDialog } from '../ops/CopyMoveDialog';
import { Preview } from '../details/Preview';
import { ROWS_TYPE } from '../ops/rows-drag';
import { dragFilesIfReady, prepareDragOut, takeOutgoingDrop, type DragSelection } from '../browser/drag-out';
import { shortVersionId, versionRowId } from '../versions/version-ids';
import { withHint } from '../../electron/shared/bridge-error';

interface Row {
  kind: 'folder' | 'object';
  /** What the selection holds: the key (or prefix), or key and version id in the versions view. */
  id: string;
  key: string;
  name: string;
  size?: number;
  lastModified?: string;
  storageClass?: string;
  versionId?: string;
  isLatest?: boolean;
  deleteMarker?: boolean;
  /** Versions view: a folder whose every object is deleted (only delete markers and old versions). */
  deletedFolder?: boolean;
}

const ROW_HEIGHT = 30;

const TYPE_AHEAD_MS = 800;
const MOTIONS: Record<string, Motion> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'page-up',
  PageDown: 'page-down',
};

function FolderIcon() {
  return (
    <svg className="folder-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M1.5 3.5h4.2l1.5 1.6h7.3v7.9H1.5z" fill="currentColor" />
    </svg>
  );
}

/** ☆ beside the location: the folder open now, added to the favorites or taken away (Ctrl+D). */
function FavoriteToggle() {
  const connectionId = useStore((s) => s.connectionId);
  const bucket = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const favorites = useStore((s) => s.favorites);
  const toggleFavorite = useStore((s) => s.toggleFavorite);
  if (!bucket || !connectionId) return null;
  const on = favorites.some((f) => samePlace(f, { connectionId, bucket, prefix }));
  return (
    <button
      type="button"
      className={`icon-button favorite-toggle${on ? ' on' : ''}`}
      aria-pressed={on}
      aria-label={on ? 'Remove this folder from favorites' : 'Add this folder to favorites'}
      title={`${on ? 'Remove this folder from' : 'Add this folder to'} favorites (Ctrl+D)`}
      onClick={() => toggleFavorite()}
      data-testid="favorite-toggle"
    >
      {on ? '★' : '☆'}
    </button>
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

/** What the open bucket lets this identity do, from its full probe: changes only when known. */
function useAccessMode(): 'read-write' | 'read-only' | 'none' | 'checking' {
  return useStore((s) => {
    const probe = s.bucket ? s.probes[s.bucket] : undefined;
    if (!probe || probe === 'probing' || probe.depth !== 'full') return 'checking';
    return probe.mode ?? (probe.access.verdict === 'ok' ? 'read-only' : 'none');
  });
}

export function ObjectBrowser() {
  const bucket = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const folders = useStore((s) => s.folders);
  const objects = useStore((s) => s.objects);
  const listing = useStore((s) => s.listing);
  const listError = useStore((s) => s.listError);
  const anonymousConnection = useStore((s) => s.connections.find((c) => c.id === s.connectionId)?.anonymous);
  const listDenial = listError
    ? explainDenial({
        code: listError.code,
        status: listError.status,
        message: listError.message,
        operation: 'ListObjectsV2',
        anonymous: anonymousConnection,
      })
    : undefined;
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const open = useStore((s) => s.open);
  const back = useStore((s) => s.back);
  const forward = useStore((s) => s.forward);
  const refresh = useStore((s) => s.reload);
  const canBack = useStore((s) => s.historyIndex > 0);
  const canForward = useStore((s) => s.historyIndex < s.history.length - 1);
  const selection = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  const upload = useStore((s) => s.upload);
  const pickAndUpload = useStore((s) => s.pickAndUpload);
  const downloadSelection = useStore((s) => s.downloadSelection);
  const createFolder = useStore((s) => s.createFolder);
  const deleteSelection = useStore((s) => s.deleteSelection);
  const connectionId = useStore((s) => s.connectionId);
  const notify = useStore((s) => s.notify);
  const setKeyboardHelp = useStore((s) => s.setKeyboardHelp);
  const objectUrl = useStore((s) => s.objectUrl);
  const favorites = useStore((s) => s.favorites);
  const toggleFavorite = useStore((s) => s.toggleFavorite);
  const notifyError = useStore((s) => s.notifyError);
  const mode = useAccessMode();
  const canWrite = mode === 'read-write';
  const showVersions = useStore((s) => s.showVersions);
  const setShowVersions = useStore((s) => s.setShowVersions);
  const versionRows = useStore((s) => s.versionRows);
  const versionFolders = useStore((s) => s.versionFolders);
  const versionsListing = useStore((s) => s.versionsListing);
  const versionsError = useStore((s) => s.versionsError);
  // A bucket that never kept versions lists each object as its one version, "null": said so.
  const neverVersioned = useStore((s) => {
    const state = s.bucket ? s.versioning[s.bucket] : undefined;
    return typeof state === 'object' && 'status' in state && state.status === 'Never';
  });
  const versioning = useStore((s) => (s.bucket ? s.versioning[s.bucket] : undefined));
  const versioned = typeof versioning === 'object' && 'status' in versioning && versioning.status !== 'Never';
  const revertVersion = useStore((s) => s.revertVersion);
  const purgeVersions = useStore((s) => s.purgeVersions);
  const purgeOldVersions = useStore((s) => s.purgeOldVersions);
  const undelete = useStore((s) => s.undelete);
  const download = useStore((s) => s.download);
  const clipboard = useStore((s) => s.clipboard);
  const clip = useStore((s) => s.clip);
  const paste = useStore((s) => s.paste);
  const openOp = useStore((s) => s.openOp);
  const selectionItems = useStore((s) => s.selectionItems);
  const op = useStore((s) => s.op);
  const [quickLook, setQuickLook] = useState<{ key: string; versionId?: string } | undefined>();
  const [dialog, setDialog] = useState<
    'none' | 'folder' | 'delete' | 'purge' | 'purge-old' | 'restore' | 'folder-edit'
  >('none');
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>();
  const [sort, setSort] = useState<{ by: 'name' | 'size' | 'lastModified'; desc: boolean }>({
    by: 'name',
    desc: false,
  });
  const [dragging, setDragging] = useState(false);
  // The folder row files from outside are held over: they go into it, as a file manager does.
  const [dropFolder, setDropFolder] = useState<string>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const typed = useRef({ text: '', at: 0 });

  const search = useStore((s) => s.search);
  const startSearch = useStore((s) => s.startSearch);
  const stopSearch = useStore((s) => s.stopSearch);
  const closeSearch = useStore((s) => s.closeSearch);
  const goToKey = useStore((s) => s.goToKey);

  // A streamed listing grows page by page: each listed object becomes its row once, not once per
  // page (100,000 versions rebuilt 100 times made 100 ms tasks).
  const rowCache = useRef(new WeakMap<object, Row>());
  const rows = useMemo<Row[]>(() => {
    const cached = <T extends object>(item: T, make: (item: T) => Row): Row => {
      let row = rowCache.current.get(item);
      if (!row) rowCache.current.set(item, (row = make(item)));
      return row;
    };
    if (search) {
      // Results keep their path below the folder searched, so like names in different folders differ.
      return search.results.map((o) => ({
        kind: 'object',
        id: o.key,
        key: o.key,
        name: baseName(o.key, search.prefix),
        size: o.size,
        lastModified: o.lastModified,
        storageClass: o.storageClass,
      }));
    }
    const needle = filter.trim().toLowerCase();
    let folderRows: Row[];
    let objectRows: Row[];
    if (showVersions) {
      // Versions and delete markers under their key, newest first, as S3 lists them. A folder the
      // current listing no longer has holds only deleted objects: a deleted folder.
      const live = new Set(folders);
      folderRows = versionFolders.map((f) => ({
        kind: 'folder',
        id: f,
        key: f,
        name: baseName(f, prefix),
        deletedFolder: listing === 'done' && !live.has(f),
      }));
      objectRows = versionRows.map((version) =>
        cached(version, (v) => ({
          kind: 'object',
          id: versionRowId(v.key, v.versionId),
          key: v.key,
          name: baseName(v.key, prefix),
          size: v.size,
          lastModified: v.lastModified,
          storageClass: v.storageClass,
          versionId: v.versionId,
          isLatest: v.isLatest,
          deleteMarker: v.deleteMarker,
        })),
      );
    } else {
      folderRows = folders.map((f) => ({ kind: 'folder', id: f, key: f, name: baseName(f, prefix) }));
      objectRows = objects.map((object) =>
        cached(object, (o) => ({
          kind: 'object',
          id: o.key,
          key: o.key,
          name: baseName(o.key, prefix),
          size: o.size,
          lastModified: o.lastModified,
          storageClass: o.storageClass,
        })),
      );
    }
    const matches = (r: Row) => !needle || r.name.toLowerCase().includes(needle);
    const compare = (a: Row, b: Row) => {
      const sign = sort.desc ? -1 : 1;
      if (sort.by === 'size') return sign * ((a.size ?? 0) - (b.size ?? 0));
      if (sort.by === 'lastModified') return sign * (a.lastModified ?? '').localeCompare(b.lastModified ?? '');
      return sign * (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    };
    const sorted = (list: Row[]) => (sort.by === 'name' && !sort.desc ? list : [...list].sort(compare));
    return [...sorted(folderRows.filter(matches)), ...sorted(objectRows.filter(matches))];
  }, [folders, objects, prefix, filter, sort, search, showVersions, versionRows, versionFolders, listing]);
  const keys = useMemo(() => rows.map((r) => r.id), [rows]);
  const selectedSet = useMemo(() => new Set(selection.selected), [selection.selected]);

  // A filter or a refresh can hide selected rows: actions must never act on what is not shown.
  // Not while the folder is still being listed: its rows are not all there yet, and a row selected
  // on purpose (Show in bucket, a search result) may come on a later page or a refresh's first one
  // (a CI run lost such a selection that way); the listing's end checks it.
  useEffect(() => {
    if (listing === 'loading') return;
    const next = normalize(selection, keys);
    if (next.selected.length !== selection.selected.length || next.focused !== selection.focused) select(next);
  }, [keys, selection, select, listing]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const apply = (next: Selection) => {
    select(next);
    const index = next.focused === undefined ? -1 : keys.indexOf(next.focused);
    if (index >= 0) virtualizer.scrollToIndex(index);
  };

  const openRow = (row: Row) => {
    if (!bucket) return;
    if (search) {
      void goToKey(row.key); // a result: go to its folder, with it selected
      return;
    }
    if (row.kind === 'folder') return void open(bucket, row.key);
    // An object opens in the larger view (double-click or Enter), as Space does.
    lookInside(row);
  };

  const lookInside = (row: Row) => {
    select({ focused: row.id, anchor: row.id, selected: [row.id] });
    if (!row.deleteMarker) setQuickLook({ key: row.key, versionId: row.versionId });
  };

  const goUp = useCallback(() => {
    if (!bucket || !prefix) return;
    const parent = prefix.split('/').filter(Boolean).slice(0, -1).join('/');
    void open(bucket, parent ? `${parent}/` : '');
  }, [bucket, prefix, open]);

  const selectedRows = rows.filter((r) => selectedSet.has(r.id));
  const selectedVersions = selectedRows.filter((r) => r.versionId !== undefined);
  const onlyObject = selectedRows.length === 1 && selectedRows[0]!.kind === 'object' ? selectedRows[0] : undefined;
  const countLabel = (n: number) => countOf(n, 'item');

  /** Copy to…, Move to… or Rename… of the selection (or of the rows dragged). */
  const startOp = (kind: 'copy' | 'move' | 'rename', target?: { bucket: string; prefix: string }) => {
    if (!bucket || selection.selected.length === 0) return;
    if (kind !== 'copy' && !canWrite) {
      notify('error', 'This bucket is read-only for this identity: nothing can be moved or renamed here.');
      return;
    }
    if (kind === 'rename' && selection.selected.length !== 1) {
      notify('error', 'Rename works on one object or folder at a time.');
      return;
    }
    openOp({
      kind,
      bucket,
      base: prefix,
      ...selectionItems(),
      targetBucket: target?.bucket,
      targetPrefix: target?.prefix,
    });
  };
  const cold = (r: Row) => r.kind === 'folder' || ['GLACIER', 'DEEP_ARCHIVE'].includes(r.storageClass ?? '');

  const askDelete = () => {
    if (selection.selected.length === 0) return;
    if (!canWrite) {
      notify('error', 'This bucket is read-only for this identity: nothing can be deleted here.');
      return;
    }
    if (showVersions) {
      // In the versions view a delete is for good: it names versions, and says so.
      if (selectedVersions.length === 0) {
        notify('error', 'Select versions to delete them for good, or use "Delete old versions…" on a folder.');
        return;
      }
      setDialog('purge');
      return;
    }
    setDialog('delete');
  };

  // Back/forward and refresh work wherever the focus is in the window (but not while typing);
  // Ctrl/Cmd+F goes to the filter-and-search box from anywhere but a dialog.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        if (target?.closest('[role="dialog"]') || !filterRef.current) return;
        event.preventDefault();
        filterRef.current.focus();
        filterRef.current.select();
        return;
      }
      // F1 from anywhere but a dialog, a text field included (where ? is typing).
      if (event.key === 'F1') {
        if (target?.closest('[role="dialog"]')) return;
        event.preventDefault();
        setKeyboardHelp(true);
        return;
      }
      // Not while typing (a checkbox or a button is not typing: Alt+← from "Show versions" goes back).
      if (target?.closest('textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type))
        return;
      if (event.altKey && event.key === 'ArrowLeft') {
        event.preventDefault();
        back();
      } else if (event.altKey && event.key === 'ArrowRight') {
        event.preventDefault();
        forward();
      } else if (event.key === 'F5' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'r')) {
        event.preventDefault();
        refresh();
      } else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'd') {
        event.preventDefault();
        toggleFavorite();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back, forward, refresh, setKeyboardHelp, toggleFavorite]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const toggle = event.ctrlKey || event.metaKey;
    const motion = MOTIONS[event.key];
    if (motion && !event.altKey) {
      event.preventDefault();
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
      apply(move(selection, keys, motion, { shift: event.shiftKey, toggle }, page));
    } else if (event.key === 'Enter') {
      const row = rows.find((r) => r.id === selection.focused);
      if (row) openRow(row);
    } else if (event.key === ' ' && toggle) {
      event.preventDefault();
      apply(toggleFocused(selection, keys));
    } else if (event.key === ' ' && !event.shiftKey && !event.altKey) {
      // Space looks inside the focused object, larger (Escape or Space again closes it).
      event.preventDefault();
      const row = rows.find((r) => r.id === selection.focused);
      if (row?.kind === 'object' && !row.deleteMarker) setQuickLook({ key: row.key, versionId: row.versionId });
    } else if (event.key === 'Escape') {
      apply(clear(selection));
    } else if (event.key.toLowerCase() === 'a' && toggle) {
      event.preventDefault();
      apply(selectAll(selection, keys));
    } else if (event.key === 'Delete') {
      event.preventDefault();
      askDelete();
    } else if (event.key === 'F2') {
      event.preventDefault();
      // Said, not silently ignored, where there is nothing to rename as such.
      if (search) notify('info', "Rename works in a folder: Enter opens the result's folder.");
      else if (showVersions) notify('info', 'Rename works on objects, not their versions: Hide versions first.');
      else startOp('rename');
    } else if (toggle && ['c', 'x', 'v'].includes(event.key.toLowerCase()) && showVersions) {
      event.preventDefault();
      notify(
        'info',
        'Copy, cut and paste work on objects, not their versions: Hide versions first (a version is downloaded or reverted from its menu).',
      );
    } else if (toggle && ['c', 'x', 'v'].includes(event.key.toLowerCase())) {
      event.preventDefault();
      const k = event.key.toLowerCase();
      // Search results are copied and cut like rows of a folder (each keeps its path below the
      // folder searched); pasting among them is for a folder.
      if (k === 'c') clip('copy');
      else if (search && k === 'v') notify('info', 'Paste in a folder: Escape goes back to the one searched.');
      else if (k === 'x' && bucket) {
        // Pressed the moment a bucket opens, cut and paste wait for its access check.
        void mayChange(useStore.getState, bucket).then((may) =>
          may
            ? clip('cut')
            : notify('error', 'This bucket is read-only for this identity: its objects can be copied, not cut.'),
        );
      } else if (clipboard) void paste();
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      goUp();
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      const index = selection.focused === undefined ? -1 : keys.indexOf(selection.focused);
      const box = scrollRef.current!.getBoundingClientRect();
      const top =
        index >= 0 ? box.top + index * ROW_HEIGHT - (scrollRef.current?.scrollTop ?? 0) + ROW_HEIGHT : box.top;
      setMenu({ x: box.left + 40, y: Math.min(top, box.bottom - 10) });
    } else if (event.key === '?' && !toggle && !event.altKey) {
      event.preventDefault();
      setKeyboardHelp(true);
    } else if (event.key.length === 1 && !toggle && !event.altKey && event.key !== ' ') {
      // Type-ahead: letters typed close together find a name by its beginning.
      const now = Date.now();
      typed.current = {
        text: now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text + event.key : event.key,
        at: now,
      };
      apply(
        typeAhead(
          selection,
          keys,
          rows.map((r) => r.name),
          typed.current.text,
        ),
      );
    }
  };

  const onRowMouseDown = (event: MouseEvent) => {
    // Shift-click extends the selection; it must not also select the page's text.
    if (event.shiftKey) event.preventDefault();
  };

  const onRowClick = (event: MouseEvent, row: Row) => {
    apply(click(selection, keys, row.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }));
  };

  const onRowContextMenu = (event: MouseEvent, row: Row) => {
    event.preventDefault();
    // Right-click on a row outside the selection selects it, as file managers do.
    if (!selectedSet.has(row.id)) apply(click(selection, keys, row.id));
    setMenu({ x: event.clientX, y: event.clientY });
  };

  const onRowDragStart = (event: DragEvent<HTMLDivElement>, row: Row) => {
    if (!bucket || !connectionId || search || showVersions) return event.preventDefault();
    // Dragging a row outside the selection drags that row alone, as file managers do.
    const dragged = selectedSet.has(row.id) ? selection.selected : [row.id];
    if (!selectedSet.has(row.id)) apply(click(selection, keys, row.id));
    const what = {
      connectionId,
      bucket,
      base: prefix,
      keys: dragged.filter((k) => !k.endsWith('/')),
      prefixes: dragged.filter((k) => k.endsWith('/')),
      sizes: listedSizes(objects, dragged),
    };
    if (dragFilesIfReady(event, what)) return;
    rowsDrag.current = what;
    event.dataTransfer.setData(ROWS_TYPE, JSON.stringify({ bucket }));
    event.dataTransfer.effectAllowed = 'copyMove';
  };

  // Rows dragged out of the window: downloaded meanwhile, so the next drag carries their files.
  const rowsDrag = useRef<DragSelection | undefined>(undefined);
  useEffect(() => {
    const left = (event: globalThis.DragEvent) => {
      const outside =
        event.relatedTarget === null &&
        (event.clientX <= 0 || event.clientY <= 0 || event.clientX >= innerWidth || event.clientY >= innerHeight);
      if (outside && rowsDrag.current) void prepareDragOut(rowsDrag.current, notify, notifyError);
    };
    const ended = () => (rowsDrag.current = undefined);
    document.addEventListener('dragleave', left);
    document.addEventListener('dragend', ended);
    return () => {
      document.removeEventListener('dragleave', left);
      document.removeEventListener('dragend', ended);
    };
  }, [notify, notifyError]);

  /** Rows dropped on a folder row (or a bucket in the sidebar): a move, or a copy with Ctrl/Alt. */
  const onRowDrop = (event: DragEvent<HTMLDivElement>, row: Row) => {
    // Anywhere but on a folder, the table's own drop decides (and knows our dragged-out files).
    if (row.kind !== 'folder' || !bucket) return;
    // Our own files (a drag out that came back in) on a folder are a move of those rows too.
    if (!event.dataTransfer.types.includes(ROWS_TYPE) && !takeOutgoingDrop()) return;
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    if (selectedSet.has(row.id)) return notify('error', `Cannot move ${row.name} into itself.`);
    startOp(event.ctrlKey || event.altKey ? 'copy' : 'move', { bucket, prefix: row.key });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.types.includes(ROWS_TYPE)) return; // rows let go on the table itself: nothing
    if (takeOutgoingDrop()) return; // our own dragged-out files let go here: nothing either
    // While the access check runs, the upload waits for it (see the transfers slice).
    const into = dropFolder;
    setDropFolder(undefined);
    if (mode === 'read-only' || mode === 'none') {
      notify('error', 'This bucket is read-only for this identity: files cannot be uploaded here.');
      return;
    }
    void upload([...event.dataTransfer.files], into);
  };

  const keysItem: MenuItem = {
    label: 'Keyboard shortcuts',
    shortcut: 'F1',
    onSelect: () => setKeyboardHelp(true),
    testId: 'menu-keys',
  };

  const versionItems = (): MenuItem[] => {
    const items: MenuItem[] = [];
    const only = selectedRows.length === 1 ? selectedRows[0]! : undefined;
    if (only?.kind === 'folder')
      items.push({ label: 'Open', shortcut: 'Enter', onSelect: () => openRow(only), testId: 'menu-open' });
    if (only?.versionId && !only.deleteMarker)
      items.push({
        label: 'Download this version…',
        onSelect: () => void download(only.key, only.versionId),
        testId: 'menu-download-version',
      });
    if (canWrite) {
      if (only?.versionId && !only.deleteMarker && !only.isLatest)
        items.push({
          label: 'Revert to this version',
          onSelect: () => void revertVersion(only.key, only.versionId!),
          testId: 'menu-revert',
        });
      if (only?.deleteMarker && only.isLatest)
        items.push({ label: 'Undelete', onSelect: () => void undelete([only.key], []), testId: 'menu-undelete' });
      const folders = selectedRows.filter((r) => r.kind === 'folder');
      if (folders.length)
        items.push({
          label:
            folders.length === 1
              ? 'Undelete everything in this folder'
              : `Undelete everything in ${folders.length} folders`,
          onSelect: () =>
            void undelete(
              [],
              folders.map((f) => f.key),
            ),
          testId: 'menu-undelete-folder',
        });
      if (only?.kind === 'folder')
        items.push({
          label: 'Delete old versions…',
          danger: true,
          onSelect: () => setDialog('purge-old'),
          testId: 'menu-purge-old',
        });
      if (selectedVersions.length)
        items.push({
          label: `Delete ${countOf(selectedVersions.length, 'version')} permanently…`,
          shortcut: 'Del',
          danger: true,
          onSelect: askDelete,
          testId: 'menu-purge',
        });
    }
    if (items.length) items.push('separator');
    items.push({
      label: 'Hide versions',
      onSelect: () => setShowVersions(false),
      testId: 'menu-hide-versions',
    });
    items.push({ label: 'Refresh', shortcut: 'F5', onSelect: refresh, testId: 'menu-refresh' });
    items.push(keysItem);
    return items;
  };

  const menuItems = (): MenuItem[] => {
    if (showVersions && !search) return versionItems();
    const items: MenuItem[] = [];
    if (selectedRows.length === 1 && selectedRows[0]!.kind === 'folder' && bucket && connectionId) {
      const folder = selectedRows[0]!;
      items.push({ label: 'Open', shortcut: 'Enter', onSelect: () => openRow(folder), testId: 'menu-open' });
      const place = { connectionId, bucket, prefix: folder.key };
      const marked = favorites.some((f) => samePlace(f, place));
      items.push({
        label: marked ? 'Remove from favorites' : 'Add to favorites',
        onSelect: () => toggleFavorite(place),
        testId: 'menu-favorite',
      });
    }
    if (onlyObject) {
      // A search result's Enter goes to its folder; Space looks inside it, as everywhere.
      if (search)
        items.push({
          label: 'Show in its folder',
          shortcut: 'Enter',
          onSelect: () => void goToKey(onlyObject.key),
          testId: 'menu-show-in-folder',
        });
      items.push({
        label: 'Look inside',
        shortcut: 'Space',
        onSelect: () => lookInside(onlyObject),
        testId: 'menu-look',
      });
    }
    if (selectedRows.length > 0) {
      items.push({
        label: onlyObject ? 'Download…' : `Download ${countLabel(selectedRows.length)}…`,
        onSelect: () => void downloadSelection(),
        testId: 'menu-download',
      });
    }
    if (selectedRows.length > 0) {
      items.push({
        label: selectedRows.length === 1 ? 'Copy S3 URI' : `Copy ${selectedRows.length} S3 URIs`,
        onSelect: () =>
          void copyToClipboard(selectedRows.map((r) => `s3://${bucket}/${r.key}`).join('\n'), 'the S3 URI'),
        testId: 'menu-copy-uri',
      });
    }
    if (onlyObject) {
      items.push({
        label: 'Copy URL',
        onSelect: async () => {
          const url = await objectUrl(onlyObject.key);
          if (url) await copyToClipboard(url, 'the URL');
        },
        testId: 'menu-copy-url',
      });
    }
    if (selectedRows.length > 0 && search) {
      // Results are copied and moved as rows of the folder searched (no rename: that is in a folder).
      items.push('separator');
      items.push({ label: 'Copy to…', onSelect: () => startOp('copy'), testId: 'menu-copy-to' });
      if (canWrite) items.push({ label: 'Move to…', onSelect: () => startOp('move'), testId: 'menu-move-to' });
      if (canWrite) items.push({ label: 'Cut', shortcut: 'Ctrl+X', onSelect: () => clip('cut'), testId: 'menu-cut' });
      items.push({ label: 'Copy', shortcut: 'Ctrl+C', onSelect: () => clip('copy'), testId: 'menu-copy' });
    }
    if (selectedRows.length > 0 && !search) {
      items.push('separator');
      if (canWrite && selectedRows.length === 1)
        items.push({ label: 'Rename…', shortcut: 'F2', onSelect: () => startOp('rename'), testId: 'menu-rename' });
      items.push({ label: 'Copy to…', onSelect: () => startOp('copy'), testId: 'menu-copy-to' });
      if (canWrite) items.push({ label: 'Move to…', onSelect: () => startOp('move'), testId: 'menu-move-to' });
      if (canWrite) items.push({ label: 'Cut', shortcut: 'Ctrl+X', onSelect: () => clip('cut'), testId: 'menu-cut' });
      items.push({ label: 'Copy', shortcut: 'Ctrl+C', onSelect: () => clip('copy'), testId: 'menu-copy' });
      if (canWrite && selectedRows.every(cold))
        items.push({ label: 'Restore from Glacier…', onSelect: () => setDialog('restore'), testId: 'menu-restore' });
      if (canWrite && selectedRows.every((r) => r.kind === 'folder'))
        items.push({
          label: 'Edit everything inside…',
          onSelect: () => setDialog('folder-edit'),
          testId: 'menu-folder-edit',
        });
    }
    if (canWrite && clipboard && !search) {
      const n = clipboard.keys.length + clipboard.prefixes.length;
      const into = selectedRows.length === 1 && selectedRows[0]!.kind === 'folder' ? selectedRows[0]!.key : undefined;
      items.push({
        label: `Paste ${n} item${n === 1 ? '' : 's'}${into ? ` into ${baseName(into, prefix)}` : ' here'}`,
        shortcut: 'Ctrl+V',
        onSelect: () => void paste(into && bucket ? { bucket, prefix: into } : undefined),
        testId: 'menu-paste',
      });
    }
    if (canWrite) {
      if (items.length) items.push('separator');
      items.push({ label: 'Upload…', onSelect: () => void pickAndUpload(), testId: 'menu-upload' });
      items.push({ label: 'New folder…', onSelect: () => setDialog('folder'), testId: 'menu-new-folder' });
      if (selectedRows.length > 0) {
        items.push('separator');
        items.push({
          label: `Delete ${countLabel(selectedRows.length)}…`,
          shortcut: 'Del',
          danger: true,
          onSelect: askDelete,
          testId: 'menu-delete',
        });
      }
    }
    items.push('separator');
    items.push({ label: 'Select all', shortcut: 'Ctrl+A', onSelect: () => apply(selectAll(selection, keys)) });
    items.push({ label: 'Refresh', shortcut: 'F5', onSelect: refresh, testId: 'menu-refresh' });
    if (prefix) items.push({ label: 'Up one folder', shortcut: 'Backspace', onSelect: goUp });
    items.push(keysItem);
    return items;
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
        <button
          type="button"
          className="icon-button"
          aria-label="Back"
          title="Back (Alt+←)"
          disabled={!canBack}
          onClick={back}
        >
          ←
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Forward"
          title="Forward (Alt+→)"
          disabled={!canForward}
          onClick={forward}
        >
          →
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Refresh"
          title="Refresh (F5)"
          onClick={refresh}
          data-testid="refresh-button"
        >
          ⟳
        </button>
        <Breadcrumbs />
        <FavoriteToggle />
        <form
          className="filter-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (filter.trim()) void startSearch(filter.trim());
          }}
        >
          <input
            className="filter"
            type="search"
            placeholder="Filter, or Enter to search below"
            aria-label="Filter by name; Enter searches every folder below"
            title="Typing filters this folder; Enter searches every folder below (text, or a glob like *.json). Ctrl+F comes here, ↓ goes to the rows."
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            ref={filterRef}
            onKeyDown={(e) => {
              // Escape in a search box leaves the search, not only its text (the results would stay).
              if (e.key === 'Escape' && search) {
                e.preventDefault();
                closeSearch();
              } else if (e.key === 'ArrowDown' && rows.length) {
                // Down from the box into the rows it filtered, the first one selected.
                e.preventDefault();
                scrollRef.current?.focus();
                if (!selection.focused || !keys.includes(selection.focused)) apply(move(selection, keys, 'home'));
              }
            }}
            data-testid="filter-input"
          />
        </form>
      </div>
      <div className="toolbar secondary">
        {canWrite && (
          <>
            <button type="button" onClick={() => void pickAndUpload()} data-testid="upload-button">
              Upload…
            </button>
            <button type="button" onClick={() => setDialog('folder')} data-testid="new-folder-button">
              New folder
            </button>
          </>
        )}
        <button
          type="button"
          disabled={selection.selected.length === 0}
          onClick={() => {
            if (!showVersions) return void downloadSelection();
            const only = selectedVersions.length === 1 ? selectedVersions[0]! : undefined;
            if (only && !only.deleteMarker) void download(only.key, only.versionId);
            else
              notify('error', 'In the versions view, download one version at a time (a delete marker has no bytes).');
          }}
          data-testid="toolbar-download-button"
          title={
            onlyObject
              ? `Download ${onlyObject.name}`
              : 'Download what is selected into a folder, keeping its structure'
          }
        >
          Download…
        </button>
        {canWrite && (
          <button
            type="button"
            className="danger"
            disabled={selection.selected.length === 0}
            onClick={askDelete}
            data-testid="delete-button"
          >
            {/* One label whatever is selected in the versions view: a label that grew with the
                selection wrapped the toolbar and moved the table under the pointer mid-double-click. */}
            {showVersions
              ? 'Delete for good…'
              : selection.selected.length === 0
                ? 'Delete'
                : `Delete ${countLabel(selection.selected.length)}`}
          </button>
        )}
        <label
          className="inline-field"
          title="List every version and delete marker (costs more than the usual listing)"
        >
          <input
            type="checkbox"
            checked={showVersions}
            onChange={(e) => setShowVersions(e.target.checked)}
            data-testid="show-versions"
          />
          Show versions
        </label>
        {mode === 'read-only' && (
          <span className="chip read-only" data-testid="read-only-badge" title="You may list and read here, not change">
            read-only
          </span>
        )}
        {mode === 'checking' && <span className="muted">Checking what you may do here…</span>}
      </div>
      {search && (
        <div className={`search-banner state-${search.state}`} role="status" data-testid="search-banner">
          <span>
            {search.state === 'running' ? 'Searching' : 'Searched'}{' '}
            <b className="mono">
              s3://{bucket}/{search.prefix}
            </b>{' '}
            for <b className="mono">{search.pattern}</b>: {search.results.length.toLocaleString()} found in{' '}
            {search.scanned.toLocaleString()} scanned
            {search.state === 'capped' && ` (the first ${search.cap.toLocaleString()})`}
            {search.state === 'stopped' && ' (stopped)'}
            {search.state === 'error' && ` — ${search.error}`}
          </span>
          {search.state === 'running' && (
            <button type="button" onClick={stopSearch} data-testid="search-stop">
              Stop
            </button>
          )}
          {search.state === 'capped' && (
            <button
              type="button"
              onClick={() => void startSearch(search.pattern, search.cap * 10)}
              data-testid="search-more"
            >
              Show up to {(search.cap * 10).toLocaleString()}
            </button>
          )}
          <button type="button" onClick={closeSearch} data-testid="search-close">
            Back to the folder
          </button>
        </div>
      )}
      <div className="table-head" role="row">
        <span role="columnheader">{header('Name', 'name')}</span>
        <span role="columnheader">{header('Size', 'size')}</span>
        <span role="columnheader">{header('Last modified', 'lastModified')}</span>
        <span role="columnheader" className="storage-class">
          Storage class
        </span>
      </div>
      <div
        className={`table-body${dragging ? ' dragging' : ''}`}
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="Objects"
        aria-multiselectable="true"
        aria-rowcount={rows.length}
        data-testid="object-table"
        data-keyboard-home
        onKeyDown={onKeyDown}
        onContextMenu={(event) => {
          if ((event.target as HTMLElement).closest('[data-testid="object-row"]')) return;
          event.preventDefault();
          apply(clear(selection));
          setMenu({ x: event.clientX, y: event.clientY });
        }}
        onDragOver={(e) => {
          e.preventDefault();
          // Rows dragged within the window are not an upload: no "drop to upload" over them.
          if (e.dataTransfer.types.includes(ROWS_TYPE)) return;
          setDragging(true);
          const over = (e.target as HTMLElement).closest<HTMLElement>('[data-testid="object-row"].folder');
          setDropFolder(over && !search && !showVersions ? (over.dataset.key ?? undefined) : undefined);
        }}
        onDragLeave={() => {
          setDragging(false);
          setDropFolder(undefined);
        }}
        onDrop={onDrop}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const isSelected = selectedSet.has(row.id);
            return (
              <div
                key={row.id}
                role="row"
                className={`object-row ${row.kind}${dragging && row.key === dropFolder ? ' drop-into' : ''}${isSelected ? ' selected' : ''}${row.id === selection.focused ? ' focused' : ''}${row.deleteMarker || row.deletedFolder ? ' deleted' : ''}${row.versionId !== undefined && !row.isLatest ? ' older' : ''}`}
                aria-selected={isSelected}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-testid="object-row"
                data-key={row.key}
                data-version-id={row.versionId}
                onMouseDown={onRowMouseDown}
                onClick={(event) => onRowClick(event, row)}
                onDoubleClick={() => openRow(row)}
                onContextMenu={(event) => onRowContextMenu(event, row)}
                draggable={!search && !showVersions}
                onDragStart={(event) => onRowDragStart(event, row)}
                onDragOver={(event) => {
                  if (row.kind === 'folder' && event.dataTransfer.types.includes(ROWS_TYPE)) {
                    event.preventDefault();
                    event.stopPropagation();
                    event.dataTransfer.dropEffect = event.ctrlKey || event.altKey ? 'copy' : 'move';
                  }
                }}
                onDrop={(event) => onRowDrop(event, row)}
              >
                <span className="name" title={row.key}>
                  {row.kind === 'folder' && <FolderIcon />}
                  {row.name}
                  {row.versionId !== undefined && (
                    <span className="version-id mono" title={`version ${row.versionId}`}>
                      {shortVersionId(row.versionId)}
                    </span>
                  )}
                  {row.isLatest && <span className="badge latest">latest</span>}
                  {row.deleteMarker && <span className="badge marker">delete marker</span>}
                  {row.deletedFolder && <span className="badge marker">deleted folder</span>}
                </span>
                <span className="num">
                  {row.kind === 'object' && !row.deleteMarker ? formatBytes(row.size ?? 0) : ''}
                </span>
                <span>{row.kind === 'object' ? formatDate(row.lastModified) : ''}</span>
                <span className="muted row-end">
                  <span className="storage-class">{row.storageClass ?? ''}</span>
                  {row.kind === 'folder' && (
                    <button
                      type="button"
                      className="open-folder"
                      aria-label={`Open ${row.name}`}
                      title="Open (double-click or Enter)"
                      // For the mouse: the keyboard opens the focused row with Enter, and a Tab stop per
                      // folder row would put every folder on screen between the table and the next pane.
                      tabIndex={-1}
                      onClick={(event) => {
                        event.stopPropagation();
                        openRow(row);
                      }}
                      data-testid="open-folder"
                    >
                      ›
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
        {listing === 'error' && listError && !search && rows.length === 0 && (
          // Said where the rows would be, not only in the status bar below: an empty table read as
          // an empty folder.
          <div className="table-empty" data-testid="list-failed">
            <p>
              {listError.status === 403 ? 'This identity may not list this folder' : 'This folder could not be listed'}{' '}
              ({listError.code}).
            </p>
            {listDenial && (
              <p className="denial">
                <b>Why:</b> {listDenial}
              </p>
            )}
          </div>
        )}
        {(listing === 'done' || search) && rows.length === 0 && (
          <div className="table-empty" data-testid="empty-folder">
            {search
              ? search.state === 'running'
                ? 'Searching…'
                : `Nothing under s3://${bucket}/${search.prefix} matches "${search.pattern}".`
              : filter
                ? `Nothing here matches "${filter}".`
                : canWrite
                  ? 'This folder is empty. Drop files here, or use Upload…, to add some.'
                  : 'This folder is empty.'}
          </div>
        )}
        {dragging && (
          <div
            className={`drop-overlay${mode === 'read-only' || mode === 'none' ? ' refused' : ''}`}
            data-testid="drop-overlay"
          >
            {mode === 'read-only' || mode === 'none'
              ? 'Read-only: files cannot be uploaded here'
              : `Drop to upload to s3://${bucket}/${dropFolder ?? prefix}`}
          </div>
        )}
      </div>
      <footer className="status-bar" data-testid="listing-status">
        {/* In the status bar, not the toolbar: a count appearing there would move the table. */}
        <span className="selection-count" data-testid="selection-count" aria-live="polite">
          {selection.selected.length > 0 ? `${countLabel(selection.selected.length)} selected · ` : ''}
        </span>
        {showVersions && !search && (
          <span data-testid="versions-status">
            {versionsListing === 'loading' && `Listing versions… ${versionRows.length.toLocaleString()} so far`}
            {versionsListing === 'done' &&
              `${countOf(versionFolders.length, 'folder')}, ` +
                (versionRows.length === 1
                  ? '1 version or delete marker'
                  : `${versionRows.length.toLocaleString()} versions and delete markers`) +
                (neverVersioned ? ' (never versioned: each object is its one version, null)' : '')}
            {versionsListing === 'error' && versionsError && (
              <span className="error" role="alert">
                {versionsError.message}
              </span>
            )}
          </span>
        )}
        {!showVersions && !search && listing === 'loading' && (
          <span>Listing… {(folders.length + objects.length).toLocaleString()} so far</span>
        )}
        {search && <span>{countOf(search.results.length, 'result')}</span>}
        {!showVersions && !search && listing === 'done' && (
          <span>
            {countOf(folders.length, 'folder')}, {countOf(objects.length, 'object')}
            {filter ? ` (${rows.length.toLocaleString()} shown)` : ''}
          </span>
        )}
        {/* In the versions view its own error is the one said (both ran together into one line). */}
        {listing === 'error' && listError && !(showVersions && !search && versionsListing === 'error') && (
          <span className="error" role="alert">
            {showVersions && !search && versionsListing !== 'loading' ? ' · ' : ''}
            {withHint(listError.message, listError.hint)}
          </span>
        )}
      </footer>
      {menu && (
        <ContextMenu
          items={menuItems()}
          x={menu.x}
          y={menu.y}
          onClose={() => {
            setMenu(undefined);
            scrollRef.current?.focus();
          }}
        />
      )}
      {dialog === 'folder' && (
        <NewFolderDialog
          bucket={bucket ?? ''}
          prefix={prefix}
          folders={folders}
          objects={objects}
          onCreate={(name) => {
            void createFolder(name);
            setDialog('none');
          }}
          onCancel={() => setDialog('none')}
        />
      )}
      {op && <CopyMoveDialog request={op} />}
      {quickLook && (
        <Dialog
          title={quickLook.key}
          onCancel={() => {
            setQuickLook(undefined);
            scrollRef.current?.focus();
          }}
          testId="quick-look"
          wide
        >
          <div
            className="quick-look"
            tabIndex={0}
            data-autofocus
            onKeyDown={(event) => {
              if (event.key === ' ') {
                event.preventDefault();
                setQuickLook(undefined);
                scrollRef.current?.focus();
              } else if (
                (event.key === 'ArrowDown' || event.key === 'ArrowUp') &&
                (event.target === event.currentTarget ||
                  (event.target as HTMLElement).dataset.verticalArrows === 'pass')
              ) {
                // The next or previous object of the table, looked at in place (as a file manager's
                // quick look does); the table's selection follows. Arrows inside a preview (a table,
                // a player) stay theirs, unless it says it has no use for ↑ ↓ (a PDF, which takes
                // the keyboard to turn pages: ↓ did nothing there).
                event.preventDefault();
                const lookable = rows.filter((r) => r.kind === 'object' && !r.deleteMarker);
                const at = lookable.findIndex((r) => r.key === quickLook.key && r.versionId === quickLook.versionId);
                const next = lookable[at + (event.key === 'ArrowDown' ? 1 : -1)];
                if (at < 0 || !next) return;
                apply({ focused: next.id, anchor: next.id, selected: [next.id] });
                setQuickLook({ key: next.key, versionId: next.versionId });
              }
            }}
          >
            <Preview objectKey={quickLook.key} versionId={quickLook.versionId} />
          </div>
        </Dialog>
      )}
      {dialog === 'folder-edit' && (
        <FolderEditDialog
          prefixes={selectedRows.filter((r) => r.kind === 'folder').map((r) => r.key)}
          versioned={versioned}
          onClose={() => setDialog('none')}
        />
      )}
      {dialog === 'restore' && (
        <RestoreDialog
          keys={selectedRows.filter((r) => r.kind === 'object').map((r) => r.key)}
          prefixes={selectedRows.filter((r) => r.kind === 'folder').map((r) => r.key)}
          onClose={() => setDialog('none')}
        />
      )}
      {dialog === 'purge' && connectionId && (
        <PurgeDialog
          connectionId={connectionId}
          bucket={bucket}
          target={{
            kind: 'versions',
            versions: selectedVersions.map((r) => ({
              key: r.key,
              versionId: r.versionId!,
              size: r.size ?? 0,
              deleteMarker: r.deleteMarker === true,
            })),
          }}
          onCancel={() => {
            setDialog('none');
            scrollRef.current?.focus();
          }}
          onConfirm={(bypassGovernance) => {
            setDialog('none');
            void purgeVersions(
              selectedVersions.map((r) => ({ key: r.key, versionId: r.versionId! })),
              bypassGovernance,
            );
            scrollRef.current?.focus();
          }}
        />
      )}
      {dialog === 'purge-old' && connectionId && selectedRows[0]?.kind === 'folder' && (
        <PurgeDialog
          connectionId={connectionId}
          bucket={bucket}
          target={{ kind: 'old-versions', prefix: selectedRows[0].key }}
          onCancel={() => setDialog('none')}
          onConfirm={() => {
            const folder = selectedRows[0]!.key;
            setDialog('none');
            void purgeOldVersions(folder);
          }}
        />
      )}
      {dialog === 'delete' && connectionId && (
        <DeleteDialog
          connectionId={connectionId}
          bucket={bucket}
          versioned={versioned}
          selected={selection.selected}
          onCancel={() => {
            setDialog('none');
            scrollRef.current?.focus();
          }}
          onConfirm={(folderObjects) => {
            setDialog('none');
            void deleteSelection(folderObjects);
            scrollRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
