// list-xml.ts reads what S3's listings are made of, refuses what they never hold, and
// object-list.ts turns a ListBucketResult into the SDK's fields.
import { describe, expect, it } from 'vitest';
import { childText, readXml, XmlError } from '../../electron/s3/list-xml.js';
import { readListing, readVersionListing } from '../../electron/s3/object-list.js';

describe('readXml', () => {
  it('reads elements, entities, CDATA and comments; drops namespace prefixes; keeps spaces', () => {
    const root = readXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n' +
        '<s3:Root xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" note="a > b">' +
        '<Key>  a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x1F600; &nbsp; </Key>' +
        '<Raw><![CDATA[<not> &amp; markup]]> and after</Raw>' +
        '<Empty/><Empty2 attr="x" /><Nested><Inner>1</Inner><Inner>2</Inner></Nested>' +
        '</s3:Root>',
    );
    expect(root.name).toBe('Root');
    expect(childText(root, 'Key')).toBe('  a & b <c> "d" \'e\' A😀 &nbsp; ');
    expect(childText(root, 'Raw')).toBe('<not> &amp; markup and after');
    expect(childText(root, 'Empty')).toBe('');
    expect(childText(root, 'Empty2')).toBe('');
    expect(root.children.find((c) => c.name === 'Nested')!.children.map((c) => c.text)).toEqual(['1', '2']);
    expect(childText(root, 'Missing')).toBeUndefined();
  });

  it('refuses a DOCTYPE (no entity is ever defined) and anything malformed, in words', () => {
    for (const bad of [
      '<!DOCTYPE x [<!ENTITY a "boom">]><x>&a;</x>',
      '<a><b></a></b>',
      '<a>never closed',
      '<a></a><b></b>',
      'text<a></a>',
      '<a attr="never closed></a>',
      '<a><!-- open comment</a>',
      '',
      '<>x</>',
    ])
      expect(() => readXml(bad), bad).toThrow(XmlError);
    expect(() => readXml('<a><b></a>')).toThrow(/not well-formed XML \(<\/a> closes <b>/);
  });
});

describe('readListing', () => {
  const page = (inner: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</ListBucketResult>`;

  it("gives the SDK's fields: objects, folders, truncation and the next token", () => {
    const listing = readListing(
      page(
        '<Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter>' +
          '<IsTruncated>true</IsTruncated><NextContinuationToken>next/+=</NextContinuationToken>' +
          '<Contents><Key>p/a &amp; b.txt</Key><LastModified>2026-11-23T02:40:59.000Z</LastModified>' +
          '<ETag>&quot;abc&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>SHA256</ChecksumAlgorithm>' +
          '<ChecksumType>FULL_OBJECT</ChecksumType><Size>4096</Size><Owner><ID>x</ID></Owner><StorageClass>GLACIER</StorageClass></Contents>' +
          '<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes>',
      ),
      200,
    );
    expect(listing).toEqual({
      $metadata: { httpStatusCode: 200 },
      Contents: [
        {
          Key: 'p/a & b.txt',
          LastModified: new Date('2026-11-23T02:40:59.000Z'),
          ETag: '"abc"',
          ChecksumAlgorithm: ['CRC32', 'SHA256'],
          ChecksumType: 'FULL_OBJECT',
          Size: 4096,
          StorageClass: 'GLACIER',
        },
      ],
      CommonPrefixes: [{ Prefix: 'p/sub/' }],
      IsTruncated: true,
      NextContinuationToken: 'next/+=',
      KeyCount: 2,
    });
    expect(readListing(page('<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>'), 200)).toEqual({
      $metadata: { httpStatusCode: 200 },
      KeyCount: 0,
      IsTruncated: false,
    });
  });

  it('refuses what is not a listing: another document, a bad number, date or flag', () => {
    expect(() => readListing('<Error><Code>x</Code></Error>', 200)).toThrow(/answered <Error>, not a bucket listing/);
    expect(() => readListing(page('<Contents><Size>12a</Size></Contents>'), 200)).toThrow(/whole number/);
    expect(() => readListing(page('<Contents><LastModified>soon</LastModified></Contents>'), 200)).toThrow(/date/);
    expect(() => readListing(page('<IsTruncated>maybe</IsTruncated>'), 200)).toThrow(/true or false/);
  });

  it('reads versions and delete markers into two lists, with the next markers', () => {
    const listing = readVersionListing(
      '<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>b</NextKeyMarker>' +
        '<NextVersionIdMarker>v2</NextVersionIdMarker>' +
        '<Version><Key>a</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest>' +
        '<LastModified>2026-11-23T00:00:00Z</LastModified><ETag>&quot;e&quot;</ETag><Size>3</Size>' +
        '<StorageClass>STANDARD</StorageClass></Version>' +
        '<DeleteMarker><Key>b</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest>' +
        '<LastModified>2026-11-23T00:00:01Z</LastModified><Owner><ID>o</ID></Owner></DeleteMarker>' +
        '<CommonPrefixes><Prefix>c/</Prefix></CommonPrefixes></ListVersionsResult>',
      200,
    );
    expect(listing).toEqual({
      $metadata: { httpStatusCode: 200 },
      IsTruncated: true,
      NextKeyMarker: 'b',
      NextVersionIdMarker: 'v2',
      Versions: [
        {
          Key: 'a',
          VersionId: 'v1',
          IsLatest: true,
          LastModified: new Date('2026-11-23T00:00:00Z'),
          ETag: '"e"',
          Size: 3,
          StorageClass: 'STANDARD',
        },
      ],
      DeleteMarkers: [{ Key: 'b', VersionId: 'v2', IsLatest: true, LastModified: new Date('2026-11-23T00:00:01Z') }],
      CommonPrefixes: [{ Prefix: 'c/' }],
    });
    expect(() => readVersionListing('<ListBucketResult/>', 200)).toThrow(/answered <ListBucketResult>/);
  });
});
