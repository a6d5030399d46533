import { useState } from 'react';
import {
  encryptionProblem,
  ENCRYPTION_ALGORITHMS,
  ENCRYPTION_NAMES,
  type DefaultEncryption,
  type EncryptionAlgorithm,
} from '../../electron/shared/default-encryption';
import { Choice } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';
import { SettingForm, useBucketRegion, type SettingEditorProps } from './SettingForm';

/**
 * The bucket's default encryption: SSE-S3, SSE-KMS or DSSE-KMS with a key (none: the AWS managed
 * key) and the bucket key, checked as it is filled in (a key of another region, a key with SSE-S3).
 * What is in the bucket already keeps its own encryption; the dialog says so.
 */
export function EncryptionEditor({ bucket, report, onClose }: SettingEditorProps) {
  const saveEncryption = useStore((s) => s.saveEncryption);
  const region = useBucketRegion(bucket);
  const now = report.encryption ?? undefined;
  const [algorithm, setAlgorithm] = useState<EncryptionAlgorithm>(now?.algorithm ?? 'AES256');
  const [key, setKey] = useState(now?.kmsKeyId ?? '');
  // S3's console turns the bucket key on for KMS: it cuts KMS requests, and their cost, a lot.
  const [bucketKey, setBucketKey] = useState(now?.bucketKey ?? true);
  const kms = algorithm !== 'AES256';
  const setting: DefaultEncryption = kms ? { algorithm, kmsKeyId: key.trim() || undefined, bucketKey } : { algorithm };
  const problem = encryptionProblem(setting, region);
  return (
    <Dialog title={`Default encryption of ${bucket}`} onCancel={onClose} testId="encryption-editor">
      <SettingForm
        kind="encryption"
        problem={problem}
        save={() => saveEncryption(bucket, setting)}
        saveLabel="Save"
        onClose={onClose}
      >
        <fieldset className="plain-fieldset">
          <legend>New objects are encrypted with</legend>
          {ENCRYPTION_ALGORITHMS.map((a) => (
            <Choice
              key={a}
              type="radio"
              name="algorithm"
              checked={algorithm === a}
              onChange={() => setAlgorithm(a)}
              testId={`encryption-${a}`}
              label={ENCRYPTION_NAMES[a]}
            />
          ))}
        </fieldset>
        {kms && (
          <>
            <label className="field">
              <span>KMS key (empty: the AWS managed key, aws/s3)</span>
              <input
                value={key}
                onChange={(e) => setKey(e.target.value)}
                placeholder="alias/my-key, a key ID or its ARN"
                spellCheck={false}
                data-testid="encryption-key"
              />
            </label>
            <Choice
              checked={bucketKey}
              onChange={setBucketKey}
              testId="encryption-bucket-key"
              label="Bucket key"
              detail="far fewer requests to KMS, and a smaller KMS bill"
            />
          </>
        )}
        <p className="muted">
          Objects already in the bucket keep the encryption they have; only objects written from now on get this.
        </p>
      </SettingForm>
    </Dialog>
  );
}
