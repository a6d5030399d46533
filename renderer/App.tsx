import { useEffect, type CSSProperties } from 'react';
import { BottomPanel } from './components/BottomPanel';
import { DetailsPane } from './components/DetailsPane';
import { NoticeBar } from './components/Notice';
import { ObjectBrowser } from './components/ObjectBrowser';
import { Sidebar } from './components/Sidebar';
import { ConflictDialog } from './transfers/ConflictDialog';
import { KeyboardHelp } from './components/KeyboardHelp';
import { connectFeeds, useStore } from './store/store';
import { MAIN_MIN, MIN_BOTTOM } from './store/ui';

export function App() {
  const bottomHeight = useStore((s) => s.bottomHeight);
  const bottomCollapsed = useStore((s) => s.bottomCollapsed);
  const keyboardHelp = useStore((s) => s.keyboardHelp);
  const setKeyboardHelp = useStore((s) => s.setKeyboardHelp);
  useEffect(() => {
    const disconnect = connectFeeds();
    void useStore.getState().loadConnections();
    return disconnect;
  }, []);
  useEffect(() => {
    // A control that had the keyboard went away with what it acted on (Undelete on a delete
    // marker's row, a details pane replaced): the keyboard was left on the page's body, where no
    // key does anything. It goes back to the table, the window's home. Dialogs keep their own.
    const onFocusOut = (event: FocusEvent) => {
      const gone = event.target;
      if (!(gone instanceof HTMLElement) || gone.closest('[role="dialog"]')) return;
      requestAnimationFrame(() => {
        const now = document.activeElement;
        if (gone.isConnected || (now && now !== document.body) || document.querySelector('[role="dialog"]')) return;
        document.querySelector<HTMLElement>('[data-keyboard-home]')?.focus();
      });
    };
    document.addEventListener('focusout', onFocusOut);
    return () => document.removeEventListener('focusout', onFocusOut);
  }, []);

  return (
    <div
      className="shell"
      data-testid="app-shell"
      style={
        {
          // Never more than the window can spare: the table keeps room for its toolbar and rows.
          '--bottom-row': bottomCollapsed
            ? 'auto'
            : `max(${MIN_BOTTOM}px, min(${bottomHeight}px, calc(100vh - ${MAIN_MIN}px)))`,
        } as CSSProperties
      }
    >
      <Sidebar />
      <main className="center">
        <ObjectBrowser />
      </main>
      <DetailsPane />
      <BottomPanel />
      <NoticeBar />
      <ConflictDialog />
      {keyboardHelp && <KeyboardHelp onClose={() => setKeyboardHelp(false)} />}
    </div>
  );
}
