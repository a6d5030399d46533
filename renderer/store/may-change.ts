import type { AppState } from './types';

/**
 * Whether this identity may change `bucket`, as its full probe says; asked while that probe is
 * still running, the answer waits for it (a drop, a cut or a paste made the moment a bucket opens).
 */
export async function mayChange(state: () => AppState, bucket: string): Promise<boolean> {
  await state().probe(bucket);
  const probe = state().probes[bucket];
  return Boolean(probe && probe !== 'probing' && probe.mode === 'read-write');
}
