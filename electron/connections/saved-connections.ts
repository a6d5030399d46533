// Connections the user added (S3-compatible endpoints), kept in the user data folder. Secrets are
// encrypted by the OS keychain through Electron's safeStorage, which main passes in as a SecretBox;
// they never leave main. On Linux without a keyring safeStorage falls back to "basic_text", which
// is obfuscation, not encryption: such a secret is stored only when the user chose to.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { NewConnection } from '../contract.js';
import { S3RequestError } from '../s3/errors.js';
import { tidyConnection } from '../shared/connection-form.js';

export interface SecretBox {
  isEncryptionAvailable(): boolean;
  /** e.g. 'gnome_libsecret', 'kwallet5', 'basic_text' (Linux); 'os' elsewhere. */
  backend(): string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

const savedSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Files written before AWS keys were a kind of their own hold endpoints only. */
  service: z.enum(['aws', 'endpoint']).default('endpoint'),
  endpointTemplate: z.string().optional(),
  region: z.string(),
  forcePathStyle: z.boolean(),
  anonymous: z.boolean(),
  accessKeyId: z.string().optional(),
  /** base64 of the SecretBox's ciphertext */
  secret: z.string().optional(),
  /** base64 of the SecretBox's ciphertext of a session token (temporary keys) */
  token: z.string().optional(),
  secretStorage: z.enum(['os', 'weak', 'none']),
});
export type SavedConnection = z.infer<typeof savedSchema>;

/**
 * Asked by main, in its own dialog, when no keyring can encrypt the secret: true to store it
 * obfuscated anyway. The window cannot give this consent (a compromised page could).
 */
export type WeakStorageConsent = () => Promise<boolean>;

export class SavedConnections {
  private items: SavedConnection[] = [];

  constructor(
    private readonly file: string,
    private readonly box: SecretBox,
    private readonly consentToWeakStorage: WeakStorageConsent = async () => false,
  ) {}

  async load(): Promise<SavedConnection[]> {
    try {
      this.items = z.array(savedSchema).parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        await rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => undefined);
      this.items = [];
    }
    return [...this.items];
  }

  async add(input: NewConnection): Promise<SavedConnection> {
    const saved = { id: `endpoint:${randomUUID()}`, ...(await this.sealed(input)) };
    this.items.push(saved);
    await this.persist();
    return saved;
  }

  /** Change an added connection; its secret is entered again, never read back. */
  async update(id: string, input: NewConnection): Promise<SavedConnection> {
    const index = this.items.findIndex((c) => c.id === id);
    if (index < 0) throw new S3RequestError('NoSuchConnection', 'That connection is no longer saved.');
    const saved = { id, ...(await this.sealed(input)) };
    this.items[index] = saved;
    await this.persist();
    return saved;
  }

  /** The connection as it is stored: the secret and token encrypted, the rest as typed. */
  private async sealed(typed: NewConnection): Promise<Omit<SavedConnection, 'id'>> {
    const input = tidyConnection(typed);
    let secret: string | undefined;
    let token: string | undefined;
    let secretStorage: SavedConnection['secretStorage'] = 'none';
    if (!input.anonymous) {
      if (!input.accessKeyId || !input.secretAccessKey)
        throw new S3RequestError(
          'MissingCredentials',
          'Enter both the access key id and the secret access key, or choose anonymous access.',
        );
      if (!this.box.isEncryptionAvailable()) {
        throw new S3RequestError(
          'NoSecretStorage',
          'This system offers no way to store the secret key safely.',
          undefined,
          'Unlock or install the system keyring, or use an AWS profile instead.',
        );
      }
      const weak = this.box.backend() === 'basic_text';
      if (weak && !(await this.consentToWeakStorage())) {
        throw new S3RequestError(
          'WeakSecretStorage',
          'No system keyring is available, so the secret key could only be obfuscated on disk, not encrypted; it was not saved.',
          undefined,
          'Install or unlock a keyring (GNOME Keyring, KWallet), or use an AWS profile.',
        );
      }
      secret = this.box.encrypt(input.secretAccessKey).toString('base64');
      if (input.sessionToken) token = this.box.encrypt(input.sessionToken).toString('base64');
      secretStorage = weak ? 'weak' : 'os';
    }
    return {
      name: input.name,
      service: input.service,
      endpointTemplate: input.service === 'endpoint' ? input.endpointTemplate : undefined,
      region: input.region,
      forcePathStyle: input.service === 'endpoint' && input.forcePathStyle,
      anonymous: input.anonymous,
      accessKeyId: input.anonymous ? undefined : input.accessKeyId,
      secret,
      token,
      secretStorage,
    };
  }

  async remove(id: string): Promise<boolean> {
    const before = this.items.length;
    this.items = this.items.filter((c) => c.id !== id);
    if (this.items.length === before) return false;
    await this.persist();
    return true;
  }

  /** Credentials decrypted when a request needs them, never before. */
  credentials(saved: SavedConnection): (() => Promise<AwsCredentialIdentity>) | undefined {
    if (saved.anonymous || !saved.secret || !saved.accessKeyId) return undefined;
    const { accessKeyId, secret, token } = saved;
    return async () => ({
      accessKeyId,
      secretAccessKey: this.box.decrypt(Buffer.from(secret, 'base64')),
      sessionToken: token ? this.box.decrypt(Buffer.from(token, 'base64')) : undefined,
    });
  }

  private async persist(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(this.items, null, 2), { mode: 0o600 });
    await rename(temp, this.file);
  }
}
