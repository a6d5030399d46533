// Where requests go: endpoint templates (`http://s3.{region}.localhost:9000`), the RFC 6761
// `*.localhost` rule, directory-bucket zones, and which hosts belong to a connection's family.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Fill `{region}` in an endpoint template. */
export function endpointForRegion(template: string, region: string): string {
  return template.replaceAll('{region}', region);
}

/**
 * RFC 6761: `localhost` and every `*.localhost` name is loopback. glibc does not resolve the
 * subdomains, so the app's agents answer them itself; everything else goes to the OS resolver.
 */
export const lookupWithLocalhost: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) {
      (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      callback(null, '127.0.0.1', 4);
    }
    return;
  }
  dns.lookup(
    hostname,
    options,
    callback as (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
  );
};

export function createAgents(maxSockets = 64): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  return {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets, lookup: lookupWithLocalhost }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets, lookup: lookupWithLocalhost }),
  };
}

export { parseDirectoryBucket, type DirectoryBucket } from '../shared/bucket-names.js';

/** Zonal endpoint for a directory bucket under a template: `s3.` becomes `s3express-{zone}.`. */
export function zonalEndpoint(template: string, region: string, zoneId: string): string {
  const url = new URL(endpointForRegion(template, region));
  if (url.hostname.startsWith('s3.')) url.hostname = `s3express-${zoneId}.${url.hostname.slice(3)}`;
  return url.origin;
}

/**
 * The hosts a redirect may lead to. For AWS: any amazonaws.com host. For a template: hosts under
 * the part after `{region}.` (e.g. `localhost`) on the same port, or the template's own host.
 */
export function isInEndpointFamily(location: URL, template: string | undefined): boolean {
  if (!template) {
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(location.hostname);
  }
  const base = new URL(endpointForRegion(template, 'region-placeholder'));
  if ((location.port || defaultPort(location)) !== (base.port || defaultPort(base))) return false;
  const afterRegion = base.hostname.split('region-placeholder.')[1];
  const suffix = afterRegion ?? base.hostname;
  return location.hostname === suffix || location.hostname.endsWith(`.${suffix}`);
}

function defaultPort(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80';
}

/** Region named by an S3 endpoint host: `b.s3-ap-northeast-1.amazonaws.com`, `b.s3.eu-west-1.localhost`. */
export function regionFromEndpointHost(host: string): string | undefined {
  const match = /(?:^|\.)s3[.-](?!external-)((?:[a-z]{2}(?:-gov)?-[a-z]+-\d))(?:\.|$)/.exec(host);
  return match?.[1];
}

/**
 * The endpoint of an AWS account service (STS, S3 Control) beside a connection's S3 endpoints:
 * `null` for AWS itself (the SDK's own endpoints), the sibling host for the S3 world
 * (`http://s3.{region}.localhost:9000` → `http://sts.{region}.localhost:9000`), and undefined for
 * other S3-compatible services, which have no account services of AWS's kind.
 */
export function accountServiceEndpoint(
  template: string | undefined,
  service: 'sts' | 's3-control',
  region: string,
): string | null | undefined {
  if (!template) return null;
  const url = new URL(endpointForRegion(template, region));
  if (!url.hostname.startsWith(`s3.${region}.`) || !url.hostname.endsWith('.localhost')) return undefined;
  url.hostname = `${service}.${url.hostname.slice(3)}`;
  return url.origin;
}
