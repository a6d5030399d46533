// Running the peer clients (aws-cli, rclone) against the S3 world, timed, with their peak RSS.
import path from 'node:path';
import { build } from 'esbuild';
import { rangeWorkerBuildOptions } from '../scripts/range-worker.mjs';
import { spawn } from 'node:child_process';
import { DEMO_ACCOUNT } from '../electron/world/accounts.js';

export interface PeerRun {
  ms: number;
  peakRssMiB?: number;
  /** user + system CPU seconds */
  cpuSeconds?: number;
  stdout: string;
}

/** Run a command under /usr/bin/time -v when present, to read its maximum resident set size. */
export function runPeer(command: string, args: string[], env: Record<string, string | undefined>): Promise<PeerRun> {
  return new Promise((resolve, reject) => {
    const useTime = process.platform === 'linux';
    const started = performance.now();
    const merged: Record<string, string | undefined> = { ...process.env, ...env };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    const child = spawn(useTime ? '/usr/bin/time' : command, useTime ? ['-v', command, ...args] : args, {
      env: merged as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} exited ${code}: ${stderr.slice(-800)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      resolve({
        ms,
        peakRssMiB: rss ? Number(rss[1]) / 1024 : undefined,
        cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : undefined,
        stdout,
      });
    });
  });
}

export { awsCliEnv } from '../test/support/aws-cli.js';

/** rclone reads a remote from the environment; AWS_CA_BUNDLE breaks it, so it is unset here. */
export function rcloneEnv(endpoint: string, region: string): Record<string, string | undefined> {
  return {
    AWS_CA_BUNDLE: undefined,
    RCLONE_CONFIG_WORLD_TYPE: 's3',
    RCLONE_CONFIG_WORLD_PROVIDER: 'Other',
    RCLONE_CONFIG_WORLD_ENDPOINT: endpoint,
    RCLONE_CONFIG_WORLD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessKeyId,
    RCLONE_CONFIG_WORLD_SECRET_ACCESS_KEY: DEMO_ACCOUNT.secretAccessKey,
    RCLONE_CONFIG_WORLD_REGION: region,
    RCLONE_CONFIG_WORLD_FORCE_PATH_STYLE: 'true',
  };
}

export async function hasCommand(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/**
 * Bundles a bench child (the core in a process of its own, so its peak RSS and CPU are its own)
 * the way `npm run build` bundles the terminal's `bucket-explorer` bin: the app's code in one file,
 * its packages loaded from node_modules. So it is written under node_modules/.cache (where they
 * resolve). CommonJS, as the bin is: imported from an ES module, the SDK's CommonJS files each
 * went through Node's ESM loader and export scan, and loading took ~125 ms here instead of ~85 ms
 * (Node itself: ~20 ms); one file holding everything was no faster.
 */
export async function buildChild(entry: string): Promise<string> {
  const outfile = path.resolve('node_modules', '.cache', 'bench', `${path.basename(entry, '.ts')}.cjs`);
  await build({
    entryPoints: [path.resolve(entry)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    logLevel: 'warning',
    ...rangeWorkerBuildOptions(),
  });
  return outfile;
}
