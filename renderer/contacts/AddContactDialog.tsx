// Add a contact: look the name up, show the key's fingerprint to compare out of band, then pin it.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Principal } from '../../contract/index.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { TextField } from '../components/TextField.tsx';
import { useAddContact, useFindPrincipal } from './use-contacts.ts';

interface AddContactDialogProps {
  /** A name to look up at once (someone who shared with you), or '' to type one. */
  initialUsername?: string;
  onClose(): void;
}

export function AddContactDialog({ initialUsername = '', onClose }: AddContactDialogProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(initialUsername);
  const [found, setFound] = useState<(Principal & { fingerprint: string }) | null>(null);
  const find = useFindPrincipal();
  const add = useAddContact();
  // Coming from a sender's row, the fingerprint to compare is what the person came for: show it at once.
  const lookUp = find.mutate;
  useEffect(() => {
    if (initialUsername) lookUp(initialUsername.trim(), { onSuccess: setFound });
  }, [initialUsername, lookUp]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    find.mutate(username.trim(), { onSuccess: setFound });
  };
  return (
    <Dialog title={t('contacts.add')} onClose={onClose}>
      <form onSubmit={submit}>
        <FieldErrorScope operation="findPrincipal" error={find.error}>
          <TextField
            label={t('login.username')}
            field="username"
            value={username}
            onChange={setUsername}
            required
            autoFocus
          />
          <ErrorMessage error={find.error} />
          <div className="actions">
            <button type="submit">{t('contacts.lookUp')}</button>
          </div>
        </FieldErrorScope>
      </form>
      {found && (
        <section aria-label={t('contacts.found')}>
          <p>
            <strong>{found.displayName}</strong> ({found.username}) · {t(`roles.${found.role}`)}
            {found.kind === 'machine' && ` · ${t('contacts.machine')}`}
          </p>
          <p>{t('contacts.compare')}</p>
          <output className="generated" aria-label={t('contacts.fingerprint')}>
            {found.fingerprint}
          </output>
          <ErrorMessage error={add.error} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => add.mutate(found, { onSuccess: onClose })}
            >
              {t('contacts.addConfirm')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}
    </Dialog>
  );
}
