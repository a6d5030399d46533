// The renderer's only door: one function per page channel, `uploadFiles` for drops, and a typed
// `on` for pushed events. Never ipcRenderer itself, never the IPC event object, never a channel
// that takes a local path from the page. Bundled into one CommonJS file so the window can run
// sandboxed.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  CHANNELS,
  EVENTS,
  PRELOAD_ONLY_CHANNELS,
  type BridgeApi,
  type EventName,
  type Events,
  type UploadFilesRequest,
} from './contract.js';

const pageChannels = CHANNELS.filter((channel) => !(PRELOAD_ONLY_CHANNELS as readonly string[]).includes(channel));
const calls = Object.fromEntries(
  pageChannels.map((channel) => [channel, (request?: unknown) => ipcRenderer.invoke(channel, request)]),
);

/**
 * Paths come from File objects the user dropped or picked: Electron knows where those live on
 * disk. A string, or a File the page made itself (`new File([...], '/home/me/.aws/credentials')`)
 * has no path here, so a compromised page cannot make main read a file the user did not give.
 */
export function pathsOfFiles(files: unknown): string[] {
  if (!Array.isArray(files) || files.length === 0)
    throw new Error('Nothing to upload: drop files or folders, or use Upload….');
  return files.map((file) => {
    if (!(file instanceof File))
      throw new Error('Only files dropped from your computer or picked in the file dialog can be uploaded.');
    const filePath = webUtils.getPathForFile(file);
    if (!filePath) throw new Error(`"${file.name}" is not a file on this computer, so it cannot be uploaded.`);
    return filePath;
  });
}

const api = {
  ...calls,
  uploadFiles(request: UploadFilesRequest) {
    const { files, ...rest } = request ?? ({} as UploadFilesRequest);
    let paths: string[];
    try {
      paths = pathsOfFiles(files);
    } catch (error) {
      return Promise.reject(error);
    }
    return ipcRenderer.invoke('transfers/add', { ...rest, paths });
  },
  startDrag(token: string) {
    if (typeof token === 'string') ipcRenderer.send('drag/start', token);
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_event: IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
} as BridgeApi;

contextBridge.exposeInMainWorld('bucketExplorer', api);
