// `npm install && npm start` on current npm: npm 11 skips every dependency install script that
// package.json's allowScripts does not name, silently. Electron 41 fetched its binary in such a
// script, so the README's start command got no Electron. These checks keep that from coming back.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface Lockfile {
  packages: Record<string, { version?: string; hasInstallScript?: boolean; dev?: boolean }>;
}

const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

describe('install scripts under npm 11', () => {
  it('reviews every dependency whose install script npm would otherwise skip', async () => {
    const lock = await readJson<Lockfile>('package-lock.json');
    const pkg = await readJson<{ allowScripts?: Record<string, boolean> }>('package.json');
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const unreviewed = withScripts.filter((name) => pkg.allowScripts?.[name] === undefined);
    expect(unreviewed).toEqual([]);
    // npm's own view agrees: nothing is left for `npm install-scripts approve`.
    const { stdout } = await run('npm', ['install-scripts', 'ls', '--json'], {
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    expect((JSON.parse(stdout) as { allowScripts: unknown[] }).allowScripts).toEqual([]);
  });

  it('gets Electron its binary: through an allowed install script, or at first start', async () => {
    const lock = await readJson<Lockfile>('package-lock.json');
    const pkg = await readJson<{ allowScripts?: Record<string, boolean>; scripts: Record<string, string> }>(
      'package.json',
    );
    expect(pkg.scripts['start']).toMatch(/\belectron \./);
    const electron = lock.packages['node_modules/electron']!;
    if (electron.hasInstallScript) {
      expect(pkg.allowScripts?.['electron']).toBe(true);
    } else {
      // Electron 45's launcher (index.js, run by `electron .`) downloads the binary when it is missing.
      const launcher = await readFile('node_modules/electron/index.js', 'utf8');
      expect(launcher).toMatch(/function downloadElectron\(\)/);
      expect(launcher).toMatch(/install\.js/);
    }
    // Never denied, whichever way it installs.
    expect(pkg.allowScripts?.['electron']).not.toBe(false);
  });
});
