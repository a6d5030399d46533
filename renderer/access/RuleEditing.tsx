// What the lifecycle and CORS editors share: a bucket's rules in words, each with Remove; the end
// of the form that adds one (what is wrong with it, in words, and its buttons); and the change
// sent one at a time (each reads the bucket's rules and writes them whole).
import { useState, type ReactNode } from 'react';

export type RuleKind = 'lifecycle' | 'cors';

/** One change at a time: `send` is refused while one is on its way; `busy` says so. */
export function useRuleChange<C>(save: (change: C) => Promise<boolean>) {
  const [busy, setBusy] = useState(false);
  const send = async (change: C): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    try {
      return await save(change);
    } finally {
      setBusy(false);
    }
  };
  return { busy, send };
}

export function RuleList({
  kind,
  rules,
  none,
  busy,
  onRemove,
}: {
  kind: RuleKind;
  rules: Array<{ id: string; summary: string }>;
  /** What no rule means for this bucket. */
  none: ReactNode;
  busy: boolean;
  onRemove: (id: string) => void;
}) {
  if (rules.length === 0)
    return (
      <p className="muted" data-testid={`${kind}-none`}>
        {none}
      </p>
    );
  return (
    <ul className="plain lifecycle-rules" data-testid={`${kind}-rules`}>
      {rules.map((r) => (
        <li key={r.id} data-testid={`${kind}-rule`} data-id={r.id}>
          <span>
            <b className="mono">{r.id}</b>: {r.summary}
          </span>
          <button
            type="button"
            disabled={busy}
            onClick={() => onRemove(r.id)}
            aria-label={`Remove the ${kind === 'cors' ? 'CORS ' : ''}rule ${r.id}`}
            data-testid={`${kind}-remove`}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The new rule's problem in words (Add is refused while there is one), Close and Add. */
export function RuleFormEnd({
  kind,
  problem,
  busy,
  onClose,
  deletes,
}: {
  kind: RuleKind;
  problem: string | undefined;
  busy: boolean;
  onClose: () => void;
  /** What the rule will delete, when it deletes: said on the button, which is marked as such. */
  deletes?: string;
}) {
  return (
    <>
      {problem && (
        <p className="field-error" data-testid={`${kind}-problem`}>
          {problem}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
        <button
          type="submit"
          className={deletes ? 'danger' : undefined}
          disabled={Boolean(problem) || busy}
          data-testid={`${kind}-add`}
        >
          {busy ? 'Saving…' : deletes ? `Add the rule: it deletes ${deletes}` : 'Add the rule'}
        </button>
      </div>
    </>
  );
}
