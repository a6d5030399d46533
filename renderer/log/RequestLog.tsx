import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestRecord } from '../../electron/contract';
import { decisionInWords, toCurl } from '../../electron/shared/log-export';
import { explainDenial } from '../../electron/shared/denials';
import { copyToClipboard } from '../clipboard';
import { ContextMenu, type MenuItem } from '../components/ContextMenu';
import {
  formatBytes,
  hopChain,
  hopChainParts,
  isAbsentAnswer,
  isFailure,
  isNotConfigured,
  isRedirected,
} from '../format';
import { LOG_CAPACITY, useStore } from '../store/store';

const LOG_ROW = 26;

function outcomeClass(record: RequestRecord): string {
  if (record.outcome === 'pending') return 'outcome-pending';
  if (isNotConfigured(record) || isAbsentAnswer(record)) return 'outcome-answer';
  return isFailure(record) ? 'outcome-error' : 'outcome-ok';
}

/** S3's IDs of a request's exchanges, as AWS Support asks for them: one line per hop that has them. */
function requestIds(record: RequestRecord): string {
  return record.hops
    .filter((hop) => hop.requestId || hop.hostId)
    .map(
      (hop) =>
        `x-amz-request-id: ${hop.requestId ?? '-'}  x-amz-id-2: ${hop.hostId ?? '-'}  (${hop.method} ${hop.url})`,
    )
    .join('\n');
}

function LogRow({
  id,
  top,
  onSelect,
  onMenu,
}: {
  id: number;
  top: number;
  onSelect: (id: number) => void;
  onMenu: (id: number, x: number, y: number) => void;
}) {
  const record = useStore((s) => s.logById[id]);
  const selected = useStore((s) => s.selectedRequestId === id);
  if (!record) return null;
  const { start, end } = hopChainParts(record);
  const target = `${record.bucket ?? ''}${record.key ? `/${record.key}` : ''}`;
  return (
    <div
      role="row"
      className={`log-row ${outcomeClass(record)}${isRedirected(record) ? ' redirected' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: LOG_ROW }}
      data-testid="log-row"
      data-id={record.id}
      data-operation={record.operation}
      data-bucket={record.bucket ?? ''}
      aria-selected={selected}
      onClick={() => onSelect(id)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(id, event.clientX, event.clientY);
      }}
    >
      <span className="mono">#{record.id}</span>
      <span className="ellipsis" title={record.operation}>
        {record.operation}
      </span>
      <span className="mono ellipsis" title={target}>
        {target}
      </span>
      <span className="mono chain" data-testid="hop-chain" title={hopChain(record)}>
        <span className="chain-start">{start}</span>
        <span className="chain-end">{end}</span>
      </span>
      <span className="num">{record.durationMs !== undefined ? `${record.durationMs} ms` : '…'}</span>
    </div>
  );
}

function HopDetails({ record, onClose }: { record: RequestRecord; onClose: () => void }) {
  const report = useStore((s) => (record.bucket ? s.access[record.bucket] : undefined));
  const anonymous = useStore((s) => s.connections.find((c) => c.id === record.connectionId)?.anonymous);
  const why =
    record.outcome === 'error'
      ? explainDenial({
          code: record.errorCode,
          status: record.status,
          message: record.errorMessage,
          operation: record.operation,
          anonymous,
          bucketPublicAccess: report && report !== 'loading' && !('code' in report) ? report.publicAccess : undefined,
        })
      : undefined;
  return (
    <aside className="hop-details" data-testid="hop-details" aria-label={`Request #${record.id}`}>
      <div className="hop-details-head">
        <h4>
          #{record.id} {record.operation}{' '}
          <span className="mono">
            {record.bucket}
            {record.key ? `/${record.key}` : ''}
          </span>
        </h4>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the details"
          title="Close (Esc)"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <p className={outcomeClass(record)}>
        {record.outcome === 'pending'
          ? 'Still running…'
          : isNotConfigured(record)
            ? `Answered: not configured (${record.errorCode}). Not an error: the bucket simply has none.`
            : isAbsentAnswer(record)
              ? 'Answered: nothing there (404). Not an error: the app asked whether the name is taken.'
              : record.outcome === 'ok'
                ? `Succeeded${record.region ? ` in ${record.region}` : ''}.`
                : `Failed: ${record.errorMessage ?? record.errorCode ?? 'error'}`}
      </p>
      {why && (
        <p className="denial" data-testid="denial-why">
          <b>Why:</b> {why}
        </p>
      )}
      <ol>
        {record.hops.map((hop, index) => (
          <li key={index}>
            <span className="mono hop-url">
              {hop.method} {hop.url}
            </span>
            <span className="hop-facts">
              signed for <b>{hop.signingRegion}</b> · {hop.status ?? hop.networkError ?? '…'} {hop.code ?? ''}
              {hop.regionHint ? ` · region hint ${hop.regionHint}` : ''} · {hop.durationMs} ms
              {hop.bodyDoneMs !== undefined && hop.bodyDoneMs - hop.durationMs >= 1
                ? ` · body done at ${hop.bodyDoneMs} ms`
                : ''}
            </span>
            {hop.location && <span className="mono hop-url muted">Location: {hop.location}</span>}
            {hop.requestId && (
              <span className="mono hop-url muted" data-testid="hop-request-id">
                request ID {hop.requestId}
                {hop.hostId ? ` · host ID ${hop.hostId}` : ''}
              </span>
            )}
            <span className="hop-why" data-testid="hop-decision">
              <b>{decisionInWords(hop, record.hops[index + 1])}</b>: {hop.why}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void copyToClipboard(
                  toCurl(hop, record),
                  'the curl command (it signs with the keys in your environment)',
                )
              }
              data-testid="copy-curl"
            >
              Copy as curl
            </button>
            {hop.requestId && (
              <button
                type="button"
                className="link-button"
                title="The IDs AWS Support asks for when a request went wrong"
                onClick={() =>
                  void copyToClipboard(
                    `x-amz-request-id: ${hop.requestId}\nx-amz-id-2: ${hop.hostId ?? '-'}`,
                    'the request IDs',
                  )
                }
                data-testid="copy-request-ids"
              >
                Copy request IDs
              </button>
            )}
          </li>
        ))}
      </ol>
      {record.bytesSent !== undefined && <p className="muted">Body: {formatBytes(record.bytesSent)}</p>}
    </aside>
  );
}

