import { useEffect, useState } from 'react';
import {
  bucketLockProblem,
  describeObjectLock,
  lockChangeProblem,
  retentionInForce,
  type BucketLock,
  type LockMode,
  type ObjectLockChange,
  type ObjectLockState,
} from '../../electron/shared/object-lock';
import { bridge, errorText } from '../api';
import { Choice } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';
import { SettingForm, type SettingEditorProps } from './SettingForm';

type Choice = 'none' | LockMode;

const MODE_WORDS: Record<LockMode, [string, string]> = {
  GOVERNANCE: ['Governance', 'only someone allowed to bypass governance retention can delete it before then'],
  COMPLIANCE: ['Compliance', 'nobody, not even the account’s root user, can delete it or shorten this'],
};

function ModeChoice({
  name,
  choice,
  onChange,
  noneLabel,
}: {
  name: string;
  choice: Choice;
  onChange: (choice: Choice) => void;
  noneLabel: string;
}) {
  return (
    <fieldset className="plain-fieldset">
      {(['none', 'GOVERNANCE', 'COMPLIANCE'] as const).map((c) => (
        <Choice
          key={c}
          type="radio"
          name={name}
          checked={choice === c}
          onChange={() => onChange(c)}
          testId={`${name}-${c.toLowerCase()}`}
          label={c === 'none' ? noneLabel : MODE_WORDS[c][0]}
          detail={c === 'none' ? undefined : MODE_WORDS[c][1]}
        />
      ))}
    </fieldset>
  );
}

/**
 * The bucket's Object Lock: turned on (for good — S3 never turns it off — and only for a
 * versioned bucket), and the retention its new objects get by default.
 */
export function BucketLockEditor({ bucket, report, onClose }: SettingEditorProps) {
  const saveBucketLock = useStore((s) => s.saveBucketLock);
  const now = report.objectLock;
  const rule = now?.defaultRetention;
  const [choice, setChoice] = useState<Choice>(rule?.mode ?? 'none');
  const [count, setCount] = useState(String(rule?.days ?? rule?.years ?? 30));
  const [unit, setUnit] = useState<'days' | 'years'>(rule?.years !== undefined ? 'years' : 'days');
  const versioned = report.versioning?.status === 'Enabled';
  const lock: BucketLock = choice === 'none' ? {} : { defaultRetention: { mode: choice, [unit]: Number(count) } };
  const problem =
    now === null && !versioned
      ? 'Object Lock needs versioning: turn versioning on first (Versioning in this pane).'
      : bucketLockProblem(lock);
  const turningOn = now === null;
  return (
    <Dialog title={`Object Lock of ${bucket}`} onCancel={onClose} testId="bucket-lock-editor">
      <SettingForm
        kind="bucket-lock"
        problem={problem}
        save={() => saveBucketLock(bucket, lock)}
        saveLabel={turningOn ? 'Turn Object Lock on for good' : 'Save'}
        danger={turningOn || choice === 'COMPLIANCE'}
        onClose={onClose}
      >
        {turningOn && (
          <p className="warning" data-testid="bucket-lock-for-good">
            Once on, Object Lock stays on: S3 never turns it off, and the bucket stays versioned. Versions can then be
            kept from deletion by a retention or a legal hold.
          </p>
        )}
        <p>New objects are kept by default:</p>
        <ModeChoice name="bucket-lock" choice={choice} onChange={setChoice} noneLabel="Not by default" />
        {choice !== 'none' && (
          <div className="inline-field">
            <span>for</span>
            <input
              type="number"
              min={1}
              value={count}
              onChange={(e) => setCount(e.target.value)}
              aria-label="How long"
              className="days-input"
              inputMode="numeric"
              data-testid="bucket-lock-count"
            />
            <select value={unit} onChange={(e) => setUnit(e.target.value as 'days' | 'years')} aria-label="Unit">
              <option value="days">days</option>
              <option value="years">years</option>
            </select>
          </div>
        )}
        <p className="muted">
          Objects already in the bucket keep the lock they have; a default applies to objects written from now on.
        </p>
      </SettingForm>
    </Dialog>
  );
}

const dayOf = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

/**
 * One version's legal hold and retention, checked as it is filled in with S3's rules (a retention
 * only lengthens or gets stricter; governance shortened or lifted only by bypassing it; compliance
 * never). Reads the bucket's setting first: without Object Lock there is nothing to change.
 */
