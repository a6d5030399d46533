import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../electron/transfers/limit.js';

describe('ConcurrencyLimit', () => {
  it('never runs more than its maximum at once, and runs everything', async () => {
    const limit = new ConcurrencyLimit(3);
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          peak = Math.max(peak, limit.inFlight);
          await new Promise((r) => setTimeout(r, 2 + (i % 4)));
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limit.inFlight).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
