import { useState } from 'react';
import type { BucketAccessReport } from '../../electron/contract';
import { filledPairs, tagsProblem, type Pairs } from '../../electron/shared/object-edit-rules';
import { Dialog } from '../components/Dialog';
import { PairsEditor } from '../ops/EditDialogs';
import { useStore } from '../store/store';

/**
 * The bucket's own tags (cost allocation, owner, project…), as the object tag editor edits an
 * object's: name and value rows, checked in words as they are typed (up to 50, none beginning
 * with aws:), saved all at once; no rows left removes them.
 */
export function BucketTagsDialog({
  bucket,
  report,
  onClose,
}: {
  bucket: string;
  report: BucketAccessReport;
  onClose: () => void;
}) {
  const saveBucketTags = useStore((s) => s.saveBucketTags);
  const [pairs, setPairs] = useState<Pairs>(() => {
    const now = Object.entries(report.tags ?? {});
    return now.length ? now : [['', '']];
  });
  const [saving, setSaving] = useState(false);
  const problem = tagsProblem(pairs, 'bucket');
  return (
    <Dialog title={`Tags of ${bucket}`} onCancel={onClose} testId="bucket-tags-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (problem || saving) return;
          setSaving(true);
          const saved = await saveBucketTags(bucket, Object.fromEntries(filledPairs(pairs)));
          setSaving(false);
          if (saved) onClose();
        }}
      >
        <div className="dialog-body">
          <PairsEditor pairs={pairs} onChange={setPairs} label="Tags" testId="bucket-tags" />
          <p className="muted">
            Tags can group the bucket&apos;s costs in AWS Billing once they are turned on there as cost allocation tags.
          </p>
          {problem && (
            <p className="field-error" data-testid="bucket-tags-problem">
              {problem}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="submit" disabled={Boolean(problem) || saving} data-testid="bucket-tags-save">
            {saving ? 'Saving…' : 'Save tags'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
