import { useState, type FormEvent } from 'react';
import type { ProbeResult, PublicAccessState } from '../../electron/contract';
import { PUBLIC_ACCESS_LABELS } from '../../electron/shared/public-access';
import { useStore } from '../store/store';
import { Choice } from './Checkbox';
import { ConfirmDialog, Dialog } from './Dialog';
import { SubmitRow } from './SubmitRow';
import { ConnectionDialog } from './ConnectionDialog';
import { ContextMenu, type MenuItem } from './ContextMenu';
import { FAVORITE_LABEL_MAX, type Favorite } from '../store/prefs';
import { ROWS_TYPE } from '../ops/rows-drag';
import { copyToClipboard } from '../clipboard';
import { bridge } from '../api';
import { bucketNameProblem } from '../../electron/shared/bucket-names';
import { AWS_REGIONS } from '../../electron/shared/regions';
import { parseS3Location } from '../../electron/shared/s3-location';
import { withHint } from '../../electron/shared/bridge-error';

function CreateBucketDialog({ onClose }: { onClose: () => void }) {
  const createBucket = useStore((s) => s.createBucket);
  const defaultRegion = useStore(
    (s) => s.connections.find((c) => c.id === s.connectionId)?.defaultRegion ?? 'us-east-1',
  );
  const [name, setName] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const [objectLock, setObjectLock] = useState(false);
  // One CreateBucket at a time: a double-click sent two, and the second's BucketAlreadyOwnedByYou
  // was shown as a failure over the bucket the first had made.
  const [creating, setCreating] = useState(false);
  const problem = name ? bucketNameProblem(name) : undefined;
  const valid = Boolean(name) && !problem;
  return (
    <Dialog title="New bucket" onCancel={onClose} testId="bucket-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (creating || !valid) return;
          setCreating(true);
          const created = await createBucket(name, region, objectLock || undefined);
          setCreating(false);
          if (created) onClose();
        }}
      >
        <label className="field">
          <span>Name (3–63 characters: a–z, 0–9, dots and hyphens; unique across all of S3)</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
            data-testid="bucket-name-input"
            spellCheck={false}
            aria-invalid={Boolean(problem)}
            aria-describedby="bucket-name-problem"
          />
          {problem && (
            <span className="field-error" id="bucket-name-problem" data-testid="bucket-name-problem">
              {problem}
            </span>
          )}
        </label>
        <label className="field">
          <span>Region</span>
          <select value={region} onChange={(e) => setRegion(e.target.value)} data-testid="bucket-region-select">
            {AWS_REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <Choice
          checked={objectLock}
          onChange={setObjectLock}
          testId="new-bucket-object-lock"
          label="Object Lock"
          detail="versions can be kept from deletion by a retention or a legal hold. It turns versioning on, and neither can be turned off again."
        />
        <SubmitRow
          onCancel={onClose}
          label={creating ? 'Creating…' : objectLock ? 'Create bucket with Object Lock' : 'Create bucket'}
          disabled={!valid || creating}
          testId="create-bucket-submit"
        />
      </form>
    </Dialog>
  );
}

/** The chip's short words; the full label and the reason are in its tooltip and the info pane. */
const PUBLIC_CHIP: Record<PublicAccessState, string> = {
  public: 'public',
  'objects-can-be-public': 'can be public',
  'not-public': 'not public',
  'authorized-only': 'account only',
  unknown: 'access ?',
};

function PublicChip({ name }: { name: string }) {
  const report = useStore((s) => s.access[name]);
  if (!report || report === 'loading' || 'code' in report) return null;
  return (
    <span
      className={`chip public-access pa-${report.publicAccess}`}
      title={`${PUBLIC_ACCESS_LABELS[report.publicAccess]}. ${report.publicAccessReason}`}
      data-testid={`public-${name}`}
      data-state={report.publicAccess}
    >
      {PUBLIC_CHIP[report.publicAccess]}
    </span>
  );
}

const ACCESS_LABEL: Record<ProbeResult['access']['verdict'], string> = {
  ok: 'OK',
  forbidden: '403',
  'not-found': '404',
  'bad-request': '400',
  redirect: '301',
  error: 'error',
};

/**
 * The bucket list is one stop for Tab (the open bucket, or the first): ↑ ↓ Home End move between
 * buckets and Enter opens one, so an account with hundreds of buckets is not hundreds of Tabs
 * between the sidebar and the table.
 */
