import { useEffect, useState } from 'react';
import { STORAGE_CLASSES } from '../../electron/shared/storage-classes';
import type { ConflictPolicy, CopyPlan } from '../../electron/contract';
import { Dialog } from '../components/Dialog';
import { countOf, formatBytes } from '../format';
import { bridge } from '../api';
import { bucketNameProblem } from '../../electron/shared/bucket-names';
import { nameProblem } from '../../electron/shared/object-names';
import { useStore } from '../store/store';
import type { OpRequest } from '../store/types';

const VERB = { copy: 'Copy', move: 'Move', rename: 'Rename' } as const;

/** How duplicates are named: "x (n).txt", or "folder (n)/". */
function duplicateExample(request: OpRequest): string {
  const folder = request.keys.length === 0;
  const name = nameOf(request);
  if (folder) return `${name} (n)/`;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (n)${name.slice(dot)}` : `${name} (n)`;
}

function nameOf(request: OpRequest): string {
  const only = request.keys[0]?.key ?? request.prefixes[0] ?? '';
  return only.replace(/\/$/, '').split('/').pop() ?? '';
}

/**
 * Copy to…, Move to…, Rename… and a paste: where it goes, then what will happen (objects and bytes
 * counted by main, destinations that exist named) before anything changes; refusals ("onto
 * itself", "into itself") in words, in the dialog. Runs as jobs in the transfer queue.
 */
export function CopyMoveDialog({ request }: { request: OpRequest }) {
  const buckets = useStore((s) => s.buckets);
  const connections = useStore((s) => s.connections);
  const connectionId = useStore((s) => s.connectionId);
  const [targetConnection, setTargetConnection] = useState(connectionId ?? '');
  const across = targetConnection !== connectionId;
  // Another connection's buckets, asked when it is chosen.
  const [otherBuckets, setOtherBuckets] = useState<{ for: string; names: string[] } | undefined>();
  useEffect(() => {
    if (!across || !targetConnection) return;
    let current = true;
    const api = bridge();
    api['buckets/list']({ connectionId: targetConnection }).then(
      (list) => current && setOtherBuckets({ for: targetConnection, names: list.map((b) => b.name) }),
      () => current && setOtherBuckets({ for: targetConnection, names: [] }),
    );
    return () => {
      current = false;
    };
  }, [across, targetConnection]);
  const choices = across
    ? otherBuckets?.for === targetConnection
      ? otherBuckets.names
      : []
    : [...new Set([request.bucket, ...buckets.map((b) => b.name)])];
  const closeOp = useStore((s) => s.closeOp);
  const planOp = useStore((s) => s.planOp);
  const startOp = useStore((s) => s.startOp);
  // One answer to a plan: a double-click on the start button sent it twice, and the second was
  // refused ("That copy is no longer waiting") over the copy the first had started.
  const [answered, setAnswered] = useState(false);
  const answer = (plan: CopyPlan, decision: ConflictPolicy | 'cancel') => {
    if (answered) return;
    setAnswered(true);
    void startOp(plan, decision).finally(() => setAnswered(false));
  };
  const single = request.keys.length + request.prefixes.length === 1;
  const [targetBucket, setTargetBucket] = useState(request.targetBucket ?? request.bucket);
  const [targetPrefix, setTargetPrefix] = useState(request.targetPrefix ?? request.base);
  const [name, setName] = useState(nameOf(request));
  // "That is its name now" is said once the name has been typed back, not as the dialog opens.
  const [edited, setEdited] = useState(false);
  const [plan, setPlan] = useState<CopyPlan | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  // A paste or a drop knows where it goes: it is counted at once, and the dialog shows what will happen.
  const known = request.targetBucket !== undefined && request.kind !== 'rename';
  const [busy, setBusy] = useState(known);
  const [decision, setDecision] = useState<ConflictPolicy>('skip');
  const [storageClass, setStorageClass] = useState('');
  const renaming = request.kind === 'rename';
  const badName = renaming ? nameProblem(name, request.base, request.keys.length === 0) : undefined;
  const renameProblem = !renaming
    ? undefined
    : name.includes('/')
      ? 'A name cannot contain "/": use Move to… to change folders.'
      : (badName ?? (name.trim() === nameOf(request) ? 'That is its name now.' : undefined));
  const bucketProblem = renaming
    ? undefined
    : !targetBucket
      ? 'Choose the bucket it goes to.'
      : bucketNameProblem(targetBucket)
        ? `"${targetBucket}" is not a bucket name. ${bucketNameProblem(targetBucket)}`
        : undefined;
  const folderProblem =
    !renaming && targetPrefix !== '' && !targetPrefix.endsWith('/') ? 'A destination folder ends with "/".' : undefined;
  const what =
    single && request.prefixes.length === 1
      ? `the folder ${request.prefixes[0]}`
      : single
        ? request.keys[0]!.key
        : countOf(request.keys.length + request.prefixes.length, 'item');

  const count = async () => {
    setBusy(true);
    setProblem(undefined);
    await planNow();
  };
  const planNow = async () => {
    const answer = await planOp(request, {
      targetBucket: renaming ? request.bucket : targetBucket,
      targetPrefix: renaming ? request.base : targetPrefix,
      rename: renaming ? name.trim() : undefined,
      targetConnectionId: renaming ? undefined : targetConnection,
      storageClass: renaming ? undefined : storageClass,
    });
    setBusy(false);
    if (typeof answer === 'string') setProblem(answer);
    else setPlan(answer);
  };
  useEffect(() => {
    if (known) void planNow();
    // Once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const title = `${VERB[request.kind]} ${what}`;
  // A copy that replaces nothing starts on its own button, so Enter does what a paste asked for, as
  // does one object's rename to a free name (typed, then Enter and Enter, as a file manager renames:
  // it started on Cancel, and the second Enter quietly renamed nothing); a move, a folder's rename
  // or anything over existing objects starts on Cancel.
  const harmless =
    plan !== undefined &&
    plan.existing === 0 &&
    plan.objects > 0 &&
    (request.kind === 'copy' || (renaming && request.keys.length === 1 && request.prefixes.length === 0));
  // What the button starts: "Skip those" leaves the ones that exist out of the count.
  const starting = plan ? plan.objects - (decision === 'skip' ? plan.existing : 0) : 0;
  // One object, its name taken: said of that object, as a file manager says it.
  const one = plan !== undefined && plan.objects === 1 && plan.existing === 1;
  return (
    <Dialog title={title} onCancel={closeOp} testId="op-dialog" wide>
      {!plan ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!renameProblem && !folderProblem && !bucketProblem && !busy) void count();
          }}
        >
          {renaming ? (
            <label className="field">
              <span>New name</span>
              <input
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setEdited(true);
                }}
                onFocus={(e) => {
                  // The name without its extension is selected, as file managers do.
                  const dot = e.currentTarget.value.lastIndexOf('.');
                  e.currentTarget.setSelectionRange(0, dot > 0 ? dot : e.currentTarget.value.length);
                }}
                // Enter on the name as it was (the form does not submit past a disabled Next):
                // now it is said why nothing happens.
                onKeyDown={(e) => e.key === 'Enter' && renameProblem && setEdited(true)}
                spellCheck={false}
                data-testid="rename-input"
                aria-invalid={Boolean(renameProblem && edited)}
              />
              {renameProblem && name && edited && <span className="field-error">{renameProblem}</span>}
            </label>
          ) : (
            <>
              {connections.length > 1 && (
                <label className="field">
                  <span>On connection</span>
                  <select
                    value={targetConnection}
                    onChange={(e) => {
                      setTargetConnection(e.target.value);
                      setTargetBucket('');
                    }}
                    data-testid="op-connection"
                  >
                    {connections.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                        {c.id === connectionId ? ' (this one)' : ''}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="field">
                <span>To bucket</span>
                <input
                  list="op-bucket-choices"
                  value={targetBucket}
                  onChange={(e) => setTargetBucket(e.target.value.trim())}
                  spellCheck={false}
                  data-testid="op-bucket"
                  aria-invalid={Boolean(bucketProblem && targetBucket)}
                />
                {bucketProblem && targetBucket && <span className="field-error">{bucketProblem}</span>}
                <datalist id="op-bucket-choices">
                  {choices.map((b) => (
                    <option key={b} value={b} />
                  ))}
                </datalist>
              </label>
              {across && (
                <p className="muted" data-testid="op-across">
                  Another connection: S3 cannot copy between them, so the bytes come through this computer (a file in
                  the temp folder at a time), with their headers, metadata and tags.
                </p>
              )}
              <label className="field">
                <span>Into folder (empty for the bucket's top)</span>
                <input
                  value={targetPrefix}
                  onChange={(e) => setTargetPrefix(e.target.value)}
                  spellCheck={false}
                  placeholder="folder/sub/"
                  data-testid="op-prefix"
                  aria-invalid={Boolean(folderProblem)}
                />
                {folderProblem && <span className="field-error">{folderProblem}</span>}
              </label>
              <label className="field">
                <span>Storage class of the {request.kind === 'copy' ? 'copies' : 'moved objects'}</span>
                <select
                  value={storageClass}
                  onChange={(e) => setStorageClass(e.target.value)}
                  data-testid="op-storage-class"
                >
                  <option value="">each keeps its own</option>
                  {STORAGE_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
          {problem && (
            <p className="error" role="alert" data-testid="op-problem">
              {problem}
            </p>
          )}
          {!across && (
            <p className="muted">
              Server-side: the bytes stay in S3. Nothing changes until you confirm what will happen.
              {request.kind !== 'copy' && ' Each source is deleted only after its copy is confirmed.'}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={closeOp}>
              Cancel
            </button>
            <button
              type="submit"
              disabled={Boolean(renameProblem || folderProblem || bucketProblem) || busy}
              data-testid="op-next"
            >
              {busy ? 'Counting…' : 'Next…'}
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="op-review">
          <p data-testid="op-summary">
            {VERB[request.kind]}{' '}
            <b>
              {plan.objects.toLocaleString()} object{plan.objects === 1 ? '' : 's'}
            </b>{' '}
            ({formatBytes(plan.bytes)}) to{' '}
            <b className="mono">
              s3://{renaming ? request.bucket : targetBucket}/{renaming ? request.base : targetPrefix}
              {renaming ? `${name.trim()}${request.prefixes.length ? '/' : ''}` : ''}
            </b>
            .
          </p>
          {plan.duplicate && (
            <p data-testid="op-duplicate">
              Into the folder it comes from: each copy gets the first free name beside its original, “
              {duplicateExample(request)}”.
            </p>
          )}
          {plan.objects === 0 && <p className="muted">There is nothing to {request.kind}: the folder is empty.</p>}
          {plan.existing > 0 && (
            <fieldset className="choices" data-testid="op-conflict">
              <legend>
                {one ? (
                  <>
                    <span className="mono">{plan.examples[0]}</span> is there already:
                  </>
                ) : (
                  <>
                    {plan.existing} already exist there ({plan.examples.join(', ')}
                    {plan.existing > plan.examples.length ? ', …' : ''}):
                  </>
                )}
              </legend>
              {(
                [
                  ['skip', one ? `Leave it (${request.kind} nothing)` : 'Skip those'],
                  [
                    'keep-both',
                    one
                      ? `Keep both (this one gets a free name)`
                      : `Keep both (each ${request.kind === 'move' ? 'moved' : 'copied'} one gets a free name)`,
                  ],
                  ['overwrite', one ? 'Replace it' : 'Replace them'],
                ] as const
              ).map(([value, label]) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="conflict"
                    checked={decision === value}
                    onChange={() => setDecision(value)}
                    data-testid={`op-conflict-${value}`}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          )}
          <div className="dialog-actions">
            <button
              type="button"
              onClick={() => answer(plan, 'cancel')}
              disabled={answered}
              data-autofocus={!harmless || undefined}
            >
              Cancel
            </button>
            <button
              type="button"
              className={request.kind !== 'copy' ? 'danger' : undefined}
              disabled={starting === 0 || answered}
              onClick={() => answer(plan, plan.existing ? decision : 'overwrite')}
              data-autofocus={harmless || undefined}
              data-testid="op-start"
            >
              {VERB[request.kind]} {starting.toLocaleString()} object{starting === 1 ? '' : 's'}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