export function ObjectLockDialog({
  bucket,
  objectKey,
  versionId,
  lock,
  onClose,
}: {
  bucket: string;
  objectKey: string;
  versionId?: string;
  lock: ObjectLockState | undefined;
  onClose: () => void;
}) {
  const report = useStore((s) => s.access[bucket]);
  const loadAccess = useStore((s) => s.loadAccess);
  const connectionId = useStore((s) => s.connectionId);
  const notify = useStore((s) => s.notify);
  const reloadDetails = useStore((s) => s.reloadDetails);
  useEffect(() => {
    if (report === undefined) void loadAccess(bucket);
  }, [bucket, report, loadAccess]);
  const inForce = retentionInForce(lock);
  const [hold, setHold] = useState(lock?.legalHold ?? false);
  const [choice, setChoice] = useState<Choice>(lock?.mode && inForce ? lock.mode : 'none');
  const [until, setUntil] = useState(inForce ? dayOf(lock?.retainUntil) : '');
  const [bypass, setBypass] = useState(false);
  const [error, setError] = useState<string>();

  const change: ObjectLockChange = {};
  if (hold !== (lock?.legalHold ?? false)) change.legalHold = hold;
  const wanted = choice === 'none' ? null : { mode: choice, until: until ? `${until}T00:00:00.000Z` : '' };
  const sameRetention =
    wanted === null ? !inForce : inForce && wanted.mode === lock?.mode && until === dayOf(lock?.retainUntil);
  if (!sameRetention) change.retention = wanted;
  if (bypass) change.bypassGovernance = true;
  const weakensGovernance =
    inForce &&
    lock?.mode === 'GOVERNANCE' &&
    change.retention !== undefined &&
    (change.retention === null || Date.parse(change.retention.until) < Date.parse(lock.retainUntil!));
  const asked = change.legalHold !== undefined || change.retention !== undefined;
  const problem = !asked
    ? undefined
    : choice !== 'none' && !until
      ? 'Choose the day the retention ends.'
      : lockChangeProblem(change, lock);

  const loading = report === undefined || report === 'loading';
  const off = !loading && !('code' in report) && report.objectLock === null;
  const compliance = change.retention?.mode === 'COMPLIANCE';
  return (
    <Dialog title={`Object Lock of ${objectKey}`} onCancel={onClose} testId="object-lock-dialog">
      {loading ? (
        <p className="muted dialog-body">Reading the bucket’s Object Lock…</p>
      ) : off ? (
        <>
          <p className="dialog-body" data-testid="object-lock-off">
            Object Lock is off for {bucket}: its versions cannot be held or retained. It can be turned on (for good)
            with Object Lock… in the bucket’s pane, once versioning is on.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose} data-autofocus>
              Close
            </button>
          </div>
        </>
      ) : (
        <SettingForm
          kind="object-lock"
          problem={problem}
          ready={asked}
          danger={compliance}
          saveLabel={
            compliance
              ? `Keep it in compliance mode until ${until}`
              : change.retention === null || weakensGovernance
                ? 'Save, bypassing governance'
                : 'Save'
          }
          onClose={onClose}
          save={async () => {
            if (!connectionId) return false;
            setError(undefined);
            try {
              const now = await bridge()['object/lock']({ connectionId, bucket, key: objectKey, versionId, change });
              notify('info', `${objectKey}: ${describeObjectLock(now)}.`);
              reloadDetails();
              return true;
            } catch (e) {
              setError(errorText(e));
              return false;
            }
          }}
        >
          <p className="muted" data-testid="object-lock-now">
            {versionId ? 'This version' : 'The latest version'}: {describeObjectLock(lock)}.
          </p>
          <Choice
            checked={hold}
            onChange={setHold}
            testId="object-lock-hold"
            label="Legal hold"
            detail="kept until the hold is removed, whatever its retention"
          />
          <p>Retention:</p>
          <ModeChoice
            name="object-lock"
            choice={choice}
            onChange={setChoice}
            noneLabel={inForce ? 'None (lift it)' : 'None'}
          />
          {choice !== 'none' && (
            <label className="inline-field">
              <span>until (00:00 UTC)</span>
              <input
                type="date"
                value={until}
                onChange={(e) => setUntil(e.target.value)}
                data-testid="object-lock-until"
              />
            </label>
          )}
          {weakensGovernance && (
            <Choice
              checked={bypass}
              onChange={setBypass}
              testId="object-lock-bypass"
              label="Bypass governance retention"
              detail="needs s3:BypassGovernanceRetention"
            />
          )}
          {compliance && (
            <p className="warning" data-testid="object-lock-compliance-warning">
              Compliance cannot be undone: until {until} nobody can delete this version or shorten its retention.
            </p>
          )}
          {error && (
            <p className="field-error" role="alert" data-testid="object-lock-error">
              {error}
            </p>
          )}
        </SettingForm>
      )}
    </Dialog>
  );
}
