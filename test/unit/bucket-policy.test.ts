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

  it('says a statement in words', () => {
    const [s] = policy({ ...readAll, Sid: 'PublicRead' }).statements;
    expect(describeStatement(s!)).toBe('Statement 1 (PublicRead) allows everyone s3:GetObject on b/*');
  });
});
