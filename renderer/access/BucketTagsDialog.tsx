import { useState } from 'react';
import { filledPairs, tagsProblem, type Pairs } from '../../electron/shared/object-edit-rules';
import { Dialog } from '../components/Dialog';
import { PairsEditor } from '../ops/EditDialogs';
import { useStore } from '../store/store';
import { SettingForm, type SettingEditorProps } from './SettingForm';

/**
 * The bucket's own tags (cost allocation, owner, project…), as the object tag editor edits an
 * object's: name and value rows, checked in words as they are typed (up to 50, none beginning
 * with aws:), saved all at once; no rows left removes them.
 */
export function BucketTagsDialog({ bucket, report, onClose }: SettingEditorProps) {
  const saveBucketTags = useStore((s) => s.saveBucketTags);
  const [pairs, setPairs] = useState<Pairs>(() => {
    const now = Object.entries(report.tags ?? {});
    return now.length ? now : [['', '']];
  });
  const problem = tagsProblem(pairs, 'bucket');
  return (
    <Dialog title={`Tags of ${bucket}`} onCancel={onClose} testId="bucket-tags-dialog">
      <SettingForm
        kind="bucket-tags"
        problem={problem}
        save={() => saveBucketTags(bucket, Object.fromEntries(filledPairs(pairs)))}
        saveLabel="Save tags"
        onClose={onClose}
      >
        <PairsEditor pairs={pairs} onChange={setPairs} label="Tags" testId="bucket-tags" />
        <p className="muted">
          Tags can group the bucket&apos;s costs in AWS Billing once they are turned on there as cost allocation tags.
        </p>
      </SettingForm>
    </Dialog>
  );
}
