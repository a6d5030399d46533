// The S3 console's four public-access labels, and why, in words. Pure: the core labels a bucket
// from the settings it read; the window labels a policy the user is about to save the same way.
import {
  describeStatement,
  isPublicPolicy,
  parsePolicy,
  publicStatements,
  type ParsedPolicy,
} from './bucket-policy.js';

export type PublicAccessState = 'public' | 'objects-can-be-public' | 'not-public' | 'authorized-only' | 'unknown';

export const PUBLIC_ACCESS_LABELS: Record<PublicAccessState, string> = {
  public: 'Public',
  'objects-can-be-public': 'Objects can be public',
  'not-public': 'Bucket and objects not public',
  'authorized-only': 'Only authorized users of this account',
  unknown: 'Access unknown',
};

export interface BlockSwitches {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface PublicAccessInput {
  /** The bucket's Block Public Access; null when none is configured; undefined when unreadable. */
  block: BlockSwitches | null | undefined;
  /** The owner account's switches, when they apply and were read; S3 applies the stricter of each pair. */
  accountBlock?: BlockSwitches | null;
  /** The policy document; null when the bucket has none; undefined when unreadable. */
  policy: string | null | undefined;
  /** GetBucketPolicyStatus's IsPublic, when S3 answered it (it is the authority). */
  policyStatusIsPublic?: boolean;
  /** Group grants of the bucket ACL ("AllUsers:READ", "AuthenticatedUsers:WRITE"); undefined when unreadable. */
  aclGroupGrants: string[] | undefined;
  /** Object Ownership is BucketOwnerEnforced: ACLs are disabled. */
  aclsDisabled: boolean;
}

export interface PublicAccessAnswer {
  state: PublicAccessState;
  reason: string;
}

const GROUP_WORDS: Record<string, string> = { AllUsers: 'everyone', AuthenticatedUsers: 'every AWS account' };

function parsed(policy: string | null | undefined): ParsedPolicy | undefined {
  if (!policy) return undefined;
  try {
    return parsePolicy(policy);
  } catch {
    return undefined;
  }
}

/** The console's label for a bucket, and the setting that decides it, in a sentence. */
export function publicAccessState(input: PublicAccessInput): PublicAccessAnswer {
  const { aclsDisabled, accountBlock } = input;
  if (input.block === undefined && input.policy === undefined)
    return {
      state: 'unknown',
      reason: 'This identity may read neither the bucket policy nor its Block Public Access settings.',
    };
  const block = combine(input.block, accountBlock);
  /** "BlockPublicPolicy", or "the account's BlockPublicPolicy" when only the account sets it. */
  const name = (s: keyof BlockSwitches) => (input.block?.[s] ? s : `the account's ${s}`);
  const document = parsed(input.policy);
  const policyPublic = input.policyStatusIsPublic ?? (document ? isPublicPolicy(document) : false);
  const first = document ? publicStatements(document)[0] : undefined;
  const statement = first
    ? describeStatement(first).replace(/^Statement/, "the bucket policy's statement")
    : 'the bucket policy';
  if (policyPublic && block?.RestrictPublicBuckets)
    return {
      state: 'authorized-only',
      reason: `Only authorized users of this account: ${statement}, but Block Public Access (${name('RestrictPublicBuckets')}) limits it to this account's users and AWS services.`,
    };
  if (policyPublic)
    return {
      state: 'public',
      reason: `Public because ${statement}, and Block Public Access ${block ? 'does not restrict it (RestrictPublicBuckets is off)' : 'is off'}.`,
    };
  const publicGrants = (input.aclGroupGrants ?? []).filter((g) => g.split(':')[0]! in GROUP_WORDS);
  if (publicGrants.length && !aclsDisabled && !block?.IgnorePublicAcls) {
    const [group, permission] = publicGrants[0]!.split(':');
    return {
      state: 'public',
      reason: `Public because the bucket ACL grants ${permission} to ${GROUP_WORDS[group!]} (${group}), and Block Public Access does not ignore public ACLs (IgnorePublicAcls is off).`,
    };
  }
  const policyBlocked = Boolean(block?.BlockPublicPolicy || block?.RestrictPublicBuckets);
  const aclsBlocked = aclsDisabled || Boolean(block?.IgnorePublicAcls);
  if (policyBlocked && aclsBlocked)
    return {
      state: 'not-public',
      reason: `Not public: Block Public Access ${block?.BlockPublicPolicy ? `refuses public policies (${name('BlockPublicPolicy')})` : `restricts public policies (${name('RestrictPublicBuckets')})`} and ${aclsDisabled ? 'ACLs are disabled (Object Ownership: bucket owner enforced)' : `ignores public ACLs (${name('IgnorePublicAcls')})`}.`,
    };
  const open = [
    !policyBlocked && 'a bucket policy could grant access to everyone (BlockPublicPolicy is off)',
    !aclsBlocked && 'an ACL could make objects public (IgnorePublicAcls is off and ACLs are enabled)',
  ].filter(Boolean);
  return {
    state: 'objects-can-be-public',
    reason: `Objects can be public: nothing is public now, but ${open.join(', and ')}.`,
  };
}

/** The stricter of the bucket's and the account's switches, each on if either is; null when neither is set. */
export function combine(
  bucket: BlockSwitches | null | undefined,
  account: BlockSwitches | null | undefined,
): BlockSwitches | null | undefined {
  if (!account) return bucket;
  if (!bucket) return account;
  return {
    BlockPublicAcls: bucket.BlockPublicAcls || account.BlockPublicAcls,
    IgnorePublicAcls: bucket.IgnorePublicAcls || account.IgnorePublicAcls,
    BlockPublicPolicy: bucket.BlockPublicPolicy || account.BlockPublicPolicy,
    RestrictPublicBuckets: bucket.RestrictPublicBuckets || account.RestrictPublicBuckets,
  };
}
