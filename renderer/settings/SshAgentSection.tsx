// Settings → SSH agent (desktop only): turn it on or off, see whether it runs and how many keys it offers, and
// copy the line that points a shell at it.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SshAgentStatus } from '../../contract/index.ts';
import { useSession } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { agentKeysChanged } from '../ssh-agent/agent-keys-changed.ts';

/** POSIX shells; the path is quoted so a folder with spaces survives. */
export const exportLine = (socketPath: string) =>
  `export SSH_AUTH_SOCK='${socketPath.replace(/'/g, `'\\''`)}'`;

export function SshAgentSection() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const agent = platform.sshAgent;
  const id = useId();
  const [status, setStatus] = useState<SshAgentStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!agent) return;
    void agent.status().then(setStatus, setError);
  }, [agent]);
  if (!agent || !status) return null;

  const toggle = async (enabled: boolean) => {
    setError(null);
    try {
      setStatus(await agent.setEnabled(enabled));
      if (enabled) {
        agentKeysChanged();
        // The keys are read from the vault after the agent starts: show the count once they are offered.
        setTimeout(() => void agent.status().then(setStatus, () => undefined), 1500);
      }
    } catch (caught) {
      setError(caught);
    }
  };
  const line = exportLine(status.socketPath);
  return (
    <fieldset aria-labelledby={`${id}-title`}>
      <legend id={`${id}-title`}>{t('ssh.settings.title')}</legend>
      <p className="hint">{t('ssh.settings.explain')}</p>
      <label className="check">
        <input type="checkbox" checked={status.enabled} onChange={(e) => void toggle(e.target.checked)} />
        {t('ssh.settings.enable')}
      </label>
      <p role="status">
        {status.error
          ? t('ssh.settings.failed', { error: status.error })
          : status.running
            ? t('ssh.settings.running', { count: status.offered })
            : t('ssh.settings.stopped')}
      </p>
      {status.enabled && (
        <div className="field">
          <label htmlFor={`${id}-line`}>{t('ssh.settings.socket')}</label>
          <div className="row wrap">
            <code id={`${id}-line`}>{line}</code>
            <button
              type="button"
              onClick={() =>
                void platform.copy(line, 0).then(
                  () => setCopied(true),
                  (caught: unknown) => setError(caught),
                )
              }
            >
              {copied ? t('ssh.settings.copied') : t('ssh.settings.copy')}
            </button>
          </div>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </fieldset>
  );
}
