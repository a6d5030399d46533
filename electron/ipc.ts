// The door between the renderer and the core: every channel is registered through `handle`,
// which refuses senders that are not the app's own page and arguments that do not match the
// channel's schema, before any work. Plain TypeScript: the Electron objects are passed in, so unit
// tests drive it with a fake ipcMain.
import { z } from 'zod';
import { CHANNELS, type Channel, type Req, type Res } from './contract.js';
import { encodeBridgeError } from './shared/bridge-error.js';
import { channelSchemas } from './ipc-schemas.js';
import type { Core } from './core/app-core.js';

export interface IpcSenderEvent {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function handle<C extends Channel>(
  ipcMain: IpcMainLike,
  channel: C,
  schema: z.ZodType<Req<C>>,
  isTrustedUrl: (url: string) => boolean,
  fn: (request: Req<C>) => Promise<Res<C>>,
): void {
  ipcMain.handle(channel, async (event, ...args) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      throw encodeBridgeError({
        code: 'UntrustedSender',
        message: `Refused ${channel}: the request came from ${url || 'an unknown frame'}, not from the app.`,
      });
    }
    if (args.length > 1) {
      throw encodeBridgeError({
        code: 'InvalidArguments',
        message: `Refused ${channel}: expected one argument, got ${args.length}.`,
      });
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      // The issues' own messages, which for anything a person types are sentences (no "✖ … →").
      const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.message} (${i.path.join('.')})` : i.message));
      throw encodeBridgeError({ code: 'InvalidArguments', message: `Refused ${channel}: ${issues.join(' ')}` });
    }
    try {
      return await fn(parsed.data);
    } catch (error) {
      throw encodeBridgeError(error);
    }
  });
}

/** Register every channel of the contract against the core. */
export function registerCoreHandlers(ipcMain: IpcMainLike, core: Core, isTrustedUrl: (url: string) => boolean): void {
  for (const channel of CHANNELS) {
    handle(
      ipcMain,
      channel,
      channelSchemas[channel] as z.ZodType<Req<typeof channel>>,
      isTrustedUrl,
      core.api[channel] as (r: unknown) => Promise<never>,
    );
  }
}
