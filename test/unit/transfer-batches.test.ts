// The transfers panel's batches, kept row by row: after any sequence of deliveries their counts
// and bytes equal a count made from scratch over every row, and untouched batches stay the same
// objects (so their rows do not render again).
import { describe, expect, it } from 'vitest';
import type { TransferProgress, TransferState } from '../../electron/contract';
import { applyRows, emptySummary, removeRows, type TransferBatch } from '../../electron/shared/transfer-batches.js';

const STATES: TransferState[] = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'skipped'];

function row(id: string, batchId: string | undefined, state: TransferState, bytesDone: number, rate = 0) {
  return {
    id,
    direction: 'download',
    bucket: 'b',
    key: `k/${id}`,
    batchId,
    batchLabel: batchId ? `label ${batchId}` : undefined,
    state,
    bytesDone,
    bytesTotal: 1000,
    rate,
  } as TransferProgress;
}

/** What a batch's summary must be: counted from scratch. */
function fromScratch(batch: TransferBatch, byId: Map<string, TransferProgress>) {
  const summary = emptySummary();
  for (const id of batch.ids) {
    const r = byId.get(id)!;
    summary[r.state] += 1;
    summary.bytesDone += r.state === 'done' ? r.bytesTotal : r.bytesDone;
    summary.bytesTotal += r.bytesTotal;
    if (r.state === 'running') summary.rate += r.rate;
  }
  return summary;
}

describe('transfer batches', () => {
  it('keep counts and bytes equal to a count from scratch through random deliveries, duplicates and clears', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const current = new Map<string, TransferProgress>();
    let batches: TransferBatch[] = [];
    let next = 0;
    for (let delivery = 0; delivery < 300; delivery++) {
      const rows: TransferProgress[] = [];
      const size = Math.floor(random() * 40);
      for (let i = 0; i < size; i++) {
        const known = [...current.keys()];
        const fresh = known.length === 0 || random() < 0.3;
        const id = fresh ? `t${next++}` : known[Math.floor(random() * known.length)]!;
        const batchId = fresh ? (random() < 0.1 ? undefined : `b${Math.floor(next / 25)}`) : current.get(id)!.batchId;
        const state = STATES[Math.floor(random() * STATES.length)]!;
        rows.push(row(id, batchId, state, Math.floor(random() * 1000), state === 'running' ? random() * 5e6 : 0));
        if (random() < 0.05) rows.push({ ...rows.at(-1)!, state: 'done' }); // the same row twice in one delivery
      }
      const untouched = batches.filter((b) => !rows.some((r) => (r.batchId ?? r.id) === b.id));
      batches = applyRows(batches, (id) => current.get(id), rows);
      for (const r of rows) current.set(r.id, r);
      for (const b of untouched) expect(batches).toContain(b);
      if (delivery % 50 === 49) {
        const cleared = new Set([...current.values()].filter((r) => r.state === 'done').map((r) => r.id));
        batches = removeRows(batches, cleared, (id) => current.get(id));
        for (const id of cleared) current.delete(id);
      }
      for (const b of batches) {
        const { rate, ...counts } = b.summary;
        const { rate: expectedRate, ...expectedCounts } = fromScratch(b, current);
        expect(counts).toEqual(expectedCounts);
        expect(rate).toBeCloseTo(expectedRate, 0);
      }
    }
    // Every row is in exactly one batch.
    const all = batches.flatMap((b) => b.ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(current.size);
  });

  it('puts a new batch first and keeps rows in the order they were queued', () => {
    let batches = applyRows([], () => undefined, [row('1', 'a', 'queued', 0), row('2', 'a', 'queued', 0)]);
    batches = applyRows(batches, () => undefined, [row('3', 'b', 'queued', 0), row('4', 'a', 'queued', 0)]);
    expect(batches.map((b) => [b.id, b.label, b.ids])).toEqual([
      ['b', 'label b', ['3']],
      ['a', 'label a', ['1', '2', '4']],
    ]);
    expect(removeRows(batches, new Set(['3']), () => undefined).map((b) => b.id)).toEqual(['a']);
  });
});
