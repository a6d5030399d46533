// Bucket policy evaluation and S3's "is it public" rule, on the cases that decide real buckets.
import { describe, expect, it } from 'vitest';
import {
  describeStatement,
  evaluatePolicy,
  isPublicPolicy,
  parsePolicy,
  PolicyError,
  wildcardMatch,
} from '../../electron/shared/bucket-policy.js';
import { publicAccessState } from '../../electron/shared/public-access.js';

const policy = (...Statement: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }));
const readAll = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

describe('bucket policies', () => {
  it('matches actions case-insensitively with wildcards, resources exactly with wildcards', () => {
    expect(wildcardMatch('s3:Get*', 's3:getobject', true)).toBe(true);
    expect(wildcardMatch('s3:Get*', 's3:PutObject', true)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::b/pub/*', 'arn:aws:s3:::b/pub/a/b.txt')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/pub/*', 'arn:aws:s3:::b/private/a')).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::b/?.txt', 'arn:aws:s3:::b/a.txt')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/a.txt', 'arn:aws:s3:::b/aXtxt')).toBe(false); // "." is literal
  });

  it('lets an explicit Deny win over an Allow, for any principal', () => {
    const p = policy(readAll, {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:GetObject'],
      Resource: 'arn:aws:s3:::b/secret/*',
    });
    expect(evaluatePolicy(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/open.txt' }).effect).toBe('allow');
    const denied = evaluatePolicy(p, { account: '1', action: 's3:GetObject', resource: 'arn:aws:s3:::b/secret/x' });
    expect([denied.effect, denied.statement?.index]).toEqual(['deny', 2]);
    expect(evaluatePolicy(p, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/x' }).effect).toBe('none');
  });

  it('matches principals by account id or an ARN of that account, and never an anonymous caller', () => {
    const p = policy(
      { Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' },
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::333333333333:root'] }, Action: 's3:*', Resource: '*' },
    );
    expect(
      evaluatePolicy(p, { account: '222222222222', action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }).effect,
    ).toBe('allow');
    expect(
      evaluatePolicy(p, { account: '333333333333', action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }).effect,
    ).toBe('allow');
    expect(
      evaluatePolicy(p, { account: '444444444444', action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }).effect,
    ).toBe('none');
    expect(evaluatePolicy(p, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }).effect).toBe('none');
    expect(isPublicPolicy(p)).toBe(false);
  });

  it('reports conditions it does not evaluate instead of ignoring them, and does not apply those statements', () => {
    const p = policy({ ...readAll, Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } });
    const decision = evaluatePolicy(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x' });
    expect(decision.effect).toBe('none');
    expect(decision.unevaluated.map((s) => s.index)).toEqual([1]);
  });

  it('is public when an Allow to everyone has no restricting condition, as GetBucketPolicyStatus says', () => {
    expect(isPublicPolicy(policy(readAll))).toBe(true);
    expect(isPublicPolicy(policy({ ...readAll, Principal: { AWS: '*' } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...readAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b' } } }))).toBe(
      false,
    );
    expect(isPublicPolicy(policy({ ...readAll, Condition: { StringLike: { 'aws:SourceAccount': '*' } } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...readAll, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...readAll, Effect: 'Deny' }))).toBe(false);
  });

  it('refuses what it cannot read, in words', () => {
    expect(() => parsePolicy('{')).toThrow(PolicyError);
    expect(() => parsePolicy('{"Statement": []}')).toThrow(/no statements/);
    expect(() => policy({ Effect: 'Maybe', Principal: '*', Action: 's3:GetObject', Resource: '*' })).toThrow(/Effect/);
    expect(() => policy({ Effect: 'Allow', Principal: '*', Action: 'ec2:RunInstances', Resource: '*' })).toThrow(
      /not an S3 action/,
    );
    expect(() =>
      policy({ Effect: 'Allow', NotPrincipal: { AWS: '1' }, Principal: '*', Action: 's3:*', Resource: '*' }),
    ).toThrow(/NotPrincipal/);
  });

  it("takes only its own bucket's resources once it knows the bucket, as S3 does", () => {
    const forB = (...Statement: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }), 'b');
    expect(() => forB(readAll, { ...readAll, Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b*/x'] })).not.toThrow();
    expect(() => forB({ ...readAll, Resource: '*' })).not.toThrow();
    expect(() => forB({ ...readAll, Resource: 'arn:aws:s3:::other-bucket/*' })).toThrow(
      'Statement 1: "arn:aws:s3:::other-bucket/*" is not in b. A bucket\'s policy can only name that bucket and its objects.',
    );
    expect(() => policy({ ...readAll, Resource: 'arn:aws:s3:::other-bucket/*' })).not.toThrow(); // bucket not said
  });

  it('says a statement in words', () => {
    const [s] = policy({ ...readAll, Sid: 'PublicRead' }).statements;
    expect(describeStatement(s!)).toBe('Statement 1 (PublicRead) allows everyone s3:GetObject on b/*');
  });
});

describe('the console public-access labels', () => {
  const publicPolicy = JSON.stringify({ Statement: [{ ...readAll, Sid: 'Open' }] });
  const none = {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: false,
  };
  const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  const label = (input: Partial<Parameters<typeof publicAccessState>[0]>) =>
    publicAccessState({ block: null, policy: null, aclGroupGrants: [], aclsDisabled: false, ...input });

  it('public: a public policy nothing restricts, or a public ACL nothing ignores', () => {
    expect(label({ policy: publicPolicy })).toMatchObject({ state: 'public' });
    expect(label({ policy: publicPolicy }).reason).toContain("the bucket policy's statement 1 (Open) allows everyone");
    expect(label({ aclGroupGrants: ['AllUsers:READ'] })).toMatchObject({ state: 'public' });
    expect(label({ aclGroupGrants: ['AllUsers:READ'] }).reason).toContain('grants READ to everyone');
    // The service's own policy status wins over the app's reading of the document.
    expect(label({ policy: publicPolicy, policyStatusIsPublic: false }).state).toBe('objects-can-be-public');
  });

  it('authorized users only: a public policy under RestrictPublicBuckets', () => {
    expect(label({ policy: publicPolicy, block: { ...none, RestrictPublicBuckets: true } }).state).toBe(
      'authorized-only',
    );
  });

  it('not public: public policies refused and public ACLs ignored or disabled', () => {
    expect(label({ block: all }).state).toBe('not-public');
    expect(label({ block: { ...none, BlockPublicPolicy: true }, aclsDisabled: true }).state).toBe('not-public');
    // A public ACL grant under IgnorePublicAcls grants nothing.
    expect(label({ block: all, aclGroupGrants: ['AllUsers:READ'] }).state).toBe('not-public');
    expect(
      label({ aclGroupGrants: ['AllUsers:READ'], aclsDisabled: true, block: { ...none, BlockPublicPolicy: true } })
        .state,
    ).toBe('not-public');
  });

  it('objects can be public: nothing public now, but a switch left open says what could make it so', () => {
    const open = label({});
    expect(open.state).toBe('objects-can-be-public');
    expect(open.reason).toContain('BlockPublicPolicy is off');
    expect(label({ block: { ...none, BlockPublicPolicy: true } }).reason).toContain('IgnorePublicAcls is off');
  });

  it("adds the account's switches to the bucket's, the stricter winning, and names the account's", () => {
    // A public policy, nothing set on the bucket, RestrictPublicBuckets on the account.
    const restricted = label({ policy: publicPolicy, accountBlock: { ...none, RestrictPublicBuckets: true } });
    expect(restricted.state).toBe('authorized-only');
    expect(restricted.reason).toContain("the account's RestrictPublicBuckets");
    // Each switch is on if either level has it: here the bucket ignores ACLs, the account refuses policies.
    const blocked = label({
      block: { ...none, IgnorePublicAcls: true },
      accountBlock: { ...none, BlockPublicPolicy: true },
      aclGroupGrants: ['AllUsers:READ'],
    });
    expect(blocked.state).toBe('not-public');
    expect(blocked.reason).toContain("refuses public policies (the account's BlockPublicPolicy)");
    expect(blocked.reason).toContain('ignores public ACLs (IgnorePublicAcls)');
    // Nothing set on the account (null) changes nothing.
    expect(label({ policy: publicPolicy, accountBlock: null }).state).toBe('public');
  });

  it('unknown when neither the policy nor Block Public Access can be read', () => {
    expect(label({ block: undefined, policy: undefined }).state).toBe('unknown');
  });
});
