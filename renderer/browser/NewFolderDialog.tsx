import { useState } from 'react';
import type { ObjectRow } from '../../electron/contract';
import { nameProblem } from '../../electron/shared/object-names';
import { Dialog } from '../components/Dialog';
import { SubmitRow } from '../components/SubmitRow';
import { useStore } from '../store/store';

/**
 * A folder's name, checked as it is typed: refused in words ("/", "." and "..", a key S3 would
 * find too long), and a name the folder already shows is said to be there — with a way into it —
 * instead of quietly writing a marker object into a folder that exists.
 */
export function NewFolderDialog({
  bucket,
  prefix,
  folders,
  objects,
  onCreate,
  onCancel,
}: {
  bucket: string;
  prefix: string;
  folders: string[];
  objects: ObjectRow[];
  onCreate: (name: string) => void;
  onCancel: () => void;
}) {
  const open = useStore((s) => s.open);
  const [name, setName] = useState('');
  /** Enter was pressed on a name that cannot be made: its problem is said even for an empty one. */
  const [tried, setTried] = useState(false);
  const clean = name.trim();
  const target = `${prefix}${clean}/`;
  const exists = clean !== '' && (folders.includes(target) || objects.some((o) => o.key === target));
  const problem = nameProblem(name, prefix, true);
  return (
    <Dialog title="New folder" onCancel={onCancel} testId="folder-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem && !exists) onCreate(clean);
        }}
      >
        <label className="field">
          <span>
            Name, inside s3://{bucket}/{prefix}
          </span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            // Create is disabled then, so the form does not submit: Enter said nothing at all.
            onKeyDown={(e) => {
              if (e.key === 'Enter' && problem) setTried(true);
            }}
            aria-invalid={Boolean(name && (problem || exists))}
            data-testid="folder-name-input"
            spellCheck={false}
          />
          {(name || tried) && problem && (
            <span className="field-error" data-testid="folder-name-problem">
              {problem}
            </span>
          )}
          {!problem && exists && (
            <span className="field-error" data-testid="folder-exists">
              {clean}/ is here already.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  onCancel();
                  void open(bucket, target);
                }}
              >
                Open it
              </button>
            </span>
          )}
        </label>
        <SubmitRow onCancel={onCancel} label="Create" disabled={Boolean(problem) || exists} />
      </form>
    </Dialog>
  );
}
