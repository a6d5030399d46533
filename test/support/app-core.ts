// A core wired as the app wires it, against a running S3 world.
import { ConnectionRegistry } from '../../electron/connections/connections.js';
import { createCore, type Core } from '../../electron/core/app-core.js';
import { DEMO_ACCOUNT } from '../../electron/demo/accounts.js';
import { RequestLog } from '../../electron/s3/request-log.js';

export function createTestCore(endpointTemplate: string, opened: string[] = [], options: { userDataDir?: string; saveAs?: (name: string) => string | undefined; pickFiles?: () => string[] } = {}): Core {
  const connections = new ConnectionRegistry(new RequestLog());
  connections.addDemo({ endpointTemplate, account: DEMO_ACCOUNT });
  connections.addAnonymous(endpointTemplate);
  return createCore({
    connections,
    appInfo: { name: 'Bucket Explorer', version: 'test', platform: process.platform },
    openExternal: async (url) => void opened.push(url),
    flushIntervalMs: 50,
    userDataDir: options.userDataDir,
    chooseSaveFile: async (name) => options.saveAs?.(name),
    chooseFilesToUpload: async () => options.pickFiles?.() ?? [],
  });
}
