import type { ReactNode } from 'react';

/** A checkbox with its words beside it, clickable as one. */
export function Checkbox({
  checked,
  onChange,
  testId,
  title,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <label className="checkbox" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {children}
    </label>
  );
}

/**
 * A checkbox or radio with a sentence beside it, wrapping beside the box rather than under it:
 * what it is, then (muted) what it means.
 */
export function Choice({
  type = 'checkbox',
  name,
  checked,
  onChange,
  testId,
  label,
  detail,
}: {
  type?: 'checkbox' | 'radio';
  /** A radio group's name. */
  name?: string;
  checked: boolean;
  /** A radio is told `true` when it is chosen. */
  onChange: (checked: boolean) => void;
  testId?: string;
  label: ReactNode;
  detail?: ReactNode;
}) {
  return (
    <label className="choice">
      <input
        type={type}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      <span>
        {label}
        {detail && <span className="muted"> — {detail}</span>}
      </span>
    </label>
  );
}
