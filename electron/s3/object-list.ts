// ListObjectsV2 as the bucket reader sends it: the request the SDK's ListObjectsV2Command would
// send, and its answer read with list-xml.ts into the fields the SDK would give (named as it names
// them). test/integration/object-list.test.ts compares both with the SDK's, over both stores.
import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { childText, readXml, XmlError, type XmlElement } from './list-xml.js';

export interface ObjectList {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  startAfter?: string;
  maxKeys?: number;
}

export interface ListedObject {
  Key?: string;
  LastModified?: Date;
  ETag?: string;
  Size?: number;
  StorageClass?: string;
  ChecksumAlgorithm?: string[];
  ChecksumType?: string;
}

/** The part of ListObjectsV2's answer the app reads, named as the SDK names it. */
export interface ObjectListing {
  $metadata: { httpStatusCode?: number };
  Contents?: ListedObject[];
  CommonPrefixes?: Array<{ Prefix?: string }>;
  IsTruncated?: boolean;
  NextContinuationToken?: string;
  KeyCount?: number;
}

/** The same page as the SDK's command input (for buckets the reader leaves to the SDK). */
export function listCommandInput(input: ObjectList): ListObjectsV2CommandInput {
  return {
    Bucket: input.bucket,
    Prefix: input.prefix,
    Delimiter: input.delimiter,
    ContinuationToken: input.continuationToken,
    StartAfter: input.startAfter,
    MaxKeys: input.maxKeys,
  };
}

/** The request the SDK's ListObjectsV2Command would send for `input` (before signing), at `url`. */
export function listRequest(url: URL, input: ObjectList, temporary?: URL): HttpRequest {
  const query: Record<string, string> = { 'list-type': '2' };
  if (input.delimiter !== undefined) query.delimiter = input.delimiter;
  if (input.maxKeys !== undefined) query['max-keys'] = String(input.maxKeys);
  if (input.prefix !== undefined) query.prefix = input.prefix;
  if (input.continuationToken !== undefined) query['continuation-token'] = input.continuationToken;
  if (input.startAfter !== undefined) query['start-after'] = input.startAfter;
  for (const [name, value] of url.searchParams) query[name] = value;
  const at = temporary ?? url;
  if (temporary) for (const [name, value] of temporary.searchParams) query[name] = value;
  return new HttpRequest({
    method: 'GET',
    protocol: at.protocol,
    hostname: at.hostname,
    port: at.port ? Number(at.port) : undefined,
    // As the SDK's HttpBindingProtocol: the endpoint's path, then the operation's `/`.
    path: temporary ? temporary.pathname : url.pathname === '/' ? '/' : `${url.pathname}/`,
    query,
    headers: { host: at.host },
  });
}

/** A ListBucketResult as the SDK reads it (for the fields above). Throws XmlError if it is not one. */
export function readListing(xml: string, status: number): ObjectListing {
  const root = readXml(xml);
  if (root.name !== 'ListBucketResult')
    throw new XmlError(`The endpoint answered <${root.name}>, not a bucket listing: is it an S3 service?`);
  const listing: ObjectListing = { $metadata: { httpStatusCode: status } };
  for (const child of root.children) {
    switch (child.name) {
      case 'Contents':
        (listing.Contents ??= []).push(listedObject(child));
        break;
      case 'CommonPrefixes':
        (listing.CommonPrefixes ??= []).push({ Prefix: childText(child, 'Prefix') });
        break;
      case 'IsTruncated':
        listing.IsTruncated = readBoolean(child.text);
        break;
      case 'NextContinuationToken':
        listing.NextContinuationToken = child.text;
        break;
      case 'KeyCount':
        listing.KeyCount = readInteger(child.text);
        break;
    }
  }
  return listing;
}

function listedObject(element: XmlElement): ListedObject {
  const object: ListedObject = {};
  for (const field of element.children) {
    switch (field.name) {
      case 'Key':
        object.Key = field.text;
        break;
      case 'LastModified': {
        const date = new Date(field.text);
        if (Number.isNaN(date.getTime())) throw new XmlError(`A listed object's date is "${field.text}".`);
        object.LastModified = date;
        break;
      }
      case 'ETag':
        object.ETag = field.text;
        break;
      case 'Size':
        object.Size = readInteger(field.text);
        break;
      case 'StorageClass':
        object.StorageClass = field.text;
        break;
      case 'ChecksumAlgorithm':
        (object.ChecksumAlgorithm ??= []).push(field.text);
        break;
      case 'ChecksumType':
        object.ChecksumType = field.text;
        break;
    }
  }
  return object;
}

function readBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new XmlError(`Expected true or false, found "${text}".`);
}

function readInteger(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value))
    throw new XmlError(`Expected a whole number, found "${text}".`);
  return value;
}
