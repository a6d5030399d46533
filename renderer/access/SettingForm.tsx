// What the dialogs that change one of a bucket's settings share: their props, the bucket's region,
// and a form ending in what is wrong in words, Cancel and Save (sent once: a double-click saved
// twice), which closes the dialog when S3 took the change.
import { useState, type ReactNode } from 'react';
import type { BucketAccessReport } from '../../electron/contract';
import { useStore } from '../store/store';

export interface SettingEditorProps {
  bucket: string;
  report: BucketAccessReport;
  onClose: () => void;
}

/** The bucket's region as its probe learned it (undefined until then). */
export function useBucketRegion(bucket: string): string | undefined {
  return useStore((s) => {
    const probe = s.probes[bucket];
    return probe && probe !== 'probing' ? probe.region : undefined;
  });
}

export function SettingForm({
  kind,
  problem,
  save,
  saveLabel,
  ready = true,
  danger = false,
  onClose,
  children,
}: {
  /** Test ids: `${kind}-problem`, `${kind}-save`. */
  kind: string;
  problem: string | undefined;
  /** Sends the change; true when S3 took it. */
  save: () => Promise<boolean>;
  saveLabel: string;
  /** Something to save has been asked for (false: Save waits, with nothing said against it). */
  ready?: boolean;
  /** The change cannot be taken back (a button marked as such). */
  danger?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const [saving, setSaving] = useState(false);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (problem || saving || !ready) return;
        setSaving(true);
        const saved = await save();
        setSaving(false);
        if (saved) onClose();
      }}
    >
      <div className="dialog-body">
        {children}
        {problem && (
          <p className="field-error" data-testid={`${kind}-problem`}>
            {problem}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="submit"
          className={danger ? 'danger' : undefined}
          disabled={Boolean(problem) || saving || !ready}
          data-testid={`${kind}-save`}
        >
          {saving ? 'Saving…' : saveLabel}
        </button>
      </div>
    </form>
  );
}
