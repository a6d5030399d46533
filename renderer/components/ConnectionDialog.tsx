import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { BridgeErrorShape, ConnectionSummary, ConnectionTestResult, NewConnection } from '../../electron/contract';
import { connectionProblems, type ConnectionField } from '../../electron/shared/connection-form';
import { ENDPOINT_PRESETS } from '../../electron/shared/presets';
import { AWS_REGIONS } from '../../electron/shared/regions';
import { bridge, describeError, errorText } from '../api';
import { useStore } from '../store/store';
import { ConfirmDialog, Dialog } from './Dialog';
import { SubmitRow } from './SubmitRow';

/** The kinds a person picks from: Amazon S3 with keys, or an S3-compatible service's preset. */
const KINDS = [
  {
    id: 'aws',
    label: 'Amazon S3 (access keys)',
    note: 'Keys of an IAM user (AKIA…) or temporary keys (ASIA…) with their session token.',
  },
  ...ENDPOINT_PRESETS.map((p) => ({ id: p.id, label: p.label, note: p.note })),
  {
    // Ceph, SeaweedFS, Garage, a cloud's S3 interface…: any endpoint, nothing filled in for it.
    id: 'other',
    label: 'Another S3-compatible service',
    note: 'Its S3 endpoint URL, with {region} where the region goes if it has regions. Most self-hosted services need path-style addressing.',
  },
];

function formOf(kind: string): NewConnection {
  if (kind === 'aws') {
    return {
      name: 'Amazon S3',
      service: 'aws',
      region: 'us-east-1',
      forcePathStyle: false,
      anonymous: false,
      accessKeyId: '',
      secretAccessKey: '',
      sessionToken: '',
    };
  }
  const preset = ENDPOINT_PRESETS.find((p) => p.id === kind) ?? {
    label: 'S3-compatible',
    endpointTemplate: '',
    region: 'us-east-1',
    forcePathStyle: true,
  };
  return {
    name: preset.label,
    service: 'endpoint',
    endpointTemplate: preset.endpointTemplate,
    region: preset.region,
    forcePathStyle: preset.forcePathStyle,
    anonymous: false,
    accessKeyId: '',
    secretAccessKey: '',
    sessionToken: '',
  };
}

function formOfSaved(saved: ConnectionSummary): NewConnection {
  return {
    name: saved.name,
    service: saved.kind === 'keys' ? 'aws' : 'endpoint',
    endpointTemplate: saved.endpointTemplate,
    region: saved.defaultRegion,
    forcePathStyle: saved.forcePathStyle ?? false,
    anonymous: saved.anonymous,
    accessKeyId: saved.accessKeyId ?? '',
    secretAccessKey: '',
    sessionToken: '',
  };
}

function Field({
  label,
  field,
  problem,
  shown,
  children,
}: {
  label: string;
  field: ConnectionField;
  problem?: string;
  shown: boolean;
  children: React.ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {shown && problem && (
        <span className="field-error" id={`${field}-problem`} data-testid={`${field}-problem`}>
          {problem}
        </span>
      )}
    </label>
  );
}

/**
 * Add a connection, or edit one that was added (its secret is entered again: it never comes
 * back from main). Each field says what is wrong with it in words, next to it, once touched;
 * "Test connection" tries the settings without saving them; Escape with typed input asks first.
 */
