import { Checkbox } from '../components/Checkbox';
import { useState } from 'react';
import type { ConflictPolicy } from '../../electron/contract';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';

type Choice = { policy: ConflictPolicy; label: string; detail: string };

const CHOICES: Record<'upload' | 'download', Choice[]> = {
  upload: [
    { policy: 'skip', label: 'Skip them', detail: 'Upload only the new names; the existing objects stay as they are.' },
    { policy: 'keep-both', label: 'Keep both', detail: 'Upload under a free name, like "report (1).pdf".' },
    {
      policy: 'overwrite',
      label: 'Replace them',
      detail: 'The existing objects are replaced (kept as old versions only if the bucket keeps versions).',
    },
  ],
  download: [
    { policy: 'skip', label: 'Skip them', detail: 'Download only what is not there yet; your files stay as they are.' },
    { policy: 'keep-both', label: 'Keep both', detail: 'Save under a free name, like "report (1).pdf".' },
    { policy: 'overwrite', label: 'Replace them', detail: 'Your files with these names are replaced.' },
  ],
};

/**
 * Asked once per batch whose names exist already (objects for an upload, files for a download);
 * for uploads, "apply to all" keeps the answer for the session. Skip, which changes nothing that
 * exists, has the focus.
 */
export function ConflictDialog() {
  const pending = useStore((s) => s.pendingConflict);
  const resolve = useStore((s) => s.resolveConflict);
  const [applyToAll, setApplyToAll] = useState(false);
  if (!pending) return null;
  const { count, total, examples, where, direction } = pending;
  const existing =
    count === total
      ? count === 1
        ? 'The name exists'
        : `All ${count} names exist`
      : `${count} of the ${total} names exist`;
  return (
    <Dialog title="Some names exist already" onCancel={() => void resolve('cancel', false)} testId="conflict-dialog">
      <div className="dialog-body">
        <p>
          {existing} in <b className="mono">{where}</b>:
        </p>
        <ul className="conflict-examples mono">
          {examples.map((key) => (
            <li key={key}>{key}</li>
          ))}
          {count > examples.length && <li className="muted">and {count - examples.length} more</li>}
        </ul>
      </div>
      <div className="conflict-choices">
        {CHOICES[direction].map(({ policy, label, detail }, index) => (
          <button
            key={policy}
            type="button"
            className={policy === 'overwrite' ? 'danger' : ''}
            data-autofocus={index === 0 ? true : undefined}
            onClick={() => void resolve(policy, applyToAll)}
            data-testid={`conflict-${policy}`}
          >
            <b>{label}</b>
            <span className="muted">{detail}</span>
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        {direction === 'upload' && (
          <Checkbox checked={applyToAll} onChange={setApplyToAll} testId="conflict-apply-all">
            Do this for every upload until the app closes
          </Checkbox>
        )}
        <button type="button" onClick={() => void resolve('cancel', false)} data-testid="conflict-cancel">
          {direction === 'upload' ? 'Cancel upload' : 'Cancel download'}
        </button>
      </div>
    </Dialog>
  );
}
