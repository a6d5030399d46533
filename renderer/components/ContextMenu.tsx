import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export type MenuItem =
  | { label: string; shortcut?: string; onSelect: () => void; danger?: boolean; disabled?: boolean; testId?: string }
  | 'separator';

/**
 * A context menu: opens at the pointer (or under the focused row from the keyboard), stays inside
 * the window, moves with ↑ ↓ Home End, runs with Enter, closes with Escape, Tab or a click outside.
 * Shortcuts are shown beside the items, so the menu teaches the keyboard.
 */
/** No separator first, last or twice in a row, whichever items a caller's conditions left out. */
function tidy(items: MenuItem[]): MenuItem[] {
  const out: MenuItem[] = [];
  for (const item of items) if (item !== 'separator' || (out.length > 0 && out.at(-1) !== 'separator')) out.push(item);
  if (out.at(-1) === 'separator') out.pop();
  return out;
}

export function ContextMenu({
  items: given,
  x,
  y,
  onClose,
}: {
  items: MenuItem[];
  x: number;
  y: number;
  onClose: () => void;
}) {
  const items = tidy(given);
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });
  const enabled = items.flatMap((item, index) => (item !== 'separator' && !item.disabled ? [index] : []));
  const [active, setActive] = useState(enabled[0] ?? -1);

  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    setPosition({
      left: Math.max(4, Math.min(x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - box.height - 4)),
    });
  }, [x, y]);

  // Where the keyboard was when the menu opened (a row, a bucket): it goes back there when the
  // menu closes without having moved it elsewhere (Escape, Tab), as the Dialog does.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(
    () => () => {
      const now = document.activeElement;
      if (opener?.isConnected && (!now || now === document.body)) opener.focus();
    },
    [opener],
  );

  useEffect(() => {
    ref.current?.focus();
    const outside = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', outside, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', outside, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);

  const run = (index: number) => {
    const item = items[index];
    if (!item || item === 'separator' || item.disabled) return;
    onClose();
    item.onSelect();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const at = enabled.indexOf(active);
    const step = (delta: number) => setActive(enabled[(at + delta + enabled.length) % enabled.length] ?? -1);
    if (event.key === 'ArrowDown') step(1);
    else if (event.key === 'ArrowUp') step(-1);
    else if (event.key === 'Home') setActive(enabled[0] ?? -1);
    else if (event.key === 'End') setActive(enabled.at(-1) ?? -1);
    else if (event.key === 'Enter' || event.key === ' ') run(active);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      className="context-menu"
      role="menu"
      tabIndex={-1}
      ref={ref}
      style={position}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="context-menu"
    >
      {items.map((item, index) =>
        item === 'separator' ? (
          <div key={`sep-${index}`} className="menu-separator" role="separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            className={`menu-item${item.danger ? ' danger' : ''}${index === active ? ' active' : ''}`}
            disabled={item.disabled}
            onMouseEnter={() => !item.disabled && setActive(index)}
            onClick={() => run(index)}
            data-testid={item.testId}
          >
            <span>{item.label}</span>
            {item.shortcut && <kbd>{item.shortcut}</kbd>}
          </button>
        ),
      )}
    </div>
  );
}
