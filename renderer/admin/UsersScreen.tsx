// Users (admins act, moderators look): search, create with an enrollment code, role, disable, unlock, sessions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles, type UserRecord } from '../../contract/index.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import { useSession, useVault } from '../app/session-context.tsx';
import { keepOpen, useHoldWhileShown } from '../app/shown-once.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SubmitActions } from '../components/SubmitActions.tsx';
import { TextField } from '../components/TextField.tsx';

interface Enrollment {
  username: string;
  enrollmentCode: string;
  expiresAt: string;
}

export function UsersScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const isAdmin = vault.user.role === 'admin';
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const users = useQuery({
    queryKey: ['users', query.trim()],
    queryFn: () => vault.client.request('listUsers', query.trim() ? { query: query.trim() } : {}),
    placeholderData: (previous) => previous,
  });
  return (
    <section className="page" aria-labelledby="users-title">
      <header className="page-header">
        <h1 id="users-title">{t('users.title')}</h1>
        <input
          type="search"
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
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

function userStatus(user: UserRecord, now: number): string {
  if (!user.isActive) return 'disabled';
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now) return 'locked';
  if (!user.enrolled) return 'pending';
  return 'active';
}

function UserRow({
  user,
  isAdmin,
  isSelf,
  onEnrollment,
}: {
  user: UserRecord;
  isAdmin: boolean;
  isSelf: boolean;
  onEnrollment(e: Enrollment): void;
}) {
  const { t } = useTranslation();
  const vault = useVault();
  const queryClient = useQueryClient();
  const [confirmReset, setConfirmReset] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const done = async () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const act = useMutation({
    mutationFn: async (
      action: 'disable' | 'enable' | 'unlock' | 'endSessions' | 'reset' | { role: Role },
    ) => {
      const userId = user.id;
      if (typeof action === 'object')
        return void (await vault.client.request('setUserRole', { userId, ...action }));
      switch (action) {
        case 'disable':
          await vault.client.request('disableUser', { userId });
          return;
        case 'enable':
          await vault.client.request('enableUser', { userId });
          return;
        case 'unlock':
          await vault.client.request('unlockUser', { userId });
          return;
        case 'endSessions': {
          const { ended } = await vault.client.request('endUserSessions', { userId });
          setNotice(t('users.sessionsEnded', { count: ended }));
          return;
        }
        case 'reset': {
          const e = await vault.client.request('resetUserEnrollment', { userId });
          onEnrollment({ username: user.username, ...e });
          return;
        }
      }
    },
    onSuccess: done,
  });
  const status = userStatus(user, Date.now());
  return (
    <tr>
      <td>{user.displayName}</td>
      <td>{user.username}</td>
      <td>
        {isAdmin && !isSelf ? (
          <select
            aria-label={t('users.roleOf', { name: user.username })}
            value={user.role}
            onChange={(e) => act.mutate({ role: e.target.value as Role })}
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`roles.${user.role}`)
        )}
      </td>
      <td>
        <span className={`badge badge-${status}`}>{t(`users.state.${status}`)}</span>
        {notice && (
          <span role="status" className="hint">
            {' '}
            {notice}
          </span>
        )}
        <ErrorMessage error={act.error} />
      </td>
      {isAdmin && (
        <td className="actions">
          {!isSelf &&
            (user.isActive ? (
              <button
                type="button"
                aria-label={t('users.disableUser', { name: user.username })}
                onClick={() => act.mutate('disable')}
              >
                {t('users.disable')}
              </button>
            ) : (
              <button
                type="button"
                aria-label={t('users.enableUser', { name: user.username })}
                onClick={() => act.mutate('enable')}
              >
                {t('users.enable')}
              </button>
            ))}
          {status === 'locked' && (
            <button
              type="button"
              aria-label={t('users.unlockUser', { name: user.username })}
              onClick={() => act.mutate('unlock')}
            >
              {t('users.unlock')}
            </button>
          )}
          <button
            type="button"
            aria-label={t('users.endSessionsOf', { name: user.username })}
            onClick={() => act.mutate('endSessions')}
          >
            {t('users.endSessions')}
          </button>
          {!isSelf && (
            <button
              type="button"
              aria-label={t('users.resetOf', { name: user.username })}
              onClick={() => setConfirmReset(true)}
            >
              {t('users.reset')}
            </button>
          )}
          {confirmReset && (
            <Dialog
              title={t('users.resetTitle', { name: user.username })}
              onClose={() => setConfirmReset(false)}
            >
              <p className="warning">{t('users.resetWarning')}</p>
              <div className="actions">
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    setConfirmReset(false);
                    act.mutate('reset');
                  }}
                >
                  {t('users.reset')}
                </button>
                <button type="button" onClick={() => setConfirmReset(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </Dialog>
          )}
        </td>
      )}
    </tr>
  );
}

function CreateUserDialog({ onClose, onCreated }: { onClose(): void; onCreated(e: Enrollment): void }) {
  const { t } = useTranslation();
  const vault = useVault();
  const queryClient = useQueryClient();
  const id = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const create = useMutation({
    mutationFn: () =>
      vault.client.request('createUser', {
        username: username.trim(),
        displayName: displayName.trim() || username.trim(),
        role,
      }),
    onSuccess: async (e) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onCreated({ username: username.trim(), ...e });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog title={t('users.create')} onClose={onClose}>
      <form onSubmit={submit}>
        <TextField label={t('login.username')} value={username} onChange={setUsername} required autoFocus />
        <TextField label={t('users.displayName')} value={displayName} onChange={setDisplayName} />
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('users.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <SubmitActions
          submitLabel={t('users.createSubmit')}
          pending={create.isPending}
          error={create.error}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

function EnrollmentDialog({ enrollment, onClose }: { enrollment: Enrollment; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { platform } = useSession();
  const { preferences } = usePreferences();
  const [copied, setCopied] = useState(false);
  useHoldWhileShown(true);
  return (
    <Dialog title={t('users.enrollmentTitle', { name: enrollment.username })} onClose={keepOpen}>
      <p>{t('users.enrollmentIntro')}</p>
      <output className="generated" aria-label={t('users.enrollmentCode')}>
        {enrollment.enrollmentCode}
      </output>
      <p className="hint">
        {t('users.enrollmentExpires', {
          date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
            new Date(enrollment.expiresAt),
          ),
        })}
      </p>
      {copied && (
        <p role="status" className="notice">
          {t('users.codeCopied')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void platform
              .copy(enrollment.enrollmentCode, preferences.clipboardSeconds)
              .then(() => setCopied(true))
          }
        >
          {t('item.copy')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
    </Dialog>
  );
}
