// Test-only: the contract's BridgeApi over a WebSocket, for the built renderer running in plain
// Chromium. It forwards calls and events and nothing else; validation and behaviour stay in main's
// ipc layer and core, which the host runs.
import {
  CHANNELS,
  PRELOAD_ONLY_CHANNELS,
  type BridgeApi,
  type EventName,
  type Events,
  type UploadFilesRequest,
} from '../../electron/contract';

const socket = new WebSocket(`ws://${location.host}/__bridge`);
const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as
    | { type: 'result'; id: number; ok: true; value: unknown }
    | { type: 'result'; id: number; ok: false; error: string }
    | { type: 'event'; event: string; payload: unknown };
  if (data.type === 'event') {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    return;
  }
  const call = pending.get(data.id);
  pending.delete(data.id);
  if (!call) return;
  if (data.ok) call.resolve(data.value);
  else call.reject(new Error(data.error));
});

async function call(channel: string, request?: unknown): Promise<unknown> {
  await opened;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ type: 'call', id, channel, request }));
  });
}

const pageChannels = CHANNELS.filter((channel) => !(PRELOAD_ONLY_CHANNELS as readonly string[]).includes(channel));
const calls = Object.fromEntries(
  pageChannels.map((channel) => [channel, (request?: unknown) => call(channel, request)]),
);

window.bucketExplorer = {
  ...calls,
  // Chromium has no webUtils: a dropped test file is named relative to the host's drop folder.
  uploadFiles({ files, ...rest }: UploadFilesRequest) {
    const root = document.documentElement.dataset.dropRoot ?? '';
    return call('transfers/add', { ...rest, paths: files.map((file) => `${root}/${file.name}`) });
  },
  startDrag(token: string) {
    void opened.then(() => socket.send(JSON.stringify({ type: 'drag', token })));
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
} as unknown as BridgeApi;

declare global {
  interface Window {
    bucketExplorer?: BridgeApi;
  }
}
