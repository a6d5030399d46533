// Errors cross Electron's IPC as a message string only, so the structured error (S3 code, status,
// hint) is carried inside it and rebuilt on the renderer's side.
import type { BridgeErrorShape } from '../contract.js';

const MARK = 'BUCKET_EXPLORER_ERROR:';

export function toBridgeError(error: unknown): BridgeErrorShape {
  const e = error as Partial<BridgeErrorShape> & { message?: string };
  return {
    code: typeof e.code === 'string' ? e.code : 'Error',
    status: e.status,
    message: e.message ?? String(error),
    hint: e.hint,
  };
}

export function encodeBridgeError(error: unknown): Error {
  return new Error(MARK + JSON.stringify(toBridgeError(error)));
}

/** The structured error inside an IPC rejection, or a plain one built from its message. */
export function decodeBridgeError(error: unknown): BridgeErrorShape {
  const message = (error as Error)?.message ?? String(error);
  const at = message.indexOf(MARK);
  if (at >= 0) {
    try {
      return JSON.parse(message.slice(at + MARK.length)) as BridgeErrorShape;
    } catch {
      // fall through to the plain message
    }
  }
  return { code: 'Error', message };
}

/**
 * An error and what to do about it, as one text: "…is not empty. Delete every object…". S3's own
 * messages end without a full stop, and joined with a bare space the two ran into one sentence.
 */
export function withHint(message: string, hint?: string): string {
  const text = message.trim();
  if (!hint) return text;
  return `${text}${/[.!?:)"”]$/.test(text) ? '' : '.'} ${hint}`;
}
