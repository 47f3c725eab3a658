// Machine identities the user made: create one (its token file is shown once), list, revoke.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MachineToken } from '../../client/index.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import { useSession } from '../app/session-context.tsx';
import { keepOpen, useHoldWhileShown } from '../app/shown-once.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SubmitActions } from '../components/SubmitActions.tsx';
import { TextField } from '../components/TextField.tsx';
import { useCreateMachine, useMachines, useRevokeMachine } from './use-machines.ts';

export function MachinesPanel() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [token, setToken] = useState<MachineToken | null>(null);
  const machines = useMachines();
  const revoke = useRevokeMachine();
  return (
    <section className="machines" aria-labelledby="machines-title">
      <h2 id="machines-title">{t('machines.title')}</h2>
      <p className="hint">{t('machines.intro')}</p>
      <ErrorMessage error={machines.error ?? revoke.error} />
      <ul className="grant-list">
        {machines.data?.machines.map((m) => (
          <li key={m.userId}>
            <span>
              <span className="machine-icon" aria-hidden="true">
                ⚙
              </span>{' '}
              {m.displayName} ({m.username}) · {m.isActive ? t('users.state.active') : t('machines.revoked')}
            </span>
            {m.isActive && (
              <button
                type="button"
                aria-label={t('machines.revokeNamed', { name: m.username })}
                onClick={() => revoke.mutate(m.userId)}
              >
                {t('share.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setCreating(true)}>
        {t('machines.create')}
      </button>
      {creating && (
        <CreateMachineDialog
          onClose={() => setCreating(false)}
          onCreated={(made) => {
            setCreating(false);
            setToken(made);
          }}
        />
      )}
      {token && <TokenDialog token={token} onClose={() => setToken(null)} />}
    </section>
  );
}

function CreateMachineDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(token: MachineToken): void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [server, setServer] = useState(window.location.protocol === 'https:' ? window.location.origin : '');
  const create = useCreateMachine();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // It joins the contacts at once, pinned to the key made right here.
    create.mutate(
      {
        username: username.trim(),
        displayName: displayName.trim() || username.trim(),
        server: server.trim(),
      },
      { onSuccess: onCreated },
    );
  };
  return (
    <Dialog title={t('machines.create')} onClose={onClose}>
      <form onSubmit={submit}>
        <TextField label={t('machines.name')} value={username} onChange={setUsername} required autoFocus />
        <TextField label={t('users.displayName')} value={displayName} onChange={setDisplayName} />
        <TextField
          label={t('machines.server')}
          type="url"
          value={server}
          onChange={setServer}
          hint={t('machines.serverHint')}
          required
        />
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

function TokenDialog({ token, onClose }: { token: MachineToken; onClose(): void }) {
  const { t } = useTranslation();
  const { platform } = useSession();
  const { preferences } = usePreferences();
  const text = JSON.stringify(token, null, 2);
  const [href] = useState(() => URL.createObjectURL(new Blob([text], { type: 'application/json' })));
  const close = () => {
    URL.revokeObjectURL(href);
    onClose();
  };
  useHoldWhileShown(true);
  return (
    <Dialog title={t('machines.tokenTitle', { name: token.username })} onClose={keepOpen}>
      <p className="warning" role="note">
        {t('machines.tokenWarning')}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the token can be longer than its box, and a keyboard user must be able to scroll it (axe: scrollable-region-focusable) */}
      <output className="generated token" aria-label={t('machines.token')} tabIndex={0}>
        {text}
      </output>
      <div className="actions">
        <a className="button" href={href} download={`${token.username}.keyhold-token.json`}>
          {t('machines.download')}
        </a>
        <button type="button" onClick={() => void platform.copy(text, preferences.clipboardSeconds)}>
          {t('item.copy')}
        </button>
        <button type="button" className="primary" onClick={close}>
          {t('common.done')}
        </button>
      </div>
    </Dialog>
  );
}
