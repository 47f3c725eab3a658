// Add a contact: look the name up, show the key's fingerprint to compare out of band, then pin it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Principal } from '../../server/contract/index.ts';
import { useVault } from '../app/session-context.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TextField } from '../components/TextField.tsx';

export function AddContactDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const vault = useVault();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [found, setFound] = useState<(Principal & { fingerprint: string }) | null>(null);
  const find = useMutation({ mutationFn: () => vault.sharing.find(username.trim()), onSuccess: setFound });
  const add = useMutation({
    mutationFn: async (principal: Principal) => vault.sharing.addContact(principal),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    find.mutate();
  };
  return (
    <Dialog title={t('contacts.add')} onClose={onClose}>
      <form onSubmit={submit}>
        <TextField label={t('login.username')} value={username} onChange={setUsername} required autoFocus />
        <ErrorMessage error={find.error} />
        <div className="actions">
          <button type="submit">{t('contacts.lookUp')}</button>
        </div>
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
            <button type="button" className="primary" onClick={() => add.mutate(found)}>
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
