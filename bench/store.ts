// Which store the benchmarks stand on: BENCH_STORE=embedded (the app's demo store, the default) or
// moto. Every client in one run talks to the same world and the same store.
import type { StoreKind } from '../test/support/world.js';

const chosen = process.env.BENCH_STORE ?? 'embedded';
if (chosen !== 'embedded' && chosen !== 'moto') {
  process.stderr.write(`BENCH_STORE must be embedded or moto, not "${chosen}"\n`);
  process.exit(2);
}
export const BENCH_STORE: StoreKind = chosen;
