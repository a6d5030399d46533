// A bucket's lifecycle rules as the app shows and adds them: the cases people set up by hand
// (abort forgotten multipart uploads, move to a colder class, delete after a while, delete old
// versions, clear delete markers left alone), checked here in words before S3 is asked, in the
// window, in the terminal and in main alike. A rule with parts the app does not edit (tag or size
// filters, dates, several transitions) is shown as S3 holds it and kept as it is.

/** Classes a lifecycle rule can move objects to (S3's TransitionStorageClass). */
export const TRANSITION_CLASSES = [
  'STANDARD_IA',
  'INTELLIGENT_TIERING',
  'ONEZONE_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;

/** S3: objects stay this long before they may move to an infrequent-access class. */
const IA_MINIMUM_DAYS = 30;
const MAX_DAYS = 36_500;
const MAX_ID = 255;

/** What a new rule does; every day count is whole days, and at least one action is given. */
export interface NewLifecycleRule {
  /** S3's rule ID; made from what the rule does when left out. */
  id?: string;
  /** '' for every object in the bucket. */
  prefix: string;
  abortIncompleteDays?: number;
  transition?: { storageClass: string; days: number };
  expireDays?: number;
  /** Remove delete markers that have no older versions behind them. */
  expireDeleteMarkers?: boolean;
  noncurrentExpireDays?: number;
}

/** A rule as S3 holds it, in words, with what the app can say of it. */
export interface LifecycleRuleView {
  id: string;
  enabled: boolean;
  prefix: string;
  /** Unfinished multipart uploads under the prefix are aborted after this many days. */
  abortIncompleteDays?: number;
  /** `every object: abort unfinished uploads after 7 days; …` */
  summary: string;
}

const wholeDays = (value: number | undefined, least: number) =>
  value === undefined || (Number.isInteger(value) && value >= least && value <= MAX_DAYS);

/** Why S3 would refuse this rule (or it would surprise), in words; undefined when it is fine. */
export function lifecycleRuleProblem(rule: NewLifecycleRule, takenIds: string[] = []): string | undefined {
  const id = rule.id?.trim();
  if (id !== undefined && id !== '') {
    if (id.length > MAX_ID) return `A rule's name is at most ${MAX_ID} characters.`;
    if (takenIds.includes(id)) return `The bucket has a rule named "${id}" already.`;
  }
  if (rule.prefix.startsWith('/'))
    return 'A prefix starts with the first folder\'s name, not with "/" (keys have no leading slash).';
  if (new TextEncoder().encode(rule.prefix).length > 1024) return 'A prefix is at most 1,024 bytes, as a key is.';
  const actions = [
    rule.abortIncompleteDays,
    rule.transition,
    rule.expireDays,
    rule.expireDeleteMarkers || undefined,
    rule.noncurrentExpireDays,
  ];
  if (actions.every((action) => action === undefined)) return 'Choose what the rule does: at least one of its actions.';
  if (!wholeDays(rule.abortIncompleteDays, 1))
    return 'Unfinished uploads are aborted after a whole number of days, at least 1.';
  if (!wholeDays(rule.expireDays, 1)) return 'Objects are deleted after a whole number of days, at least 1.';
  if (!wholeDays(rule.noncurrentExpireDays, 1))
    return 'Old versions are deleted after a whole number of days, at least 1.';
  if (rule.transition) {
    const { storageClass, days } = rule.transition;
    if (!(TRANSITION_CLASSES as readonly string[]).includes(storageClass))
      return `Objects can move to ${TRANSITION_CLASSES.join(', ')}; not to ${storageClass}.`;
    if (!wholeDays(days, 0)) return 'Objects move after a whole number of days (0: as soon as they are written).';
    if ((storageClass === 'STANDARD_IA' || storageClass === 'ONEZONE_IA') && days < IA_MINIMUM_DAYS)
      return `S3 moves objects to ${storageClass} only once they are ${IA_MINIMUM_DAYS} days old or more.`;
    if (rule.expireDays !== undefined && rule.expireDays <= days)
      return `Objects would be deleted (after ${rule.expireDays} days) before or when they move (after ${days}): delete them later, or move them sooner.`;
  }
  if (rule.expireDeleteMarkers && rule.expireDays !== undefined)
    return 'Deleting objects after some days already removes their lone delete markers: choose one or the other.';
  return undefined;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** What a rule does, in words (the parts the app knows; `more` names the others). */
export function describeRule(
  rule: Omit<NewLifecycleRule, 'id'> & {
    enabled?: boolean;
    transitions?: Array<{ storageClass: string; days?: number }>;
  },
  more: string[] = [],
): string {
  const parts: string[] = [];
  if (rule.abortIncompleteDays !== undefined)
    parts.push(`abort unfinished uploads after ${plural(rule.abortIncompleteDays, 'day')}`);
  for (const t of rule.transitions ?? (rule.transition ? [rule.transition] : []))
    parts.push(`move to ${t.storageClass}${t.days === undefined ? ' on a date' : ` after ${plural(t.days, 'day')}`}`);
  if (rule.expireDays !== undefined) parts.push(`delete after ${plural(rule.expireDays, 'day')}`);
  if (rule.expireDeleteMarkers) parts.push('remove delete markers with no versions behind them');
  if (rule.noncurrentExpireDays !== undefined)
    parts.push(`delete old versions ${plural(rule.noncurrentExpireDays, 'day')} after they become old`);
  parts.push(...more);
  const scope = rule.prefix ? `objects under ${rule.prefix}` : 'every object';
  return `${scope}: ${parts.join('; ') || 'nothing'}${rule.enabled === false ? ' (disabled)' : ''}`;
}

/** A rule's ID made from what it does, when the user gives none (S3 would make a random one). */
export function ruleIdFor(rule: NewLifecycleRule, takenIds: string[]): string {
  const what = [
    rule.abortIncompleteDays !== undefined && `abort-uploads-${rule.abortIncompleteDays}d`,
    rule.transition && `${rule.transition.storageClass.toLowerCase()}-${rule.transition.days}d`,
    rule.expireDays !== undefined && `delete-${rule.expireDays}d`,
    rule.expireDeleteMarkers && 'lone-markers',
    rule.noncurrentExpireDays !== undefined && `old-versions-${rule.noncurrentExpireDays}d`,
  ].filter(Boolean);
  const base = `${rule.prefix ? `${rule.prefix.replace(/\/+$/, '')} ` : ''}${what.join(' ')}`.slice(0, MAX_ID - 4);
  let id = base;
  for (let n = 2; takenIds.includes(id); n++) id = `${base} ${n}`;
  return id;
}
