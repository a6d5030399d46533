// One selection model for the object table, as file managers have it: a focused row, an anchor
// for Shift ranges, and the selected set. Every action, button and shortcut reads `selected`;
// what is highlighted on screen is exactly `selected`. Pure, so it is tested without a browser.

export interface Selection {
  /** The row the keyboard is on (drawn with a focus ring, not highlighted). */
  focused?: string;
  /** Where a Shift range starts. */
  anchor?: string;
  /** What actions act on, in table order. */
  selected: string[];
}

export const EMPTY_SELECTION: Selection = { selected: [] };

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  toggle?: boolean;
}

function range(keys: string[], from: string | undefined, to: string): string[] {
  const a = from === undefined ? -1 : keys.indexOf(from);
  const b = keys.indexOf(to);
  if (a < 0 || b < 0) return [to];
  return a <= b ? keys.slice(a, b + 1) : keys.slice(b, a + 1);
}

/** Keep table order, drop keys that are no longer rows (after a filter or a refresh). */
export function normalize(selection: Selection, keys: string[]): Selection {
  // Nothing selected: nothing to check (a Set of 100,000 keys per streamed page is not free).
  if (!selection.selected.length && selection.focused === undefined && selection.anchor === undefined) return selection;
  const present = new Set(keys);
  const selected = new Set(selection.selected.filter((k) => present.has(k)));
  return {
    focused: selection.focused !== undefined && present.has(selection.focused) ? selection.focused : undefined,
    anchor: selection.anchor !== undefined && present.has(selection.anchor) ? selection.anchor : undefined,
    selected: keys.filter((k) => selected.has(k)),
  };
}

/** Click selects the row; Ctrl/Cmd-click toggles it; Shift-click selects from the anchor. */
export function click(selection: Selection, keys: string[], key: string, modifiers: Modifiers = {}): Selection {
  if (modifiers.shift) {
    const anchor = selection.anchor ?? selection.focused ?? key;
    const span = range(keys, anchor, key);
    const selected = modifiers.toggle ? [...new Set([...selection.selected, ...span])] : span;
    return normalize({ focused: key, anchor, selected }, keys);
  }
  if (modifiers.toggle) {
    const has = selection.selected.includes(key);
    return normalize(
      {
        focused: key,
        anchor: key,
        selected: has ? selection.selected.filter((k) => k !== key) : [...selection.selected, key],
      },
      keys,
    );
  }
  return { focused: key, anchor: key, selected: [key] };
}

export type Motion = 'up' | 'down' | 'home' | 'end' | 'page-up' | 'page-down';

/**
 * Arrows, Home/End and PageUp/PageDown move the focus; the selection follows it unless Ctrl is
 * held (then only the focus moves, and Ctrl+Space toggles); Shift extends from the anchor.
 */
export function move(
  selection: Selection,
  keys: string[],
  motion: Motion,
  modifiers: Modifiers = {},
  pageSize = 10,
): Selection {
  if (keys.length === 0) return EMPTY_SELECTION;
  const current = selection.focused === undefined ? -1 : keys.indexOf(selection.focused);
  const last = keys.length - 1;
  const target = {
    up: current < 0 ? last : Math.max(0, current - 1),
    down: Math.min(last, current + 1),
    home: 0,
    end: last,
    'page-up': Math.max(0, (current < 0 ? 0 : current) - pageSize),
    'page-down': Math.min(last, (current < 0 ? 0 : current) + pageSize),
  }[motion];
  const key = keys[target]!;
  if (modifiers.shift) {
    const anchor = selection.anchor ?? selection.focused ?? key;
    return { focused: key, anchor, selected: range(keys, anchor, key) };
  }
  if (modifiers.toggle) return { ...selection, focused: key };
  return { focused: key, anchor: key, selected: [key] };
}

/** Ctrl+Space: the focused row in or out of the selection. */
export function toggleFocused(selection: Selection, keys: string[]): Selection {
  if (selection.focused === undefined) return selection;
  return click(selection, keys, selection.focused, { toggle: true });
}

export function selectAll(selection: Selection, keys: string[]): Selection {
  return { focused: selection.focused ?? keys[0], anchor: selection.anchor ?? keys[0], selected: [...keys] };
}

/** Esc: nothing selected; the focus stays where it was. */
export function clear(selection: Selection): Selection {
  return { focused: selection.focused, anchor: selection.focused, selected: [] };
}

/**
 * Type-ahead: the first row after the focused one whose name starts with what was typed (case
 * does not matter), wrapping around. Typing the same letter again steps through its rows.
 */
export function typeAhead(selection: Selection, keys: string[], names: string[], typed: string): Selection {
  const needle = typed.toLowerCase();
  if (!needle) return selection;
  const current = selection.focused === undefined ? -1 : keys.indexOf(selection.focused);
  const repeated = needle.length > 1 && [...needle].every((c) => c === needle[0]);
  const prefix = repeated ? needle[0]! : needle;
  // A longer search may stay on the current row; a single or repeated letter moves on.
  const start = needle.length > 1 && !repeated ? Math.max(current, 0) : current + 1;
  for (let i = 0; i < keys.length; i++) {
    const index = (start + i) % keys.length;
    if (names[index]!.toLowerCase().startsWith(prefix)) {
      const key = keys[index]!;
      return { focused: key, anchor: key, selected: [key] };
    }
  }
  return selection;
}

/** The objects the table lists: a search's results while one is shown, else the folder's. */
export function objectsShown(state: {
  objects: Array<{ key: string; size: number }>;
  search?: { results: Array<{ key: string; size: number }> };
}): Array<{ key: string; size: number }> {
  return state.search ? state.search.results : state.objects;
}

/**
 * The listed sizes of the chosen keys, for a download or a drag to be sized by (a set: a selection
 * of thousands in a folder of 100,000).
 */
export function listedSizes(objects: Array<{ key: string; size: number }>, chosen: string[]): Record<string, number> {
  const wanted = new Set(chosen);
  return Object.fromEntries(objects.filter((o) => wanted.has(o.key)).map((o) => [o.key, o.size]));
}