function moveInList(from: HTMLElement, key: string): boolean {
  const rows = [...(from.closest('ul')?.querySelectorAll<HTMLElement>('.bucket-row') ?? [])];
  const at = rows.indexOf(from);
  const to =
    key === 'ArrowDown'
      ? at + 1
      : key === 'ArrowUp'
        ? at - 1
        : key === 'Home'
          ? 0
          : key === 'End'
            ? rows.length - 1
            : -2;
  if (to === -2) return false;
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
  return true;
}

function BucketRow({ name, tabbable }: { name: string; tabbable: boolean }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>();
  const [dropping, setDropping] = useState(false);
  const clipboard = useStore((s) => s.clipboard);
  const paste = useStore((s) => s.paste);
  const openOp = useStore((s) => s.openOp);
  const current = useStore((s) => s.bucket);
  const prefix = useStore((s) => s.prefix);
  const selectionItems = useStore((s) => s.selectionItems);
  const loadAccess = useStore((s) => s.loadAccess);
  const probe = useStore((s) => s.probes[name]);
  const listed = useStore((s) => s.buckets.find((b) => b.name === name));
  const selected = useStore((s) => s.bucket === name);
  const openBucket = useStore((s) => s.openBucket);
  const forgetBucket = useStore((s) => s.forgetBucket);
  const result = probe === 'probing' ? undefined : probe;
  const region = result?.region ?? listed?.region;
  const verdict = result?.access.verdict;
  const readOnly = result?.mode === 'read-only';
  return (
    <li
      className={`bucket-item${dropping ? ' drop-target' : ''}`}
      onContextMenu={(event) => {
        event.preventDefault();
        setMenu({ x: event.clientX, y: event.clientY });
      }}
      onDragOver={(event) => {
        // Rows dragged from the table onto a bucket: moved (Ctrl/Alt: copied) to its top.
        if (!event.dataTransfer.types.includes(ROWS_TYPE)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = event.ctrlKey || event.altKey ? 'copy' : 'move';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(event) => {
        if (!event.dataTransfer.types.includes(ROWS_TYPE) || !current) return;
        event.preventDefault();
        setDropping(false);
        openOp({
          kind: event.ctrlKey || event.altKey ? 'copy' : 'move',
          bucket: current,
          base: prefix,
          ...selectionItems(),
          targetBucket: name,
          targetPrefix: '',
        });
      }}
    >
      <button
        type="button"
        className={`bucket-row${selected ? ' selected' : ''}`}
        data-testid={`bucket-${name}`}
        title={result?.access.explanation}
        tabIndex={tabbable ? 0 : -1}
        onClick={() => void openBucket(name)}
        onKeyDown={(event) => {
          if (!event.altKey && !event.ctrlKey && !event.metaKey && moveInList(event.currentTarget, event.key)) {
            event.preventDefault();
          } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
            event.preventDefault();
            const box = event.currentTarget.getBoundingClientRect();
            setMenu({ x: box.left + 20, y: box.bottom });
          }
        }}
      >
        <span className="bucket-name">{name}</span>
        <span className="bucket-meta">
          <span className="chip region">{region ?? (probe === 'probing' ? '…' : '?')}</span>
          {result && result.locationType !== 'Region' && (
            <span className="chip zone">{result.locationType === 'AvailabilityZone' ? 'AZ' : 'LZ'}</span>
          )}
          {verdict && !readOnly && (
            <span className={`chip access access-${verdict}`}>
              {/* A redirect that was not followed may be a 307 (a new bucket's), not only a 301. */}
              {verdict === 'redirect' && result?.access.status ? String(result.access.status) : ACCESS_LABEL[verdict]}
            </span>
          )}
          {readOnly && <span className="chip access access-read-only">read-only</span>}
          <PublicChip name={name} />
        </span>
      </button>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(undefined)}
          items={[
            { label: 'Open', onSelect: () => void openBucket(name), testId: 'bucket-menu-open' },
            ...(clipboard
              ? [
                  {
                    label: `Paste ${clipboard.keys.length + clipboard.prefixes.length} item(s) into ${name}`,
                    shortcut: 'Ctrl+V',
                    onSelect: () => void paste({ bucket: name }),
                    testId: 'bucket-menu-paste',
                  },
                ]
              : []),
            {
              label: 'Copy S3 URI',
              onSelect: () => void copyToClipboard(`s3://${name}/`, 'the S3 URI'),
              testId: 'bucket-menu-copy-uri',
            },
            {
              label: 'Read its access again',
              onSelect: () => void loadAccess(name, true),
              testId: 'bucket-menu-access',
            },
          ]}
        />
      )}
      {listed?.byName && (
        <button
          type="button"
          className="icon-button forget"
          aria-label={`Remove ${name} from the list`}
          title="Remove from the list (opened by name)"
          onClick={() => forgetBucket(name)}
          data-testid={`forget-${name}`}
        >
          ×
        </button>
      )}
    </li>
  );
}

