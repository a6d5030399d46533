// Adding up a folder's size page by page (folder/measure): the window's count and the terminal's
// `du` sum the same way.
import type { FolderMeasure } from '../contract.js';

/** A running total: a page without its token. */
export type MeasureTotal = Omit<FolderMeasure, 'nextToken'>;

export const NOTHING_MEASURED: MeasureTotal = { objects: 0, bytes: 0, byClass: {} };

/** `total` with `page` added (a new object: totals handed to React stay unchanged). */
export function addMeasure(total: MeasureTotal, page: MeasureTotal): MeasureTotal {
  const byClass = { ...total.byClass };
  for (const [name, c] of Object.entries(page.byClass)) {
    const was = byClass[name] ?? { objects: 0, bytes: 0 };
    byClass[name] = { objects: was.objects + c.objects, bytes: was.bytes + c.bytes };
  }
  const sum: MeasureTotal = { objects: total.objects + page.objects, bytes: total.bytes + page.bytes, byClass };
  if (page.noncurrent) {
    sum.noncurrent = {
      versions: (total.noncurrent?.versions ?? 0) + page.noncurrent.versions,
      bytes: (total.noncurrent?.bytes ?? 0) + page.noncurrent.bytes,
    };
    sum.deleteMarkers = (total.deleteMarkers ?? 0) + (page.deleteMarkers ?? 0);
  }
  return sum;
}
