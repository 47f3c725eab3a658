// The application menu: Lock (Ctrl/Cmd+L) and the usual edit commands (copy and paste need them on macOS).

export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export function menuTemplate(lock: () => void): MenuItemTemplate[] {
  return [
    {
      label: 'Keyhold',
      submenu: [
        { label: 'Lock', accelerator: 'CmdOrCtrl+L', click: lock },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
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
  ];
}
