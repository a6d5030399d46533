import { describeBucketLock } from '../../electron/shared/object-lock';
import { BucketLockEditor } from './ObjectLockDialogs';
import { useEffect, useMemo, useState } from 'react';
import type { BlockSwitches, BucketAccessReport } from '../../electron/contract';
import { describeStatement, isPublicPolicy, parsePolicy, PolicyError } from '../../electron/shared/bucket-policy';
import { PUBLIC_ACCESS_LABELS, publicAccessState } from '../../electron/shared/public-access';
import { Dialog } from '../components/Dialog';
import { LineDiff } from '../components/LineDiff';
import { LifecycleEditor } from './LifecycleEditor';
import { SettingForm, type SettingEditorProps } from './SettingForm';
import { CorsEditor } from './CorsEditor';
import { EncryptionEditor } from './EncryptionEditor';
import { BucketTagsDialog } from './BucketTagsDialog';
import { WebsiteEditor } from './WebsiteEditor';
import { describeWebsite } from '../../electron/shared/website';
import { describeEncryption } from '../../electron/shared/default-encryption';
import { useStore } from '../store/store';

type Switches = BlockSwitches;
const SWITCHES: Array<[keyof Switches, string]> = [
  ['BlockPublicAcls', 'Block new public ACLs'],
  ['IgnorePublicAcls', 'Ignore every public ACL'],
  ['BlockPublicPolicy', 'Block new public bucket policies'],
  ['RestrictPublicBuckets', 'Restrict public policies to this account'],
];
const OFF: Switches = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

/** The account's switches where they apply to this bucket (S3 adds them to the bucket's own). */
function accountSwitches(report: BucketAccessReport): Switches | null | undefined {
  const account = report.accountBlockPublicAccess;
  return account.status === 'applies' ? account.switches : undefined;
}

