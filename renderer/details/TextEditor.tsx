import { useState } from 'react';
import { bridge, describeError } from '../api';
import { useStore } from '../store/store';

/**
 * A small text object edited in place: saved only over the version it was opened from (If-Match
 * on its ETag). If someone else saved it meanwhile, nothing is overwritten: both texts are shown
 * side by side, and the user chooses — keep theirs, keep mine (over theirs, knowingly), or go on.
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
  onDone: (saved: boolean) => void;
}) {
  const connectionId = useStore((s) => s.connectionId)!;
  const bucket = useStore((s) => s.bucket)!;
  const notify = useStore((s) => s.notify);
  const reloadDetails = useStore((s) => s.reloadDetails);
  const [draft, setDraft] = useState(text);
  const [base, setBase] = useState(etag);
  const [theirs, setTheirs] = useState<{ text: string; etag: string } | undefined>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  const save = async (over: string) => {
    setSaving(true);
    setProblem(undefined);
    try {
      await bridge()['object/save-text']({ connectionId, bucket, key: objectKey, text: draft, ifMatch: over });
      notify('info', `Saved ${objectKey}.`);
      reloadDetails();
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
      } else setProblem(`${e.message}${e.hint ? ` ${e.hint}` : ''}`);
    } finally {
      setSaving(false);
    }
  };

  if (theirs)
    return (
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
        <div className="button-row">
          <button type="button" onClick={() => onDone(false)} data-testid="conflict-take-theirs">
            Keep theirs (drop my changes)
          </button>
          <button
            type="button"
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
  return (
    <div className="text-editor" data-testid="text-editor">
      <textarea
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        spellCheck={false}
        aria-label={`Text of ${objectKey}`}
        data-testid="edit-text"
      />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <p className="muted">Saved only over the version you opened; Content-Type, metadata and tags are kept.</p>
      <div className="button-row">
        <button type="button" onClick={() => onDone(false)} data-testid="edit-cancel">
          Cancel
        </button>
        <button
          type="button"
          disabled={saving || draft === text}
          onClick={() => void save(base)}
          data-testid="edit-text-save"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}
