import { useState, type FormEvent } from 'react';
import type { ProbeResult } from '../../electron/contract';
import { useStore } from '../store/store';
import { Dialog } from './Dialog';
import { AddConnectionDialog } from './AddConnectionDialog';
import { bridge } from '../api';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-east-1',
  'me-south-1',
  'af-south-1',
];

function CreateBucketDialog({ onClose }: { onClose: () => void }) {
  const createBucket = useStore((s) => s.createBucket);
  const defaultRegion = useStore(
    (s) => s.connections.find((c) => c.id === s.connectionId)?.defaultRegion ?? 'us-east-1',
  );
  const [name, setName] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const valid = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..');
  return (
    <Dialog title="New bucket" onCancel={onClose} testId="bucket-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await createBucket(name, region)) onClose();
        }}
      >
        <label className="field">
          <span>Name (3–63 characters: a–z, 0–9, dots and hyphens; unique across all of S3)</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
            data-testid="bucket-name-input"
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span>Region</span>
          <select value={region} onChange={(e) => setRegion(e.target.value)} data-testid="bucket-region-select">
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={!valid} data-testid="create-bucket-submit">
            Create bucket
          </button>
        </div>
      </form>
    </Dialog>
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
          {result && result.locationType !== 'Region' && (
            <span className="chip zone">{result.locationType === 'AvailabilityZone' ? 'AZ' : 'LZ'}</span>
          )}
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
  const [creating, setCreating] = useState(false);
  const [addingConnection, setAddingConnection] = useState(false);
  const current = connections.find((c) => c.id === connectionId);
  const loadConnections = useStore((s) => s.loadConnections);
  const notifyError = useStore((s) => s.notifyError);
  const demo = useStore((s) => s.demo);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void openBucketByName(byName);
    setByName('');
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
          onChange={(e) => void selectConnection(e.target.value, { byUser: true })}
        >
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        <button type="button" onClick={() => setAddingConnection(true)} data-testid="add-connection-button">
          Add connection…
        </button>
        {current?.removable && (
          <button
            type="button"
            className="danger"
            onClick={async () => {
              try {
                await bridge()['connections/remove']({ id: current.id });
                useStore.setState({ connectionId: undefined });
                await loadConnections();
              } catch (error) {
                notifyError(error);
              }
            }}
          >
            Remove
          </button>
        )}
      </div>
      {demo.state === 'starting' && (
        <p className="muted" data-testid="demo-status">
          Starting the demo S3 world…
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
      <div className="section-title">
        <span>Buckets</span>
        <span className="button-row">
          <button
            type="button"
            className="icon-button"
            title="New bucket"
            aria-label="New bucket"
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
          {bucketsError.message}
          {bucketsError.hint ? ` ${bucketsError.hint}` : ''}
        </p>
      )}
      <ul className="bucket-list" data-testid="bucket-list">
        {buckets.map((b) => (
          <BucketRow key={b.name} name={b.name} />
        ))}
      </ul>
      <form className="open-by-name" onSubmit={submit}>
        <label className="field">
          <span>Open a bucket by name</span>
          <input
            data-testid="open-bucket-input"
            value={byName}
            onChange={(e) => setByName(e.target.value)}
            placeholder="bucket-name"
            spellCheck={false}
          />
        </label>
        <button type="submit" data-testid="open-bucket-button" disabled={!byName.trim()}>
          Open
        </button>
      </form>
      {creating && <CreateBucketDialog onClose={() => setCreating(false)} />}
      {addingConnection && <AddConnectionDialog onClose={() => setAddingConnection(false)} />}
    </nav>
  );
}