/** What a report would say with another policy or other switches: the effect, before saving. */
function effectOf(report: BucketAccessReport, change: { policy?: string | null; block?: Switches }) {
  return publicAccessState({
    block: change.block ?? report.blockPublicAccess,
    accountBlock: accountSwitches(report),
    policy: change.policy !== undefined ? change.policy : report.policy === null ? null : report.policy?.text,
    aclGroupGrants: report.aclGrants?.filter((g) => g.group).map((g) => `${g.grantee}:${g.permission}`),
    aclsDisabled: report.objectOwnership === 'BucketOwnerEnforced',
  });
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The bucket policy in an editor: checked as it is typed (in words, never a validator's dump),
 * the change shown as a diff and its effect on public access, before S3 is asked. A plain text
 * area rather than a code editor: policies are short JSON, and the checks below are what matters.
 */
function PolicyEditor({ bucket, report, onClose }: SettingEditorProps) {
  const savePolicy = useStore((s) => s.savePolicy);
  const before = report.policy ? pretty(report.policy.text) : '';
  const [start] = useState(
    () =>
      before ||
      JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Example',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:root' },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        },
        null,
        2,
      ),
  );
  const [text, setText] = useState(start);
  const [reviewing, setReviewing] = useState(false);
  const [saving, setSaving] = useState(false);
  const problem = useMemo(() => {
    try {
      parsePolicy(text, bucket);
      return undefined;
    } catch (error) {
      return error instanceof PolicyError ? error.message : String(error);
    }
  }, [text, bucket]);
  const effect = problem ? undefined : effectOf(report, { policy: text });
  // S3 refuses any public policy while BlockPublicPolicy is on (the bucket's or its account's).
  const blockedBy = report.blockPublicAccess?.BlockPublicPolicy
    ? "Block Public Access's BlockPublicPolicy is on"
    : accountSwitches(report)?.BlockPublicPolicy
      ? "the account's Block Public Access (BlockPublicPolicy) is on"
      : undefined;
  const refused = Boolean(!problem && blockedBy && isPublicPolicy(parsePolicy(text)));
  return (
    <Dialog
      title={`Bucket policy of ${bucket}`}
      onCancel={onClose}
      testId="policy-editor"
      wide
      unsaved={text !== start && !saving}
    >
      <div className="policy-editor">
        {!reviewing ? (
          <>
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
              aria-label="Policy JSON"
              aria-invalid={Boolean(problem)}
              data-testid="policy-text"
            />
            {problem ? (
              <p className="field-error" data-testid="policy-problem">
                {problem}
              </p>
            ) : (
              <ul className="plain" data-testid="policy-statements">
                {parsePolicy(text).statements.map((s) => (
                  <li key={s.index}>{describeStatement(s)}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <>
            <p>Changes:</p>
            <LineDiff before={before} after={pretty(text)} testId="policy-diff" />
            {effect && (
              <p data-testid="policy-effect">
                After saving: <b className={`state pa-${effect.state}`}>{PUBLIC_ACCESS_LABELS[effect.state]}</b>.{' '}
                {effect.reason}
              </p>
            )}
            {refused && (
              <p className="error" data-testid="policy-refused">
                S3 will refuse this policy: it is public, and {blockedBy}. Turn that switch off first if the bucket is
                meant to be public.
              </p>
            )}
          </>
        )}
        <div className="dialog-actions">
          {/* The review starts on Back to editing. Review and Save are two elements (keys): one
              reused for both kept the keyboard on it, so a second Enter saved what the first
              only asked to review, a public policy included. */}
          <button
            type="button"
            onClick={reviewing ? () => setReviewing(false) : onClose}
            data-autofocus={reviewing || undefined}
            data-testid="policy-back"
          >
            {reviewing ? 'Back to editing' : 'Cancel'}
          </button>
          {!reviewing ? (
            <button
              key="review"
              type="button"
              disabled={Boolean(problem)}
              onClick={() => setReviewing(true)}
              data-testid="policy-review"
            >
              Review changes…
            </button>
          ) : (
            <button
              key="save"
              type="button"
              className={effect?.state === 'public' ? 'danger' : undefined}
              disabled={saving}
              onClick={async () => {
                setSaving(true);
                const saved = await savePolicy(bucket, text);
                setSaving(false);
                if (saved) onClose();
                else setReviewing(false);
              }}
              data-testid="policy-save"
            >
              {effect?.state === 'public' ? 'Save: make it public' : 'Save policy'}
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** The four switches, changed behind a confirmation that shows the effect. */
function BlockEditor({ bucket, report, onClose }: SettingEditorProps) {
  const saveBlock = useStore((s) => s.saveBlock);
  const [switches, setSwitches] = useState<Switches>(report.blockPublicAccess ?? OFF);
  const effect = effectOf(report, { block: switches });
  return (
    <Dialog title="Block Public Access" onCancel={onClose} testId="block-editor">
      <SettingForm
        kind="block"
        problem={undefined}
        save={() => saveBlock(bucket, switches)}
        saveLabel="Save switches"
        danger
        onClose={onClose}
      >
        {SWITCHES.map(([name, words]) => (
          <label key={name} className="inline-field">
            <input
              type="checkbox"
              checked={switches[name]}
              onChange={(e) => setSwitches({ ...switches, [name]: e.target.checked })}
              data-testid={`switch-${name}`}
            />
            {words} <span className="muted mono">({name})</span>
          </label>
        ))}
        <p data-testid="block-effect">
          After saving: <b className={`state pa-${effect.state}`}>{PUBLIC_ACCESS_LABELS[effect.state]}</b>.{' '}
          {effect.reason}
        </p>
      </SettingForm>
    </Dialog>
  );
}

/** The account-level switches: on, off, none set, or why they do not apply or cannot be read. */
function AccountSwitches({ report }: { report: BucketAccessReport['accountBlockPublicAccess'] }) {
  if (report.status === 'unreadable') return <span className="muted">not read: {report.reason}</span>;
  if (report.status === 'other-owner')
    return (
      <span className="muted">
        the bucket is not account {report.accountId}’s: its owner’s account settings cannot be read
      </span>
    );
  if (!report.switches) return <span>none set for account {report.accountId}</span>;
  const on = SWITCHES.filter(([name]) => report.switches![name]);
  return (
    <span title="S3 applies these to every bucket of the account, together with the bucket's own switches">
      account {report.accountId}: {on.length ? on.map(([name]) => `✓ ${name}`).join(', ') : 'all off'}
    </span>
  );
}

/**
 * Access at a glance and why: the console's label with the setting that decides it, the four
 * Block Public Access switches, Object Ownership, ACL grants, default encryption, the policy in
 * words, tags, Object Lock, and CORS and lifecycle rules. Read when the pane opens (twelve read-only requests).
 */
export function AccessSection({ bucket, canWrite }: { bucket: string; canWrite: boolean }) {
  const report = useStore((s) => s.access[bucket]);
  const load = useStore((s) => s.loadAccess);
  const [editing, setEditing] = useState<
    'policy' | 'block' | 'lifecycle' | 'cors' | 'encryption' | 'tags' | 'website' | 'lock' | undefined
  >();
  useEffect(() => {
    if (report === undefined) void load(bucket);
  }, [bucket, report, load]);
  if (report === undefined || report === 'loading') return <p className="muted">Reading who may access it…</p>;
  if ('code' in report)
    return (
      <p className="muted" data-testid="public-access">
        Public access unknown: {report.message}
      </p>
    );
  const block = report.blockPublicAccess;
  return (
    <section className="access-section" data-testid="access-section">
      <h4>Public access</h4>
      <p>
        <span
          className={`state pa-${report.publicAccess}`}
          data-testid="public-access"
          data-state={report.publicAccess}
        >
          {PUBLIC_ACCESS_LABELS[report.publicAccess]}
        </span>
      </p>
      <p data-testid="public-access-reason">{report.publicAccessReason}</p>
      <dl className="facts">
        <dt>Block Public Access</dt>
        <dd data-testid="block-switches">
          {block === undefined ? (
            'cannot be read'
          ) : (
            <ul className="plain">
              {SWITCHES.map(([name]) => (
                <li key={name}>
                  {(block ?? OFF)[name] ? '✓' : '✗'} <span className="mono">{name}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Account’s Block Public Access</dt>
        <dd data-testid="account-block-switches">
          <AccountSwitches report={report.accountBlockPublicAccess} />
        </dd>
        <dt>Object Ownership</dt>
        <dd>
          {report.objectOwnership === undefined
            ? 'cannot be read'
            : report.objectOwnership === null
              ? 'not set (ACLs apply)'
              : report.objectOwnership === 'BucketOwnerEnforced'
                ? 'Bucket owner enforced: ACLs are disabled'
                : report.objectOwnership}
        </dd>
        <dt>ACL</dt>
        <dd>
          {report.aclGrants === undefined
            ? 'cannot be read'
            : report.aclGrants.map((g) => `${g.grantee}: ${g.permission}`).join('; ') || 'no grants'}
        </dd>
        <dt>Default encryption</dt>
        <dd className="mono" data-testid="bucket-encryption">
          {describeEncryption(report.encryption)}
        </dd>
        <dt>CORS</dt>
        <dd data-testid="bucket-cors">
          {report.cors === undefined ? (
            'cannot be read'
          ) : report.cors.length ? (
            <ul className="plain">
              {report.cors.map((r) => (
                <li key={r.id}>{r.summary}</li>
              ))}
            </ul>
          ) : (
            'no rules'
          )}
        </dd>
        <dt>Static website</dt>
        <dd data-testid="bucket-website">{describeWebsite(report.website)}</dd>
        <dt>Object Lock</dt>
        <dd data-testid="bucket-object-lock">{describeBucketLock(report.objectLock)}</dd>
        <dt>Tags</dt>
        <dd data-testid="bucket-tags">
          {report.tags === undefined
            ? 'cannot be read'
            : Object.entries(report.tags)
                .map(([k, v]) => `${k} = ${v}`)
                .join('; ') || 'none'}
        </dd>
        <dt>Lifecycle</dt>
        <dd data-testid="bucket-lifecycle">
          {report.lifecycle === undefined ? (
            'cannot be read'
          ) : report.lifecycle.length ? (
            <ul className="plain">
              {report.lifecycle.map((r) => (
                <li key={r.id}>{r.summary}</li>
              ))}
            </ul>
          ) : (
            'no rules'
          )}
        </dd>
      </dl>
      <h4>Bucket policy</h4>
      {report.policy === undefined && <p className="muted">The policy cannot be read by this identity.</p>}
      {report.policy === null && <p className="muted">No bucket policy.</p>}
      {report.policy && (
        <>
          {report.policy.statements && (
            <ul className="plain" data-testid="policy-summary">
              {report.policy.statements.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
          {report.policy.problem && <p className="error">{report.policy.problem}</p>}
          <pre className="policy-text" data-testid="policy-json">
            {pretty(report.policy.text)}
          </pre>
        </>
      )}
      {report.unreadable.length > 0 && (
        <p className="muted">
          Not readable by this identity: {report.unreadable.map((u) => `${u.setting} (${u.code})`).join(', ')}.
        </p>
      )}
      <div className="button-row">
        {canWrite && report.policy !== undefined && (
          <button type="button" onClick={() => setEditing('policy')} data-testid="edit-policy">
            {report.policy ? 'Edit policy…' : 'Add a policy…'}
          </button>
        )}
        {canWrite && block !== undefined && (
          <button type="button" onClick={() => setEditing('block')} data-testid="edit-block">
            Block Public Access…
          </button>
        )}
        {canWrite && report.encryption !== undefined && (
          <button type="button" onClick={() => setEditing('encryption')} data-testid="edit-encryption">
            Encryption…
          </button>
        )}
        {canWrite && report.tags !== undefined && (
          <button type="button" onClick={() => setEditing('tags')} data-testid="edit-bucket-tags">
            Tags…
          </button>
        )}
        {canWrite && report.website !== undefined && (
          <button type="button" onClick={() => setEditing('website')} data-testid="edit-website">
            Website…
          </button>
        )}
        {canWrite && report.objectLock !== undefined && (
          <button type="button" onClick={() => setEditing('lock')} data-testid="edit-object-lock">
            Object Lock…
          </button>
        )}
        {canWrite && report.cors !== undefined && (
          <button type="button" onClick={() => setEditing('cors')} data-testid="edit-cors">
            CORS rules…
          </button>
        )}
        {canWrite && report.lifecycle !== undefined && (
          <button type="button" onClick={() => setEditing('lifecycle')} data-testid="edit-lifecycle">
            Lifecycle rules…
          </button>
        )}
        <button type="button" onClick={() => void load(bucket, true)} data-testid="access-refresh">
          Read again
        </button>
      </div>
      {editing === 'policy' && <PolicyEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'block' && <BlockEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'website' && <WebsiteEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'tags' && <BucketTagsDialog bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'encryption' && (
        <EncryptionEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />
      )}
      {editing === 'lock' && <BucketLockEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'cors' && <CorsEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />}
      {editing === 'lifecycle' && (
        <LifecycleEditor bucket={bucket} report={report} onClose={() => setEditing(undefined)} />
      )}
    </section>
  );
}
