// Starts a real S3 world for one test file: moto behind the multi-region front door.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from '../../electron/demo/accounts.js';
import { FaultPlan } from '../../electron/demo/faults.js';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { scratchRoot } from '../../electron/demo/demo.js';
import { startS3rver } from '../../electron/demo/s3rver-store.js';
import { startMoto, type StoreHandle } from '../../electron/demo/stores.js';
import { startWorld, type World } from '../../electron/demo/world.js';

export interface TestWorld {
  world: World;
  store: StoreHandle;
  faults: FaultPlan;
  stop(): Promise<void>;
}

export type StoreKind = 'moto' | 's3rver';

/** Both stores the world can stand on: suites that prove store behaviour run over each. */
export const STORES: StoreKind[] = ['moto', 's3rver'];

export function startStore(kind: StoreKind): Promise<StoreHandle> {
  return kind === 'moto' ? startMoto() : startS3rver({ directory: mkdtempSync(path.join(scratchRoot(), 'be-s3rver-')) });
}

export async function startTestWorld(options: { propagationMs?: number; store?: StoreKind } = {}): Promise<TestWorld> {
  const store = await startStore(options.store ?? 'moto');
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
