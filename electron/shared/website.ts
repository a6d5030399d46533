// A bucket's static website setting as the app shows and sets it: hosting (an index document, and
// an error document) or sending every request to another host; checked here in words, in the
// window, the terminal and main alike. Routing rules are other tools' to write: counted here, and
// kept when hosting is changed.

export type WebsiteSetting =
  | {
      kind: 'host';
      indexDocument: string;
      errorDocument?: string;
      /** Routing rules made by another tool: shown as a count, and kept when hosting is changed here. */
      routingRules?: number;
    }
  | { kind: 'redirect'; hostName: string; protocol?: 'http' | 'https' };

/** Regions whose website endpoint is `s3-website-REGION` (the older form); the others use a dot. */
const DASH_REGIONS = new Set([
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-west-1',
  'sa-east-1',
  'us-gov-west-1',
]);

/** Where AWS serves the bucket's website (plain HTTP; HTTPS needs CloudFront in front). */
export function websiteEndpoint(bucket: string, region: string): string {
  return `http://${bucket}.s3-website${DASH_REGIONS.has(region) ? '-' : '.'}${region}.amazonaws.com/`;
}

/** Why S3 would refuse this setting, in words; undefined when it is fine. */
export function websiteProblem(setting: WebsiteSetting): string | undefined {
  if (setting.kind === 'host') {
    const index = setting.indexDocument.trim();
    if (index === '') return 'Name the index document (index.html): S3 serves it for a folder.';
    if (index.includes('/')) return 'The index document is a name, not a path: S3 looks for it in each folder.';
    if (setting.errorDocument !== undefined && setting.errorDocument.trim().startsWith('/'))
      return 'The error document is a key: no leading "/".';
    return undefined;
  }
  const host = setting.hostName.trim();
  if (host === '') return 'Name the host every request goes to (www.example.com).';
  if (/^[a-z]+:\/\//i.test(host)) return 'A host name only (www.example.com): the protocol is chosen apart.';
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host)) return `${host} is not a host name.`;
  return undefined;
}

/** The setting in words. */
export function describeWebsite(setting: WebsiteSetting | null | undefined): string {
  if (setting === undefined) return 'cannot be read';
  if (setting === null) return 'off';
  if (setting.kind === 'redirect')
    return `every request sent on to ${setting.protocol ? `${setting.protocol}://` : ''}${setting.hostName}`;
  const rules = setting.routingRules
    ? `, and ${setting.routingRules} routing rule${setting.routingRules === 1 ? '' : 's'}`
    : '';
  return `hosting: ${setting.indexDocument} for folders${setting.errorDocument ? `, ${setting.errorDocument} for errors` : ''}${rules}`;
}
