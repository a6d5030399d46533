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
  dns.lookup(hostname, options, callback as (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void);
};

export function createAgents(maxSockets = 64): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  return {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets, lookup: lookupWithLocalhost }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets, lookup: lookupWithLocalhost }),
  };
}

// Directory buckets (S3 Express One Zone) are named `base--{zone-id}--x-s3`. The zone id tells the
// zone but not the region, and a wrong-region zonal host simply does not exist (no 301 comes
// back), so the region must come from this map of zone-id prefixes.
const ZONE_PREFIX_REGIONS: Record<string, string> = {
  use1: 'us-east-1', use2: 'us-east-2', usw1: 'us-west-1', usw2: 'us-west-2',
  aps1: 'ap-south-1', aps2: 'ap-south-2', apne1: 'ap-northeast-1', apne2: 'ap-northeast-2', apne3: 'ap-northeast-3',
  apse1: 'ap-southeast-1', apse2: 'ap-southeast-2', apse3: 'ap-southeast-3', apse4: 'ap-southeast-4', ape1: 'ap-east-1',
  euw1: 'eu-west-1', euw2: 'eu-west-2', euw3: 'eu-west-3', euc1: 'eu-central-1', euc2: 'eu-central-2',
  eun1: 'eu-north-1', eus1: 'eu-south-1', eus2: 'eu-south-2', cac1: 'ca-central-1', caw1: 'ca-west-1',
  sae1: 'sa-east-1', mes1: 'me-south-1', mec1: 'me-central-1', afs1: 'af-south-1', ilc1: 'il-central-1',
};

export interface DirectoryBucket {
  zoneId: string;
  region: string;
  /** LocalZone ids carry a metro code between the region prefix and the az suffix. */
  locationType: 'AvailabilityZone' | 'LocalZone';
}

const DIRECTORY_BUCKET = /^[a-z0-9][a-z0-9.-]*--([a-z0-9]+(?:-[a-z0-9]+)*-az\d+)--x-s3$/;

export function parseDirectoryBucket(bucket: string): DirectoryBucket | undefined {
  const match = DIRECTORY_BUCKET.exec(bucket);
  if (!match) return undefined;
  const zoneId = match[1]!;
  const parts = zoneId.split('-');
  const region = ZONE_PREFIX_REGIONS[parts[0]!];
  if (!region) return undefined;
  return { zoneId, region, locationType: parts.length > 2 ? 'LocalZone' : 'AvailabilityZone' };
}

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
