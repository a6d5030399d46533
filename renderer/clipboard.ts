import { useStore } from './store/store';

/** Copy text and say so (or say why not) in the notice bar. */
export async function copyToClipboard(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    useStore.getState().notify('info', `Copied ${what}.`);
  } catch {
    useStore.getState().notify('error', `Could not copy ${what} to the clipboard.`);
  }
}
