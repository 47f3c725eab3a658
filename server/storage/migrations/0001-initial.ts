// Migration 1: the initial schema. Frozen in time: it must never import application code.
import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('keyring_seal')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('kdf', 'text')
    .addColumn('shares', 'integer')
    .addColumn('threshold', 'integer')
    .addColumn('wrapped_root_key', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('keyring_terms')
    .addColumn('term', 'integer', (c) => c.primaryKey())
    .addColumn('wrapped_key', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('seq', t.serialKey, t.serialKeyOptions)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('username_index', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data_enc', t.blob, (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_window_start', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('enrollment_code_hash', 'text')
    .addColumn('enrollment_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client_kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('op_high', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('op_window', 'text', (c) => c.notNull().defaultTo('0'))
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'ended_at']).execute();

  await db.schema
    .createTable('logins')
    .addColumn('seq', t.serialKey, t.serialKeyOptions)
    .addColumn('user_id', 'text')
    .addColumn('username_index', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('client_kind', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logins_user_time').on('logins').columns(['user_id', 'time']).execute();

  await db.schema
    .createTable('secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('meta_enc', t.blob, (c) => c.notNull())
    .addColumn('meta_version', 'integer', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('secrets_owner').on('secrets').column('owner_id').execute();

  await db.schema
    .createTable('secret_versions')
    .addColumn('secret_id', 'text', (c) => c.notNull().references('secrets.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value_enc', t.blob)
    .addColumn('key_generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('destroyed_at', 'text')
    .addPrimaryKeyConstraint('secret_versions_pk', ['secret_id', 'version'])
    .execute();

  await db.schema
    .createTable('shares')
    .addColumn('secret_id', 'text', (c) => c.notNull().references('secrets.id'))
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('wrapped_key_enc', t.blob, (c) => c.notNull())
    .addColumn('key_generation', 'integer', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shares_pk', ['secret_id', 'principal_id'])
    .execute();
  await db.schema.createIndex('shares_principal').on('shares').column('principal_id').execute();

  await db.schema
    .createTable('audit')
    .addColumn('seq', t.serialKey, t.serialKeyOptions)
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('op_number', 'integer')
    .addColumn('user_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_user').on('audit').columns(['user_id', 'seq']).execute();
  await db.schema.createIndex('audit_time').on('audit').column('time').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_enc', t.blob, (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addColumn('key_enc', t.blob)
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'certificates',
    'settings',
    'audit',
    'shares',
    'secret_versions',
    'secrets',
    'logins',
    'sessions',
    'users',
    'keyring_terms',
    'keyring_seal',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
