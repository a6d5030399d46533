// Bucket policies: parsing, S3's "is this policy public" rule, and evaluation of a request.
//
// Pure code (no Node, no Electron): the world enforces policies with it, the embedded store
// computes GetBucketPolicyStatus with it, and the renderer summarises policies in words with it.
// Why our own: no maintained JavaScript library evaluates S3 bucket policies; the AWS policy
// simulator is an API call, and IAM's grammar for what a bucket policy may say is small.

export type Effect = 'Allow' | 'Deny';

export interface PolicyStatement {
  /** 1-based, as people count statements. */
  index: number;
  sid?: string;
  effect: Effect;
  /** '*' for everyone (anonymous included), else account ids or ARNs. */
  principals: string[];
  /** Services named as principals ({"Service": "logging.s3.amazonaws.com"}). */
  services: string[];
  actions: string[];
  notActions: string[];
  resources: string[];
  /** Condition operator → key → values, as written. */
  condition?: Record<string, Record<string, string[]>>;
}

export interface ParsedPolicy {
  statements: PolicyStatement[];
}

export class PolicyError extends Error {}

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/**
 * Parses a bucket policy document; throws PolicyError with a reason a person can act on. Given the
 * bucket it is for, each resource must be that bucket or its objects, as S3 requires ("Policy has
 * invalid resource"): a statement about another bucket was taken, and read as making this one public.
 */
export function parsePolicy(text: string, bucket?: string): ParsedPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`The policy is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new PolicyError('The policy must be a JSON object with a "Statement".');
  const raw = (document as Record<string, unknown>)['Statement'];
  if (raw === undefined) throw new PolicyError('The policy has no "Statement".');
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new PolicyError('The policy has no statements.');
  const statements = list.map((entry, i): PolicyStatement => {
    const where = `Statement ${i + 1}`;
    if (typeof entry !== 'object' || entry === null) throw new PolicyError(`${where} is not an object.`);
    const s = entry as Record<string, unknown>;
    if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny')
      throw new PolicyError(`${where} needs "Effect": "Allow" or "Deny".`);
    if (s['NotPrincipal'] !== undefined)
      throw new PolicyError(`${where} uses NotPrincipal, which this app does not evaluate.`);
    const principal = s['Principal'];
    if (principal === undefined) throw new PolicyError(`${where} has no "Principal".`);
    const principals: string[] = [];
    const services: string[] = [];
    if (principal === '*') principals.push('*');
    else if (typeof principal === 'object' && principal !== null && !Array.isArray(principal)) {
      const p = principal as Record<string, unknown>;
      principals.push(...asList(p['AWS']).map((a) => (a === '*' ? '*' : a)));
      services.push(...asList(p['Service']));
      if (p['CanonicalUser'] !== undefined) principals.push(...asList(p['CanonicalUser']).map((c) => `canonical:${c}`));
      if (p['Federated'] !== undefined) principals.push(...asList(p['Federated']).map((f) => `federated:${f}`));
    } else throw new PolicyError(`${where} has a "Principal" this app cannot read.`);
    const actions = asList(s['Action']);
    const notActions = asList(s['NotAction']);
    if (!actions.length && !notActions.length) throw new PolicyError(`${where} has no "Action".`);
    for (const action of [...actions, ...notActions])
      if (action !== '*' && !/^s3:[A-Za-z*?]+$/.test(action))
        throw new PolicyError(`${where}: "${action}" is not an S3 action.`);
    const resources = asList(s['Resource']);
    if (!resources.length) throw new PolicyError(`${where} has no "Resource".`);
    for (const resource of resources) {
      if (resource !== '*' && !resource.startsWith('arn:aws:s3:::'))
        throw new PolicyError(`${where}: "${resource}" is not an S3 resource ARN.`);
      const named = resource === '*' ? '*' : resource.slice('arn:aws:s3:::'.length).split('/')[0]!;
      if (bucket !== undefined && !wildcardMatch(named, bucket))
        throw new PolicyError(
          `${where}: "${resource}" is not in ${bucket}. A bucket's policy can only name that bucket and its objects.`,
        );
    }
    let condition: PolicyStatement['condition'];
    if (s['Condition'] !== undefined) {
      if (typeof s['Condition'] !== 'object' || s['Condition'] === null)
        throw new PolicyError(`${where} has a "Condition" that is not an object.`);
      condition = {};
      for (const [operator, block] of Object.entries(s['Condition'] as Record<string, unknown>)) {
        const keys: Record<string, string[]> = {};
        for (const [key, values] of Object.entries((block ?? {}) as Record<string, unknown>))
          keys[key] = asList(values);
        condition[operator] = keys;
      }
    }
    return {
      index: i + 1,
      sid: typeof s['Sid'] === 'string' ? s['Sid'] : undefined,
      effect: s['Effect'],
      principals,
      services,
      actions,
      notActions,
      resources,
      condition,
    };
  });
  return { statements };
}

