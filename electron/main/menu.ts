// The application menu: Lock (Ctrl/Cmd+L), the usual edit commands (copy and paste need them on macOS),
// and on macOS the standard app and window menus (About, Hide ⌘H, Hide Others, Show All, Quit ⌘Q;
// Minimize ⌘M, Zoom, Close ⌘W), which Electron provides as roles (docs/api/menu-item.md, roles). A role's
// own submenu is replaced by the one given here (lib/browser/api/menu-item.ts: `submenu || default`).
import type * as Electron from 'electron';

export type MenuItemTemplate = Electron.MenuItemConstructorOptions;

export function menuTemplate(
  lock: () => void,
  platform: NodeJS.Platform = process.platform,
): MenuItemTemplate[] {
  const lockItem: MenuItemTemplate = { label: 'Lock', accelerator: 'CmdOrCtrl+L', click: lock };
  const mac = platform === 'darwin';
  const appMenu: MenuItemTemplate = mac
    ? {
        // The app menu takes the app's name on macOS whatever its label; `appMenu` marks it as that menu.
        label: 'Keyhold',
        role: 'appMenu',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          lockItem,
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      }
    : { label: 'Keyhold', submenu: [lockItem, { type: 'separator' }, { role: 'quit' }] };
  const windowMenu: MenuItemTemplate = mac
    ? {
        label: 'Window',
        role: 'windowMenu',
        submenu: [
          { role: 'minimize' },
          { role: 'zoom' },
          { role: 'close' },
          { type: 'separator' },
          { role: 'front' },
        ],
      }
    : { label: 'Window', role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'close' }] };
  return [
    appMenu,
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }],
    },
    windowMenu,
  ];
}
