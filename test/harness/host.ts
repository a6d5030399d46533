// Test-only browser host: serves the built renderer and carries the contract over a WebSocket to
// the real core, through the same ipc `handle` (schemas, sender check) the Electron app uses.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../../electron/core/app-core.js';
import { registerCoreHandlers, type IpcMainLike, type IpcSenderEvent } from '../../electron/ipc.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.js';

const root = path.resolve(import.meta.dirname, '../..');
const rendererDir = path.join(root, 'dist/renderer');

export interface BrowserHost {
  url: string;
  /** What the page asked to drag out (Electron's startDrag, which plain Chromium does not have). */
  drags: Array<{ token: string; files: string[] | undefined }>;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function startBrowserHost(core: Core, options: { dropRoot?: string } = {}): Promise<BrowserHost> {
  const bridge = await build({
    entryPoints: [path.join(root, 'test/harness/browser-bridge.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  });
  const bridgeJs = bridge.outputFiles[0]!.text;
  const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  let origin = '';
  registerCoreHandlers(ipc, core, (url) => url.startsWith(`${origin}/`));

  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://host').pathname;
    if (pathname === '/__bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(bridgeJs);
    }
    const file = path.resolve(rendererDir, pathname === '/' ? 'index.html' : `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(rendererDir + path.sep)) return void res.writeHead(404).end();
    try {
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('index.html')) {
        const dropRoot = options.dropRoot ? ` data-drop-root="${options.dropRoot}"` : '';
        body = body
          .toString('utf8')
          .replace('<html lang="en">', `<html lang="en"${dropRoot}>`)
          .replace('<head>', '<head><script src="/__bridge.js"></script>');
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const drags: BrowserHost['drags'] = [];
  const sockets = new WebSocketServer({ server, path: '/__bridge' });
  const clients = new Set<WebSocket>();
  const unsubscribe = core.subscribe((event, payload) => {
    const message = JSON.stringify({ type: 'event', event, payload });
    for (const client of clients) client.send(message);
  });
  sockets.on('connection', (socket, request) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    // The page that opened the socket stands in for Electron's senderFrame.
    const senderUrl = `${request.headers.origin ?? ''}/index.html`;
    socket.on('message', async (raw) => {
      const message = JSON.parse(String(raw)) as { type?: string; token?: string };
      // Where main's glue would call startDrag: the same lookup, recorded for the test.
      if (message.type === 'drag')
        return void drags.push({ token: message.token!, files: core.draggedFiles(message.token!) });
      const { id, channel, request: args } = message as { id: number; channel: string; request: unknown };
      const handler = handlers.get(channel);
      try {
        if (!handler) throw new Error(`No handler for ${channel}`);
        const value = await handler({ senderFrame: { url: senderUrl } }, ...(args === undefined ? [] : [args]));
        socket.send(JSON.stringify({ type: 'result', id, ok: true, value }));
      } catch (error) {
        socket.send(JSON.stringify({ type: 'result', id, ok: false, error: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/index.html`,
    drags,
    async stop() {
      unsubscribe();
      for (const client of clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