/** `*` and `?` wildcards, as IAM matches actions (case-insensitively) and resources. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Condition keys that tie a statement to particular callers: such a statement is not public. */
const RESTRICTING_KEYS = [
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
];

function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.condition ?? {}).flatMap((keys) => Object.keys(keys));
}

/** A condition restricts when it pins a restricting key to fixed values (no "*" among them). */
function restricts(statement: PolicyStatement): boolean {
  for (const keys of Object.values(statement.condition ?? {}))
    for (const [key, values] of Object.entries(keys))
      if (RESTRICTING_KEYS.includes(key.toLowerCase()) && values.length && values.every((v) => !v.includes('*')))
        return true;
  return false;
}

/** The statements that make a policy public: Allow to everyone, with no restricting condition. */
export function publicStatements(policy: ParsedPolicy): PolicyStatement[] {
  return policy.statements.filter((s) => s.effect === 'Allow' && s.principals.includes('*') && !restricts(s));
}

export function isPublicPolicy(policy: ParsedPolicy): boolean {
  return publicStatements(policy).length > 0;
}

export interface PolicyRequest {
  /** The caller's account id; undefined for an anonymous request. */
  account?: string;
  /** e.g. "s3:GetObject". */
  action: string;
  /** e.g. "arn:aws:s3:::bucket/key". */
  resource: string;
}

export interface PolicyDecision {
  /** 'deny': an explicit Deny matched; 'allow': an Allow matched and no Deny; 'none': neither. */
  effect: 'allow' | 'deny' | 'none';
  /** The statement that decided (the Deny, or the first Allow). */
  statement?: PolicyStatement;
  /** Whether that Allow came from a statement that makes the policy public. */
  viaPublicStatement?: boolean;
  /**
   * Statements that would have matched but carry conditions this app does not evaluate: they are
   * not applied (an Allow grants nothing, a Deny denies nothing) and are reported here.
   */
  unevaluated: PolicyStatement[];
}

function principalMatches(statement: PolicyStatement, account: string | undefined): boolean {
  if (statement.principals.includes('*')) return true;
  if (!account) return false;
  return statement.principals.some((p) => p === account || new RegExp(`^arn:aws:iam::${account}:`).test(p));
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.actions.length) return statement.actions.some((a) => wildcardMatch(a, action, true));
  return !statement.notActions.some((a) => wildcardMatch(a, action, true));
}

/** Evaluates a request against a bucket policy: explicit Deny wins over Allow. */
export function evaluatePolicy(policy: ParsedPolicy, request: PolicyRequest): PolicyDecision {
  const unevaluated: PolicyStatement[] = [];
  let allow: PolicyStatement | undefined;
  for (const statement of policy.statements) {
    if (!principalMatches(statement, request.account)) continue;
    if (!actionMatches(statement, request.action)) continue;
    if (!statement.resources.some((r) => wildcardMatch(r, request.resource))) continue;
    if (conditionKeys(statement).length) {
      unevaluated.push(statement);
      continue;
    }
    if (statement.effect === 'Deny') return { effect: 'deny', statement, unevaluated };
    allow ??= statement;
  }
  if (!allow) return { effect: 'none', unevaluated };
  return {
    effect: 'allow',
    statement: allow,
    viaPublicStatement: publicStatements(policy).includes(allow),
    unevaluated,
  };
}

/** One statement in words: "Statement 2 allows everyone s3:GetObject on demo/*". */
export function describeStatement(statement: PolicyStatement): string {
  const who = statement.principals.includes('*')
    ? 'everyone'
    : [...statement.principals, ...statement.services.map((s) => `the service ${s}`)].join(', ') || 'nobody';
  const what = statement.actions.length
    ? statement.actions.join(', ')
    : `every action but ${statement.notActions.join(', ')}`;
  const on = statement.resources.map((r) => r.replace(/^arn:aws:s3:::/, '')).join(', ');
  const name = `Statement ${statement.index}${statement.sid ? ` (${statement.sid})` : ''}`;
  const conditions = conditionKeys(statement);
  const when = conditions.length ? `, when ${conditions.join(', ')} match` : '';
  return `${name} ${statement.effect === 'Allow' ? 'allows' : 'denies'} ${who} ${what} on ${on}${when}`;
}