export function RequestLogView() {
  const ids = useStore((s) => s.logIds);
  const byId = useStore((s) => s.logById);
  const filter = useStore((s) => s.logFilter);
  const setFilter = useStore((s) => s.setLogFilter);
  const logBucket = useStore((s) => s.logBucket);
  const setLogBucket = useStore((s) => s.setLogBucket);
  const search = useStore((s) => s.logSearch);
  const setSearch = useStore((s) => s.setLogSearch);
  const clearLog = useStore((s) => s.clearLog);
  const buckets = useStore(useShallow((s) => s.buckets.map((b) => b.name)));
  const dropped = useStore((s) => s.logDropped);
  const selectedId = useStore((s) => s.selectedRequestId);
  const selectRequest = useStore((s) => s.selectRequest);
  const selected = selectedId !== undefined ? byId[selectedId] : undefined;
  const exportLog = useStore((s) => s.exportLog);
  const showInBucket = useStore((s) => s.showInBucket);
  const openPlace = useStore((s) => s.openPlace);
  const connectionIds = useStore(useShallow((s) => s.connections.map((c) => c.id)));
  const scrollRef = useRef<HTMLDivElement>(null);
  const exportRef = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; id?: number }>();
  // While the user reads (scrolled down, or a row open), the list holds still: new records are
  // counted in a pill instead of pushing the rows down.
  const [frozen, setFrozen] = useState<number[] | undefined>();

  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return ids.filter((id) => {
      const record = byId[id];
      if (!record || (logBucket && record.bucket !== logBucket)) return false;
      if (filter === 'redirected' && !isRedirected(record)) return false;
      if (filter === 'errors' && !isFailure(record)) return false;
      if (!needle) return true;
      const text = `#${record.id} ${record.operation} ${record.bucket ?? ''}/${record.key ?? ''} ${hopChain(record)} ${record.errorCode ?? ''} ${record.errorMessage ?? ''}`;
      return text.toLowerCase().includes(needle);
    });
  }, [ids, byId, filter, logBucket, search]);

  // A different question (filter, bucket, search, Clear) shows its answer from the top.
  useEffect(() => {
    setFrozen(undefined);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filter, logBucket, search]);

  const shown = useMemo(() => {
    if (!frozen) return visible;
    const live = new Set(visible);
    return frozen.filter((id) => live.has(id));
  }, [frozen, visible]);
  const newCount = frozen ? visible.length - shown.length : 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW,
    overscan: 10,
  });

  const freeze = () => setFrozen((f) => f ?? visible);
  const release = () => {
    setFrozen(undefined);
    selectRequest(undefined);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const onSelect = (id: number) => {
    if (selectedId === id) {
      selectRequest(undefined);
      return;
    }
    freeze();
    selectRequest(id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = selectedId === undefined ? -1 : shown.indexOf(selectedId);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(shown.length - 1, at + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, at < 0 ? 0 : at - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = shown.length - 1;
    else if (event.key === 'Escape') {
      selectRequest(undefined);
      return;
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      // The selected row's menu, under it (or at the list's top when none is selected).
      event.preventDefault();
      const id = selectedId ?? shown[0];
      if (id === undefined) return;
      const row = scrollRef.current?.querySelector(`[data-id="${id}"]`)?.getBoundingClientRect();
      const box = scrollRef.current!.getBoundingClientRect();
      setMenu({ id, x: (row ?? box).left + 40, y: row ? row.bottom : box.top });
      return;
    } else return;
    event.preventDefault();
    const id = shown[next];
    if (id === undefined) return;
    freeze();
    selectRequest(id);
    virtualizer.scrollToIndex(next);
  };

  const rowMenu = (record: RequestRecord): MenuItem[] => {
    const lastHop = record.hops.at(-1);
    const ids = requestIds(record);
    const { bucket, key } = record;
    const reachable = bucket !== undefined && connectionIds.includes(record.connectionId);
    return [
      {
        label: selectedId === record.id ? 'Hide details' : 'Show details',
        onSelect: () => onSelect(record.id),
        testId: 'log-menu-details',
      },
      {
        label: 'Copy request IDs',
        disabled: !ids,
        onSelect: () => void copyToClipboard(ids, 'the request IDs'),
        testId: 'log-menu-ids',
      },
      {
        label: 'Copy as curl',
        disabled: !lastHop,
        onSelect: () =>
          lastHop &&
          void copyToClipboard(
            toCurl(lastHop, record),
            'the curl command (it signs with the keys in your environment)',
          ),
        testId: 'log-menu-curl',
      },
      'separator',
      logBucket && logBucket === bucket
        ? { label: 'Requests for every bucket', onSelect: () => setLogBucket(''), testId: 'log-menu-bucket' }
        : {
            label: bucket ? `Only requests for ${bucket}` : 'Only requests for its bucket',
            disabled: !bucket,
            onSelect: () => bucket && setLogBucket(bucket),
            testId: 'log-menu-bucket',
          },
      {
        label: key ? 'Show in bucket' : 'Open the bucket',
        disabled: !reachable,
        onSelect: () =>
          void (key ? showInBucket(record.connectionId, bucket!, key) : openPlace(record.connectionId, bucket!, '')),
        testId: 'log-menu-open',
      },
      'separator',
      {
        label: 'Export this request as JSON…',
        onSelect: () => void exportLog('json', [record.id]),
        testId: 'log-menu-export',
      },
    ];
  };
  const exportMenu: MenuItem[] = [
    {
      label: 'HAR (for browser developer tools)…',
      onSelect: () => void exportLog('har', visible),
      testId: 'export-har',
    },
    {
      label: 'JSON (every hop, as recorded)…',
      onSelect: () => void exportLog('json', visible),
      testId: 'export-json',
    },
  ];
  const menuRecord = menu?.id !== undefined ? byId[menu.id] : undefined;

  return (
    <div className="log-view">
      <div className="log-toolbar">
        {(['all', 'redirected', 'errors'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className={filter === f ? 'active' : ''}
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            data-testid={`log-filter-${f}`}
          >
            {f === 'all' ? 'All' : f === 'redirected' ? 'Redirected' : 'Errors'}
          </button>
        ))}
        <select
          value={logBucket}
          onChange={(e) => setLogBucket(e.target.value)}
          aria-label="Bucket"
          className="log-bucket"
          data-testid="log-bucket-filter"
        >
          <option value="">every bucket</option>
          {buckets.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="log-search"
          placeholder="Search"
          aria-label="Search the log"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="log-search"
        />
        <span className="muted">
          {visible.length} shown{dropped > 0 ? ` · oldest ${dropped} dropped (keeps the newest ${LOG_CAPACITY})` : ''}
        </span>
        <span className="spacer" />
        <button
          type="button"
          onClick={clearLog}
          title="Clear the list (exports still hold every request)"
          data-testid="log-clear"
        >
          Clear
        </button>
        {/* One button with a choice of format: two side by side wrapped the toolbar in a small window. */}
        <button
          type="button"
          ref={exportRef}
          aria-haspopup="menu"
          aria-expanded={menu !== undefined && menu.id === undefined}
          onClick={() => {
            const box = exportRef.current!.getBoundingClientRect();
            setMenu({ x: box.left, y: box.bottom + 2 });
          }}
          data-testid="export-button"
          title="Save what is shown as HAR or JSON"
        >
          Export…
        </button>
      </div>
      <div className={`log-split${selected ? ' with-details' : ''}`}>
        <div className="log-list">
          <div className="log-head" role="row">
            <span role="columnheader">#</span>
            <span role="columnheader">Operation</span>
            <span role="columnheader">Bucket / key</span>
            <span role="columnheader">Hops: region → answer</span>
            <span role="columnheader" className="num">
              Time
            </span>
          </div>
          <div
            className="log-body"
            ref={scrollRef}
            role="grid"
            tabIndex={0}
            aria-label="Request log"
            data-testid="request-log"
            onKeyDown={onKeyDown}
            onScroll={(event) => {
              const top = event.currentTarget.scrollTop;
              if (top > 0) freeze();
              else if (selectedId === undefined) setFrozen(undefined);
            }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => (
                <LogRow
                  key={shown[item.index]}
                  id={shown[item.index]!}
                  top={item.start}
                  onSelect={onSelect}
                  onMenu={(id, x, y) => setMenu({ id, x, y })}
                />
              ))}
            </div>
            {shown.length === 0 && (
              <p className="log-empty muted" data-testid="log-empty">
                {ids.length === 0 ? (
                  'No requests yet: everything the app sends to S3 shows here, hop by hop.'
                ) : (
                  <>
                    None of the {ids.length.toLocaleString()} requests is{' '}
                    {[
                      filter === 'redirected' ? 'redirected' : filter === 'errors' ? 'a failure' : '',
                      logBucket ? `for ${logBucket}` : '',
                      search.trim() ? `matching "${search.trim()}"` : '',
                    ]
                      .filter(Boolean)
                      .join(' and ')}
                    .{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        setFilter('all');
                        setLogBucket('');
                        setSearch('');
                      }}
                      data-testid="log-show-all"
                    >
                      Show them all
                    </button>
                  </>
                )}
              </p>
            )}
          </div>
          {newCount > 0 && (
            <button type="button" className="new-pill" onClick={release} data-testid="log-new-pill">
              ↑ {newCount} new
            </button>
          )}
        </div>
        {selected && <HopDetails record={selected} onClose={() => selectRequest(undefined)} />}
      </div>
      {menu && (menu.id === undefined || menuRecord) && (
        <ContextMenu
          items={menuRecord ? rowMenu(menuRecord) : exportMenu}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(undefined)}
        />
      )}
    </div>
  );
}
