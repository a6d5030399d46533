// ListObjectsV2 and ListObjectVersions as the bucket reader sends them: the requests the SDK's
// commands would send, and their answers read with list-xml.ts into the fields the SDK would give
// (named as it names them). test/integration/object-list.test.ts compares both with the SDK's,
// over both stores.
import type { ListObjectsV2CommandInput, ListObjectVersionsCommandInput } from '@aws-sdk/client-s3';
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

export interface VersionList {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  versionIdMarker?: string;
  maxKeys?: number;
}

export interface ListedVersion extends ListedObject {
  VersionId?: string;
  IsLatest?: boolean;
}

export interface ListedDeleteMarker {
  Key?: string;
  VersionId?: string;
  IsLatest?: boolean;
  LastModified?: Date;
}

/** The part of ListObjectVersions' answer the app reads, named as the SDK names it. */
export interface VersionListing {
  $metadata: { httpStatusCode?: number };
  Versions?: ListedVersion[];
  DeleteMarkers?: ListedDeleteMarker[];
  CommonPrefixes?: Array<{ Prefix?: string }>;
  IsTruncated?: boolean;
  NextKeyMarker?: string;
  NextVersionIdMarker?: string;
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

/** The same versions page as the SDK's command input (for buckets the reader leaves to the SDK). */
export function versionsCommandInput(input: VersionList): ListObjectVersionsCommandInput {
  return {
    Bucket: input.bucket,
    Prefix: input.prefix,
    Delimiter: input.delimiter,
    KeyMarker: input.keyMarker,
    VersionIdMarker: input.versionIdMarker,
    MaxKeys: input.maxKeys,
  };
}

/** The request the SDK's ListObjectsV2Command would send for `input` (before signing), at `url`. */
export function listRequest(url: URL, input: ObjectList, temporary?: URL): HttpRequest {
  return bucketGet(url, temporary, {
    'list-type': '2',
    delimiter: input.delimiter,
    'max-keys': input.maxKeys,
    prefix: input.prefix,
    'continuation-token': input.continuationToken,
    'start-after': input.startAfter,
  });
}

/** The request the SDK's ListObjectVersionsCommand would send for `input` (before signing), at `url`. */
export function versionsRequest(url: URL, input: VersionList, temporary?: URL): HttpRequest {
  return bucketGet(url, temporary, {
    versions: '',
    delimiter: input.delimiter,
    'key-marker': input.keyMarker,
    'max-keys': input.maxKeys,
    prefix: input.prefix,
    'version-id-marker': input.versionIdMarker,
  });
}

/** A GET of the bucket itself with `parameters` (those without a value left out). */
function bucketGet(
  url: URL,
  temporary: URL | undefined,
  parameters: Record<string, string | number | undefined>,
): HttpRequest {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) query[name] = String(value);
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
  const root = rootOf(xml, 'ListBucketResult');
  const listing: ObjectListing = { $metadata: { httpStatusCode: status } };
  for (const child of root.children) {
    switch (child.name) {
      case 'Contents':
        (listing.Contents ??= []).push(listedObject(child));
        break;
      case 'NextContinuationToken':
        listing.NextContinuationToken = child.text;
        break;
      case 'KeyCount':
        listing.KeyCount = readInteger(child.text);
        break;
      default:
        readPageField(listing, child);
    }
  }
  return listing;
}

/** A ListVersionsResult as the SDK reads it: versions and delete markers in two lists. */
export function readVersionListing(xml: string, status: number): VersionListing {
  const root = rootOf(xml, 'ListVersionsResult');
  const listing: VersionListing = { $metadata: { httpStatusCode: status } };
  for (const child of root.children) {
    switch (child.name) {
      case 'Version':
        (listing.Versions ??= []).push(listedObject(child));
        break;
      case 'DeleteMarker': {
        const { Key, VersionId, IsLatest, LastModified } = listedObject(child);
        (listing.DeleteMarkers ??= []).push({ Key, VersionId, IsLatest, LastModified });
        break;
      }
      case 'NextKeyMarker':
        listing.NextKeyMarker = child.text;
        break;
      case 'NextVersionIdMarker':
        listing.NextVersionIdMarker = child.text;
        break;
      default:
        readPageField(listing, child);
    }
  }
  return listing;
}

/** What both kinds of listing page carry: the folders, and whether more pages follow. */
function readPageField(
  listing: { CommonPrefixes?: Array<{ Prefix?: string }>; IsTruncated?: boolean },
  child: XmlElement,
): void {
  if (child.name === 'CommonPrefixes') (listing.CommonPrefixes ??= []).push({ Prefix: childText(child, 'Prefix') });
  else if (child.name === 'IsTruncated') listing.IsTruncated = readBoolean(child.text);
}

function rootOf(xml: string, name: string): XmlElement {
  const root = readXml(xml);
  if (root.name !== name)
    throw new XmlError(`The endpoint answered <${root.name}>, not a bucket listing: is it an S3 service?`);
  return root;
}

function listedObject(element: XmlElement): ListedVersion {
  const object: ListedVersion = {};
  for (const field of element.children) {
    switch (field.name) {
      case 'VersionId':
        object.VersionId = field.text;
        break;
      case 'IsLatest':
        object.IsLatest = readBoolean(field.text);
        break;
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
