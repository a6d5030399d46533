// `npm run world`: starts on the asked port, prints what a client needs, serves, and stops on Ctrl-C.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../electron/store/moto.js';
import { raw } from '../support/raw-http.js';
import { DEMO_ACCOUNT } from '../support/world.js';

describe('npm run world', () => {
  it('prints the endpoint template and keys, serves requests, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/world-cli.ts', '--port', String(port), '--keys', '50'],
      { env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C stops it.');
      expect(out).toContain(`http://s3.{region}.localhost:${port}`);
      expect(out).toContain(DEMO_ACCOUNT.accessKeyId);
      expect(out).toContain('ap-southeast-2');
      const list = await raw({
        url: `http://demo-us-east.s3.us-east-1.localhost:${port}/?list-type=2&prefix=many/`,
        sign: { account: DEMO_ACCOUNT, region: 'us-east-1' },
      });
      expect(list.status).toBe(200);
      expect(list.body.match(/<Key>/g)).toHaveLength(50);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(out).toContain('Stopped.');
  });
});
