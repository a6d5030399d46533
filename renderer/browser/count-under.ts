// Counting what folders hold (objects, bytes, by storage class), page by page through main's
// folder/measure, reporting the growing total: what a delete confirmation and the folder size
// both show. `stopped` ends it between pages (Cancel, Stop, a closed dialog).
import { addMeasure, NOTHING_MEASURED, type MeasureTotal } from '../../electron/shared/folder-measure';
import { bridge } from '../api';

/** The total, or undefined when stopped. Errors carry the total so far as `counted`. */
export async function countUnder(
  request: { connectionId: string; bucket: string; prefixes: string[]; versions?: boolean },
  onProgress: (total: MeasureTotal) => void,
  stopped: () => boolean,
): Promise<MeasureTotal | undefined> {
  let total = NOTHING_MEASURED;
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
        total = addMeasure(total, page);
        onProgress(total);
        token = page.nextToken;
      } while (token);
    }
    return total;
  } catch (error) {
    throw Object.assign(error as object, { counted: total });
  }
}
