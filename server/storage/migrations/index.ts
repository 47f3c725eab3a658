// The list of migrations, in order; the migrator runs the missing ones at start.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-contacts-machines.ts';
import * as m0003 from './0003-import-staging.ts';
import * as m0005 from './0005-audit-operation-index.ts';
import * as m0006 from './0006-statistics.ts';
import * as m0007 from './0007-session-op-count.ts';
import * as m0008 from './0008-certificates-revocation.ts';
import * as m0009 from './0009-audit-seal.ts';
import * as m0010 from './0010-cluster.ts';
import * as m0011 from './0011-secret-value-revision.ts';
import * as m0012 from './0012-import-history.ts';
import * as m0015 from './0015-row-seals.ts';
import * as m0016 from './0016-folders.ts';
import * as m0017 from './0017-share-links.ts';
import * as m0018 from './0018-attachments.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-contacts-machines': m0002,
  '0003-import-staging': m0003,
  '0005-audit-operation-index': m0005,
  '0006-statistics': m0006,
  '0007-session-op-count': m0007,
  '0008-certificates-revocation': m0008,
  '0009-audit-seal': m0009,
  '0010-cluster': m0010,
  '0011-secret-value-revision': m0011,
  '0012-import-history': m0012,
  '0015-row-seals': m0015,
  '0016-folders': m0016,
  '0017-share-links': m0017,
  '0018-attachments': m0018,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
