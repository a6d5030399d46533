// A bucket's CORS rules as the app shows and adds them: which web pages (origins) may read or
// write its objects from a browser, with which methods and headers. Checked here in words, in the
// window, the terminal and main alike, before S3 is asked; S3's own limits (its five methods, one
// `*` per origin or header, at most 100 rules).

export const CORS_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] as const;
const MAX_RULES = 100;
const MAX_ID = 255;

export interface NewCorsRule {
  id?: string;
  origins: string[];
  methods: string[];
  /** Request headers a page may send (`*`: any). */
  allowedHeaders: string[];
  /** Answer headers a page may read (ETag for multipart uploads from a browser, say). */
  exposeHeaders: string[];
  /** How long a browser may keep a preflight's answer. */
  maxAgeSeconds?: number;
}

export interface CorsRuleView {
  /** The rule's ID, or `rule N` for one without (its place in the configuration). */
  id: string;
  /** `GET, HEAD from https://example.com (any request header; exposes ETag; preflight kept 3,000 s)` */
  summary: string;
}

/** A list as typed: one item per line or comma, trimmed, without empty ones. */
export function listOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

const stars = (value: string) => value.split('*').length - 1;

/** Why S3 would refuse this rule (or it would not do what it says), in words; undefined if fine. */
export function corsRuleProblem(rule: NewCorsRule, takenIds: string[] = [], rulesNow = 0): string | undefined {
  const id = rule.id?.trim();
  if (id) {
    if (id.length > MAX_ID) return `A rule's name is at most ${MAX_ID} characters.`;
    if (takenIds.includes(id)) return `The bucket has a CORS rule named "${id}" already.`;
  }
  if (rulesNow >= MAX_RULES) return `A bucket has at most ${MAX_RULES} CORS rules.`;
  if (rule.origins.length === 0) return 'Name the origins allowed (https://example.com, or * for any page).';
  for (const origin of rule.origins) {
    if (stars(origin) > 1) return `${origin}: an origin may hold one * at most.`;
    if (origin !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(origin))
      return `${origin} is not an origin: a scheme and a host, such as https://example.com (no path, no trailing /).`;
  }
  if (rule.methods.length === 0) return 'Choose at least one method.';
  const unknown = rule.methods.find((m) => !(CORS_METHODS as readonly string[]).includes(m));
  if (unknown) return `${unknown} is not a method S3 answers for CORS (${CORS_METHODS.join(', ')}).`;
  for (const header of [...rule.allowedHeaders, ...rule.exposeHeaders])
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(header)) return `${header} is not a header name.`;
  const wild = rule.allowedHeaders.find((h) => stars(h) > 1);
  if (wild) return `${wild}: an allowed header may hold one * at most.`;
  const star = rule.exposeHeaders.find((h) => h.includes('*'));
  if (star) return `${star}: headers a page may read are named one by one (no *).`;
  if (
    rule.maxAgeSeconds !== undefined &&
    !(Number.isInteger(rule.maxAgeSeconds) && rule.maxAgeSeconds >= 0 && rule.maxAgeSeconds <= 2 ** 31 - 1)
  )
    return 'A preflight is kept for a whole number of seconds.';
  return undefined;
}

/** What a rule allows, in words. */
export function describeCorsRule(rule: NewCorsRule): string {
  const origins = rule.origins.includes('*') ? 'any page' : rule.origins.join(', ');
  const extra = [
    rule.allowedHeaders.includes('*')
      ? 'any request header'
      : rule.allowedHeaders.length
        ? `request headers ${rule.allowedHeaders.join(', ')}`
        : '',
    rule.exposeHeaders.length ? `exposes ${rule.exposeHeaders.join(', ')}` : '',
    rule.maxAgeSeconds !== undefined ? `preflight kept ${rule.maxAgeSeconds.toLocaleString('en-US')} s` : '',
  ].filter(Boolean);
  return `${rule.methods.join(', ')} from ${origins}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}
