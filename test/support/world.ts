// Starts a real S3 world for one test file: moto (or s3rver) behind the multi-region front door.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from '../../electron/demo/accounts.js';
import { FaultPlan } from '../../electron/demo/faults.js';
import { startStore, type DemoStore } from '../../electron/demo/demo.js';
import type { StoreHandle } from '../../electron/demo/stores.js';
import { startWorld, type World } from '../../electron/demo/world.js';

export interface TestWorld {
  world: World;
  store: StoreHandle;
  faults: FaultPlan;
  stop(): Promise<void>;
}

export type StoreKind = DemoStore;

/** Both stores the world can stand on: suites that prove store behaviour run over each. */
export const STORES: StoreKind[] = ['moto', 's3rver'];

export async function startTestWorld(options: { propagationMs?: number; store?: StoreKind } = {}): Promise<TestWorld> {
  const store = await startStore({ store: options.store ?? 'moto' });
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

export { DEMO_ACCOUNT, OTHER_ACCOUNT };
