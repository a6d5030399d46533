import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/Dialog';
import { useStore } from '../store/store';

const WORDS = { Never: 'never enabled', Enabled: 'enabled', Suspended: 'suspended' } as const;

/**
 * The bucket's versioning in the info pane, and the switch, behind a confirmation that says what
 * changes (and that "never" cannot come back).
 */
export function VersioningSection({ bucket, canWrite }: { bucket: string; canWrite: boolean }) {
  const state = useStore((s) => s.versioning[bucket]);
  const load = useStore((s) => s.loadVersioning);
  const change = useStore((s) => s.changeVersioning);
  const [asking, setAsking] = useState<'Enabled' | 'Suspended' | undefined>();
  useEffect(() => {
    if (state === undefined) void load(bucket);
  }, [bucket, state, load]);
  if (state === undefined || state === 'loading') return <p className="muted">Reading versioning…</p>;
  if ('code' in state)
    return (
      <p className="muted" data-testid="versioning-state">
        Versioning: cannot be read ({state.code})
      </p>
    );
  const next = state.status === 'Enabled' ? 'Suspended' : 'Enabled';
  return (
    <div className="versioning" data-testid="versioning">
      <p>
        Versioning: <b data-testid="versioning-state">{WORDS[state.status]}</b>
        {state.mfaDelete && <span className="badge">MFA delete</span>}
      </p>
      {canWrite && (
        <button type="button" onClick={() => setAsking(next)} data-testid="versioning-toggle">
          {next === 'Enabled' ? 'Enable versioning…' : 'Suspend versioning…'}
        </button>
      )}
      {asking && (
        <ConfirmDialog
          title={asking === 'Enabled' ? 'Enable versioning?' : 'Suspend versioning?'}
          message={
            asking === 'Enabled' ? (
              <>
                <p>
                  From now on every overwrite and delete in <b>{bucket}</b> keeps the previous version, so it can be
                  brought back. Old versions are stored, and billed, until you delete them.
                </p>
                <p className="muted">A bucket cannot go back to "never enabled": later you can only suspend it.</p>
              </>
            ) : (
              <>
                <p>
                  New writes to <b>{bucket}</b> will replace the object instead of keeping the previous version, and
                  deletes will not be undoable. The versions kept so far stay.
                </p>
              </>
            )
          }
          confirmLabel={asking === 'Enabled' ? 'Enable versioning' : 'Suspend versioning'}
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            const status = asking;
            setAsking(undefined);
            void change(bucket, status);
          }}
        />
      )}
    </div>
  );
}
