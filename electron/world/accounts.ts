// The identities of the S3 world. Account ids are fixed (the world and its seed name owners by
// them); the keys are not: the app's embedded demo and the CLI's --demo make new ones at every
// start, so no other local process can sign as the demo (the world writes to the user's disk).
// `npm run world` and the tests keep the printable fixed keys below, and say so.
import { randomBytes } from 'node:crypto';
import type { Account } from './sigv4-verify.js';

export interface WorldAccounts {
  /** The demo identity: owns the demo's own buckets. */
  demo: Account;
  /** Owns the buckets the demo identity may see by name but not read. */
  other: Account;
}

const DEMO_ACCOUNT_ID = '111111111111';
const OTHER_ACCOUNT_ID = '222222222222';

/** Fixed keys, printed by `npm run world` for aws-cli and rclone, and used by the tests. */
export const DEMO_ACCOUNT: Account = {
  accessKeyId: 'AKIADEMOEXPLORER0001',
  secretAccessKey: 'demo/secret/for/the/bucket/explorer/world',
  accountId: DEMO_ACCOUNT_ID,
};

export const OTHER_ACCOUNT: Account = {
  accessKeyId: 'AKIAOTHERACCOUNT0002',
  secretAccessKey: 'another/account/secret/key/for/the/world',
  accountId: OTHER_ACCOUNT_ID,
};

export const PRINTABLE_ACCOUNTS: WorldAccounts = { demo: DEMO_ACCOUNT, other: OTHER_ACCOUNT };

function randomAccount(accountId: string): Account {
  const id = `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`;
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64'), accountId };
}

/** New keys for one run of the embedded demo. */
export function randomWorldAccounts(): WorldAccounts {
  return { demo: randomAccount(DEMO_ACCOUNT_ID), other: randomAccount(OTHER_ACCOUNT_ID) };
}
