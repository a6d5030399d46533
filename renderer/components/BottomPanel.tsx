import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestRecord, TransferProgress } from '../../electron/contract';
import { toCurl } from '../../electron/shared/log-export';
import { formatBytes, hopChain, isRedirected } from '../format';
import { copyToClipboard } from '../clipboard';
import { LOG_CAPACITY, useStore } from '../store/store';

const LOG_ROW = 26;

function LogRow({ id, top }: { id: number; top: number }) {
  const record = useStore((s) => s.logById[id]);
  const selected = useStore((s) => s.selectedRequestId === id);
  const selectRequest = useStore((s) => s.selectRequest);
  if (!record) return null;
  const redirected = isRedirected(record);
  return (
    <div
      role="row"
      className={`log-row outcome-${record.outcome}${redirected ? ' redirected' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: LOG_ROW }}
      data-testid="log-row"
      data-operation={record.operation}
      data-bucket={record.bucket ?? ''}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => selectRequest(selected ? undefined : id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          selectRequest(selected ? undefined : id);
        }
      }}
    >
      <span className="mono">#{record.id}</span>
      <span className="ellipsis" title={record.operation}>
        {record.operation}
      </span>
      <span className="mono ellipsis" title={`${record.bucket ?? ''}${record.key ? `/${record.key}` : ''}`}>
        {record.bucket ?? ''}
        {record.key ? `/${record.key}` : ''}
      </span>
      <span className="mono chain" data-testid="hop-chain">
        {hopChain(record)}
      </span>
      <span className="num">{record.durationMs !== undefined ? `${record.durationMs} ms` : '…'}</span>
    </div>
  );
}

function HopDetails({ record }: { record: RequestRecord }) {
  return (
    <div className="hop-details" data-testid="hop-details">
      <h4>
        #{record.id} {record.operation} {record.bucket}
        {record.key ? `/${record.key}` : ''}: {record.outcome}
        {record.errorMessage ? `: ${record.errorMessage}` : ''}
      </h4>
      <ol>
        {record.hops.map((hop, index) => (
          <li key={index}>
            <span className="mono">
              {hop.method} {hop.url}
            </span>
            <span className="hop-facts">
              signed for <b>{hop.signingRegion}</b> · {hop.status ?? hop.networkError ?? '…'} {hop.code ?? ''}
              {hop.regionHint ? ` · region hint ${hop.regionHint}` : ''} · {hop.durationMs} ms
              {hop.bodyDoneMs !== undefined && hop.bodyDoneMs - hop.durationMs >= 1
                ? ` · body done at ${hop.bodyDoneMs} ms`
                : ''}
            </span>
            <span className="hop-why">
              {hop.decision}: {hop.why}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void copyToClipboard(toCurl(hop), 'the curl command (it signs with the keys in your environment)')
              }
              data-testid="copy-curl"
            >
              Copy as curl
            </button>
          </li>
        ))}
      </ol>
      {record.bytesSent !== undefined && <p className="muted">Body: {formatBytes(record.bytesSent)}</p>}
    </div>
  );
}

function RequestLogView() {
  const ids = useStore((s) => s.logIds);
  const byId = useStore((s) => s.logById);
  const filter = useStore((s) => s.logFilter);
  const setFilter = useStore((s) => s.setLogFilter);
  const logBucket = useStore((s) => s.logBucket);
  const setLogBucket = useStore((s) => s.setLogBucket);
  const buckets = useStore(useShallow((s) => s.buckets.map((b) => b.name)));
  const dropped = useStore((s) => s.logDropped);
  const selected = useStore((s) => (s.selectedRequestId !== undefined ? s.logById[s.selectedRequestId] : undefined));
  const exportLog = useStore((s) => s.exportLog);
  const scrollRef = useRef<HTMLDivElement>(null);
  const visible = useMemo(
    () =>
      ids.filter((id) => {
        const record = byId[id];
        if (!record || (logBucket && record.bucket !== logBucket)) return false;
        if (filter === 'all') return true;
        return filter === 'redirected' ? isRedirected(record) : record.outcome === 'error';
      }),
    [ids, byId, filter, logBucket],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW,
    overscan: 10,
  });
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
        <span className="muted">
          {visible.length} shown{dropped > 0 ? ` · oldest ${dropped} dropped (keeps the newest ${LOG_CAPACITY})` : ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportLog('har')} data-testid="export-har">
          Export HAR…
        </button>
        <button type="button" onClick={() => void exportLog('json')}>
          Export JSON…
        </button>
      </div>
      <div className="log-body" ref={scrollRef} role="grid" aria-label="Request log" data-testid="request-log">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <LogRow key={visible[item.index]} id={visible[item.index]!} top={item.start} />
          ))}
        </div>
      </div>
      {selected && <HopDetails record={selected} />}
    </div>
  );
}

function timeLeft(row: TransferProgress): string {
  if (row.state !== 'running' || row.rate <= 0 || row.bytesTotal <= row.bytesDone) return '';
  const seconds = Math.round((row.bytesTotal - row.bytesDone) / row.rate);
  return seconds < 60 ? `${seconds} s left` : `${Math.floor(seconds / 60)} min ${seconds % 60} s left`;
}

function TransferRow({ id }: { id: string }) {
  const t = useStore((s) => s.transfersById[id]);
  const control = useStore((s) => s.controlTransfer);
  if (!t) return null;
  const pct = t.bytesTotal ? Math.round((t.bytesDone / t.bytesTotal) * 100) : t.state === 'done' ? 100 : 0;
  const active = t.state === 'running' || t.state === 'queued';
  return (
    <li className={`transfer state-${t.state}`} data-testid="transfer-row" data-state={t.state} data-key={t.key}>
      <span className="mono ellipsis" title={t.localPath}>
        {t.direction === 'upload' ? '↑' : '↓'} s3://{t.bucket}/{t.key}
      </span>
      <progress max={100} value={pct} aria-label={`${t.key} progress`} />
      <span className="ellipsis" title={t.message}>
        {t.state}
        {t.message ? `: ${t.message}` : ''}
      </span>
      <span className="num">
        {formatBytes(t.bytesDone)} / {formatBytes(t.bytesTotal)}
        {t.state === 'running' && t.rate > 0 ? ` · ${formatBytes(t.rate)}/s · ${timeLeft(t)}` : ''}
      </span>
      <span className="button-row">
        {active && (
          <button type="button" onClick={() => void control(id, 'pause')}>
            Pause
          </button>
        )}
        {(t.state === 'paused' || t.state === 'failed') && (
          <button type="button" onClick={() => void control(id, 'resume')} data-testid="resume-button">
            {t.state === 'failed' ? 'Retry' : 'Resume'}
          </button>
        )}
        {(active || t.state === 'paused' || t.state === 'failed') && (
          <button type="button" onClick={() => void control(id, 'cancel')}>
            Cancel
          </button>
        )}
      </span>
    </li>
  );
}

function TransfersView() {
  const ids = useStore(useShallow((s) => s.transferIds));
  const total = useStore(
    useShallow((s) => {
      let done = 0;
      let all = 0;
      let running = 0;
      for (const id of s.transferIds) {
        const t = s.transfersById[id]!;
        if (t.state === 'running' || t.state === 'queued') {
          running++;
          done += t.bytesDone;
          all += t.bytesTotal;
        }
      }
      return { done, all, running };
    }),
  );
  return (
    <div className="transfers" data-testid="transfers">
      {total.running > 0 && (
        <p className="transfer-total" data-testid="transfer-total">
          {total.running} active · {formatBytes(total.done)} of {formatBytes(total.all)}
          <progress
            max={100}
            value={total.all ? Math.round((total.done / total.all) * 100) : 0}
            aria-label="All transfers"
          />
        </p>
      )}
      {ids.length === 0 && (
        <p className="muted">Drop files or folders on the object table, or use Upload…, to send them here.</p>
      )}
      <ul>
        {ids.map((id) => (
          <TransferRow key={id} id={id} />
        ))}
      </ul>
    </div>
  );
}

export function BottomPanel() {
  const tab = useStore((s) => s.bottomTab);
  const setTab = useStore((s) => s.setBottomTab);
  const logCount = useStore((s) => s.logIds.length);
  const transferCount = useStore((s) => s.transferIds.length);
  return (
    <section className="bottom" aria-label="Request log and transfers">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'log'}
          className={tab === 'log' ? 'active' : ''}
          onClick={() => setTab('log')}
          data-testid="tab-log"
        >
          Request log <span className="badge">{logCount}</span>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'transfers'}
          className={tab === 'transfers' ? 'active' : ''}
          onClick={() => setTab('transfers')}
          data-testid="tab-transfers"
        >
          Transfers <span className="badge">{transferCount}</span>
        </button>
      </div>
      {tab === 'log' ? <RequestLogView /> : <TransfersView />}
    </section>
  );
}