/** A favorite's own name: the one given it, or its folder's (or bucket's). */
function favoriteName(f: Favorite): string {
  return f.label ?? (f.prefix ? `${f.prefix.split('/').filter(Boolean).at(-1)}/` : f.bucket);
}

function RenameFavoriteDialog({ favorite, onClose }: { favorite: Favorite; onClose: () => void }) {
  const renameFavorite = useStore((s) => s.renameFavorite);
  const [name, setName] = useState(favoriteName(favorite));
  return (
    <Dialog title="Rename favorite" onCancel={onClose} testId="favorite-rename-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          renameFavorite(favorite, name);
          onClose();
        }}
      >
        <label className="field">
          <span>
            Name for s3://{favorite.bucket}/{favorite.prefix} (left empty: its folder’s own name)
          </span>
          <input
            value={name}
            maxLength={FAVORITE_LABEL_MAX}
            onChange={(e) => setName(e.target.value)}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="favorite-name-input"
            spellCheck={false}
          />
        </label>
        <SubmitRow onCancel={onClose} label="Rename" />
      </form>
    </Dialog>
  );
}

/**
 * Folders marked with ☆ (or Ctrl+D), across connections: one click opens the folder, on its own
 * connection. A favorite whose connection was removed is not shown. Each has a menu (right-click,
 * Shift+F10): open, rename, move up or down (also Alt+↑ Alt+↓), remove.
 */
function Favorites() {
  const favorites = useStore((s) => s.favorites);
  const connections = useStore((s) => s.connections);
  const openPlace = useStore((s) => s.openPlace);
  const toggleFavorite = useStore((s) => s.toggleFavorite);
  const moveFavorite = useStore((s) => s.moveFavorite);
  const [menu, setMenu] = useState<{ favorite: Favorite; x: number; y: number }>();
  const [renaming, setRenaming] = useState<Favorite>();
  const shown = favorites.filter((f) => connections.some((c) => c.id === f.connectionId));
  if (shown.length === 0) return null;
  const several = new Set(shown.map((f) => f.connectionId)).size > 1;
  const items = (f: Favorite, index: number): MenuItem[] => [
    { label: 'Open', onSelect: () => void openPlace(f.connectionId, f.bucket, f.prefix), testId: 'favorite-menu-open' },
    { label: 'Rename…', onSelect: () => setRenaming(f), testId: 'favorite-menu-rename' },
    'separator',
    {
      label: 'Move up',
      shortcut: 'Alt+↑',
      disabled: index === 0,
      onSelect: () => moveFavorite(f, -1),
      testId: 'favorite-menu-up',
    },
    {
      label: 'Move down',
      shortcut: 'Alt+↓',
      disabled: index === shown.length - 1,
      onSelect: () => moveFavorite(f, 1),
      testId: 'favorite-menu-down',
    },
    'separator',
    { label: 'Remove from favorites', onSelect: () => toggleFavorite(f), testId: 'favorite-menu-remove' },
  ];
  return (
    <section aria-label="Favorites" data-testid="favorites">
      <div className="section-title">
        <span>Favorites</span>
      </div>
      <ul className="bucket-list">
        {shown.map((f, index) => {
          const where = `s3://${f.bucket}/${f.prefix}`;
          const connection = connections.find((c) => c.id === f.connectionId)!.name;
          return (
            <li key={`${f.connectionId} ${where}`} className="bucket-item">
              <button
                type="button"
                className="bucket-row favorite"
                title={`${where} (${connection})`}
                onClick={() => void openPlace(f.connectionId, f.bucket, f.prefix)}
                onContextMenu={(event) => {
                  event.preventDefault();
                  setMenu({ favorite: f, x: event.clientX, y: event.clientY });
                }}
                onKeyDown={(event) => {
                  if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
                    event.preventDefault();
                    const box = event.currentTarget.getBoundingClientRect();
                    setMenu({ favorite: f, x: box.left + 20, y: box.bottom });
                  } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
                    event.preventDefault();
                    moveFavorite(f, event.key === 'ArrowUp' ? -1 : 1);
                  }
                }}
                data-testid="favorite"
                data-place={where}
              >
                <span className="bucket-name">★ {favoriteName(f)}</span>
                <span className="muted mono ellipsis">
                  {f.prefix ? where : f.bucket}
                  {several ? ` · ${connection}` : ''}
                </span>
              </button>
              <button
                type="button"
                className="icon-button forget"
                aria-label={`Remove ${where} from favorites`}
                title="Remove from favorites"
                onClick={() => toggleFavorite(f)}
                data-testid="favorite-remove"
              >
                ×
              </button>
              {menu && menu.favorite === f && (
                <ContextMenu items={items(f, index)} x={menu.x} y={menu.y} onClose={() => setMenu(undefined)} />
              )}
            </li>
          );
        })}
      </ul>
      {renaming && <RenameFavoriteDialog favorite={renaming} onClose={() => setRenaming(undefined)} />}
    </section>
  );
}

