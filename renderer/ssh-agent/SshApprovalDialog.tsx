// The question before each SSH signature: which key, for which server (when the client proved one), which
// program (as the system reports it, on Linux; else said to be unknown), when; answered "Allow once",
// "Allow for N minutes" or "Deny".
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SshSignRequest } from '../../contract/index.ts';
import { Dialog } from '../components/Dialog.tsx';

const MINUTE_CHOICES = [5, 15, 30, 60];

interface SshApprovalDialogProps {
  request: SshSignRequest;
  onAnswer(allow: boolean, forMinutes: number): void;
}

export function SshApprovalDialog({ request, onAnswer }: SshApprovalDialogProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [minutes, setMinutes] = useState(15);
  const host = request.host
    ? t(request.host.forwarding ? 'ssh.approve.hostForwarded' : 'ssh.approve.hostProven', {
        fingerprint: request.host.fingerprint,
        type: request.host.keyType,
      })
    : t('ssh.approve.noHost');
  return (
    <Dialog title={t('ssh.approve.title')} onClose={() => onAnswer(false, 0)}>
      <dl className="ssh-approval">
        <dt>{t('ssh.approve.key')}</dt>
        <dd>
          {request.keyName} <code className="fingerprint">{request.fingerprint}</code>
        </dd>
        <dt>{t('ssh.approve.algorithm')}</dt>
        <dd>{request.algorithm}</dd>
        <dt>{t('ssh.approve.host')}</dt>
        <dd>{host}</dd>
        <dt>{t('ssh.approve.client')}</dt>
        <dd>
          {request.client ? (
            <>
              <code className="ssh-client-command">{request.client.command}</code>{' '}
              <span>
                {request.client.parent
                  ? t('ssh.approve.clientStartedBy', {
                      pid: request.client.pid,
                      parent: request.client.parent,
                    })
                  : t('ssh.approve.clientPid', { pid: request.client.pid })}
              </span>
            </>
          ) : (
            t('ssh.approve.clientUnknown')
          )}
        </dd>
        <dt>{t('ssh.approve.askedAt')}</dt>
        <dd>{new Date(request.askedAt).toLocaleTimeString(i18n.language)}</dd>
      </dl>
      <p className="hint">{t('ssh.approve.timeout')}</p>
      <div className="field">
        <label htmlFor={`${id}-minutes`}>{t('ssh.approve.minutes')}</label>
        <select id={`${id}-minutes`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {MINUTE_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={() => onAnswer(true, 0)}>
          {t('ssh.approve.allowOnce')}
        </button>
        <button type="button" onClick={() => onAnswer(true, minutes)}>
          {t('ssh.approve.allowFor', { count: minutes })}
        </button>
        <button type="button" onClick={() => onAnswer(false, 0)}>
          {t('ssh.approve.deny')}
        </button>
      </div>
    </Dialog>
  );
}
