// A bucket's CORS rules, read in words and changed a rule at a time, as its lifecycle rules are
// (lifecycle.ts): the configuration is one document, read, changed and written whole; the last
// rule taken away deletes it.
import {
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  type CORSRule,
  type GetBucketCorsCommandOutput,
} from '@aws-sdk/client-s3';
import { corsRuleProblem, describeCorsRule, type CorsRuleView, type NewCorsRule } from '../shared/cors-rules.js';
import { S3RequestError } from './errors.js';
import type { S3Transport } from './transport.js';

/** A rule as S3 holds it, in words; `index` names a rule that has no ID. */
export function corsView(rule: CORSRule, index: number): CorsRuleView {
  return {
    id: rule.ID ?? `rule ${index + 1}`,
    summary: describeCorsRule({
      origins: rule.AllowedOrigins ?? [],
      methods: rule.AllowedMethods ?? [],
      allowedHeaders: rule.AllowedHeaders ?? [],
      exposeHeaders: rule.ExposeHeaders ?? [],
      maxAgeSeconds: rule.MaxAgeSeconds,
    }),
  };
}

async function readRules(transport: S3Transport, bucket: string): Promise<CORSRule[]> {
  try {
    const out = await transport.send<GetBucketCorsCommandOutput>(
      { operation: 'GetBucketCors', bucket },
      () => new GetBucketCorsCommand({ Bucket: bucket }),
    );
    return out.CORSRules ?? [];
  } catch (error) {
    if ((error as S3RequestError).code === 'NoSuchCORSConfiguration') return [];
    throw error;
  }
}

/** The bucket's CORS rules, in words (none: an empty list). */
export async function readCors(transport: S3Transport, bucket: string): Promise<CorsRuleView[]> {
  return (await readRules(transport, bucket)).map(corsView);
}

/** Takes away the rules named in `remove` and adds `add` (checked first, in words); the rules then. */
export async function changeCors(
  transport: S3Transport,
  bucket: string,
  change: { add?: NewCorsRule; remove?: string[] },
): Promise<CorsRuleView[]> {
  const early = change.add && corsRuleProblem(change.add);
  if (early) throw new S3RequestError('InvalidCorsRule', early, 400);
  const rules = await readRules(transport, bucket);
  const views = rules.map(corsView);
  for (const id of change.remove ?? [])
    if (!views.some((v) => v.id === id))
      throw new S3RequestError(
        'NoSuchCorsRule',
        `${bucket} has no CORS rule named "${id}".`,
        404,
        'Read the rules again: someone may have changed them.',
      );
  const kept = rules.filter((_, index) => !change.remove?.includes(views[index]!.id));
  if (change.add) {
    const problem = corsRuleProblem(
      change.add,
      kept.flatMap((r) => (r.ID ? [r.ID] : [])),
      kept.length,
    );
    if (problem) throw new S3RequestError('InvalidCorsRule', problem, 400);
    const { id, origins, methods, allowedHeaders, exposeHeaders, maxAgeSeconds } = change.add;
    kept.push({
      ...(id?.trim() && { ID: id.trim() }),
      AllowedOrigins: origins,
      AllowedMethods: methods,
      ...(allowedHeaders.length && { AllowedHeaders: allowedHeaders }),
      ...(exposeHeaders.length && { ExposeHeaders: exposeHeaders }),
      ...(maxAgeSeconds !== undefined && { MaxAgeSeconds: maxAgeSeconds }),
    });
  }
  if (kept.length === 0) {
    await transport.send(
      { operation: 'DeleteBucketCors', bucket },
      () => new DeleteBucketCorsCommand({ Bucket: bucket }),
    );
    return [];
  }
  await transport.send(
    { operation: 'PutBucketCors', bucket },
    () => new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: kept } }),
  );
  return readCors(transport, bucket);
}
