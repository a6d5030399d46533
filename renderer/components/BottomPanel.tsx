import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TransferProgress } from '../../electron/contract';
import { formatBytes } from '../format';
import { RequestLogView } from '../log/RequestLog';
import { useStore } from '../store/store';

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

/** The panel's top edge: drag it, or focus it and use ↑ ↓ (Home/End for the extremes). */
function ResizeHandle() {
  const height = useStore((s) => s.bottomHeight);
  const setHeight = useStore((s) => s.setBottomHeight);
  const drag = useRef<{ y: number; height: number } | undefined>(undefined);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { y: event.clientY, height };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setHeight(drag.current.height + (drag.current.y - event.clientY));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 100 : 20;
    if (event.key === 'ArrowUp') setHeight(height + step);
    else if (event.key === 'ArrowDown') setHeight(height - step);
    else if (event.key === 'Home') setHeight(10_000);
    else if (event.key === 'End') setHeight(0);
    else return;
    event.preventDefault();
  };
  return (
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the request log and transfers panel"
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = undefined)}
      onKeyDown={onKeyDown}
      data-testid="panel-resize"
    />
  );
}

export function BottomPanel() {
  const tab = useStore((s) => s.bottomTab);
  const setTab = useStore((s) => s.setBottomTab);
  const logCount = useStore((s) => s.logIds.length);
  const transferCount = useStore((s) => s.transferIds.length);
  const collapsed = useStore((s) => s.bottomCollapsed);
  const toggle = useStore((s) => s.toggleBottom);
  return (
    <section
      className={`bottom${collapsed ? ' collapsed' : ''}`}
      aria-label="Request log and transfers"
      data-testid="bottom-panel"
    >
      {!collapsed && <ResizeHandle />}
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
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show the panel' : 'Fold the panel away'}
          title={collapsed ? 'Show the panel' : 'Fold the panel away'}
          onClick={toggle}
          data-testid="panel-toggle"
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!collapsed && (tab === 'log' ? <RequestLogView /> : <TransfersView />)}
    </section>
  );
}
