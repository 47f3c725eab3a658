// One user in the Users table: role, state, and (for administrators) what can be done to them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles, type UserRecord } from '../../../contract/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { type Enrollment, type UserAction, useUserAction } from './use-users.ts';

function userStatus(user: UserRecord, now: number): string {
  if (!user.isActive) return 'disabled';
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now) return 'locked';
  if (!user.enrolled) return 'pending';
  return 'active';
}

interface UserRowProps {
  user: UserRecord;
  isAdmin: boolean;
  isSelf: boolean;
  onEnrollment(e: Enrollment): void;
}

export function UserRow({ user, isAdmin, isSelf, onEnrollment }: UserRowProps) {
  const { t } = useTranslation();
  const act = useUserAction(user.id);
  const [confirmReset, setConfirmReset] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const run = (action: UserAction) =>
    act.mutate(action, {
      onSuccess: (result) => {
        if (result.kind === 'sessionsEnded') setNotice(t('users.sessionsEnded', { count: result.ended }));
        if (result.kind === 'enrollment') {
          setConfirmReset(false);
          onEnrollment({ username: user.username, ...result });
        }
      },
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
            onChange={(e) => run({ role: e.target.value as Role })}
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
        {!confirmReset && <ErrorMessage error={act.error} />}
      </td>
      {isAdmin && (
        <td className="actions">
          {!isSelf &&
            (user.isActive ? (
              <button
                type="button"
                aria-label={t('users.disableUser', { name: user.username })}
                onClick={() => run('disable')}
              >
                {t('users.disable')}
              </button>
            ) : (
              <button
                type="button"
                aria-label={t('users.enableUser', { name: user.username })}
                onClick={() => run('enable')}
              >
                {t('users.enable')}
              </button>
            ))}
          {status === 'locked' && (
            <button
              type="button"
              aria-label={t('users.unlockUser', { name: user.username })}
              onClick={() => run('unlock')}
            >
              {t('users.unlock')}
            </button>
          )}
          <button
            type="button"
            aria-label={t('users.endSessionsOf', { name: user.username })}
            onClick={() => run('endSessions')}
          >
            {t('users.endSessions')}
          </button>
          {!isSelf && (
            <button
              type="button"
              aria-label={t('users.resetOf', { name: user.username })}
              onClick={() => {
                act.reset();
                setConfirmReset(true);
              }}
            >
              {t('users.reset')}
            </button>
          )}
          {confirmReset && (
            <ConfirmDialog
              title={t('users.resetTitle', { name: user.username })}
              confirmLabel={t('users.reset')}
              pending={act.isPending}
              error={act.error}
              onConfirm={() => run('reset')}
              onCancel={() => setConfirmReset(false)}
            >
              <p className="warning">{t('users.resetWarning')}</p>
            </ConfirmDialog>
          )}
        </td>
      )}
    </tr>
  );
}
