// The admin console's sections and who sees each: one entry per screen (each section's screen, parts and
// hooks live in its own folder), so adding a screen is one line here.
import type { ComponentType } from 'react';
import { adminOnly, type Role, staffRoles } from '../../contract/index.ts';
import { AdminHome } from './AdminHome.tsx';
import { AuditScreen } from './audit/AuditScreen.tsx';
import { BackupsScreen } from './backups/BackupsScreen.tsx';
import { CertificatesScreen } from './certificates/CertificatesScreen.tsx';
import { ClientsScreen } from './clients/ClientsScreen.tsx';
import { ServerSettingsScreen } from './server-settings/ServerSettingsScreen.tsx';
import { StatisticsScreen } from './stats/StatisticsScreen.tsx';
import { UsersScreen } from './users/UsersScreen.tsx';

export interface AdminSection {
  id: string;
  /** i18n key of the section's name in the console's navigation (translations.test.ts reads these). */
  label: string;
  /** Roles that see the section at all; what they may change inside it is the screen's (and the server's) business. */
  roles: readonly Role[];
  Screen: ComponentType<AdminScreenProps>;
}

/** What every section's screen is given: a way to open another section (the overview links to its causes). */
export interface AdminScreenProps {
  navigate?: (sectionId: string) => void;
}

export const adminSections: readonly AdminSection[] = [
  { id: 'overview', label: 'admin.sections.overview', roles: staffRoles, Screen: AdminHome },
  { id: 'users', label: 'admin.sections.users', roles: staffRoles, Screen: UsersScreen },
  { id: 'clients', label: 'admin.sections.clients', roles: staffRoles, Screen: ClientsScreen },
  { id: 'statistics', label: 'admin.sections.statistics', roles: staffRoles, Screen: StatisticsScreen },
  { id: 'audit', label: 'admin.sections.audit', roles: staffRoles, Screen: AuditScreen },
  { id: 'backups', label: 'admin.sections.backups', roles: adminOnly, Screen: BackupsScreen },
  { id: 'certificates', label: 'admin.sections.certificates', roles: adminOnly, Screen: CertificatesScreen },
  { id: 'server', label: 'admin.sections.server', roles: adminOnly, Screen: ServerSettingsScreen },
];

export function sectionsFor(role: Role): readonly AdminSection[] {
  return adminSections.filter((section) => section.roles.includes(role));
}
