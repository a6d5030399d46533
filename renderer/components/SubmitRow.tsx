import type { ReactNode } from 'react';

/** A form dialog's last row: Cancel, then the button that submits the form (Enter in a field too). */
export function SubmitRow({
  onCancel,
  label,
  disabled,
  testId,
}: {
  onCancel: () => void;
  label: ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" disabled={disabled} data-testid={testId}>
        {label}
      </button>
    </div>
  );
}
