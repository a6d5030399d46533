// Counting what folders hold (objects, bytes, by storage class), page by page through main's
// folder/measure, reporting the growing total: what a delete confirmation and the folder size
// both show. `stopped` ends it between pages (Cancel, Stop, a closed dialog).
import { bridge } from '../api';

export interface Counted {
  objects: number;
  bytes: number;
  byClass: Record<string, { objects: number; bytes: number }>;
  /** With versions counted: older versions and delete markers. */
  noncurrent?: { versions: number; bytes: number };
  deleteMarkers?: number;
}

export const NOTHING_COUNTED: Counted = { objects: 0, bytes: 0, byClass: {} };

/** The total, or undefined when stopped. Errors carry the total so far as `counted`. */
export async function countUnder(
  request: { connectionId: string; bucket: string; prefixes: string[]; versions?: boolean },
  onProgress: (total: Counted) => void,
  stopped: () => boolean,
): Promise<Counted | undefined> {
  let total = NOTHING_COUNTED;
  try {
    for (const prefix of request.prefixes) {
      let token: string | undefined;
      do {
        const page = await bridge()['folder/measure']({
          connectionId: request.connectionId,
          bucket: request.bucket,
          prefix,
          continuationToken: token,
          versions: request.versions,
        });
        if (stopped()) return undefined;
        const byClass = { ...total.byClass };
        for (const [name, c] of Object.entries(page.byClass)) {
          const was = byClass[name] ?? { objects: 0, bytes: 0 };
          byClass[name] = { objects: was.objects + c.objects, bytes: was.bytes + c.bytes };
        }
        const was = total;
        total = { objects: was.objects + page.objects, bytes: was.bytes + page.bytes, byClass };
        if (page.noncurrent) {
          total.noncurrent = {
            versions: (was.noncurrent?.versions ?? 0) + page.noncurrent.versions,
            bytes: (was.noncurrent?.bytes ?? 0) + page.noncurrent.bytes,
          };
          total.deleteMarkers = (was.deleteMarkers ?? 0) + (page.deleteMarkers ?? 0);
        }
        onProgress(total);
        token = page.nextToken;
      } while (token);
    }
    return total;
  } catch (error) {
    throw Object.assign(error as object, { counted: total });
  }
}
