// A core wired as the app wires it, against a running S3 world.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConnectionRegistry } from '../../electron/connections/connections.js';
import { createCore, type Core } from '../../electron/core/app-core.js';
import { DEMO_ACCOUNT } from '../../electron/world/accounts.js';
import { BY_NAME_SUGGESTIONS } from '../../electron/demo/seed.js';
import type { Account } from '../../electron/world/sigv4-verify.js';
import { RequestLog } from '../../electron/s3/request-log.js';
import { SavedConnections, type SecretBox } from '../../electron/connections/saved-connections.js';

/**
 * Test stand-in for Electron's safeStorage: AES with a key that lives only in this process, so
 * the file on disk really holds ciphertext. `backend` decides whether it claims to be a keyring.
 */
export function testSecretBox(backend = 'gnome_libsecret'): SecretBox {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    backend: () => backend,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export interface TestCoreOptions {
  account?: Account;
  confirm?: (message: string) => boolean;
  userDataDir?: string;
  /** Where dragged-out rows are downloaded (the OS temp folder otherwise). */
  dragDir?: string;
  saveAs?: (name: string) => string | undefined;
  pickFiles?: () => string[];
  pickFolder?: () => string | undefined;
  secretBox?: SecretBox;
  /** The user's answer to main's "store the secret obfuscated?" question. */
  consentToWeakStorage?: boolean;
}

export function createTestCore(endpointTemplate: string, options: TestCoreOptions = {}): Core {
  const connections = new ConnectionRegistry(new RequestLog());
  connections.addDemo({
    endpointTemplate,
    account: options.account ?? DEMO_ACCOUNT,
    suggestedBuckets: BY_NAME_SUGGESTIONS,
  });
  connections.addAnonymous(endpointTemplate);
  return createCore({
    connections,
    appInfo: { name: 'Bucket Explorer', version: 'test', platform: process.platform },
    flushIntervalMs: 50,
    userDataDir: options.userDataDir,
    dragDir: options.dragDir,
    savedConnections: options.userDataDir
      ? new SavedConnections(
          path.join(options.userDataDir, 'connections.json'),
          options.secretBox ?? testSecretBox(),
          async () => options.consentToWeakStorage ?? false,
        )
      : undefined,
    chooseSaveFile: async (name) => options.saveAs?.(name),
    chooseFilesToUpload: async () => options.pickFiles?.() ?? [],
    chooseFolder: async () => options.pickFolder?.(),
    confirm: async ({ message }) => options.confirm?.(message) ?? true,
  });
}
