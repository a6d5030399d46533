// A bucket's incomplete multipart uploads: parts that were sent and never completed or aborted
// are stored, and billed, until someone aborts them. Listed with their age and the bytes of their
// parts (one ListParts each, for the first 200), so the user can see what they cost and abort them.
import {
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type ListMultipartUploadsCommandOutput,
  type ListPartsCommandOutput,
} from '@aws-sdk/client-s3';
import type { IncompleteUpload } from '../contract.js';
import type { S3Transport } from './transport.js';

const SIZED = 200;

export async function listIncompleteUploads(transport: S3Transport, bucket: string): Promise<IncompleteUpload[]> {
  const uploads: IncompleteUpload[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await transport.send<ListMultipartUploadsCommandOutput>(
      { operation: 'ListMultipartUploads', bucket },
      () => new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
    );
    for (const u of page.Uploads ?? []) {
      if (u.Key && u.UploadId)
        uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated?.toISOString(), bytes: 0, parts: 0 });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  await Promise.all(
    uploads.slice(0, SIZED).map(async (upload) => {
      let marker: string | undefined;
      do {
        const parts = await transport.send<ListPartsCommandOutput>(
          { operation: 'ListParts', bucket, key: upload.key },
          () =>
            new ListPartsCommand({
              Bucket: bucket,
              Key: upload.key,
              UploadId: upload.uploadId,
              PartNumberMarker: marker,
            }),
        );
        for (const p of parts.Parts ?? []) {
          upload.bytes += p.Size ?? 0;
          upload.parts++;
        }
        marker = parts.IsTruncated ? parts.NextPartNumberMarker : undefined;
      } while (marker);
    }),
  );
  // Oldest first: the longest-forgotten cost the most.
  return uploads.sort((a, b) => (a.initiated ?? '').localeCompare(b.initiated ?? ''));
}
