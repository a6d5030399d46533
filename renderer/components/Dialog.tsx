import { useEffect, useRef, type ReactNode } from 'react';

/** A modal that traps nothing it should not: Escape cancels, the first field gets focus. */
export function Dialog({
  title,
  children,
  onCancel,
  testId,
}: {
  title: string;
  children: ReactNode;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, button[data-autofocus]');
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref} data-testid={testId}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={title} onCancel={onCancel} testId="confirm-dialog">
      <div className="dialog-body">{message}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" data-autofocus onClick={onConfirm} data-testid="confirm-button">
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
