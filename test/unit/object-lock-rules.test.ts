// electron/shared/object-lock.ts: Object Lock said in words, and S3's rules for changing a
// version's retention checked before anything is sent (the window, the terminal and main use them).
import { describe, expect, it } from 'vitest';
import {
  bucketLockProblem,
  describeBucketLock,
  describeObjectLock,
  lockChangeProblem,
  parsePeriod,
  whatKeeps,
  type ObjectLockState,
} from '../../electron/shared/object-lock.js';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const governed: ObjectLockState = { mode: 'GOVERNANCE', retainUntil: '2027-01-04T00:00:00.000Z', legalHold: false };
const complied: ObjectLockState = { mode: 'COMPLIANCE', retainUntil: '2027-01-04T00:00:00.000Z', legalHold: false };
const ended: ObjectLockState = { mode: 'COMPLIANCE', retainUntil: '2026-12-01T00:00:00.000Z', legalHold: false };

describe('Object Lock in words', () => {
  it('says a bucket and a version as they are', () => {
    expect(describeBucketLock(null)).toBe('off');
    expect(describeBucketLock(undefined)).toBe('cannot be read');
    expect(describeBucketLock({})).toBe('on, no default retention');
    expect(describeBucketLock({ defaultRetention: { mode: 'COMPLIANCE', years: 1 } })).toBe(
      'on, new objects kept 1 year (compliance)',
    );
    expect(describeObjectLock(undefined)).toBe('not locked');
    expect(describeObjectLock({ ...governed, legalHold: true }, NOW)).toBe(
      'governance retention until 2027-01-04 · legal hold on',
    );
    expect(describeObjectLock(ended, NOW)).toBe('compliance retention ended 2026-12-01');
  });

  it('says what keeps a version from deletion, and nothing once a retention has ended', () => {
    expect(whatKeeps({ legalHold: true }, NOW)).toBe('a legal hold keeps it until the hold is removed');
    expect(whatKeeps(complied, NOW)).toMatch(/nobody can delete it before then/);
    expect(whatKeeps(governed, NOW)).toBe('governance retention keeps it until 2027-01-04, unless it is bypassed');
    expect(whatKeeps(ended, NOW)).toBeUndefined();
  });
});

describe("S3's rules for a change, before it is sent", () => {
  const later = { mode: 'GOVERNANCE' as const, until: '2027-03-01T00:00:00.000Z' };
  const sooner = { mode: 'GOVERNANCE' as const, until: '2026-12-20T00:00:00.000Z' };

  it('lets a retention lengthen or get stricter, and nothing more without the bypass', () => {
    expect(lockChangeProblem({ retention: later }, governed, NOW)).toBeUndefined();
    expect(lockChangeProblem({ retention: { ...later, mode: 'COMPLIANCE' } }, governed, NOW)).toBeUndefined();
    expect(lockChangeProblem({ retention: sooner }, governed, NOW)).toMatch(/means bypassing it/);
    expect(lockChangeProblem({ retention: null }, governed, NOW)).toMatch(/means bypassing it/);
    expect(lockChangeProblem({ retention: null, bypassGovernance: true }, governed, NOW)).toBeUndefined();
  });

  it('never weakens compliance, bypass or not, until it has ended', () => {
    for (const retention of [null, sooner, { ...later, mode: 'GOVERNANCE' as const }])
      expect(lockChangeProblem({ retention, bypassGovernance: true }, complied, NOW)).toMatch(
        /^Compliance retention cannot be shortened, lifted or made governance: it holds until 2027-01-04\.$/,
      );
    expect(lockChangeProblem({ retention: null }, ended, NOW)).toBeUndefined();
    // A legal hold is its own switch: it changes whatever the retention.
    expect(lockChangeProblem({ legalHold: true }, complied, NOW)).toBeUndefined();
  });

  it('asks for a date in the future, a known mode, and something to change', () => {
    expect(lockChangeProblem({}, governed, NOW)).toBe('Nothing to change.');
    expect(lockChangeProblem({ retention: { mode: 'GOVERNANCE', until: '2026-12-04' } }, undefined, NOW)).toBe(
      'A retention ends in the future: choose a later date.',
    );
    expect(lockChangeProblem({ retention: { mode: 'GOVERNANCE', until: 'soon' } }, undefined, NOW)).toBe(
      'soon is not a date.',
    );
    expect(
      lockChangeProblem({ retention: { mode: 'FOREVER' as 'GOVERNANCE', until: later.until } }, undefined, NOW),
    ).toBe('FOREVER is not a retention mode.');
  });

  it('checks a default retention, and reads a period as typed', () => {
    expect(bucketLockProblem({ defaultRetention: { mode: 'GOVERNANCE', days: 30 } })).toBeUndefined();
    expect(bucketLockProblem({ defaultRetention: { mode: 'GOVERNANCE', days: 1.5 } })).toMatch(/whole number/);
    expect(bucketLockProblem({ defaultRetention: { mode: 'GOVERNANCE', days: 3, years: 1 } })).toMatch(
      /in days or in years/,
    );
    expect(bucketLockProblem({ defaultRetention: { mode: 'GOVERNANCE', years: 101 } })).toMatch(/at most 100 years/);
    expect(parsePeriod('30d')).toEqual({ days: 30 });
    expect(parsePeriod(' 2 years ')).toEqual({ years: 2 });
    expect(parsePeriod('1 week')).toBeUndefined();
  });
});
