// First run: initialise the server (unseal passphrase or key shares) and create the first administrator.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PASSWORD_POLICY } from '../../client/index.ts';
import { useSession } from '../app/session-context.tsx';
import { useHoldWhileShown } from '../app/shown-once.ts';
import { useKeychainStatus } from '../app/use-keychain.ts';
import { useStatusUpdate } from '../app/use-server-status.ts';
import { minLengthAt } from '../components/contract-limits.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { contractProblem } from '../components/error-text.ts';
import { FormProblem } from '../components/FormProblem.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { KeychainReason } from '../components/KeychainReason.tsx';
import { NewPasswordFields, newPasswordProblem } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { useInitializeServer } from './use-first-run.ts';

export function FirstRun() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const status = useStatusUpdate();
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
  const [passphraseProblem, setPassphraseProblem] = useState<string | null>(null);
  // Offer to remember the passphrase only where the keychain can keep it (not on Linux without a keyring).
  const keychain = useKeychainStatus();
  const canRemember = platform.keychain !== null && keychain.data?.available === true;
  const init = useInitializeServer();

  // From the moment the server may exist until the person confirms the shares are saved, the window stays here.
  useHoldWhileShown(init.isPending || issuedShares !== null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The passphrase is checked by the contract's own rule for it, so the form cannot drift from the server.
    const unsealProblem =
      method === 'passphrase' ? contractProblem(t, 'init', 'unseal.passphrase', passphrase) : null;
    setPassphraseProblem(unsealProblem);
    // No server policy exists yet: the client's default (which asks for a strong password) stands.
    const found = unsealProblem
      ? null
      : await newPasswordProblem(t, password, confirm, DEFAULT_PASSWORD_POLICY, [username, displayName]);
    setProblem(found);
    if (unsealProblem || found) return;
    init.mutate(
      {
        unseal:
          method === 'passphrase'
            ? { method, passphrase }
            : { method, shares: Number(shares), threshold: Number(threshold) },
        admin: { username, displayName: displayName || username, password },
        rememberPassphrase: rememberOnDevice && canRemember,
      },
      { onSuccess: (result) => result.shares && setIssuedShares(result.shares) },
    );
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
              void status.refresh();
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
                  hint={t('firstRun.passphraseHint', { count: minLengthAt('init', 'unseal.passphrase') })}
                  problem={passphraseProblem}
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
                  value={shares}
                  onChange={setShares}
                />
                <TextField
                  label={t('firstRun.threshold')}
                  field="unseal.threshold"
                  type="number"
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
          <FormProblem text={problem} />
          <ErrorMessage error={init.error} />
          <button type="submit" className="primary" disabled={init.isPending}>
            {init.isPending ? t('firstRun.working') : t('firstRun.submit')}
          </button>
        </FieldErrorScope>
      </form>
    </main>
  );
}
