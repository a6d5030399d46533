// The object table's selection model, as a file manager's: what is highlighted is what actions
// act on. These are the sequences that went wrong before (↑ left two rows highlighted and Delete
// then offered the other; a Ctrl-click deselect kept the highlight).
import { describe, expect, it } from 'vitest';
import {
  clear,
  click,
  move,
  normalize,
  selectAll,
  toggleFocused,
  typeAhead,
  type Selection,
} from '../../renderer/browser/selection.js';

const keys = ['reports/', 'odd names/', 'README.txt', 'a.json', 'b.json', 'c.json'];
const names = ['reports', 'odd names', 'README.txt', 'a.json', 'b.json', 'c.json'];
const start: Selection = { selected: [] };

describe('selection', () => {
  it('moves focus and selection together: ↑ from README.txt selects the folder only', () => {
    const onReadme = click(start, keys, 'README.txt');
    const up = move(onReadme, keys, 'up');
    expect(up).toEqual({ focused: 'odd names/', anchor: 'odd names/', selected: ['odd names/'] });
  });

  it('Ctrl-click toggles a row out of the selection completely', () => {
    let s = click(start, keys, 'a.json');
    s = click(s, keys, 'b.json', { toggle: true });
    s = click(s, keys, 'c.json', { toggle: true });
    expect(s.selected).toEqual(['a.json', 'b.json', 'c.json']);
    s = click(s, keys, 'b.json', { toggle: true });
    expect(s.selected).toEqual(['a.json', 'c.json']);
    expect(s.focused).toBe('b.json');
  });

  it('Shift-click and Shift+arrows extend from the anchor, in both directions', () => {
    let s = click(start, keys, 'README.txt');
    s = click(s, keys, 'b.json', { shift: true });
    expect(s.selected).toEqual(['README.txt', 'a.json', 'b.json']);
    s = click(s, keys, 'odd names/', { shift: true });
    expect(s.selected).toEqual(['odd names/', 'README.txt']);
    s = move(s, keys, 'up', { shift: true });
    expect(s.selected).toEqual(['reports/', 'odd names/', 'README.txt']);
    s = move(s, keys, 'end', { shift: true });
    expect(s.selected).toEqual(keys.slice(2));
  });

  it('Ctrl+arrows move only the focus; Ctrl+Space toggles the focused row', () => {
    let s = click(start, keys, 'a.json');
    s = move(s, keys, 'down', { toggle: true });
    s = move(s, keys, 'down', { toggle: true });
    expect(s).toMatchObject({ focused: 'c.json', selected: ['a.json'] });
    s = toggleFocused(s, keys);
    expect(s.selected).toEqual(['a.json', 'c.json']);
  });

  it('Home, End and the page keys jump; Ctrl+A selects all; Esc clears but keeps the focus', () => {
    let s = move(start, keys, 'end');
    expect(s.selected).toEqual(['c.json']);
    s = move(s, keys, 'page-up', {}, 3);
    expect(s.selected).toEqual(['README.txt']);
    s = move(s, keys, 'home');
    expect(s.selected).toEqual(['reports/']);
    s = selectAll(s, keys);
    expect(s.selected).toEqual(keys);
    s = clear(s);
    expect(s).toMatchObject({ focused: 'reports/', selected: [] });
  });

  it('type-ahead finds a name by its first letters, and steps through repeats', () => {
    let s = typeAhead(start, keys, names, 'r');
    expect(s.selected).toEqual(['reports/']);
    s = typeAhead(s, keys, names, 'r');
    expect(s.selected).toEqual(['README.txt']);
    s = typeAhead(s, keys, names, 'rea');
    expect(s.selected).toEqual(['README.txt']);
    s = typeAhead(s, keys, names, 'b.');
    expect(s.selected).toEqual(['b.json']);
    expect(typeAhead(s, keys, names, 'zzz')).toBe(s);
  });

  it('drops rows that are gone and keeps table order', () => {
    const s = normalize({ focused: 'gone', anchor: 'c.json', selected: ['c.json', 'gone', 'a.json'] }, keys);
    expect(s).toEqual({ focused: undefined, anchor: 'c.json', selected: ['a.json', 'c.json'] });
  });
});
