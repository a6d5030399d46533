// The parts of s3rver (CommonJS, untyped) the demo store builds on.
declare module 's3rver' {
  import type { Server } from 'node:http';
  namespace S3rver {
    /** The parts of Koa's context the demo store's middleware uses. */
    interface KoaContext {
      method: string;
      path: string;
      query: Record<string, string>;
      status: number;
      body: unknown;
      type: string;
      get(name: string): string;
    }
    type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
  }
  class S3rver {
    constructor(options: {
      address?: string;
      port?: number;
      directory: string;
      silent?: boolean;
      resetOnClose?: boolean;
    });
    store: unknown;
    context: { store: unknown };
    middleware: S3rver.Middleware[];
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    httpServer?: Server;
  }
  export = S3rver;
}

declare module 's3rver/lib/stores/filesystem.js' {
  class FilesystemStore {
    static encodeKeyPath(key: string): string;
    constructor(rootDirectory: string);
    rootDirectory: string;
    getBucketPath(bucket: string): string;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    putBucket(bucket: string): Promise<unknown>;
    deleteBucket(bucket: string): Promise<void>;
    putObject(object: {
      bucket: string;
      key: string;
      content: import('node:stream').Readable | Buffer;
      metadata: Record<string, string>;
    }): Promise<{ size: number; md5: string }>;
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
    putPart(
      bucket: string,
      uploadId: string,
      partNumber: number | string,
      content: import('node:stream').Readable,
    ): Promise<{ size: number; md5: string }>;
    copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata?: unknown,
    ): Promise<unknown>;
    putObjectMultipart(
      bucket: string,
      uploadId: string,
      parts: Array<{ number: number; etag: string }>,
    ): Promise<{ size: number; md5: string }>;
  }
  export = FilesystemStore;
}

declare module 's3rver/lib/models/error.js' {
  class S3Error extends Error {
    constructor(code: string, message?: string, detail?: Record<string, string | number>);
    code: string;
    status: number;
    detail: Record<string, string | number>;
    headers: Record<string, string>;
  }
  export = S3Error;
}

declare module 's3rver/lib/models/object.js' {
  class S3Object {
    constructor(bucket: string, key: string, content: unknown, metadata: Record<string, string | number>);
  }
  export = S3Object;
}
