// Starts a real S3 world for one test file: moto (or the embedded store) behind the multi-region front door.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from '../../electron/world/accounts.js';
import { FaultPlan } from '../../electron/world/faults.js';
import { startStore, type DemoStore } from '../../electron/demo/demo.js';
import type { Store } from '../../electron/store/store.js';
import { startWorld, type World } from '../../electron/world/world.js';
import { publicReadPolicy } from '../../electron/demo/seed.js';

export interface TestWorld {
  world: World;
  store: Store;
  faults: FaultPlan;
  stop(): Promise<void>;
}

export type StoreKind = DemoStore;

/** Both stores the world can stand on: suites that prove store behaviour run over each. */
export const STORES: StoreKind[] = ['moto', 'embedded'];

export async function startTestWorld(
  options: { propagationMs?: number; store?: StoreKind; restoreMs?: number } = {},
): Promise<TestWorld> {
  const store = await startStore({ store: options.store ?? 'moto', restoreMs: options.restoreMs });
  const faults = new FaultPlan();
  const world = await startWorld({
    store,
    accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT],
    faults,
    propagationMs: options.propagationMs,
  });
  return {
    world,
    store,
    faults,
    async stop() {
      await world.stop();
      await store.stop();
    },
  };
}

/** Gives a bucket the demo's public-read policy, as its owner would (straight into the store). */
export async function makePublic(t: TestWorld, bucket: string): Promise<void> {
  const res = await t.store.handle({
    method: 'PUT',
    bucket,
    query: { policy: '' },
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(publicReadPolicy(bucket)),
  });
  if (res.status >= 300) throw new Error(`the store refused the policy: ${res.status}`);
}

export { DEMO_ACCOUNT, OTHER_ACCOUNT };
