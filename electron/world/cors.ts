// Requests from web pages. A browser adds `Origin` to every cross-origin request, including the
// "simple" ones it sends without asking first (a presigned POST ?delete from any page deleted a
// demo object that way). The world therefore answers a request that carries `Origin` only when
// the bucket's CORS configuration allows that origin and method, as S3 does for preflights, and
// refuses it otherwise. The app's own requests come from main and carry no `Origin`.
import { XMLParser } from 'fast-xml-parser';
import { XML_ENTITY_OPTIONS } from '../store/xml.js';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ...XML_ENTITY_OPTIONS,
  isArray: (name) => ['CORSRule', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader'].includes(name),
});

/** The rules of a GetBucketCors answer (an empty list for anything else). */
export function parseCorsConfiguration(xml: string): CorsRule[] {
  const parsed = parser.parse(xml) as { CORSConfiguration?: { CORSRule?: Array<Record<string, unknown>> } };
  const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return (parsed.CORSConfiguration?.CORSRule ?? []).map((rule) => ({
    allowedOrigins: strings(rule['AllowedOrigin']),
    allowedMethods: strings(rule['AllowedMethod']).map((m) => m.toUpperCase()),
    allowedHeaders: strings(rule['AllowedHeader']),
    exposeHeaders: strings(rule['ExposeHeader']),
    maxAgeSeconds: rule['MaxAgeSeconds'] === undefined ? undefined : Number(rule['MaxAgeSeconds']),
  }));
}

/** S3's patterns: at most one `*`, matching any run of characters; case-insensitive for headers. */
function matches(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, ignoreCase ? 'i' : '').test(value);
}

export interface CorsRequest {
  origin: string;
  /** The method of the request, or for a preflight the one it asks about. */
  method: string;
  /** For a preflight: the headers it asks about. */
  requestHeaders?: string[];
}

/** The headers to answer with when a rule allows the request; undefined when none does. */
export function corsAnswer(rules: CorsRule[], request: CorsRequest): Record<string, string> | undefined {
  const rule = rules.find(
    (r) =>
      r.allowedOrigins.some((o) => matches(o, request.origin)) &&
      r.allowedMethods.includes(request.method.toUpperCase()) &&
      (request.requestHeaders ?? []).every((h) => r.allowedHeaders.some((a) => matches(a, h, true))),
  );
  if (!rule) return undefined;
  const headers: Record<string, string> = {
    'access-control-allow-origin': rule.allowedOrigins.includes('*') ? '*' : request.origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (request.requestHeaders?.length) headers['access-control-allow-headers'] = request.requestHeaders.join(', ');
  if (rule.exposeHeaders.length) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined && Number.isFinite(rule.maxAgeSeconds))
    headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return headers;
}

export const CORS_REFUSAL =
  "CORSResponse: This CORS request is not allowed. This is usually because the evaluation of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
