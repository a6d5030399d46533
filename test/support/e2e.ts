// The app in Chromium against its own demo, for one e2e file: the demo world, the core behind the
// test host's bridge, and a page showing the built renderer. `stop` ends all of it.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Core } from '../../electron/core/app-core.js';
import { startDemo, type RunningDemo } from '../../electron/demo/demo.js';
import type { FaultPlan } from '../../electron/world/faults.js';
import { launchChromium } from '../harness/chromium.js';
import { startBrowserHost, type BrowserHost } from '../harness/host.js';
import { createTestCore, type TestCoreOptions } from './app-core.js';

export const SHOTS = path.resolve('test-output/screenshots');

export interface AppInChromium {
  demo: RunningDemo;
  core: Core;
  host: BrowserHost;
  browser: Browser;
  page: Page;
  /** Errors the page logged or threw. */
  consoleErrors: string[];
  stop(): Promise<void>;
}

export async function openAppInChromium(
  options: {
    /** Keys under demo-us-east/many/ (0 by default). */
    keys?: number;
    viewport?: { width: number; height: number };
    /** Where dropped test files live (the test host names them from here). */
    dropRoot?: string;
    core?: Omit<TestCoreOptions, 'account'>;
    /** Faults the demo world injects (a slow answer, say). */
    faults?: FaultPlan;
  } = {},
): Promise<AppInChromium> {
  await mkdir(SHOTS, { recursive: true });
  const demo = await startDemo({ bigPrefixKeys: options.keys ?? 0, faults: options.faults });
  const core = createTestCore(demo.world.endpointTemplate, { account: demo.accounts.demo, ...options.core });
  const host = await startBrowserHost(core, { dropRoot: options.dropRoot });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 860 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(host.url);
  return {
    demo,
    core,
    host,
    browser,
    page,
    consoleErrors,
    async stop() {
      await browser.close();
      await host.stop();
      await core.dispose();
      await demo.stop();
    },
  };
}
