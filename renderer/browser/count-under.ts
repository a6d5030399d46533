// Counting what folders hold (objects, bytes, by storage class), page by page through main's
// folder/measure, reporting the growing total: what a delete confirmation and the folder size
// both show. `stopped` ends it between pages (Cancel, Stop, a closed dialog).
import { bridge } from '../api';

export interface Counted {
  objects: number;
  bytes: number;
  byClass: Record<string, { objects: number; bytes: number }>;
}

export const NOTHING_COUNTED: Counted = { objects: 0, bytes: 0, byClass: {} };

/** The total, or undefined when stopped. Errors carry the total so far as `counted`. */
export async function countUnder(
  request: { connectionId: string; bucket: string; prefixes: string[] },
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
        });
        if (stopped()) return undefined;
        const byClass = { ...total.byClass };
        for (const [name, c] of Object.entries(page.byClass)) {
          const was = byClass[name] ?? { objects: 0, bytes: 0 };
          byClass[name] = { objects: was.objects + c.objects, bytes: was.bytes + c.bytes };
        }
        total = { objects: total.objects + page.objects, bytes: total.bytes + page.bytes, byClass };
        onProgress(total);
        token = page.nextToken;
      } while (token);
    }
    return total;
  } catch (error) {
    throw Object.assign(error as object, { counted: total });
  }
}
