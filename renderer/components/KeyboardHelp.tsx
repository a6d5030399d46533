import { Dialog } from './Dialog';

/**
 * Every key the window answers, in one place (F1, or ? in the table). The window has no menu of
 * its own commands to show them beside, and most of them (type-ahead, Alt+←, Ctrl+Space, the
 * panel's edge) were written down nowhere a user could find them.
 */
const GROUPS: Array<{ title: string; keys: Array<[string, string]> }> = [
  {
    title: 'Moving around',
    keys: [
      ['↑ ↓  Home End  PgUp PgDn', 'move through the rows (with Shift: select as you go)'],
      ['letters', 'jump to the name that begins with what you type'],
      ['Enter', 'open the folder, or look inside the object (a search result: go to its folder)'],
      ['Backspace', 'up one folder'],
      ['Alt+←  Alt+→', 'back, forward'],
      ['F5  Ctrl+R', 'refresh the folder'],
      ['Ctrl+F', 'filter by name; Enter in the box searches everything below'],
      ['Ctrl+D', 'add the folder to the favorites (or take it away)'],
      ['Alt+↑  Alt+↓ on a favorite', 'move it up or down the list (Shift+F10: rename it)'],
    ],
  },
  {
    title: 'Objects',
    keys: [
      ['Space', 'look inside, larger (↑ ↓ the next and previous; Space or Escape closes)'],
      ['F2', 'rename'],
      ['Ctrl+X  Ctrl+C  Ctrl+V', 'cut, copy, paste (to another folder or bucket)'],
      ['Delete', 'delete what is selected (asked first)'],
      ['Shift+F10  Menu key', 'the menu of what is selected'],
      ['Drag onto a folder or bucket', 'move there (hold Ctrl or Alt: copy)'],
    ],
  },
  {
    title: 'Selecting',
    keys: [
      ['Click  Shift+click  Ctrl+click', 'one row, a range, one more or one less'],
      ['Ctrl+Space', 'select or unselect the row you are on'],
      ['Ctrl+A', 'select every row'],
      ['Escape', 'select nothing'],
    ],
  },
  {
    title: 'Request log and transfers',
    keys: [
      ['↑ ↓  Home End', 'move through the requests, each one’s hops beside it'],
      ['Shift+F10  Menu key', 'a request’s menu (its IDs for AWS Support, curl, its bucket), or a transfer’s'],
    ],
  },
  {
    title: 'The window',
    keys: [
      ['Tab  Shift+Tab', 'from pane to pane'],
      ['↑ ↓ on the panel’s top edge', 'make the log and transfers panel taller or shorter'],
      ['Escape', 'close a dialog or a menu'],
      ['F1  ?', 'this list'],
    ],
  },
];

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onCancel={onClose} testId="keyboard-help" wide>
      <div className="keyboard-help">
        {GROUPS.map((group) => (
          <section key={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.keys.map(([keys, what]) => (
                <div key={keys} className="keyboard-help-row">
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus data-testid="keyboard-help-close">
          Close
        </button>
      </div>
    </Dialog>
  );
}
