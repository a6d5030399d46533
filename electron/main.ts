// Electron glue: app lifecycle, the one window and its security settings, the app:// protocol,
// and wiring the core to IPC. Product behaviour lives in the core, not here.
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConnectionRegistry } from './connections/connections.js';
import { createCore, type Core } from './core/app-core.js';
import { DEMO_ACCOUNT } from './demo/accounts.js';
import { startDemo, type RunningDemo } from './demo/demo.js';
import { openExternalSafely } from './external-links.js';
import { registerCoreHandlers } from './ipc.js';
import { RequestLog } from './s3/request-log.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl, isSafeExternalUrl, resolveAppAsset, secureWebPreferences } from './security.js';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererRoot = path.join(__dirname, '..', 'renderer');
let core: Core | undefined;
let demo: RunningDemo | undefined;

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

async function startCore(): Promise<Core> {
  const log = new RequestLog();
  const connections = new ConnectionRegistry(log);
  try {
    demo = await startDemo({ bigPrefixKeys: 100_000 });
    connections.addDemo({ endpointTemplate: demo.world.endpointTemplate, account: DEMO_ACCOUNT });
  } catch (error) {
    console.error(`The demo world did not start: ${(error as Error).message}`);
  }
  await connections.addAwsProfiles().catch((error: Error) => console.error(`Could not read AWS profiles: ${error.message}`));
  connections.addAnonymous();
  return createCore({
    connections,
    appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
    openExternal: openExternalSafely,
  });
}

export async function whenReady(): Promise<void> {
  await app.whenReady();
  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererRoot);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  core = await startCore();
  registerCoreHandlers(ipcMain, core, isAppUrl);
  const window = createMainWindow();
  core.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload);
  });
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  core?.dispose();
  void demo?.stop();
});

void whenReady().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});

export { APP_HOST };
