// "Why was this denied?": what the app can tell from a refused request, in words. S3's own
// message is kept beside it; this says what to check, from the code, the operation, and what the
// app knows of the bucket (its public-access report, the object's storage class).

export interface DenialFacts {
  code?: string;
  status?: number;
  message?: string;
  operation: string;
  /** The caller signed no request. */
  anonymous?: boolean;
  /** From the bucket's access report, when the app has one. */
  bucketPublicAccess?: string;
  /** The object's encryption ("aws:kms …"), when HEAD could tell. */
  objectEncryption?: string;
  storageClass?: string;
  expectedOwner?: string;
}

/** A sentence or two on why a request was refused, or undefined when it was not a refusal. */
export function explainDenial(f: DenialFacts): string | undefined {
  const code = f.code ?? '';
  if (code === 'InvalidObjectState')
    return `The object is in ${f.storageClass === 'DEEP_ARCHIVE' ? 'Glacier Deep Archive' : 'an archive storage class (Glacier)'}: it must be restored before it can be read. Start a restore and read it when HEAD says ongoing-request="false".`;
  if (f.status !== 403 && code !== 'AccessDenied') return undefined;
  const said = f.message ?? '';
  if (/protected by object lock/i.test(said))
    return 'Object Lock keeps this version: a legal hold, or a retention that has not ended. A compliance retention lets nobody delete it before its date; a governance one only an identity allowed to bypass governance retention (s3:BypassGovernanceRetention). Deleting without a version id still works: it adds a delete marker.';
  if (/explicit deny/i.test(said))
    return 'A policy denies this explicitly (an explicit Deny wins over every Allow): look for a Deny statement in the bucket policy, or in your IAM, SCP or session policy.';
  if (/no resource-based policy allows/i.test(said))
    return "Nothing grants it: the bucket belongs to another account, and its policy does not allow this identity that action. Ask the bucket's owner to add it to the bucket policy.";
  if (f.expectedOwner)
    return `The bucket is not owned by account ${f.expectedOwner} (the expected-owner check refused it), or this identity may not use it.`;
  if (code === 'RequestPayer' || /requester pays/i.test(said))
    return 'The bucket is Requester Pays: requests must say they accept the charges (x-amz-request-payer: requester).';
  if (f.objectEncryption?.startsWith('aws:kms') && /GetObject/.test(f.operation))
    return `The object is encrypted with a KMS key (${f.objectEncryption}): reading it needs kms:Decrypt on that key as well as s3:GetObject. A denial by KMS answers with S3's AccessDenied.`;
  if (f.anonymous)
    return f.bucketPublicAccess === 'authorized-only'
      ? "The bucket's public policy is restricted to its own account (RestrictPublicBuckets): anonymous requests are refused."
      : 'Anonymous requests are refused: the bucket is not public for this action. Use credentials, or ask for a public grant.';
  if (f.bucketPublicAccess === 'public' && /GetObject|ListObjects|HeadObject/.test(f.operation))
    return 'The bucket is public, yet these credentials are denied: your own IAM policy (or an SCP or permissions boundary) may deny it. An anonymous request would succeed.';
  if (f.bucketPublicAccess === 'authorized-only')
    return "The bucket's policy is public but restricted to the bucket owner's account (RestrictPublicBuckets): other accounts are refused even where the policy names them.";
  return "This identity may not do this here: check your IAM policy and the bucket's policy (the bucket may belong to another account).";
}
