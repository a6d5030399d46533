// The one safe door to the outside: only http(s) URLs are handed to the OS. A lint rule forbids
// shell.openExternal anywhere else.
import { shell } from 'electron';
import { isSafeExternalUrl } from './security.js';

export async function openExternalSafely(url: string): Promise<void> {
  if (!isSafeExternalUrl(url))
    throw new Error(`Refused to open "${url}": only http and https links open outside the app.`);
  await shell.openExternal(url);
}
