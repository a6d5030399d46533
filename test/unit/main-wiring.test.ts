// main.ts and the ipc layer against a fake `electron` module: the window's security options, the
// handlers registered for every channel, and bad senders / bad arguments refused with clear errors.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/contract.js';
import { decodeBridgeError } from '../../electron/shared/bridge-error.js';

type Listener = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const state = {
    handlers: new Map<string, Listener>(),
    /** ipcMain.on listeners: fire-and-forget messages (the drag out). */
    messages: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
    drags: [] as unknown[],
    windows: [] as Array<{
      options: Record<string, unknown>;
      loaded?: string;
      on: Map<string, (...a: unknown[]) => void>;
      windowOn: Map<string, (...a: unknown[]) => void>;
      openHandler?: (d: { url: string }) => unknown;
    }>,
    privileged: [] as unknown[],
    permissionRequest: undefined as
      undefined | ((wc: unknown, permission: string, cb: (allowed: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((wc: unknown, permission: string) => boolean),
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    opened: [] as string[],
    appEvents: new Map<string, (...a: unknown[]) => void>(),
    singleInstanceLockTaken: false,
    focused: 0,
    saveDialogPaths: [] as string[],
    menu: undefined as undefined | { template: unknown[] },
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record = {
        options,
        on: new Map<string, (...a: unknown[]) => void>(),
        /** The window's own events (webContents' are in `on`). */
        windowOn: new Map<string, (...a: unknown[]) => void>(),
        openHandler: undefined as undefined | ((d: { url: string }) => unknown),
        loaded: undefined as string | undefined,
      };
      fake.windows.push(record);
      this.webContents = {
        on: (name: string, fn: (...a: unknown[]) => void) => record.on.set(name, fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (record.openHandler = fn),
        send: () => undefined,
      };
      this.loadURL = async (url: string) => void (record.loaded = url);
      this.on = (name: string, fn: (...a: unknown[]) => void) => void record.windowOn.set(name, fn);
    }
    loadURL: (url: string) => Promise<void>;
    on: (name: string, fn: (...a: unknown[]) => void) => void;
    once() {}
    setProgressBar() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      fake.focused++;
    }
  }
  return {
    app: {
      whenReady: async () => undefined,
      on: (name: string, fn: (...a: unknown[]) => void) => void fake.appEvents.set(name, fn),
      requestSingleInstanceLock: () => (fake.singleInstanceLockTaken = true),
      getName: () => 'Bucket Explorer',
      getVersion: () => '0.0.0',
      getPath: () => '/nonexistent/user-data',
      exit: () => undefined,
      quit: () => undefined,
      isPackaged: true,
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] }) => void (fake.menu = menu),
    },
    dialog: {
      showSaveDialog: async (...args: Array<{ defaultPath?: string }>) => (
        fake.saveDialogPaths.push(args.at(-1)!.defaultPath!),
        { canceled: true }
      ),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    Notification: class {
      static isSupported() {
        return false;
      }
      show() {}
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: Listener) => fake.handlers.set(channel, fn),
      removeHandler: (c: string) => fake.handlers.delete(c),
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => fake.messages.set(channel, fn),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, fn),
    },
    net: {
      fetch: async () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof fake.permissionRequest) => (fake.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof fake.permissionCheck) => (fake.permissionCheck = fn),
      },
    },
    shell: { openExternal: async (url: string) => void fake.opened.push(url) },
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
  };
});

// main must come up even when the demo cannot start, so the unit test makes it fail.
vi.mock('../../electron/demo/demo.js', () => ({
  startDemo: async () => Promise.reject(new Error('no demo in unit tests')),
}));

