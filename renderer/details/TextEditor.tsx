import { useState, type KeyboardEvent } from 'react';
import { bridge, describeError } from '../api';
import { Dialog } from '../components/Dialog';
import { LineDiff } from '../components/LineDiff';
import { useStore } from '../store/store';
import { withHint } from '../../electron/shared/bridge-error';

/**
 * A small text object edited in place, in a dialog of its own (the details pane is too narrow to
 * write in, and a modal cannot lose its draft to a click on another row): saved only over the
 * version it was opened from (If-Match on its ETag). If someone else saved it meanwhile, nothing
 * is overwritten: both texts and what differs are shown, and the user chooses — keep theirs, keep
 * mine (over theirs, knowingly), or go on. Ctrl/Cmd+S saves; Escape, Cancel or a click outside
 * close it, and ask first when that would drop changes.
 */
export function TextEditor({
  objectKey,
  text,
  etag,
  onDone,
}: {
  objectKey: string;
  text: string;
  etag: string;
  /** `changed`: what is in S3 is no longer what the preview shows (saved, or someone else's kept). */
  onDone: (changed: boolean) => void;
}) {
  const connectionId = useStore((s) => s.connectionId)!;
  const bucket = useStore((s) => s.bucket)!;
  const notify = useStore((s) => s.notify);
  const reloadDetails = useStore((s) => s.reloadDetails);
  const refresh = useStore((s) => s.refresh);
  const [draft, setDraft] = useState(text);
  const [base, setBase] = useState(etag);
  const [theirs, setTheirs] = useState<{ text: string; etag: string } | undefined>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [asking, setAsking] = useState(false);
  const changed = draft !== text;
  // Someone else's save was seen (a conflict): the preview beneath no longer shows what is in S3.
  const theirsSeen = base !== etag || theirs !== undefined;

  const close = () => {
    if (saving) return;
    if (asking)
      setAsking(false); // Escape on the question keeps the draft
    else if (changed) setAsking(true);
    else onDone(theirsSeen);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key.toLowerCase() === 's' && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      if (changed && !saving && !theirs) void save(base);
    }
  };

  const save = async (over: string) => {
    setSaving(true);
    setProblem(undefined);
    try {
      await bridge()['object/save-text']({ connectionId, bucket, key: objectKey, text: draft, ifMatch: over });
      notify('info', `Saved ${objectKey}.`);
      reloadDetails();
      refresh(); // its row's size and date (they stayed as listed before the save)
      onDone(true);
    } catch (error) {
      const e = describeError(error);
      if (e.code === 'PreconditionFailed') {
        // Someone else saved it: read what is there now, and show both.
        const now = await bridge()['object/preview']({
          connectionId,
          bucket,
          key: objectKey,
          maxBytes: 8 * 1024 * 1024,
        });
        const bytes = Uint8Array.from(atob(now.base64), (c) => c.charCodeAt(0));
        setTheirs({ text: new TextDecoder().decode(bytes), etag: now.etag ?? '' });
      } else setProblem(withHint(e.message, e.hint));
    } finally {
      setSaving(false);
    }
  };

  let content;
  if (asking)
    content = (
      <div data-testid="edit-discard">
        <p>Your changes to {objectKey} are not saved. Drop them?</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => setAsking(false)} autoFocus data-testid="edit-keep-editing">
            Keep editing
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => onDone(theirsSeen)}
            data-testid="edit-discard-confirm"
          >
            Drop my changes
          </button>
        </div>
      </div>
    );
  else if (theirs)
    content = (
      <div className="text-conflict" data-testid="edit-conflict">
        <p className="error">
          {objectKey} was changed by someone else after you opened it. Nothing was overwritten. Choose what stays:
        </p>
        <div className="conflict-panes">
          <label>
            <span>Now in S3</span>
            <textarea readOnly value={theirs.text} data-testid="conflict-theirs" />
          </label>
          <label>
            <span>Yours</span>
            <textarea readOnly value={draft} data-testid="conflict-mine" />
          </label>
        </div>
        <p className="muted">From what is in S3 now to yours (− only theirs, + only yours):</p>
        <LineDiff before={theirs.text} after={draft} testId="conflict-diff" />
        <div className="dialog-actions">
          <button type="button" onClick={() => onDone(true)} data-testid="conflict-take-theirs">
            Keep theirs (drop my changes)
          </button>
          <button
            type="button"
            autoFocus
            onClick={() => {
              // Go on editing on top of their version: the next save is checked against it.
              setBase(theirs.etag);
              setTheirs(undefined);
            }}
            data-testid="conflict-edit-again"
          >
            Back to editing
          </button>
          <button
            type="button"
            className="danger"
            disabled={saving}
            onClick={() => void save(theirs.etag)}
            data-testid="conflict-keep-mine"
          >
            Keep mine (replace theirs)
          </button>
        </div>
      </div>
    );
  else
    content = (
      <div className="text-editor" data-testid="text-editor">
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          aria-label={`Text of ${objectKey}`}
          autoFocus
          data-testid="edit-text"
        />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <p className="muted">
          Saved only over the version you opened; Content-Type, metadata and tags are kept. Ctrl+S saves.
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={close} data-testid="edit-cancel">
            Cancel
          </button>
          <button
            type="button"
            disabled={saving || !changed}
            onClick={() => void save(base)}
            data-testid="edit-text-save"
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
    );
  return (
    <Dialog title={`Edit ${objectKey}`} onCancel={close} testId="edit-text-dialog" wide>
      {content}
    </Dialog>
  );
}
