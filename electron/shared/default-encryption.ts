// A bucket's default encryption as the app sets it: SSE-S3, SSE-KMS or DSSE-KMS (with a key, or
// the account's AWS managed key for S3), and the bucket key. Checked here in words, in the window,
// the terminal and main alike, before S3 is asked.

export const ENCRYPTION_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;
export type EncryptionAlgorithm = (typeof ENCRYPTION_ALGORITHMS)[number];

export interface DefaultEncryption {
  algorithm: EncryptionAlgorithm;
  /** A KMS key's ID, ARN, alias or alias ARN; none: the AWS managed key (aws/s3). */
  kmsKeyId?: string;
  /** S3 Bucket Keys: fewer calls to KMS, so a lower KMS bill (KMS only). */
  bucketKey?: boolean;
}

export const ENCRYPTION_NAMES: Record<EncryptionAlgorithm, string> = {
  AES256: 'SSE-S3 (keys S3 manages)',
  'aws:kms': 'SSE-KMS (a KMS key)',
  'aws:kms:dsse': 'DSSE-KMS (two layers, a KMS key)',
};

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/i;
const ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key\/.+|alias\/.+)$/;

/** Why S3 would refuse this setting for a bucket in `bucketRegion`, in words; undefined if fine. */
export function encryptionProblem(setting: DefaultEncryption, bucketRegion?: string): string | undefined {
  if (!(ENCRYPTION_ALGORITHMS as readonly string[]).includes(setting.algorithm))
    return `${String(setting.algorithm)} is not an encryption S3 applies by default.`;
  const key = setting.kmsKeyId?.trim();
  if (setting.algorithm === 'AES256') {
    if (key) return 'SSE-S3 uses keys S3 manages: a KMS key goes with SSE-KMS or DSSE-KMS.';
    if (setting.bucketKey) return 'A bucket key is for KMS encryption (SSE-KMS).';
    return undefined;
  }
  if (!key) return undefined;
  const arn = ARN.exec(key);
  if (!arn && !KEY_ID.test(key) && !MULTI_REGION_KEY_ID.test(key) && !ALIAS.test(key))
    return `${key} is not a KMS key: give its ID (1234abcd-…), its ARN, or an alias (alias/my-key).`;
  if (arn && bucketRegion && arn[1] !== bucketRegion)
    return `That key is in ${arn[1]} and the bucket in ${bucketRegion}: S3 uses a key of the bucket's own region.`;
  return undefined;
}

/** The setting in words: `SSE-KMS with alias/app, bucket key on`. */
export function describeEncryption(setting: DefaultEncryption | null | undefined): string {
  if (setting === undefined) return 'cannot be read';
  if (setting === null) return 'not configured';
  const name =
    setting.algorithm === 'AES256'
      ? 'SSE-S3 (AES256)'
      : setting.algorithm === 'aws:kms'
        ? 'SSE-KMS'
        : setting.algorithm === 'aws:kms:dsse'
          ? 'DSSE-KMS'
          : setting.algorithm;
  const key = setting.algorithm === 'AES256' ? '' : ` with ${setting.kmsKeyId ?? 'the AWS managed key (aws/s3)'}`;
  return `${name}${key}${setting.bucketKey ? ', bucket key on' : ''}`;
}
