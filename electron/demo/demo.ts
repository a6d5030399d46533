// The embedded demo: a store, the S3 world in front of it, and the seed. Used by the app's Demo
// connection, by `npm run world`, and by the browser test host. Never with fault injection.
//
// The store is the project's own (../store/embedded.ts), in this process, so the app needs no
// Python; moto can stand in (`store: 'moto'`), which the tests use to check one against the other.
import { newScratchDirectory, startEmbeddedStore } from '../store/embedded.js';
import { startMoto } from '../store/moto.js';
import type { Store, StoreSeed } from '../store/store.js';
import { randomWorldAccounts, type WorldAccounts } from '../world/accounts.js';
import type { FaultPlan } from '../world/faults.js';
import { startWorld, type World } from '../world/world.js';
import { DEMO_BUCKETS, seedDemo, type SeedOptions } from './seed.js';

export type DemoStore = 'moto' | 'embedded';

export interface DemoOptions extends SeedOptions {
  port?: number;
  store?: DemoStore;
  /** Where the embedded store keeps the demo's objects: emptied at start, removed at stop. Default: a new scratch folder. */
  directory?: string;
  /** Whose keys the world accepts. Default: new random keys for this run. */
  accounts?: WorldAccounts;
  /** How long a Standard restore from Glacier takes in the embedded store (default 5 s). */
  restoreMs?: number;
  /** Faults the world injects (tests: a slow answer, a reset). */
  faults?: FaultPlan;
}

export interface RunningDemo {
  world: World;
  /** The keys this run accepts (the demo connection signs with `accounts.demo`). */
  accounts: WorldAccounts;
  storeName: string;
  stop(): Promise<void>;
}

/** Starts the chosen store (the embedded one unless told moto), in a new scratch folder unless given one. */
export async function startStore(
  options: Pick<DemoOptions, 'store' | 'directory' | 'restoreMs'> = {},
  seed?: StoreSeed,
): Promise<Store> {
  if (options.store === 'moto') return startMoto({ seed });
  const directory = options.directory ?? (await newScratchDirectory('bucket-explorer-demo-'));
  return startEmbeddedStore({ directory, seed, restoreMs: options.restoreMs });
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  // The big prefix is generated inside the store: through HTTP it would take minutes.
  const keys = options.bigPrefixKeys ?? 0;
  const store = await startStore(
    options,
    keys > 0 ? { bucket: DEMO_BUCKETS.usEast, prefix: 'many/', count: keys } : undefined,
  );
  try {
    const accounts = options.accounts ?? randomWorldAccounts();
    const world = await startWorld({
      store,
      accounts: [accounts.demo, accounts.other],
      port: options.port,
      faults: options.faults,
    });
    try {
      await seedDemo(world, accounts, options);
    } catch (error) {
      await world.stop();
      throw error;
    }
    return {
      world,
      accounts,
      storeName: store.name,
      async stop() {
        await world.stop();
        await store.stop();
      },
    };
  } catch (error) {
    await store.stop();
    throw error;
  }
}
