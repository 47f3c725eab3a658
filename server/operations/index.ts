// Every operation's handler, merged into the one table the security monitor dispatches to.
import type { HandlerTable } from '../monitor/dispatcher.ts';
import { adminHandlers } from './admin-handlers.ts';
import { attachmentHandlers } from './attachment-handlers.ts';
import { authHandlers } from './auth-handlers.ts';
import { backupHandlers } from './backup-handlers.ts';
import { certificateHandlers } from './certificate-handlers.ts';
import { clientHandlers } from './clients-handlers.ts';
import { folderHandlers } from './folder-handlers.ts';
import { importHandlers } from './import-handlers.ts';
import { linkHandlers } from './link-handlers.ts';
import { networkHandlers } from './network-handlers.ts';
import { secretHandlers } from './secret-handlers.ts';
import { sharingHandlers } from './sharing-handlers.ts';
import { statsHandlers } from './stats-handlers.ts';
import { systemHandlers } from './system-handlers.ts';
import { userHandlers } from './user-handlers.ts';

export const handlers: HandlerTable = {
  ...systemHandlers,
  ...authHandlers,
  ...userHandlers,
  ...secretHandlers,
  ...folderHandlers,
  ...sharingHandlers,
  ...adminHandlers,
  ...backupHandlers,
  ...importHandlers,
  ...clientHandlers,
  ...statsHandlers,
  ...certificateHandlers,
  ...networkHandlers,
  ...linkHandlers,
  ...attachmentHandlers,
};
