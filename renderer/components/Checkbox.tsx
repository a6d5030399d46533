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
