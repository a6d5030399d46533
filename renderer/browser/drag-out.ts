// Rows dragged out of the window to the desktop or a file manager. An operating-system drag can
// only carry files that exist, and it must start while the mouse button is down, so a drag out
// takes two gestures: the first drag that leaves the window has main download the selection (as
// transfers, into a private temporary folder); once it is there, the next drag of the same
// selection carries the files (Electron's startDrag, through the preload). Moves within the window
// stay ordinary page drags, with nothing downloaded for them.
import type { DownloadSelection } from '../../electron/contract';
import { bridge } from '../api';
import { formatBytes } from '../format';

export type DragSelection = DownloadSelection;

/** Downloaded files are a snapshot: after this, a drag downloads them again. */
const READY_FOR_MS = 5 * 60 * 1000;

let ready: { id: string; token: string; until: number } | undefined;
let preparing: string | undefined;
/** An operating-system drag of ours is under way: its drop on our own table is not an upload. */
let outgoingUntil = 0;

const idOf = (s: DragSelection) =>
  JSON.stringify([s.connectionId, s.bucket, s.base, [...s.keys].sort(), [...s.prefixes].sort()]);

/** At dragstart: when this selection is downloaded already, drag its files instead of rows. */
export function dragFilesIfReady(event: { preventDefault(): void }, selection: DragSelection): boolean {
  if (!ready || ready.id !== idOf(selection) || Date.now() > ready.until) return false;
  event.preventDefault();
  outgoingUntil = Date.now() + 60_000;
  bridge().startDrag(ready.token);
  return true;
}

/** True while our own files are being dragged (and once they land anywhere, no longer). */
export function takeOutgoingDrop(): boolean {
  const ours = Date.now() < outgoingUntil;
  outgoingUntil = 0;
  return ours;
}

/** The drag left the window: download the selection so the next drag can carry it. */
export async function prepareDragOut(
  selection: DragSelection,
  notify: (kind: 'info' | 'error', message: string) => void,
  notifyError: (error: unknown) => void,
): Promise<void> {
  const id = idOf(selection);
  if (preparing === id || (ready?.id === id && Date.now() <= ready.until)) return;
  preparing = id;
  const count = selection.keys.length + selection.prefixes.length;
  notify('info', `Downloading ${count === 1 ? 'it' : `${count} items`} to drag out of the window…`);
  try {
    const { token, files, bytes } = await bridge()['drag/prepare'](selection);
    ready = { id, token, until: Date.now() + READY_FOR_MS };
    notify(
      'info',
      `Ready to drag out (${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)}): drag again to drop on the desktop or in a folder.`,
    );
  } catch (error) {
    notifyError(error);
  } finally {
    if (preparing === id) preparing = undefined;
  }
}
