// A bucket's lifecycle rules, read in words and changed a rule at a time: the configuration is
// one document in S3, so a change reads it, takes away or adds the one rule and writes it whole
// (the last rule taken away deletes the document). Rules the app does not edit travel untouched.
import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type GetBucketLifecycleConfigurationCommandOutput,
  type LifecycleRule,
  type TransitionStorageClass,
} from '@aws-sdk/client-s3';
import {
  describeRule,
  lifecycleRuleProblem,
  ruleIdFor,
  type LifecycleRuleView,
  type NewLifecycleRule,
} from '../shared/lifecycle.js';
import type { S3RequestError } from './errors.js';
import { changeRuleDocument, nameOf } from './rule-documents.js';
import type { S3Transport } from './transport.js';

/** A rule as S3 holds it, in words; `index` names a rule that has no ID. */
export function ruleView(rule: LifecycleRule, index: number): LifecycleRuleView {
  const filter = rule.Filter;
  const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? rule.Prefix ?? '';
  const more: string[] = [];
  const tags = [...(filter?.Tag ? [filter.Tag] : []), ...(filter?.And?.Tags ?? [])];
  if (tags.length) more.push(`only objects tagged ${tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}`);
  const larger = filter?.ObjectSizeGreaterThan ?? filter?.And?.ObjectSizeGreaterThan;
  const smaller = filter?.ObjectSizeLessThan ?? filter?.And?.ObjectSizeLessThan;
  if (larger !== undefined) more.push(`only objects over ${larger} bytes`);
  if (smaller !== undefined) more.push(`only objects under ${smaller} bytes`);
  if (rule.Expiration?.Date) more.push(`delete on ${rule.Expiration.Date.toISOString().slice(0, 10)}`);
  for (const t of rule.NoncurrentVersionTransitions ?? [])
    more.push(`move old versions to ${t.StorageClass} ${t.NoncurrentDays ?? '?'} days after they become old`);
  if (rule.NoncurrentVersionExpiration?.NewerNoncurrentVersions)
    more.push(`keep the newest ${rule.NoncurrentVersionExpiration.NewerNoncurrentVersions} old versions`);
  return {
    id: nameOf(rule, index),
    enabled: rule.Status === 'Enabled',
    prefix,
    ...(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined && {
      abortIncompleteDays: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation,
    }),
    summary: describeRule(
      {
        prefix,
        enabled: rule.Status === 'Enabled',
        abortIncompleteDays: rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
        transitions: (rule.Transitions ?? []).map((t) => ({ storageClass: t.StorageClass ?? '?', days: t.Days })),
        expireDays: rule.Expiration?.Days,
        expireDeleteMarkers: rule.Expiration?.ExpiredObjectDeleteMarker,
        noncurrentExpireDays: rule.NoncurrentVersionExpiration?.NoncurrentDays,
      },
      more,
    ),
  };
}

/** The rule S3 is sent for `rule`, enabled. */
function sdkRule(rule: NewLifecycleRule, id: string): LifecycleRule {
  return {
    ID: id,
    Status: 'Enabled',
    Filter: { Prefix: rule.prefix },
    ...(rule.abortIncompleteDays !== undefined && {
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.abortIncompleteDays },
    }),
    ...(rule.transition && {
      Transitions: [
        { Days: rule.transition.days, StorageClass: rule.transition.storageClass as TransitionStorageClass },
      ],
    }),
    ...((rule.expireDays !== undefined || rule.expireDeleteMarkers) && {
      Expiration: rule.expireDays !== undefined ? { Days: rule.expireDays } : { ExpiredObjectDeleteMarker: true },
    }),
    ...(rule.noncurrentExpireDays !== undefined && {
      NoncurrentVersionExpiration: { NoncurrentDays: rule.noncurrentExpireDays },
    }),
  };
}

async function readRules(transport: S3Transport, bucket: string): Promise<LifecycleRule[]> {
  try {
    const out = await transport.send<GetBucketLifecycleConfigurationCommandOutput>(
      { operation: 'GetBucketLifecycleConfiguration', bucket },
      () => new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }),
    );
    return out.Rules ?? [];
  } catch (error) {
    if ((error as S3RequestError).code === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

/** The bucket's rules, in words (none: an empty list). */
export async function readLifecycle(transport: S3Transport, bucket: string): Promise<LifecycleRuleView[]> {
  return (await readRules(transport, bucket)).map(ruleView);
}

/**
 * Takes away the rules named in `remove` and adds `add` (checked first, in words), writing the
 * configuration whole; answers the rules as they are then.
 */
export async function changeLifecycle(
  transport: S3Transport,
  bucket: string,
  change: { add?: NewLifecycleRule; remove?: string[] },
): Promise<LifecycleRuleView[]> {
  await changeRuleDocument({
    bucket,
    kind: 'lifecycle',
    change,
    read: () => readRules(transport, bucket),
    nameOf,
    problem: lifecycleRuleProblem,
    build: (add, taken) => sdkRule(add, add.id?.trim() || ruleIdFor(add, taken)),
    write: (rules) =>
      transport.send(
        { operation: 'PutBucketLifecycleConfiguration', bucket },
        () => new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules } }),
      ),
    delete: () =>
      transport.send(
        { operation: 'DeleteBucketLifecycle', bucket },
        () => new DeleteBucketLifecycleCommand({ Bucket: bucket }),
      ),
  });
  return readLifecycle(transport, bucket);
}
