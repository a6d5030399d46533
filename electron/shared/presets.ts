// Starting points for S3-compatible services; the user fills in what is theirs (account id, region).
export interface EndpointPreset {
  id: string;
  label: string;
  endpointTemplate: string;
  region: string;
  forcePathStyle: boolean;
  note: string;
}

export const ENDPOINT_PRESETS: EndpointPreset[] = [
  {
    id: 'minio',
    label: 'MinIO',
    endpointTemplate: 'http://localhost:9000',
    region: 'us-east-1',
    forcePathStyle: true,
    note: 'Your MinIO server URL; path-style addressing.',
  },
  {
    id: 'r2',
    label: 'Cloudflare R2',
    endpointTemplate: 'https://ACCOUNT_ID.r2.cloudflarestorage.com',
    region: 'auto',
    forcePathStyle: true,
    note: 'Replace ACCOUNT_ID with your Cloudflare account id; region is "auto".',
  },
  {
    id: 'b2',
    label: 'Backblaze B2',
    endpointTemplate: 'https://s3.{region}.backblazeb2.com',
    region: 'us-west-004',
    forcePathStyle: false,
    note: "Use your bucket's region, e.g. us-west-004 or eu-central-003.",
  },
  {
    id: 'wasabi',
    label: 'Wasabi',
    endpointTemplate: 'https://s3.{region}.wasabisys.com',
    region: 'us-east-1',
    forcePathStyle: false,
    note: 'Wasabi regions look like AWS ones (us-east-1, eu-central-1, …).',
  },
];
