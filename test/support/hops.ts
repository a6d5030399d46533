// Checks on the request log shared by the redirect tests.
import { expect } from 'vitest';
import type { RequestLog } from '../../electron/s3/request-log.js';
import type { TestWorld } from './world.js';

/** Runs `fn` while the world answers every request for `bucket` with a 307 (a new bucket's DNS). */
export async function whileTemporaryRedirect(t: TestWorld, bucket: string, fn: () => Promise<void>): Promise<void> {
  t.world.buckets.get(bucket)!.temporaryRedirectUntil = Date.now() + 60_000;
  try {
    await fn();
  } finally {
    t.world.buckets.get(bucket)!.temporaryRedirectUntil = undefined;
  }
}

/** The last `operation` in `log` followed one 307 to the bucket's temporary host and was served there. */
export function expectFollowedOnce(log: RequestLog, bucket: string, operation = 'GetObject', status = 206): void {
  const record = log
    .since(0)
    .records.filter((r) => r.operation === operation)
    .at(-1)!;
  expect(record.hops.map((h) => [h.status, h.decision])).toEqual([
    [307, 'follow-temporary'],
    [status, 'done'],
  ]);
  expect(record.hops[1]!.host).toMatch(new RegExp(`^${bucket}\\.s3-[a-z0-9]+\\.localhost:`));
}
