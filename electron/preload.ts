// The renderer's only door: one function per contract channel and a typed `on` for pushed
// events. Never ipcRenderer itself, never the IPC event object. Bundled into one CommonJS file so
// the window can run sandboxed.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type BridgeApi, type EventName, type Events } from './contract.js';

const calls = Object.fromEntries(CHANNELS.map((channel) => [channel, (request?: unknown) => ipcRenderer.invoke(channel, request)]));

const api = {
  ...calls,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_event: IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
} as BridgeApi;

contextBridge.exposeInMainWorld('bucketExplorer', api);
// Dropped files become paths here, in the preload: the renderer never reads local files.
contextBridge.exposeInMainWorld('bucketExplorerFiles', { pathForFile: (file: File) => webUtils.getPathForFile(file) });
