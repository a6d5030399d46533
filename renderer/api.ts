// The renderer's view of the main process: exactly the contract's BridgeApi, provided by the
// preload in the app (or by the test host's bridge in browser tests).
import type { BridgeApi, BridgeErrorShape } from '../electron/contract';
import { decodeBridgeError, withHint } from '../electron/shared/bridge-error';

declare global {
  interface Window {
    bucketExplorer?: BridgeApi;
  }
}

export function bridge(): BridgeApi {
  if (!window.bucketExplorer) throw new Error('Bucket Explorer must run inside its app window.');
  return window.bucketExplorer;
}

export function describeError(error: unknown): BridgeErrorShape {
  return decodeBridgeError(error);
}

/** A failure and what to do about it, as one text for a notice or a dialog. */
export function errorText(error: unknown): string {
  const e = describeError(error);
  return withHint(e.message, e.hint);
}