describe('main.ts wiring (fake electron)', () => {
  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    await import('../../electron/main.js');
    await vi.waitFor(() => expect(fake.windows.length).toBe(1));
  });

  it('runs as a single instance: a second launch focuses the first window', () => {
    expect(fake.singleInstanceLockTaken).toBe(true);
    fake.appEvents.get('second-instance')!();
    expect(fake.focused).toBe(1);
  });

  it("sets a menu bar that neither reloads the page (Ctrl+R, F5: the table's Refresh) nor opens developer tools", () => {
    type Item = { role?: string; accelerator?: string; registerAccelerator?: boolean; submenu?: Item[] };
    const items = (list: Item[]): Item[] => list.flatMap((item) => [item, ...items(item.submenu ?? [])]);
    const all = items(fake.menu!.template as Item[]);
    const roles = all.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'zoomIn', 'togglefullscreen']));
    for (const gone of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(gone);
    expect(all.map((item) => item.accelerator).filter(Boolean)).toEqual([]);
    // Ctrl+C/X/V stay with the page on Linux and Windows (the table copies objects with them).
    expect(all.filter((item) => item.role === 'copy').map((item) => item.registerAccelerator)).toEqual([false]);
  });

  it('closes the window at once when no transfer runs (the question is only for running ones)', () => {
    const close = fake.windows[0]!.windowOn.get('close');
    expect(close).toBeDefined();
    let prevented = false;
    close!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('creates the window sandboxed and isolated, without node integration', () => {
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(fake.windows[0]!.loaded).toBe('app://bucket-explorer/index.html');
  });

  it('registers the app:// scheme as secure and standard, and serves pages with the CSP', async () => {
    // Exactly these: corsEnabled (or bypassCSP) would open app:// responses to other origins.
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const handler = fake.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://bucket-explorer/index.html'));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await handler(new Request('app://bucket-explorer/..%2F..%2Fetc%2Fpasswd'));
    expect(escape.status).toBe(404);
  });

  it('denies navigation away from the app, new windows, and every permission but clipboard writes', () => {
    const win = fake.windows[0]!;
    const prevented = { value: false };
    win.on.get('will-navigate')!({ preventDefault: () => (prevented.value = true) }, 'https://example.com/');
    expect(prevented.value).toBe(true);
    expect(win.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    // http(s) links leave through the safe door to the OS browser; nothing else leaves at all.
    expect(fake.opened).toEqual(['https://example.com/']);
    fake.opened.length = 0;
    const granted: Record<string, boolean> = {};
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
    ]) {
      fake.permissionRequest!({}, permission, (allowed) => (granted[permission] = allowed));
    }
    expect(Object.keys(granted).filter((p) => granted[p])).toEqual(['clipboard-sanitized-write']);
    expect(fake.permissionCheck!({}, 'media')).toBe(false);
    expect(fake.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('registers a handler for every channel of the contract, and nothing else', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses a sender that is not the app page, with a clear error', async () => {
    const handler = fake.handlers.get('connections/list')!;
    const error = await handler({ senderFrame: { url: 'https://evil.example.com/' } }).catch((e: unknown) => e);
    expect(decodeBridgeError(error)).toMatchObject({ code: 'UntrustedSender' });
    expect(decodeBridgeError(error).message).toContain('evil.example.com');
    const noFrame = await handler({ senderFrame: null }).catch((e: unknown) => e);
    expect(decodeBridgeError(noFrame).code).toBe('UntrustedSender');
    // The app's own scheme and host, dressed with a user name and password, is not the app.
    const dressed = await handler({ senderFrame: { url: 'app://user:pass@bucket-explorer/index.html' } }).catch(
      (e: unknown) => e,
    );
    expect(decodeBridgeError(dressed).code).toBe('UntrustedSender');
  });

  it('refuses bad arguments before any work, naming what is wrong', async () => {
    const app = { senderFrame: { url: 'app://bucket-explorer/index.html' } };
    const badBucket = await fake.handlers.get('bucket/probe')!(app, {
      connectionId: 'anonymous',
      bucket: 'Not_A_Bucket',
    }).catch((e: unknown) => e);
    expect(decodeBridgeError(badBucket)).toMatchObject({ code: 'InvalidArguments' });
    expect(decodeBridgeError(badBucket).message).toContain('bucket');
    const extra = await fake.handlers.get('log/since')!(app, { afterId: 0, sneaky: true }).catch((e: unknown) => e);
    expect(decodeBridgeError(extra).code).toBe('InvalidArguments');
    const relative = await fake.handlers.get('transfers/add')!(app, {
      connectionId: 'anonymous',
      bucket: 'abc',
      prefix: '',
      paths: ['../etc/passwd'],
    }).catch((e: unknown) => e);
    expect(decodeBridgeError(relative).message).toContain('absolute path');
    const frozen = await fake.handlers.get('transfers/pick')!(app, {
      connectionId: 'anonymous',
      bucket: 'abc',
      prefix: '',
      storageClass: 'FROZEN',
    }).catch((e: unknown) => e);
    expect(decodeBridgeError(frozen).message).toContain('not a storage class S3 writes objects in');
    // No channel opens URLs for the page (external/open was never used, and is gone).
    expect(fake.handlers.has('external/open')).toBe(false);
    expect(fake.opened).toEqual([]);
  });

  it('suggests one plain file name inside Downloads for any key, however hostile', async () => {
    const app = { senderFrame: { url: 'app://bucket-explorer/index.html' } };
    const keys = ['photos/..', 'a/..\\..\\evil.bat', 'con.txt', 'x/C:\\Windows\\win.ini', 'nul\u0000byte', '..'];
    for (const key of keys)
      await fake.handlers.get('object/download')!(app, { connectionId: 'anonymous', bucket: 'abc', key });
    const names = fake.saveDialogPaths.map((p) => {
      expect(p.startsWith('/nonexistent/user-data/')).toBe(true);
      return p.slice('/nonexistent/user-data/'.length);
    });
    expect(names).toEqual(['download', '.._.._evil.bat', '_con.txt', 'C__Windows_win.ini', 'nul_byte', 'download']);
  });

  it('answers good calls from the app page through the core', async () => {
    const app = { senderFrame: { url: 'app://bucket-explorer/index.html' } };
    const connections = (await fake.handlers.get('connections/list')!(app)) as Array<{ id: string }>;
    expect(connections.map((c) => c.id)).toContain('anonymous');
  });

  it('starts a drag out only for a token the core gave, asked by the app page', () => {
    const drag = fake.messages.get('drag/start')!;
    const sender = { startDrag: (item: unknown) => fake.drags.push(item) };
    drag({ senderFrame: { url: 'https://evil.example/' }, sender }, 'anything');
    drag({ senderFrame: { url: 'app://bucket-explorer/index.html' }, sender }, 'not-a-token');
    drag({ senderFrame: { url: 'app://bucket-explorer/index.html' }, sender }, { file: '/etc/passwd' });
    drag({ senderFrame: null, sender }, 'x');
    expect(fake.drags).toEqual([]);
  });
});
