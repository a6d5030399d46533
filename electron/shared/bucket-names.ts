// S3's bucket naming rules, in one place for every door that takes a name: the world's routing
// and CreateBucket, the store's paths, the ipc schemas, the CLI and the renderer's forms. Pure
// (no Node, no Electron): the renderer imports it too.
//
// General purpose buckets (S3 User Guide, "Bucket naming rules"): 3–63 characters of a-z, 0-9,
// dots and hyphens; a letter or digit at each end; no two dots in a row; not an IP address; not
// starting with xn--, sthree- or amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap,
// --x-s3 or --table-s3. Directory buckets are `base--{zone-id}--x-s3` (the base name follows the
// same character rules, no dots).

// Directory buckets (S3 Express One Zone) are named `base--{zone-id}--x-s3`. The zone id tells the
// zone but not the region, and a wrong-region zonal host simply does not exist (no 301 comes
// back), so the region must come from this map of zone-id prefixes.
const ZONE_PREFIX_REGIONS: Record<string, string> = {
  use1: 'us-east-1',
  use2: 'us-east-2',
  usw1: 'us-west-1',
  usw2: 'us-west-2',
  aps1: 'ap-south-1',
  aps2: 'ap-south-2',
  apne1: 'ap-northeast-1',
  apne2: 'ap-northeast-2',
  apne3: 'ap-northeast-3',
  apse1: 'ap-southeast-1',
  apse2: 'ap-southeast-2',
  apse3: 'ap-southeast-3',
  apse4: 'ap-southeast-4',
  ape1: 'ap-east-1',
  euw1: 'eu-west-1',
  euw2: 'eu-west-2',
  euw3: 'eu-west-3',
  euc1: 'eu-central-1',
  euc2: 'eu-central-2',
  eun1: 'eu-north-1',
  eus1: 'eu-south-1',
  eus2: 'eu-south-2',
  cac1: 'ca-central-1',
  caw1: 'ca-west-1',
  sae1: 'sa-east-1',
  mes1: 'me-south-1',
  mec1: 'me-central-1',
  afs1: 'af-south-1',
  ilc1: 'il-central-1',
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

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** The sentence people see for any invalid name. */
export const BUCKET_NAME_RULE =
  'Bucket names are 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.';

/** Why `name` is not a valid S3 bucket name, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63)
    return `${BUCKET_NAME_RULE} This one has ${name.length} character${name.length === 1 ? '' : 's'}.`;
  if (!/^[a-z0-9.-]+$/.test(name))
    return `${BUCKET_NAME_RULE} This one has other characters (${JSON.stringify(name.replace(/[a-z0-9.-]/g, '').slice(0, 8))}).`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return `${BUCKET_NAME_RULE} This one starts or ends with a dot or hyphen.`;
  if (name.includes('..')) return 'Bucket names cannot have two dots in a row.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'Bucket names cannot look like an IP address.';
  const directory = parseDirectoryBucket(name);
  if (directory)
    return name.slice(0, name.indexOf('--')).includes('.') ? 'Directory bucket names cannot contain dots.' : undefined;
  if (name.endsWith('--x-s3'))
    return 'Names ending in --x-s3 are directory buckets: base-name--zone-id--x-s3, with a zone id such as usw2-az1.';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `Bucket names cannot start with "${prefix}" (reserved by S3).`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `Bucket names cannot end with "${suffix}" (reserved by S3).`;
  return undefined;
}

export function isValidBucketName(name: string): boolean {
  return bucketNameProblem(name) === undefined;
}
