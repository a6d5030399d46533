import { useState, type FormEvent } from 'react';
import type { BridgeErrorShape, NewConnection } from '../../electron/contract';
import { ENDPOINT_PRESETS } from '../../electron/shared/presets';
import { bridge, describeError } from '../api';
import { useStore } from '../store/store';
import { Dialog } from './Dialog';

/** An S3-compatible endpoint. The secret goes to main once and is never shown again. */
export function AddConnectionDialog({ onClose }: { onClose: () => void }) {
  const loadConnections = useStore((s) => s.loadConnections);
  const selectConnection = useStore((s) => s.selectConnection);
  const first = ENDPOINT_PRESETS[0]!;
  const [form, setForm] = useState<NewConnection>({
    name: first.label,
    endpointTemplate: first.endpointTemplate,
    region: first.region,
    forcePathStyle: first.forcePathStyle,
    anonymous: false,
    accessKeyId: '',
    secretAccessKey: '',
  });
  const [note, setNote] = useState(first.note);
  const [error, setError] = useState<BridgeErrorShape>();
  const [saving, setSaving] = useState(false);
  const set = (change: Partial<NewConnection>) => setForm((f) => ({ ...f, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const added = await bridge()['connections/add'](
        form.anonymous ? { ...form, accessKeyId: undefined, secretAccessKey: undefined } : form,
      );
      await loadConnections();
      await selectConnection(added.id, { byUser: true });
      onClose();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title="Add an S3-compatible connection" onCancel={onClose} testId="connection-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Service</span>
          <select
            onChange={(e) => {
              const preset = ENDPOINT_PRESETS.find((p) => p.id === e.target.value)!;
              set({
                name: preset.label,
                endpointTemplate: preset.endpointTemplate,
                region: preset.region,
                forcePathStyle: preset.forcePathStyle,
              });
              setNote(preset.note);
            }}
          >
            {ENDPOINT_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">{note}</p>
        <label className="field">
          <span>Name</span>
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="field">
          <span>Endpoint (use {'{region}'} where the region goes)</span>
          <input
            value={form.endpointTemplate}
            onChange={(e) => set({ endpointTemplate: e.target.value })}
            spellCheck={false}
            data-testid="endpoint-input"
          />
        </label>
        <label className="field">
          <span>Region</span>
          <input value={form.region} onChange={(e) => set({ region: e.target.value })} spellCheck={false} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.forcePathStyle}
            onChange={(e) => set({ forcePathStyle: e.target.checked })}
          />{' '}
          Path-style addressing (endpoint/bucket/key)
        </label>
        <label className="check">
          <input type="checkbox" checked={form.anonymous} onChange={(e) => set({ anonymous: e.target.checked })} />{' '}
          Anonymous (public buckets only)
        </label>
        {!form.anonymous && (
          <>
            <label className="field">
              <span>Access key id</span>
              <input
                value={form.accessKeyId ?? ''}
                onChange={(e) => set({ accessKeyId: e.target.value })}
                spellCheck={false}
                autoComplete="off"
                data-testid="access-key-input"
              />
            </label>
            <label className="field">
              <span>Secret access key</span>
              <input
                type="password"
                value={form.secretAccessKey ?? ''}
                onChange={(e) => set({ secretAccessKey: e.target.value })}
                autoComplete="off"
                data-testid="secret-key-input"
              />
            </label>
          </>
        )}
        {error && (
          <div className="error" role="alert">
            <p>
              {error.message} {error.hint}
            </p>
            {error.code === 'WeakSecretStorage' && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.allowWeakSecretStorage ?? false}
                  onChange={(e) => set({ allowWeakSecretStorage: e.target.checked })}
                />{' '}
                Store the secret obfuscated on this computer anyway
              </label>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={saving} data-testid="add-connection-submit">
            Add connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
