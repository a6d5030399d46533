// Electron glue: app lifecycle, the one window and its security settings, the app:// protocol,
// and wiring the core to IPC. Product behaviour lives in the core, not here.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConnectionRegistry } from './connections/connections.js';
import { SavedConnections, type SecretBox } from './connections/saved-connections.js';
import { createCore, type Core } from './core/app-core.js';
import { startDemo, type RunningDemo } from './demo/demo.js';
import { BY_NAME_SUGGESTIONS } from './demo/seed.js';
import { appMenuTemplate } from './app-menu.js';
import { openExternalSafely } from './external-links.js';
import { registerCoreHandlers } from './ipc.js';
import { RequestLog } from './s3/request-log.js';
import type { TransferProgress } from './contract.js';
import { TransferTally } from './transfers/summary.js';
import { QuitGuard } from './quit-guard.js';
import { formatCount } from './shared/format-bytes.js';
import { safeFileName } from './shared/local-names.js';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalUrl,
  resolveAppAsset,
  secureWebPreferences,
} from './security.js';

// Standard and secure, so the page has a real origin and its (crossorigin) module script loads
// same-origin. Not corsEnabled: that privilege would let other origins read app:// responses.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererRoot = path.join(__dirname, '..', 'renderer');
let core: Core | undefined;
let demo: RunningDemo | undefined;
let mainWindow: BrowserWindow | undefined;

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    title: 'Bucket Explorer',
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternalSafely(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function startCore(
  getWindow: () => BrowserWindow | undefined,
): Promise<{ core: Core; connections: ConnectionRegistry }> {
  const log = new RequestLog();
  const connections = new ConnectionRegistry(log);
  await connections
    .addAwsProfiles()
    .catch((error: Error) => console.error(`Could not read AWS profiles: ${error.message}`));
  connections.addAnonymous();
  const secretBox: SecretBox = {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
  // Storing a secret only obfuscated is the user's call, asked here by main (Cancel by default),
  // never taken from a flag the window sends.
  const consentToWeakStorage = async () => {
    const window = getWindow();
    const options = {
      type: 'warning' as const,
      message: 'Store the secret key without encryption?',
      detail:
        'No system keyring (GNOME Keyring, KWallet) is available, so the secret key can only be obfuscated on this computer, not encrypted. Anyone who can read your files could recover it.',
      buttons: ['Cancel', 'Store it obfuscated'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return result.response === 1;
  };
  const savedConnections = new SavedConnections(
    path.join(app.getPath('userData'), 'connections.json'),
    secretBox,
    consentToWeakStorage,
  );
  for (const saved of await savedConnections.load())
    connections.addEndpoint(saved, savedConnections.credentials(saved));
  const core = createCore({
    connections,
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
    userDataDir: app.getPath('userData'),
    savedConnections,
    chooseSaveFile: async (suggestedName) => {
      const window = getWindow();
      // The name comes from an S3 key or the core: one plain file name inside Downloads, never a path.
      const options = { defaultPath: path.join(app.getPath('downloads'), safeFileName(suggestedName)) };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    chooseFilesToUpload: async () => {
      const window = getWindow();
      const options = { title: 'Upload to S3', properties: ['openFile' as const, 'multiSelections' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    revealFile: (file) => shell.showItemInFolder(file),
    chooseFolder: async () => {
      const window = getWindow();
      const options = {
        title: 'Download into this folder',
        defaultPath: app.getPath('downloads'),
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    confirm: async ({ message, detail, confirmLabel }) => {
      const window = getWindow();
      // Cancel is the default and what Escape answers.
      const options = {
        type: 'question' as const,
        message,
        detail,
        buttons: ['Cancel', confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return result.response === 1;
    },
  });
  return { core, connections };
}

/**
 * The demo world (the embedded store in this process behind the front door, 100,000 keys
 * generated) starts after the window is up and joins the connection list when ready. Its objects
 * live in userData/demo-store, emptied at every start and removed at quit.
 */
function startDemoInBackground(core: Core, connections: ConnectionRegistry): void {
  core.setDemoStatus({ state: 'starting' });
  startDemo({
    bigPrefixKeys: 100_000,
    directory: path.join(app.getPath('userData'), 'demo-store'),
  }).then(
    (running) => {
      demo = running;
      connections.addDemo({
        endpointTemplate: running.world.endpointTemplate,
        account: running.accounts.demo,
        suggestedBuckets: BY_NAME_SUGGESTIONS,
      });
      core.setDemoStatus({ state: 'ready' });
    },
    (error: Error) => {
      console.error(`The demo world did not start: ${error.message}`);
      core.setDemoStatus({ state: 'unavailable', detail: `The demo's store could not start: ${error.message}` });
    },
  );
}

/** Taskbar progress while transfers run, and a notification when a long batch finishes. */
function followTransfers(window: BrowserWindow, core: Core): TransferTally {
  const tally = new TransferTally();
  let batchStarted: number | undefined;
  core.subscribe((event, payload) => {
    if (event !== 'transfers/progress') return;
    for (const row of payload as TransferProgress[]) tally.add(row);
    const summary = tally.summary;
    if (window.isDestroyed()) return;
    window.setProgressBar(summary.fraction);
    if (summary.active > 0) batchStarted ??= Date.now();
    else if (batchStarted !== undefined) {
      if (Date.now() - batchStarted > 5000 && Notification.isSupported()) {
        new Notification({
          title: 'Transfers finished',
          body: `${summary.done} done${summary.failed ? `, ${summary.failed} failed` : ''}`,
        }).show();
      }
      batchStarted = undefined;
    }
  });
  return tally;
}

/** Asked before quitting stops transfers: what stopping means for each kind, and Keep them running first. */
async function askToStopTransfers(running: number): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    message: `${formatCount(running)} transfer${running === 1 ? ' is' : 's are'} still running. Quit anyway?`,
    detail:
      'What has not finished stops. Large uploads and downloads already under way can be resumed where they stopped the next time Bucket Explorer starts; the rest must be started again. A copy, move or delete leaves every object whole at its source or its destination.',
    buttons: ['Keep them running', 'Quit'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
  const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return result.response === 1;
}

let transfers: TransferTally | undefined;
const quitGuard = new QuitGuard(() => transfers?.summary.active ?? 0, askToStopTransfers);

export async function whenReady(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, packaged: app.isPackaged })),
  );
  const appSession = session.defaultSession;
  // Every permission is refused but writing text to the clipboard (Copy S3 URI, share links, curl).
  appSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  appSession.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererRoot);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  const started = await startCore(() => mainWindow);
  core = started.core;
  registerCoreHandlers(ipcMain, core, isAppUrl);
  // Rows dragged out: the page names a token from drag/prepare, main finds its downloaded files.
  // Called during the page's dragstart, while the mouse button is still down.
  ipcMain.on('drag/start', (event, token: unknown) => {
    if (!isAppUrl(event.senderFrame?.url ?? '') || typeof token !== 'string') return;
    const files = core?.draggedFiles(token);
    if (!files?.length) return;
    event.sender.startDrag({ file: files[0]!, files, icon: path.join(rendererRoot, 'favicon.png') });
  });
  const window = createMainWindow();
  mainWindow = window;
  core.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload);
  });
  transfers = followTransfers(window, core);
  window.on('close', (event) => {
    if (!quitting && !quitGuard.closeNow(() => app.quit())) event.preventDefault();
  });
  startDemoInBackground(core, started.connections);
}

app.on('window-all-closed', () => app.quit());
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  // Asked first when transfers run; then running multipart uploads reach the journal and the demo
  // world stops before exiting.
  event.preventDefault();
  void quitGuard.mayQuit().then(async (go) => {
    if (!go || quitting) return;
    quitting = true;
    await Promise.allSettled([core?.dispose(), demo?.stop()]);
    app.quit();
  });
});

// One instance at a time: a second one would resume the same journaled uploads, rewrite the same
// connections file and empty the first one's demo store. It hands over to the first and quits.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void whenReady().catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });
} else {
  app.quit();
}

export { APP_HOST };
