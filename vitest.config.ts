import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.exploit.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    pool: 'forks',
    // A UI that answers within a second on an idle machine may take several under the full
    // suite on two loaded cores (CI): polls wait up to 15 s, and fail only on a real absence.
    expect: { poll: { timeout: 15_000 } },
  },
});
