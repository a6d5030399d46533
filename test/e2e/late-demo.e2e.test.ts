// The window opens before the demo world has started; when the demo joins, the app switches to
// it on its own (the user had not picked a connection) and lists its buckets.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionRegistry } from '../../electron/connections/connections.js';
import { createCore, type Core } from '../../electron/core/app-core.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { launchChromium } from '../harness/chromium.js';
import { startBrowserHost, type BrowserHost } from '../harness/host.js';
import { DEMO_ACCOUNT, startTestWorld, type TestWorld } from '../support/world.js';

describe('a demo that arrives after the window', () => {
  let t: TestWorld;
  let connections: ConnectionRegistry;
  let core: Core;
  let host: BrowserHost;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestWorld();
    await t.world.registerBucket({ name: 'late-arrival', region: 'eu-west-1', ownerAccountId: DEMO_ACCOUNT.accountId });
    connections = new ConnectionRegistry(new RequestLog());
    connections.addAnonymous(t.world.endpointTemplate);
    core = createCore({
      connections,
      appInfo: { name: 'Bucket Explorer', version: 'test', platform: process.platform },
      chooseSaveFile: async () => undefined,
      chooseFilesToUpload: async () => [],
    });
    host = await startBrowserHost(core);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await core?.dispose();
    await t?.stop();
  });

  it('says the demo is starting, then switches to it when it is ready', async () => {
    core.setDemoStatus({ state: 'starting' });
    const page = await browser.newPage();
    await page.goto(host.url);
    // Not an anonymous connection failing offline: the demo, said to be starting.
    await expect.poll(() => page.getByTestId('connection-select').inputValue()).toBe('');
    await expect
      .poll(() => page.getByTestId('connection-select').locator('option:checked').textContent())
      .toBe('Demo — starting…');
    await expect.poll(() => page.getByTestId('demo-status').textContent()).toContain('Starting the demo');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    connections.addDemo({ endpointTemplate: t.world.endpointTemplate, account: DEMO_ACCOUNT });
    core.setDemoStatus({ state: 'ready' });
    await page.getByTestId('demo-status').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('connection-select').inputValue()).toBe('demo');
    await page.getByTestId('bucket-late-arrival').waitFor();
  });

  it('says plainly when the demo cannot start, and what it needs', async () => {
    core.setDemoStatus({
      state: 'unavailable',
      detail:
        "The demo's store could not start: /home/ada/.config/Bucket Explorer/demo-store holds files the demo did not write, so the demo will not empty it. Move them elsewhere (or delete the folder) and start again.",
    });
    const page = await browser.newPage();
    await page.goto(host.url);
    await expect
      .poll(() => page.getByTestId('demo-status').textContent())
      .toContain('Move them elsewhere (or delete the folder) and start again.');
  });
});
