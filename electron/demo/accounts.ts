// The identities of the S3 world. The demo keys are printed by `npm run world` and used by the
// Demo connection; they open nothing outside the world on 127.0.0.1.
import type { Account } from './sigv4-verify.js';

export const DEMO_ACCOUNT: Account = {
  accessKeyId: 'AKIADEMOEXPLORER0001',
  secretAccessKey: 'demo/secret/for/the/bucket/explorer/world',
  accountId: '111111111111',
};

/** Owns the buckets the demo identity may see by name but not read. */
export const OTHER_ACCOUNT: Account = {
  accessKeyId: 'AKIAOTHERACCOUNT0002',
  secretAccessKey: 'another/account/secret/key/for/the/world',
  accountId: '222222222222',
};
