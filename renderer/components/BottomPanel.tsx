import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { RequestLogView } from '../log/RequestLog';
import { TransfersView } from '../transfers/TransfersView';
import { useStore } from '../store/store';

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
  const transferCount = useStore((s) => s.transferBatches.reduce((n, batch) => n + batch.ids.length, 0));
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
          Request log <span className="badge">{logCount.toLocaleString('en-US')}</span>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'transfers'}
          className={tab === 'transfers' ? 'active' : ''}
          onClick={() => setTab('transfers')}
          data-testid="tab-transfers"
        >
          Transfers <span className="badge">{transferCount.toLocaleString('en-US')}</span>
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
