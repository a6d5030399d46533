// The embedded demo: a store, the S3 world in front of it, and the seed. Used by the app's Demo
// connection, by `npm run world`, and by the browser test host. Never with fault injection.
import { DEMO_ACCOUNT, OTHER_ACCOUNT } from './accounts.js';
import { seedDemo, type SeedOptions } from './seed.js';
import { startMoto } from './stores.js';
import { startWorld, type World } from './world.js';

export interface RunningDemo {
  world: World;
  storeName: string;
  stop(): Promise<void>;
}

export async function startDemo(options: SeedOptions & { port?: number } = {}): Promise<RunningDemo> {
  const store = await startMoto();
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
