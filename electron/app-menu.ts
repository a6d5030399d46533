// The window's menu bar. Without one, Electron installs its default menu, whose View → Reload is
// bound to Ctrl+R — a key the object table uses for Refresh — and reloads the whole page, losing
// the window's state (the folder, the selection, an open dialog) while main's transfers go on; and whose
// Toggle Developer Tools opened a console into the page of a packaged app. This menu has neither
// (the developer tools only in an unpackaged build, as `npm start` runs it), and leaves the
// editing keys to the page on Windows and Linux, where Chromium handles them in text fields by
// itself and the table takes Ctrl+C/X/V for objects; macOS needs its Edit menu for them.
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(options: {
  platform: NodeJS.Platform;
  packaged: boolean;
}): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  // On Windows and Linux the accelerators are shown beside the items but not taken from the page.
  const shownOnly = mac ? {} : { registerAccelerator: false };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo', ...shownOnly },
      { role: 'redo', ...shownOnly },
      { type: 'separator' },
      { role: 'cut', ...shownOnly },
      { role: 'copy', ...shownOnly },
      { role: 'paste', ...shownOnly },
      { role: 'selectAll', ...shownOnly },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.packaged ? [] : [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const]),
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : [{ label: 'File', submenu: [{ role: 'quit' } as const] }]),
    edit,
    view,
    { role: 'windowMenu' },
  ];
}
