import { useEffect } from 'react';
import { BottomPanel } from './components/BottomPanel';
import { DetailsPane } from './components/DetailsPane';
import { NoticeBar } from './components/Notice';
import { ObjectBrowser } from './components/ObjectBrowser';
import { Sidebar } from './components/Sidebar';
import { connectFeeds, useStore } from './store/store';

export function App() {
  useEffect(() => {
    const disconnect = connectFeeds();
    void useStore.getState().loadConnections();
    return disconnect;
  }, []);

  return (
    <div className="shell" data-testid="app-shell">
      <Sidebar />
      <main className="center">
        <ObjectBrowser />
      </main>
      <DetailsPane />
      <BottomPanel />
      <NoticeBar />
    </div>
  );
}
