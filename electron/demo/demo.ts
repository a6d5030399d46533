// The embedded demo: a store, the S3 world in front of it, and the seed. Used by the app's Demo
// connection, by `npm run world`, and by the browser test host. Never with fault injection.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from './accounts.js';
import { DEMO_BUCKETS, seedDemo, type SeedOptions } from './seed.js';
import { startMoto } from './stores.js';
import { startWorld, type World } from './world.js';

export interface RunningDemo {
  world: World;
  storeName: string;
  stop(): Promise<void>;
}

export async function startDemo(options: SeedOptions & { port?: number } = {}): Promise<RunningDemo> {
  // The big prefix goes straight into the store's backend: through HTTP it would take minutes.
  const keys = options.bigPrefixKeys ?? 0;
  const store = await startMoto({ seed: keys > 0 ? { bucket: DEMO_BUCKETS.usEast, prefix: 'many/', count: keys } : undefined });
  try {
    const world = await startWorld({ store, accounts: [DEMO_ACCOUNT, OTHER_ACCOUNT], port: options.port });
    await seedDemo(world, options);
    return {
      world,
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
