// First run: initialise the server (unseal passphrase or key shares) and create the first administrator.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_KDF_PARAMS } from '../../client/crypto/index.ts';
import { DEFAULT_PASSWORD_POLICY, VaultSession } from '../../client/index.ts';
import { useSession } from '../app/session-context.tsx';
import { useHoldWhileShown } from '../app/shown-once.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { KeychainReason } from '../components/KeychainReason.tsx';
import { NewPasswordFields, newPasswordProblem, ProblemMessage } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';

export function FirstRun() {
  const { t } = useTranslation();
  const { client, platform } = useSession();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<'passphrase' | 'shares'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [shares, setShares] = useState('5');
  const [threshold, setThreshold] = useState('3');
  const [rememberOnDevice, setRememberOnDevice] = useState(false);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [issuedShares, setIssuedShares] = useState<string[] | null>(null);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Offer to remember the passphrase only where the keychain can keep it (not on Linux without a keyring).
  const keychain = useQuery({
    queryKey: ['keychain'],
    queryFn: () => platform.keychain?.status() ?? null,
    enabled: platform.keychain !== null,
  });
  const canRemember = keychain.data?.available === true;

  const init = useMutation({
    mutationFn: async () => {
      const result = await VaultSession.initialize(client, {
        unseal:
          method === 'passphrase'
            ? { method, passphrase }
            : { method, shares: Number(shares), threshold: Number(threshold) },
        admin: { username, displayName: displayName || username, password },
        kdf: DEFAULT_KDF_PARAMS,
      });
      if (method === 'passphrase' && rememberOnDevice && canRemember && platform.keychain) {
        await platform.keychain.remember(passphrase);
      }
      return result;
    },
    onSuccess: async (result) => {
      if (result.shares) setIssuedShares(result.shares);
      else await queryClient.invalidateQueries({ queryKey: ['status'] });
    },
  });

  // From the moment the server may exist until the person confirms the shares are saved, the window stays here.
  useHoldWhileShown(init.isPending || issuedShares !== null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // No server policy exists yet: the client's default (which asks for a strong password) stands.
    const found =
      method === 'passphrase' && passphrase.length < 12
        ? t('firstRun.passphraseTooShort')
        : await newPasswordProblem(t, password, confirm, DEFAULT_PASSWORD_POLICY, [username, displayName]);
    setProblem(found);
    if (!found) init.mutate();
  };

  if (issuedShares) {
    return (
      <main className="centered">
        <section className="card wide" aria-labelledby="shares-title">
          <h1 id="shares-title">{t('firstRun.sharesTitle')}</h1>
          <p className="warning" role="note">
            {t('firstRun.sharesWarning', { threshold, shares: issuedShares.length })}
          </p>
          <ol className="shares" aria-label={t('firstRun.sharesList')}>
            {issuedShares.map((share) => (
              <li key={share}>
                <code>{share}</code>
              </li>
            ))}
          </ol>
          <label className="check">
            <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
            {t('firstRun.sharesSaved')}
          </label>
          <button
            type="button"
            className="primary"
            disabled={!saved}
            onClick={() => {
              setIssuedShares(null);
              void queryClient.invalidateQueries({ queryKey: ['status'] });
            }}
          >
            {t('firstRun.continue')}
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="centered">
      <form className="card wide" onSubmit={submit} aria-labelledby="first-run-title">
        <FieldErrorScope operation="init" error={init.error}>
          <h1 id="first-run-title">{t('firstRun.title')}</h1>
          <p>{t('firstRun.intro')}</p>
          <fieldset>
            <legend>{t('firstRun.unsealMethod')}</legend>
            <label className="check">
              <input
                type="radio"
                name="method"
                checked={method === 'passphrase'}
                onChange={() => setMethod('passphrase')}
              />
              {t('firstRun.methodPassphrase')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="method"
                checked={method === 'shares'}
                onChange={() => setMethod('shares')}
              />
              {t('firstRun.methodShares')}
            </label>
            {method === 'passphrase' ? (
              <>
                <TextField
                  label={t('firstRun.passphrase')}
                  field="unseal.passphrase"
                  type="password"
                  autoComplete="new-password"
                  value={passphrase}
                  onChange={setPassphrase}
                  hint={t('firstRun.passphraseHint')}
                  required
                />
                {canRemember && (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={rememberOnDevice}
                      onChange={(e) => setRememberOnDevice(e.target.checked)}
                    />
                    {t('unseal.rememberOnDevice')}
                  </label>
                )}
                {keychain.data?.reason && <KeychainReason reason={keychain.data.reason} />}
              </>
            ) : (
              <div className="row">
                <TextField
                  label={t('firstRun.shares')}
                  field="unseal.shares"
                  type="number"
                  min={2}
                  max={10}
                  value={shares}
                  onChange={setShares}
                />
                <TextField
                  label={t('firstRun.threshold')}
                  field="unseal.threshold"
                  type="number"
                  min={2}
                  max={10}
                  value={threshold}
                  onChange={setThreshold}
                />
              </div>
            )}
            <p className="warning" role="note">
              {t('firstRun.unsealWarning')}
            </p>
          </fieldset>
          <fieldset>
            <legend>{t('firstRun.admin')}</legend>
            <TextField
              label={t('login.username')}
              field="admin.username"
              autoComplete="username"
              value={username}
              onChange={setUsername}
              required
            />
            <TextField
              label={t('firstRun.displayName')}
              field="admin.displayName"
              value={displayName}
              onChange={setDisplayName}
            />
            <NewPasswordFields
              label={t('login.password')}
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              userInputs={[username, displayName]}
            />
          </fieldset>
          <ProblemMessage text={problem} />
          <ErrorMessage error={init.error} />
          <button type="submit" className="primary" disabled={init.isPending}>
            {init.isPending ? t('firstRun.working') : t('firstRun.submit')}
          </button>
        </FieldErrorScope>
      </form>
    </main>
  );
}