export function ConnectionDialog({ onClose, editing }: { onClose: () => void; editing?: ConnectionSummary }) {
  const loadConnections = useStore((s) => s.loadConnections);
  const selectConnection = useStore((s) => s.selectConnection);
  const [kind, setKind] = useState(editing ? (editing.kind === 'keys' ? 'aws' : 'custom') : 'aws');
  const initial = useMemo(() => (editing ? formOfSaved(editing) : formOf('aws')), [editing]);
  const [form, setForm] = useState<NewConnection>(initial);
  const [touched, setTouched] = useState<Partial<Record<ConnectionField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<BridgeErrorShape>();
  const [busy, setBusy] = useState<'saving' | 'testing' | undefined>();
  const [test, setTest] = useState<ConnectionTestResult>();
  const [testBucket, setTestBucket] = useState('');
  const [discarding, setDiscarding] = useState(false);
  const problems = connectionProblems(form);
  const valid = Object.keys(problems).length === 0;
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const set = (change: Partial<NewConnection>) => {
    setForm((f) => ({ ...f, ...change }));
    setTest(undefined);
  };
  const shown = (field: ConnectionField) => Boolean(submitted || touched[field]);
  const touch = (field: ConnectionField) => () => setTouched((t) => ({ ...t, [field]: true }));
  const note = KINDS.find((k) => k.id === kind)?.note;
  const payload = (): NewConnection =>
    form.anonymous
      ? { ...form, accessKeyId: undefined, secretAccessKey: undefined, sessionToken: undefined }
      : { ...form, sessionToken: form.sessionToken || undefined };
  const cancel = () => (dirty ? setDiscarding(true) : onClose());
  const formRef = useRef<HTMLFormElement>(null);
  // Refused for a field's sake: the keyboard goes to the first field that says what is wrong (it
  // stayed on the button, and what was typed next went nowhere).
  const toFirstProblem = () =>
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!valid) {
      toFirstProblem();
      return;
    }
    setBusy('saving');
    setError(undefined);
    try {
      const saved = editing
        ? await bridge()['connections/update']({ id: editing.id, connection: payload() })
        : await bridge()['connections/add'](payload());
      await loadConnections();
      await selectConnection(saved.id, { byUser: true });
      onClose();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const runTest = async () => {
    setSubmitted(true);
    if (!valid) {
      toFirstProblem();
      return;
    }
    setBusy('testing');
    setTest(undefined);
    try {
      setTest(await bridge()['connections/test']({ connection: payload(), bucket: testBucket.trim() || undefined }));
    } catch (e) {
      setTest({ ok: false, message: errorText(e) });
    } finally {
      setBusy(undefined);
    }
  };

  const input = (field: ConnectionField, props: React.InputHTMLAttributes<HTMLInputElement>) => ({
    ...props,
    onBlur: touch(field),
    'aria-invalid': shown(field) && Boolean(problems[field]),
    'aria-describedby': `${field}-problem`,
    spellCheck: false,
    autoComplete: 'off',
  });

  return (
    <Dialog title={editing ? `Edit ${editing.name}` : 'Add a connection'} onCancel={cancel} testId="connection-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate ref={formRef}>
        {!editing && (
          <label className="field">
            <span>Service</span>
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                setForm(formOf(e.target.value));
                setTouched({});
                setSubmitted(false);
                setTest(undefined);
              }}
              data-testid="connection-kind"
            >
              {KINDS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {note && <p className="muted">{note}</p>}
        <Field label="Name" field="name" problem={problems.name} shown={shown('name')}>
          <input
            {...input('name', { value: form.name, onChange: (e) => set({ name: e.target.value }) })}
            data-testid="connection-name-input"
          />
        </Field>
        {form.service === 'endpoint' && (
          <Field
            label="Endpoint (write {region} where the region goes)"
            field="endpointTemplate"
            problem={problems.endpointTemplate}
            shown={shown('endpointTemplate')}
          >
            <input
              {...input('endpointTemplate', {
                value: form.endpointTemplate ?? '',
                onChange: (e) => set({ endpointTemplate: e.target.value }),
              })}
              data-testid="endpoint-input"
            />
          </Field>
        )}
        <Field
          label={form.service === 'aws' ? 'Default region' : 'Region'}
          field="region"
          problem={problems.region}
          shown={shown('region')}
        >
          {form.service === 'aws' ? (
            <select value={form.region} onChange={(e) => set({ region: e.target.value })} data-testid="region-input">
              {AWS_REGIONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          ) : (
            <input
              {...input('region', { value: form.region, onChange: (e) => set({ region: e.target.value }) })}
              data-testid="region-input"
            />
          )}
        </Field>
        {form.service === 'endpoint' && (
          <>
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
          </>
        )}
        {!form.anonymous && (
          <>
            <Field
              label="Access key id"
              field="accessKeyId"
              problem={problems.accessKeyId}
              shown={shown('accessKeyId')}
            >
              <input
                {...input('accessKeyId', {
                  value: form.accessKeyId ?? '',
                  onChange: (e) => set({ accessKeyId: e.target.value }),
                })}
                data-testid="access-key-input"
              />
            </Field>
            <Field
              label={editing ? 'Secret access key (enter it again: it is never shown)' : 'Secret access key'}
              field="secretAccessKey"
              problem={problems.secretAccessKey}
              shown={shown('secretAccessKey')}
            >
              <input
                {...input('secretAccessKey', {
                  type: 'password',
                  value: form.secretAccessKey ?? '',
                  onChange: (e) => set({ secretAccessKey: e.target.value }),
                })}
                data-testid="secret-key-input"
              />
            </Field>
            {form.service === 'aws' && (
              <Field
                label="Session token (only for temporary keys)"
                field="sessionToken"
                problem={problems.sessionToken}
                shown={shown('sessionToken')}
              >
                <input
                  {...input('sessionToken', {
                    type: 'password',
                    value: form.sessionToken ?? '',
                    onChange: (e) => set({ sessionToken: e.target.value }),
                  })}
                  data-testid="session-token-input"
                />
              </Field>
            )}
          </>
        )}
        <div className="test-connection">
          <input
            value={testBucket}
            onChange={(e) => setTestBucket(e.target.value.trim())}
            placeholder="a bucket to test with (optional)"
            aria-label="A bucket to test with"
            spellCheck={false}
            data-testid="test-bucket-input"
          />
          <button
            type="button"
            onClick={() => void runTest()}
            disabled={busy !== undefined}
            data-testid="test-connection-button"
          >
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {test && (
          <div className={test.ok ? 'test-result ok' : 'test-result error'} role="status" data-testid="test-result">
            <p>{test.message}</p>
            {test.chain && <p className="mono">{test.chain}</p>}
          </div>
        )}
        {error && (
          <div className="error" role="alert" data-testid="connection-error">
            <p>
              {error.message} {error.hint}
            </p>
          </div>
        )}
        <SubmitRow
          onCancel={cancel}
          label={editing ? 'Save changes' : 'Add connection'}
          disabled={busy !== undefined}
          testId="add-connection-submit"
        />
      </form>
      {discarding && (
        <ConfirmDialog
          title="Discard what you typed?"
          message={<p>The connection is not saved. Close without saving it?</p>}
          confirmLabel="Discard"
          onCancel={() => setDiscarding(false)}
          onConfirm={onClose}
        />
      )}
    </Dialog>
  );
}
