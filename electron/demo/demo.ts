// The embedded demo: a store, the S3 world in front of it, and the seed. Used by the app's Demo
// connection, by `npm run world`, and by the browser test host. Never with fault injection.
//
// The store is s3rver, in this process (JavaScript, so the app needs no Python); moto can stand
// in (`store: 'moto'`), which the tests use to check one against the other.
import { accessSync, constants } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomWorldAccounts, type WorldAccounts } from './accounts.js';
import { startS3rver } from './s3rver-store.js';
import { DEMO_BUCKETS, seedDemo, type SeedOptions } from './seed.js';
import { startMoto, type StoreHandle, type StoreSeed } from './stores.js';
import { startWorld, type World } from './world.js';

export type DemoStore = 'moto' | 's3rver';

export interface DemoOptions extends SeedOptions {
  port?: number;
  store?: DemoStore;
  /** Where s3rver keeps the demo's objects: emptied at start, removed at stop. Default: a new scratch folder. */
  directory?: string;
  /** Keep the big prefix's files in `directory` after stop and reuse them, untouched, next time. */
  keepSeed?: boolean;
  /** Whose keys the world accepts. Default: new random keys for this run. */
  accounts?: WorldAccounts;
}

export interface RunningDemo {
  world: World;
  /** The keys this run accepts (the demo connection signs with `accounts.demo`). */
  accounts: WorldAccounts;
  storeName: string;
  stop(): Promise<void>;
}

/**
 * Where throwaway stores go: memory-backed /dev/shm where there is one (100,000 small files are
 * written in 2 s there; on a slow virtual disk it took 30 s), else the temp folder.
 */
function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** Starts the chosen store (s3rver unless told moto); s3rver in a new scratch folder unless given one. */
export async function startStore(
  options: Pick<DemoOptions, 'store' | 'directory' | 'keepSeed'> = {},
  seed?: StoreSeed,
): Promise<StoreHandle> {
  if (options.store === 'moto') return startMoto({ seed });
  const directory = options.directory ?? (await mkdtemp(path.join(scratchRoot(), 'bucket-explorer-demo-')));
  return startS3rver({ directory, seed, keepSeed: options.keepSeed });
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  // The big prefix goes straight into the store: through HTTP it would take minutes.
  const keys = options.bigPrefixKeys ?? 0;
  const store = await startStore(
    options,
    keys > 0 ? { bucket: DEMO_BUCKETS.usEast, prefix: 'many/', count: keys } : undefined,
  );
  try {
    const accounts = options.accounts ?? randomWorldAccounts();
    const world = await startWorld({ store, accounts: [accounts.demo, accounts.other], port: options.port });
    await seedDemo(world, accounts, options);
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
