// moto (Python) behind the world, over HTTP, path style: the tests' independent reference for
// the embedded store. It is written by other people from S3's documentation and its own captures,
// so where both agree the world is not just agreeing with itself.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { Store, StoreRequest, StoreResponse, StoreSeed } from './store.js';

// moto treats an unsigned request as anonymous and applies object ACLs, so the world forwards
// with a fixed identity (moto checks no signature).
const MOTO_AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=AKIAWORLDFRONTDOOR00/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto did not listen on ${port} within ${timeoutMs} ms`);
}

// moto's own server in a thread, optionally seeded through moto's backend API before it answers.
// It prints READY when it serves, and stops when its stdin closes (so it never outlives us).
const MOTO_LAUNCHER = `
import sys, json, threading
from moto.server import ThreadedMotoServer
port, seed = int(sys.argv[1]), json.loads(sys.argv[2])
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
if seed:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(seed["bucket"], "us-east-1")
    for i in range(seed["count"]):
        backend.put_object(seed["bucket"], "%sitem-%06d.txt" % (seed["prefix"], i), ("item %d\\n" % i).encode())
print("READY", flush=True)
sys.stdin.read()
server.stop()
`;

/** A bulk seed is written straight into moto's backend: 100,000 keys take seconds, not minutes. */
export async function startMoto(options: { seed?: StoreSeed } = {}): Promise<Store> {
  const port = await freePort();
  const child = spawn('python3', ['-c', MOTO_LAUNCHER, String(port), JSON.stringify(options.seed ?? null)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const ready = new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('READY')) resolve();
    });
    child.once('error', (e) =>
      reject(new Error(`cannot start moto (python3 with the moto package is needed): ${e.message}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`moto exited with code ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`)),
    );
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('moto did not start within 120 s')), 120_000).unref(),
  );
  try {
    await Promise.race([ready, timeout]);
    await waitForPort(port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}`, { cause: error });
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  return {
    name: 'moto',
    handle: (request) => forward(port, agent, request),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        agent.destroy();
        child.stdin?.end();
      }),
  };
}

/** Parameters that S3 sends as "name=" even when empty; the rest of the empty ones are flags. */
const VALUED = [
  'prefix',
  'delimiter',
  'continuation-token',
  'start-after',
  'marker',
  'key-marker',
  'version-id-marker',
];

function forward(port: number, agent: http.Agent, request: StoreRequest): Promise<StoreResponse> {
  const search = Object.entries(request.query)
    .map(([k, v]) =>
      v === '' && !VALUED.includes(k) ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
    )
    .join('&');
  const keyPath = request.key === undefined ? '' : `/${request.key.split('/').map(encodeURIComponent).join('/')}`;
  const path = `/${encodeURIComponent(request.bucket)}${keyPath}${search ? `?${search}` : ''}`;
  const sendBody = request.body.length > 0 || !['GET', 'HEAD', 'DELETE'].includes(request.method);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path,
        agent,
        headers: {
          ...request.headers,
          ...(sendBody ? { 'content-length': String(request.body.length) } : {}),
          host: `127.0.0.1:${port}`,
          authorization: MOTO_AUTHORIZATION,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (
              value !== undefined &&
              !['connection', 'keep-alive', 'transfer-encoding', 'server', 'date'].includes(name)
            )
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sendBody ? request.body : undefined);
  });
}