/** Buckets this connection suggests opening by name, until they are in the list. */
function Suggestions() {
  const suggested = useStore((s) => s.connections.find((c) => c.id === s.connectionId)?.suggestedBuckets);
  const buckets = useStore((s) => s.buckets);
  const openBucketByName = useStore((s) => s.openBucketByName);
  const open = (suggested ?? []).filter((name) => !buckets.some((b) => b.name === name));
  if (open.length === 0) return null;
  return (
    <div className="suggestions" data-testid="suggestions">
      <span className="muted">Try opening by name:</span>
      {open.map((name) => (
        <button
          key={name}
          type="button"
          className="link"
          onClick={() => void openBucketByName(name)}
          data-testid={`suggest-${name}`}
        >
          {name}
        </button>
      ))}
    </div>
  );
}

export function Sidebar() {
  const connections = useStore((s) => s.connections);
  const connectionId = useStore((s) => s.connectionId);
  const selectConnection = useStore((s) => s.selectConnection);
  const buckets = useStore((s) => s.buckets);
  const bucketsLoading = useStore((s) => s.bucketsLoading);
  const bucketsError = useStore((s) => s.bucketsError);
  const loadBuckets = useStore((s) => s.loadBuckets);
  const openBucketByName = useStore((s) => s.openBucketByName);
  const [byName, setByName] = useState('');
  const [creating, setCreating] = useState(false);
  const [connectionDialog, setConnectionDialog] = useState<'add' | 'edit' | undefined>();
  const [removing, setRemoving] = useState(false);
  const current = connections.find((c) => c.id === connectionId);
  const loadConnections = useStore((s) => s.loadConnections);
  const notifyError = useStore((s) => s.notifyError);
  const demo = useStore((s) => s.demo);
  const access = useStore((s) => s.access);
  const accessFilter = useStore((s) => s.accessFilter);
  const setAccessFilter = useStore((s) => s.setAccessFilter);
  const openName = useStore((s) => s.bucket);
  const shown =
    accessFilter === 'all'
      ? buckets
      : buckets.filter((b) => {
          const report = access[b.name];
          return report && report !== 'loading' && !('code' in report) && report.publicAccess === accessFilter;
        });

  const byNameProblem = byName.trim()
    ? (() => {
        const parsed = parseS3Location(byName);
        return parsed.ok ? undefined : parsed.problem;
      })()
    : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (byNameProblem) return;
    if (await openBucketByName(byName)) setByName('');
  };

  return (
    <nav className="sidebar" aria-label="Connections and buckets">
      <header className="brand">
        <span className="logo" aria-hidden>
          ◧
        </span>{' '}
        Bucket Explorer
      </header>
      <label className="field">
        <span>Connection</span>
        <select
          data-testid="connection-select"
          value={connectionId ?? ''}
          onChange={(e) => e.target.value && void selectConnection(e.target.value, { byUser: true })}
          title={current?.name}
        >
          {!connectionId && (
            <option value="" disabled>
              {demo.state === 'starting' ? 'Demo — starting…' : 'Choose a connection'}
            </option>
          )}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        <button type="button" onClick={() => setConnectionDialog('add')} data-testid="add-connection-button">
          Add connection…
        </button>
        {current?.removable && (
          <>
            <button type="button" onClick={() => setConnectionDialog('edit')} data-testid="edit-connection-button">
              Edit…
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => setRemoving(true)}
              data-testid="remove-connection-button"
            >
              Remove…
            </button>
          </>
        )}
      </div>
      {demo.state === 'starting' && (
        <p className="muted" data-testid="demo-status">
          Starting the demo: a multi-region S3 world on this computer. It opens by itself in a few seconds.
        </p>
      )}
      {demo.state === 'unavailable' && (
        <p className="warning" role="status" data-testid="demo-status">
          {demo.detail}
        </p>
      )}
      {current?.secretStorage === 'weak' && (
        <p className="warning">This connection's secret is only obfuscated on disk: no keyring was available.</p>
      )}
      <Favorites />
      <div className="section-title">
        <span>Buckets</span>
        <span className="button-row">
          <button
            type="button"
            className="icon-button"
            // Anonymous requests belong to no account: S3 refuses to create a bucket for them.
            title={current?.anonymous ? 'New bucket: not with anonymous access (no account owns it)' : 'New bucket'}
            aria-label="New bucket"
            disabled={current?.anonymous}
            onClick={() => setCreating(true)}
            data-testid="new-bucket-button"
          >
            +
          </button>
          <button
            type="button"
            className="icon-button"
            title="Refresh buckets"
            aria-label="Refresh buckets"
            onClick={() => void loadBuckets()}
          >
            ⟳
          </button>
        </span>
      </div>
      {bucketsLoading && <p className="muted">Loading buckets…</p>}
      {bucketsError && (
        <p className="error" role="alert">
          {withHint(bucketsError.message, bucketsError.hint)}
        </p>
      )}
      {current?.anonymous && buckets.length === 0 && (
        <p className="muted">Anonymous access cannot list buckets: open a public one by name below.</p>
      )}
      {buckets.length > 1 && (
        <label className="field compact">
          <span className="sr-only">Show buckets by public access</span>
          <select
            value={accessFilter}
            onChange={(e) => setAccessFilter(e.target.value as typeof accessFilter)}
            data-testid="access-filter"
            aria-label="Show buckets by public access"
          >
            <option value="all">All buckets (filter by public access…)</option>
            {(Object.keys(PUBLIC_ACCESS_LABELS) as PublicAccessState[]).map((state) => (
              <option key={state} value={state}>
                {PUBLIC_ACCESS_LABELS[state]}
              </option>
            ))}
          </select>
        </label>
      )}
      <ul className="bucket-list" data-testid="bucket-list" aria-label="Buckets">
        {shown.map((b, i) => (
          <BucketRow
            key={b.name}
            name={b.name}
            tabbable={b.name === openName || (i === 0 && !shown.some((x) => x.name === openName))}
          />
        ))}
        {shown.length === 0 && buckets.length > 0 && (
          <li className="muted" data-testid="access-filter-empty">
            {Object.values(access).includes('loading')
              ? 'Reading each bucket’s access…'
              : `No bucket is “${accessFilter === 'all' ? '' : PUBLIC_ACCESS_LABELS[accessFilter]}”.`}
          </li>
        )}
      </ul>
      <Suggestions />
      <form className="open-by-name" onSubmit={submit}>
        <label className="field">
          <span>Open a bucket by name, s3:// path or S3 URL</span>
          <input
            data-testid="open-bucket-input"
            value={byName}
            onChange={(e) => setByName(e.target.value)}
            placeholder="bucket-name or s3://bucket/folder/"
            spellCheck={false}
            aria-invalid={Boolean(byNameProblem)}
            aria-describedby="open-bucket-problem"
          />
          {byNameProblem && (
            <span className="field-error" id="open-bucket-problem" data-testid="open-bucket-problem">
              {byNameProblem}
            </span>
          )}
        </label>
        <button type="submit" data-testid="open-bucket-button" disabled={!byName.trim() || Boolean(byNameProblem)}>
          Open
        </button>
      </form>
      {creating && <CreateBucketDialog onClose={() => setCreating(false)} />}
      {connectionDialog && (
        <ConnectionDialog
          onClose={() => setConnectionDialog(undefined)}
          editing={connectionDialog === 'edit' ? current : undefined}
        />
      )}
      {removing && current && (
        <ConfirmDialog
          title="Remove this connection?"
          message={
            <p>
              Remove <b>{current.name}</b> and its stored keys from this computer? Nothing in its buckets changes.
            </p>
          }
          confirmLabel="Remove connection"
          onCancel={() => setRemoving(false)}
          onConfirm={async () => {
            setRemoving(false);
            try {
              await bridge()['connections/remove']({ id: current.id });
              useStore.setState({ connectionId: undefined });
              await loadConnections();
            } catch (error) {
              notifyError(error);
            }
          }}
        />
      )}
    </nav>
  );
}
