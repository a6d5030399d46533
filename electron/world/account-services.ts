// The two account-wide services an S3 client needs beside S3 itself, as far as the world has an
// account: STS GetCallerIdentity (which account is this?) and S3 Control's account-level Block
// Public Access (GET/PUT/DELETE /v20180820/configuration/publicAccessBlock). The account-level
// switches are the world's to keep (accounts are the world's, not the store's); it applies them
// with each bucket's own, the most restrictive of the two winning, as S3 does.
//
//   sts.{region}.localhost, sts.localhost          STS (the Query protocol: a form POST)
//   {account-id}.s3-control.{region}.localhost     S3 Control (REST-XML), the id in the host too
import { randomBytes } from 'node:crypto';
import { escapeXml } from '../store/xml.js';
import { NO_BLOCK, parsePublicAccessBlock, type PublicAccessBlock } from './access.js';
import type { VerifyResult } from './sigv4-verify.js';

export type AccountServiceRoute = { service: 'sts' } | { service: 's3-control'; accountId: string };

export interface ServiceAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const S3_CONTROL_XMLNS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PUBLIC_ACCESS_BLOCK_PATH = '/v20180820/configuration/publicAccessBlock';
const SWITCH_NAMES: Array<keyof PublicAccessBlock> = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

/** Which account service a Host names, if any. */
export function accountServiceRoute(hostHeader: string): AccountServiceRoute | undefined {
  const hostname = hostHeader.split(':')[0]!.toLowerCase();
  if (/^sts(\.[a-z]{2}(-gov)?-[a-z]+-\d)?\.localhost$/.test(hostname)) return { service: 'sts' };
  const control = /^(\d{12})\.s3-control\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.localhost$/.exec(hostname);
  if (control) return { service: 's3-control', accountId: control[1]! };
  return undefined;
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function errorAnswer(status: number, code: string, message: string, xmlns?: string, type?: string): ServiceAnswer {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${xmlns ? ` xmlns="${xmlns}"` : ''}><Error>${type ? `<Type>${type}</Type>` : ''}<Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

function xmlAnswer(body: string): ServiceAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/**
 * One request to STS or S3 Control. `blocks` holds each account's switches (absent: none set).
 * Only a signed request from the account itself may read or change its switches.
 */
export function answerAccountService(
  route: AccountServiceRoute,
  request: { method: string; rawPath: string; headers: Record<string, string>; body: Buffer },
  auth: VerifyResult,
  blocks: Map<string, PublicAccessBlock>,
): ServiceAnswer {
  if (route.service === 'sts') {
    if (auth.kind !== 'ok')
      return errorAnswer(
        403,
        auth.kind === 'error' ? auth.code : 'MissingAuthenticationToken',
        auth.kind === 'error' ? auth.message : 'Request is missing Authentication Token',
        STS_XMLNS,
        'Sender',
      );
    const form = new URLSearchParams(request.method === 'POST' ? request.body.toString('utf8') : '');
    if (form.get('Action') !== 'GetCallerIdentity')
      return errorAnswer(
        400,
        'InvalidAction',
        `The world's STS answers GetCallerIdentity only, not ${form.get('Action') ?? 'a request without an Action'}.`,
        STS_XMLNS,
        'Sender',
      );
    const { accountId } = auth.account;
    return xmlAnswer(
      `<GetCallerIdentityResponse xmlns="${STS_XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${accountId}:root</Arn><UserId>${accountId}</UserId><Account>${accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }

  if (auth.kind === 'error') return errorAnswer(auth.status, auth.code, auth.message, S3_CONTROL_XMLNS);
  const headerAccount = request.headers['x-amz-account-id'];
  if (auth.kind !== 'ok' || auth.account.accountId !== route.accountId || headerAccount !== route.accountId)
    return errorAnswer(403, 'AccessDenied', 'Access Denied', S3_CONTROL_XMLNS);
  if (request.rawPath !== PUBLIC_ACCESS_BLOCK_PATH)
    return errorAnswer(
      400,
      'InvalidRequest',
      "The world's S3 Control answers the account's Block Public Access only.",
      S3_CONTROL_XMLNS,
    );
  const accountId = route.accountId;
  if (request.method === 'GET') {
    const block = blocks.get(accountId);
    if (!block)
      return errorAnswer(
        404,
        'NoSuchPublicAccessBlockConfiguration',
        'The public access block configuration was not found',
        S3_CONTROL_XMLNS,
      );
    const switches = SWITCH_NAMES.map((name) => `<${name}>${block[name]}</${name}>`).join('');
    return xmlAnswer(
      `<PublicAccessBlockConfiguration xmlns="${S3_CONTROL_XMLNS}">${switches}</PublicAccessBlockConfiguration>`,
    );
  }
  if (request.method === 'PUT') {
    const text = request.body.toString('utf8');
    if (!/<PublicAccessBlockConfiguration[\s>]/.test(text))
      return errorAnswer(400, 'MalformedXML', 'The XML you provided was not well-formed.', S3_CONTROL_XMLNS);
    blocks.set(accountId, { ...NO_BLOCK, ...parsePublicAccessBlock(text) });
    return { status: 200, headers: {}, body: '' };
  }
  if (request.method === 'DELETE') {
    blocks.delete(accountId);
    return { status: 204, headers: {}, body: '' };
  }
  return errorAnswer(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}
