// Starts a real S3 world for one test file: moto behind the multi-region front door.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from '../../electron/demo/accounts.js';
import { FaultPlan } from '../../electron/demo/faults.js';
import { startMoto, type StoreHandle } from '../../electron/demo/stores.js';
import { startWorld, type World } from '../../electron/demo/world.js';

export interface TestWorld {
  world: World;
  store: StoreHandle;
  faults: FaultPlan;
  stop(): Promise<void>;
}

export async function startTestWorld(options: { propagationMs?: number } = {}): Promise<TestWorld> {
  const store = await startMoto();
  const faults = new FaultPlan();
  const world = await startWorld({ store, accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT], faults, propagationMs: options.propagationMs });
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
