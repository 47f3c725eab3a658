// Users (admins act, moderators look): search, create with an enrollment code, role, disable, unlock, sessions.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVault } from '../../app/session-context.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { CreateUserDialog } from './CreateUserDialog.tsx';
import { EnrollmentDialog } from './EnrollmentDialog.tsx';
import { UserRow } from './UserRow.tsx';
import { type Enrollment, useUsers } from './use-users.ts';

export function UsersScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const isAdmin = vault.user.role === 'admin';
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const users = useUsers(query.trim());
  return (
    <section className="page" aria-labelledby="users-title">
      <header className="page-header">
        <h1 id="users-title">{t('users.title')}</h1>
        <SearchField label={t('users.search')} value={query} onChange={setQuery} />
        {isAdmin && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('users.create')}
          </button>
        )}
      </header>
      {!isAdmin && <p className="notice">{t('users.readOnly')}</p>}
      <ErrorMessage error={users.error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('login.username')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.status')}</th>
            {isAdmin && <th scope="col">{t('users.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {users.data?.users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isAdmin={isAdmin}
              isSelf={user.id === vault.user.id}
              onEnrollment={setEnrollment}
            />
          ))}
        </tbody>
      </table>
      {creating && (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(e) => {
            setCreating(false);
            setEnrollment(e);
          }}
        />
      )}
      {enrollment && <EnrollmentDialog enrollment={enrollment} onClose={() => setEnrollment(null)} />}
    </section>
  );
}
