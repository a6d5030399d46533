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
import type { S3RequestError } from './errors.js';
import { changeRuleDocument, nameOf } from './rule-documents.js';
import type { S3Transport } from './transport.js';

/** A rule as S3 holds it, in words; `index` names a rule that has no ID. */
export function corsView(rule: CORSRule, index: number): CorsRuleView {
  return {
    id: nameOf(rule, index),
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
  await changeRuleDocument({
    bucket,
    kind: 'CORS',
    change,
    read: () => readRules(transport, bucket),
    nameOf,
    problem: corsRuleProblem,
    build: ({ id, origins, methods, allowedHeaders, exposeHeaders, maxAgeSeconds }) => ({
      ...(id?.trim() && { ID: id.trim() }),
      AllowedOrigins: origins,
      AllowedMethods: methods,
      ...(allowedHeaders.length && { AllowedHeaders: allowedHeaders }),
      ...(exposeHeaders.length && { ExposeHeaders: exposeHeaders }),
      ...(maxAgeSeconds !== undefined && { MaxAgeSeconds: maxAgeSeconds }),
    }),
    write: (rules) =>
      transport.send(
        { operation: 'PutBucketCors', bucket },
        () => new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }),
      ),
    delete: () =>
      transport.send({ operation: 'DeleteBucketCors', bucket }, () => new DeleteBucketCorsCommand({ Bucket: bucket })),
  });
  return readCors(transport, bucket);
}
