// A new user: name, display name and role; the server answers with the enrollment code they redeem.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, roles } from '../../../contract/index.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { FieldErrorScope } from '../../components/field-errors.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { TextField } from '../../components/TextField.tsx';
import { type Enrollment, useCreateUser } from './use-users.ts';

export function CreateUserDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(e: Enrollment): void;
}) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const id = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    create.mutate(
      { username: name, displayName: displayName.trim() || name, role },
      { onSuccess: (made) => onCreated({ username: name, ...made }) },
    );
  };
  return (
    <Dialog title={t('users.create')} onClose={onClose}>
      <form onSubmit={submit}>
        <FieldErrorScope operation="createUser" error={create.error}>
          <TextField
            label={t('login.username')}
            field="username"
            value={username}
            onChange={setUsername}
            required
            autoFocus
          />
          <TextField
            label={t('users.displayName')}
            field="displayName"
            value={displayName}
            onChange={setDisplayName}
          />
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
        </FieldErrorScope>
      </form>
    </Dialog>
  );
}
