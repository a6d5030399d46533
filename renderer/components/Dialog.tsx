import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Open dialogs, the newest last: only that one answers Escape and keeps Tab inside itself. */
const open: HTMLElement[] = [];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Tab and Shift+Tab go round the dialog's own controls: behind a modal, the window's controls are
 * covered and must not take the keyboard (they did: Tab walked out into the sidebar).
 */
function keepTabInside(dialog: HTMLElement, event: KeyboardEvent): void {
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.getClientRects().length > 0);
  if (!items.length) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const at = document.activeElement;
  if (!at || !dialog.contains(at)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  } else if (event.shiftKey && at === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && at === last) {
    event.preventDefault();
    first.focus();
  }
}

/** The control a dialog starts on: the one marked data-autofocus, else its first field. */
function focusFirst(dialog: HTMLElement): void {
  (
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>('input, select, textarea')
  )?.focus();
}

/** A modal: Escape cancels, the first field gets focus, Tab stays inside, focus goes back on close. */
export function Dialog({
  title,
  children,
  onCancel,
  testId,
  wide = false,
  unsaved = false,
}: {
  title: string;
  children: ReactNode;
  onCancel: () => void;
  testId?: string;
  /** Room for an editor (a policy), not only a question. */
  wide?: boolean;
  /**
   * What was typed is not saved: Escape or a click outside ask before closing (a slip of the hand
   * must not throw an edited policy away). The dialog's own Cancel button still closes at once.
   */
  unsaved?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Where the keyboard was (a table row, a button): it goes back there when the dialog closes, so
  // closing one does not strand the keyboard on the page's body. Read while the dialog first
  // renders: by the time effects run, a field's autoFocus has already moved it.
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : undefined));
  const [asking, setAsking] = useState(false);
  // Where the keyboard was when the question came: it goes back there to keep editing.
  const askedFrom = useRef<HTMLElement | null>(null);
  const keepEditing = () => {
    setAsking(false);
    const field = askedFrom.current;
    if (field?.isConnected) setTimeout(() => field.focus());
  };
  // Escape and a click outside: closing, or first the question when that would drop changes.
  const leave = () => {
    if (asking)
      keepEditing(); // Escape on the question keeps the changes
    else if (unsaved) {
      askedFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setAsking(true);
    } else onCancel();
  };
  const cancel = useRef(leave);
  useEffect(() => {
    cancel.current = leave;
  });
  useEffect(() => {
    // The focused control went away with what the dialog showed (a paste's form, once its count
    // came, is replaced by the review): the keyboard was left on the page's body, where Enter and
    // Tab did nothing. It goes to the dialog's first control again.
    const dialog = ref.current;
    const now = document.activeElement;
    if (dialog && open[open.length - 1] === dialog && (!now || now === document.body)) focusFirst(dialog);
  });
  useEffect(() => {
    const dialog = ref.current;
    // Focus once, when the dialog opens; re-renders (a count growing) must not move it.
    if (dialog) focusFirst(dialog);
    if (dialog) open.push(dialog);
    const onKey = (event: KeyboardEvent) => {
      if (!dialog || open[open.length - 1] !== dialog) return; // a dialog above this one answers
      if (event.key === 'Escape') {
        event.stopPropagation();
        cancel.current();
      } else if (event.key === 'Tab' && !event.defaultPrevented) keepTabInside(dialog, event);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      const at = dialog ? open.indexOf(dialog) : -1;
      if (at >= 0) open.splice(at, 1);
      // Only if nothing else took the focus meanwhile (the dialog's own outcome may have moved it).
      const now = document.activeElement;
      const lost = !now || now === document.body || dialog?.contains(now);
      if (lost && before?.isConnected) before.focus();
      // What opened it went away meanwhile (a row deleted by the dialog's own outcome): the
      // table, the window's home for the keyboard, rather than the page's body.
      else if (lost && open.length === 0) document.querySelector<HTMLElement>('[data-keyboard-home]')?.focus();
    };
  }, [before]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && leave()}>
      <div
        className={`dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        ref={ref}
        data-testid={testId}
      >
        <h2>{title}</h2>
        {asking && (
          <div className="dialog-question" role="alert" data-testid="dialog-unsaved">
            <span>Your changes are not saved. Drop them?</span>
            <button type="button" onClick={keepEditing} autoFocus data-testid="dialog-keep-editing">
              Keep editing
            </button>
            <button type="button" className="danger" onClick={onCancel} data-testid="dialog-drop-changes">
              Drop changes
            </button>
          </div>
        )}
        {children}
      </div>
    </div>
  );
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  confirmDisabled,
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  confirmDisabled?: boolean;
  /** For a question about cancelling, where "Cancel" would say the opposite of what it does. */
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  // Cancel has the focus: Enter or Space on a destructive question never destroys by accident.
  return (
    <Dialog title={title} onCancel={onCancel} testId="confirm-dialog">
      <div className="dialog-body">{message}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} data-autofocus data-testid="cancel-button">
          {cancelLabel}
        </button>
        <button
          type="button"
          className="danger"
          onClick={onConfirm}
          disabled={confirmDisabled}
          data-testid="confirm-button"
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
