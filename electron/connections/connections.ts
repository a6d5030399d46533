// The connections the app offers: the built-in Demo (the S3 world on loopback), the user's AWS
// profiles (read and resolved by the SDK's own loaders and credential providers, so SSO,
// assume-role and credential_process work as in the CLI), and anonymous access to public buckets.
import { fromIni } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ConnectionSummary } from '../contract.js';
import { RequestLog } from '../s3/request-log.js';
import { S3Transport, type ConnectionTarget } from '../s3/transport.js';
import type { Account } from '../world/sigv4-verify.js';
import type { SavedConnection } from './saved-connections.js';

export interface DemoEndpoint {
  endpointTemplate: string;
  account: Account;
  /** Buckets worth opening by name (they cannot be listed by this identity). */
  suggestedBuckets?: string[];
}

type ConnectionDefinition = ConnectionSummary & Pick<ConnectionTarget, 'credentials' | 'wholeObjectChecksums'>;

export class ConnectionRegistry {
  private readonly definitions = new Map<string, ConnectionDefinition>();
  private readonly transports = new Map<string, S3Transport>();

  constructor(readonly log: RequestLog) {}

  addDemo(demo: DemoEndpoint): void {
    this.definitions.set('demo', {
      id: 'demo',
      name: 'Demo (S3 world on this computer)',
      kind: 'demo',
      defaultRegion: 'us-east-1',
      endpointTemplate: demo.endpointTemplate,
      anonymous: false,
      credentials: { accessKeyId: demo.account.accessKeyId, secretAccessKey: demo.account.secretAccessKey },
      suggestedBuckets: demo.suggestedBuckets,
      wholeObjectChecksums: true, // the world plays S3, whole-object checksums and all
    });
  }

  addAnonymous(endpointTemplate?: string): void {
    this.definitions.set('anonymous', {
      id: 'anonymous',
      name: endpointTemplate ? 'Demo, anonymous' : 'Anonymous (public buckets)',
      kind: 'anonymous',
      defaultRegion: 'us-east-1',
      endpointTemplate,
      anonymous: true,
    });
  }

  /** Every profile in ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
  async addAwsProfiles(): Promise<void> {
    const { configFile, credentialsFile } = await loadSharedConfigFiles();
    const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
    for (const name of [...names].sort()) {
      if (name.startsWith('sso-session') || name.startsWith('services')) continue;
      const region = configFile[name]?.region ?? credentialsFile[name]?.region ?? 'us-east-1';
      this.definitions.set(`profile:${name}`, {
        id: `profile:${name}`,
        name: `AWS profile: ${name}`,
        kind: 'profile',
        defaultRegion: region,
        anonymous: false,
        credentials: fromIni({ profile: name }),
      });
    }
  }

  addEndpoint(saved: SavedConnection, credentials: ConnectionTarget['credentials']): ConnectionSummary {
    const definition: ConnectionDefinition = {
      id: saved.id,
      name: saved.name,
      kind: saved.anonymous ? 'anonymous' : saved.service === 'aws' ? 'keys' : 'endpoint',
      defaultRegion: saved.region,
      endpointTemplate: saved.service === 'aws' ? undefined : saved.endpointTemplate,
      anonymous: saved.anonymous,
      forcePathStyle: saved.forcePathStyle,
      secretStorage: saved.secretStorage,
      accessKeyId: saved.accessKeyId,
      removable: true,
      credentials,
    };
    this.definitions.set(saved.id, definition);
    return this.summary(definition);
  }

  remove(id: string): void {
    this.transports.get(id)?.destroy();
    this.transports.delete(id);
    this.definitions.delete(id);
  }

  list(): ConnectionSummary[] {
    return [...this.definitions.values()].map((d) => this.summary(d));
  }

  /** What the renderer may see: never the credentials. */
  private summary({
    credentials: _credentials,
    wholeObjectChecksums: _wholeObjectChecksums,
    ...summary
  }: ConnectionDefinition): ConnectionSummary {
    return summary;
  }

  has(id: string): boolean {
    return this.definitions.has(id);
  }

  transport(id: string): S3Transport {
    const existing = this.transports.get(id);
    if (existing) return existing;
    const definition = this.definitions.get(id);
    if (!definition) throw new Error(`No connection "${id}". Pick one from the list.`);
    const transport = new S3Transport(
      {
        id,
        defaultRegion: definition.defaultRegion,
        endpointTemplate: definition.endpointTemplate,
        credentials: definition.credentials,
        forcePathStyle: definition.forcePathStyle,
        wholeObjectChecksums: definition.wholeObjectChecksums,
      },
      { log: this.log },
    );
    this.transports.set(id, transport);
    return transport;
  }

  destroy(): void {
    for (const transport of this.transports.values()) transport.destroy();
    this.transports.clear();
  }
}
