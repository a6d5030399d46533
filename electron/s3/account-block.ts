// The account-level Block Public Access, which S3 applies together with every bucket's own (the
// more restrictive switch wins): which account this connection signs as (STS GetCallerIdentity)
// and that account's four switches (S3 Control GetPublicAccessBlock). Read once per connection
// and kept until asked again; both requests are in the request log like S3's. The switches
// apply only to the account's own buckets: when any is on, a bucket is checked to be the
// account's with HeadBucket's expected-owner check before they are counted for it.
import type { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { AccountBlockReport } from '../contract.js';
import type { BlockSwitches } from '../shared/public-access.js';
import type { S3RequestError } from './errors.js';
import type { S3Transport } from './transport.js';

type AccountRead = { accountId: string; switches: BlockSwitches | null } | { unreadable: string };

const reads = new WeakMap<S3Transport, Promise<AccountRead>>();
interface AccountClients {
  sts: STSClient;
  control: S3ControlClient;
  identity: () => GetCallerIdentityCommand;
  block: (accountId: string) => GetPublicAccessBlockCommand;
}
const clients = new WeakMap<S3Transport, AccountClients>();

/**
 * The two SDK clients are loaded when an account is first read, not when this module is: the
 * terminal's commands other than `probe` never need them, and loading them cost ~11 ms of every
 * command's start (measured, Node 24, compile cache warm).
 */
async function clientsFor(transport: S3Transport): Promise<AccountClients | undefined> {
  const sts = transport.accountServiceConfig('sts');
  const control = transport.accountServiceConfig('s3-control');
  if (clients.has(transport) || !sts || !control) return clients.get(transport);
  const [stsSdk, controlSdk] = await Promise.all([import('@aws-sdk/client-sts'), import('@aws-sdk/client-s3-control')]);
  if (!clients.has(transport))
    clients.set(transport, {
      // Never destroyed on their own: they share the transport's request handler, which it destroys.
      sts: new stsSdk.STSClient(sts),
      control: new controlSdk.S3ControlClient(control),
      identity: () => new stsSdk.GetCallerIdentityCommand({}),
      block: (AccountId) => new controlSdk.GetPublicAccessBlockCommand({ AccountId }),
    });
  return clients.get(transport);
}

async function readAccount(transport: S3Transport): Promise<AccountRead> {
  const pair = await clientsFor(transport);
  if (!pair)
    return {
      unreadable: transport.anonymous
        ? 'anonymous requests belong to no account'
        : 'this service has no account-level settings (they are AWS S3 Control’s)',
    };
  let accountId: string | undefined;
  try {
    const identity = await transport.sendService({ operation: 'GetCallerIdentity' }, () =>
      pair.sts.send(pair.identity()),
    );
    accountId = identity.Account;
  } catch (error) {
    return { unreadable: `the account could not be told (${(error as S3RequestError).code})` };
  }
  if (!accountId) return { unreadable: 'STS named no account' };
  try {
    const out = await transport.sendService({ operation: 'GetPublicAccessBlock (account)' }, () =>
      pair.control.send(pair.block(accountId)),
    );
    const c = out.PublicAccessBlockConfiguration;
    return {
      accountId,
      switches: {
        BlockPublicAcls: c?.BlockPublicAcls === true,
        IgnorePublicAcls: c?.IgnorePublicAcls === true,
        BlockPublicPolicy: c?.BlockPublicPolicy === true,
        RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
      },
    };
  } catch (error) {
    const code = (error as S3RequestError).code;
    if (code === 'NoSuchPublicAccessBlockConfiguration') return { accountId, switches: null };
    return { unreadable: `account ${accountId}'s settings may not be read by this identity (${code})` };
  }
}

/** The account's switches, read once per connection (again with `refresh`). */
function accountBlock(transport: S3Transport, refresh: boolean): Promise<AccountRead> {
  let read = reads.get(transport);
  if (!read || refresh) {
    read = readAccount(transport);
    reads.set(transport, read);
  }
  return read;
}

/** What the account level adds to one bucket's Block Public Access, and whether it applies. */
export async function readAccountBlockFor(
  transport: S3Transport,
  bucket: string,
  refresh = false,
): Promise<AccountBlockReport> {
  const read = await accountBlock(transport, refresh);
  if ('unreadable' in read) return { status: 'unreadable', reason: read.unreadable };
  const { accountId, switches } = read;
  if (!switches || !Object.values(switches).some(Boolean)) return { status: 'applies', accountId, switches };
  try {
    await transport.send({ operation: 'HeadBucket (owner check)', bucket }, () => {
      return new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: accountId });
    });
    return { status: 'applies', accountId, switches };
  } catch (error) {
    const code = (error as S3RequestError).code;
    if (code === 'AccessDenied' || code === 'Forbidden') return { status: 'other-owner', accountId };
    return { status: 'unreadable', reason: `whether account ${accountId} owns the bucket is unknown (${code})` };
  }
}
