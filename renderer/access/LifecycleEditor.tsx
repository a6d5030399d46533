import { useState, type ReactNode } from 'react';
import { lifecycleRuleProblem, TRANSITION_CLASSES, type NewLifecycleRule } from '../../electron/shared/lifecycle';
import { Dialog } from '../components/Dialog';
import { useStore } from '../store/store';
import type { SettingEditorProps } from './SettingForm';
import { RuleFormEnd, RuleList, useRuleChange } from './RuleEditing';

/** A day count as typed: a whole number, or NaN (which the rule's check says in words). */
const daysOf = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** One action of the new rule: ticked or not, with its day count (typing one ticks it). */
function DaysAction<A extends { on: boolean; days: string }>({
  name,
  action,
  set,
  daysLabel,
  children,
  after,
}: {
  name: string;
  action: A;
  set: (action: A) => void;
  daysLabel: string;
  /** What comes before the day count ("Move objects to [class] after"). */
  children: ReactNode;
  after: ReactNode;
}) {
  return (
    <label className="inline-field">
      <input
        type="checkbox"
        checked={action.on}
        onChange={(e) => set({ ...action, on: e.target.checked })}
        data-testid={`lifecycle-${name}`}
      />
      {children}
      <input
        className="days-input"
        inputMode="numeric"
        value={action.days}
        onChange={(e) => set({ ...action, on: true, days: e.target.value })}
        aria-label={daysLabel}
        data-testid={`lifecycle-${name}-days`}
      />
      {after}
    </label>
  );
}

/**
 * The bucket's lifecycle rules: each in words with Remove, and a new rule made from the actions
 * people set up by hand — abort forgotten multipart uploads (checked to begin with: they cost money
 * and nobody sees them), move to a colder class, delete after a while, delete old versions, clear
 * lone delete markers — checked in words as it is filled in. A rule with parts this does not edit
 * (tags, sizes, dates) is shown as S3 holds it and kept.
 */
export function LifecycleEditor({
  bucket,
  report,
  onClose,
  prefix: initialPrefix,
}: SettingEditorProps & {
  /** Where the new rule applies to begin with (by default the folder open in the table). */
  prefix?: string;
}) {
  const saveLifecycle = useStore((s) => s.saveLifecycle);
  const folder = useStore((s) => (s.bucket === bucket ? s.prefix : ''));
  const versioned = report.versioning !== undefined && report.versioning.status !== 'Never';
  const rules = report.lifecycle ?? [];
  const [prefix, setPrefix] = useState(initialPrefix ?? folder);
  const [name, setName] = useState('');
  const [abort, setAbort] = useState({ on: true, days: '7' });
  const [move, setMove] = useState({ on: false, days: '90', storageClass: 'GLACIER_IR' });
  const [expire, setExpire] = useState({ on: false, days: '365' });
  const [old, setOld] = useState({ on: false, days: '30' });
  const [markers, setMarkers] = useState(false);

  const rule: NewLifecycleRule = {
    id: name.trim() || undefined,
    prefix,
    abortIncompleteDays: abort.on ? daysOf(abort.days) : undefined,
    transition: move.on ? { storageClass: move.storageClass, days: daysOf(move.days) } : undefined,
    expireDays: expire.on ? daysOf(expire.days) : undefined,
    noncurrentExpireDays: old.on ? daysOf(old.days) : undefined,
    expireDeleteMarkers: markers || undefined,
  };
  const problem = lifecycleRuleProblem(
    rule,
    rules.map((r) => r.id),
  );

  // What a rule that deletes will delete, on its Add button (nothing while it is not right yet).
  const deleting = [
    rule.expireDays !== undefined && `objects after ${rule.expireDays} days`,
    rule.noncurrentExpireDays !== undefined && `old versions after ${rule.noncurrentExpireDays} days`,
  ].filter(Boolean);
  const deletes = problem || deleting.length === 0 ? undefined : deleting.join(' and ');

  // One change at a time: each reads the rules and writes them whole.
  const { busy, send } = useRuleChange((change: { add?: NewLifecycleRule; remove?: string[] }) =>
    saveLifecycle(bucket, change),
  );

  return (
    <Dialog title={`Lifecycle rules of ${bucket}`} onCancel={onClose} testId="lifecycle-editor" wide>
      <div className="dialog-body">
        <RuleList
          kind="lifecycle"
          rules={rules}
          none="No rules: S3 keeps every object, version and unfinished upload until someone deletes it."
          busy={busy}
          onRemove={(id) => void send({ remove: [id] })}
        />
        <form
          className="lifecycle-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (problem || busy) return;
            if (await send({ add: rule })) setName('');
          }}
        >
          <h4>Add a rule</h4>
          <label className="field">
            <span>For objects whose keys begin with (empty: every object in the bucket)</span>
            <input
              value={prefix}
              onChange={(e) => setPrefix(e.target.value)}
              placeholder="every object, or a prefix like logs/"
              spellCheck={false}
              data-testid="lifecycle-prefix"
            />
          </label>
          <DaysAction
            name="abort"
            action={abort}
            set={setAbort}
            daysLabel="days before unfinished uploads are aborted"
            after={
              <>
                days <span className="muted">(their parts cost money and no listing shows them)</span>
              </>
            }
          >
            Abort unfinished multipart uploads after
          </DaysAction>
          <DaysAction name="move" action={move} set={setMove} daysLabel="days before objects move" after="days">
            Move objects to
            <select
              value={move.storageClass}
              onChange={(e) => setMove({ ...move, on: true, storageClass: e.target.value })}
              aria-label="storage class to move objects to"
              data-testid="lifecycle-move-class"
            >
              {TRANSITION_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            after
          </DaysAction>
          <DaysAction
            name="expire"
            action={expire}
            set={setExpire}
            daysLabel="days before objects are deleted"
            after={
              <>
                days after they were written{' '}
                <span className="muted">
                  {versioned ? '(a delete marker goes on top; the versions stay)' : '(gone for good: no versions here)'}
                </span>
              </>
            }
          >
            Delete objects
          </DaysAction>
          <DaysAction
            name="old"
            action={old}
            set={setOld}
            daysLabel="days before old versions are deleted"
            after={
              <>
                days after they become old
                {!versioned && <span className="muted"> (the bucket keeps no versions)</span>}
              </>
            }
          >
            Delete old versions
          </DaysAction>
          <label className="inline-field">
            <input
              type="checkbox"
              checked={markers}
              onChange={(e) => setMarkers(e.target.checked)}
              data-testid="lifecycle-markers"
            />
            Remove delete markers with no versions left behind them
          </label>
          <label className="field">
            <span>Name (optional: one is made from what the rule does)</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="lifecycle-name" />
          </label>
          <RuleFormEnd kind="lifecycle" problem={problem} busy={busy} onClose={onClose} deletes={deletes} />
        </form>
      </div>
    </Dialog>
  );
}
