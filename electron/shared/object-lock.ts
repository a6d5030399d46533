// Object Lock as the app says and changes it: a bucket's setting (on, with a default retention for
// new objects or none), and one version's retention and legal hold. A change is checked here in
// words — in the window, the terminal and main alike — before S3 is asked, with S3's rules: a
// retention only lengthens or gets stricter, except that a governance one may be shortened or
// lifted by whoever may bypass governance retention; a compliance one never.

export const LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** A bucket's Object Lock when it is on (off: null); new objects get the default retention. */
export interface BucketLock {
  defaultRetention?: { mode: LockMode; days?: number; years?: number };
}

/** One version's lock, as HEAD tells it. */
export interface ObjectLockState {
  mode?: LockMode;
  /** ISO 8601. */
  retainUntil?: string;
  legalHold: boolean;
}

/** A change to one version's lock: a legal hold on or off, a retention set or (null) lifted. */
export interface ObjectLockChange {
  legalHold?: boolean;
  retention?: { mode: LockMode; until: string } | null;
  /** Shorten or lift a governance retention (s3:BypassGovernanceRetention). */
  bypassGovernance?: boolean;
}

const MODE_NAMES: Record<LockMode, string> = { GOVERNANCE: 'governance', COMPLIANCE: 'compliance' };

const day = (iso: string) => iso.slice(0, 10);

/** Whether a retention keeps the version now. */
export function retentionInForce(state: ObjectLockState | undefined, now = Date.now()): boolean {
  return Boolean(state?.mode && state.retainUntil && Date.parse(state.retainUntil) > now);
}

/** `governance retention until 2027-01-05 · legal hold on`, or `not locked`. */
export function describeObjectLock(state: ObjectLockState | undefined, now = Date.now()): string {
  const parts: string[] = [];
  if (state?.mode && state.retainUntil)
    parts.push(
      retentionInForce(state, now)
        ? `${MODE_NAMES[state.mode]} retention until ${day(state.retainUntil)}`
        : `${MODE_NAMES[state.mode]} retention ended ${day(state.retainUntil)}`,
    );
  if (state?.legalHold) parts.push('legal hold on');
  return parts.length ? parts.join(' · ') : 'not locked';
}

/** What deleting the version would meet, in words; undefined when nothing keeps it. */
export function whatKeeps(state: ObjectLockState | undefined, now = Date.now()): string | undefined {
  if (state?.legalHold) return 'a legal hold keeps it until the hold is removed';
  if (!retentionInForce(state, now)) return undefined;
  return state!.mode === 'COMPLIANCE'
    ? `compliance retention keeps it until ${day(state!.retainUntil!)}: nobody can delete it before then`
    : `governance retention keeps it until ${day(state!.retainUntil!)}, unless it is bypassed`;
}

/** `on, new objects kept 30 days (governance)`, `on, no default retention`, `off`. */
export function describeBucketLock(lock: BucketLock | null | undefined): string {
  if (lock === undefined) return 'cannot be read';
  if (lock === null) return 'off';
  const rule = lock.defaultRetention;
  if (!rule) return 'on, no default retention';
  const count = rule.days ?? rule.years ?? 0;
  const unit = rule.days !== undefined ? 'day' : 'year';
  return `on, new objects kept ${count} ${unit}${count === 1 ? '' : 's'} (${MODE_NAMES[rule.mode]})`;
}

/** Why S3 would refuse this default retention, in words. */
export function bucketLockProblem(lock: BucketLock): string | undefined {
  const rule = lock.defaultRetention;
  if (!rule) return undefined;
  if (!(LOCK_MODES as readonly string[]).includes(rule.mode)) return `${String(rule.mode)} is not a retention mode.`;
  if ((rule.days === undefined) === (rule.years === undefined)) return 'A default retention is in days or in years.';
  const count = (rule.days ?? rule.years)!;
  if (!Number.isInteger(count) || count < 1)
    return 'A default retention is a whole number of days or years, 1 or more.';
  if (rule.days !== undefined && count > 36_500) return 'A default retention is at most 36,500 days (100 years).';
  if (rule.years !== undefined && count > 100) return 'A default retention is at most 100 years.';
  return undefined;
}

/**
 * Why S3 would refuse `change` to a version locked as `current`, in words (S3's rules, so nothing is
 * sent that it would refuse); undefined when it may go.
 */
export function lockChangeProblem(
  change: ObjectLockChange,
  current: ObjectLockState | undefined,
  now = Date.now(),
): string | undefined {
  if (change.legalHold === undefined && change.retention === undefined) return 'Nothing to change.';
  const next = change.retention;
  if (next) {
    if (!(LOCK_MODES as readonly string[]).includes(next.mode)) return `${String(next.mode)} is not a retention mode.`;
    const until = Date.parse(next.until);
    if (!Number.isFinite(until)) return `${next.until} is not a date.`;
    if (until <= now) return 'A retention ends in the future: choose a later date.';
  }
  if (next === undefined || !retentionInForce(current, now)) return undefined;
  const end = Date.parse(current!.retainUntil!);
  const weaker =
    next === null || Date.parse(next.until) < end || (current!.mode === 'COMPLIANCE' && next.mode !== 'COMPLIANCE');
  if (!weaker) return undefined;
  if (current!.mode === 'COMPLIANCE')
    return `Compliance retention cannot be shortened, lifted or made governance: it holds until ${day(current!.retainUntil!)}.`;
  if (!change.bypassGovernance)
    return `Shortening or lifting governance retention (until ${day(current!.retainUntil!)}) means bypassing it: tick Bypass governance retention (in the terminal: bypass-governance).`;
  return undefined;
}

/** `30d`, `7 days`, `1y`, `2 years` as a default retention's period; undefined if it is none of these. */
export function parsePeriod(text: string): { days?: number; years?: number } | undefined {
  const m = /^\s*(\d+)\s*(d|days?|y|years?)\s*$/i.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  return m[2]!.toLowerCase().startsWith('d') ? { days: count } : { years: count };
}
