import { useState, type FormEvent } from 'react';
import type { ProbeResult } from '../../electron/contract';
import { useStore } from '../store/store';

const ACCESS_LABEL: Record<ProbeResult['access']['verdict'], string> = {
  ok: 'OK', forbidden: '403', 'not-found': '404', 'bad-request': '400', redirect: '301', error: 'error',
};

function BucketRow({ name }: { name: string }) {
  const probe = useStore((s) => s.probes[name]);
  const listedRegion = useStore((s) => s.buckets.find((b) => b.name === name)?.region);
  const selected = useStore((s) => s.bucket === name);
  const open = useStore((s) => s.open);
  const result = probe === 'probing' ? undefined : probe;
  const region = result?.region ?? listedRegion;
  const verdict = result?.access.verdict;
  return (
    <li>
      <button
        type="button"
        className={`bucket-row${selected ? ' selected' : ''}`}
        data-testid={`bucket-${name}`}
        title={result?.access.explanation}
        onClick={() => void open(name, '')}
      >
        <span className="bucket-name">{name}</span>
        <span className="bucket-meta">
          <span className="chip region">{region ?? (probe === 'probing' ? '…' : '?')}</span>
          {result && result.locationType !== 'Region' && <span className="chip zone">{result.locationType === 'AvailabilityZone' ? 'AZ' : 'LZ'}</span>}
          {verdict && <span className={`chip access access-${verdict}`}>{ACCESS_LABEL[verdict]}</span>}
        </span>
      </button>
    </li>
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void openBucketByName(byName);
    setByName('');
  };

  return (
    <nav className="sidebar" aria-label="Connections and buckets">
      <header className="brand">
        <span className="logo" aria-hidden>◧</span> Bucket Explorer
      </header>
      <label className="field">
        <span>Connection</span>
        <select data-testid="connection-select" value={connectionId ?? ''} onChange={(e) => void selectConnection(e.target.value)}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </label>
      <div className="section-title">
        <span>Buckets</span>
        <button type="button" className="icon-button" title="Refresh buckets" aria-label="Refresh buckets" onClick={() => void loadBuckets()}>⟳</button>
      </div>
      {bucketsLoading && <p className="muted">Loading buckets…</p>}
      {bucketsError && (
        <p className="error" role="alert">{bucketsError.message}{bucketsError.hint ? ` ${bucketsError.hint}` : ''}</p>
      )}
      <ul className="bucket-list" data-testid="bucket-list">
        {buckets.map((b) => <BucketRow key={b.name} name={b.name} />)}
      </ul>
      <form className="open-by-name" onSubmit={submit}>
        <label className="field">
          <span>Open a bucket by name</span>
          <input data-testid="open-bucket-input" value={byName} onChange={(e) => setByName(e.target.value)} placeholder="bucket-name" spellCheck={false} />
        </label>
        <button type="submit" data-testid="open-bucket-button" disabled={!byName.trim()}>Open</button>
      </form>
    </nav>
  );
}
