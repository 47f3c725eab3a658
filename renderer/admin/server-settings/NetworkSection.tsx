// Server settings, network: exposure, listen address and port, the web UI, client certificates required
// or not, the caps on open connections; and what other computers need to connect (the URL and the CA
// fingerprint they compare). Saved changes move the listener at once.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../contract/index.ts';
import { useSession } from '../../app/session-context.tsx';
import { settingBounds } from '../../components/contract-limits.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/TextField.tsx';
import { SectionFooter } from './SectionFooter.tsx';
import { useNetworkStatus, useSaveSettings } from './use-server-settings.ts';

type Network = Settings['network'];

/** The port's and the connection caps' bounds, as the settings schema has them. */
const PORT = settingBounds('network.port');
const CAPS = {
  maxConnections: settingBounds('network.maxConnections'),
  maxConnectionsPerAddress: settingBounds('network.maxConnectionsPerAddress'),
} as const;

/** A cap as typed: its number, or null when it is not a whole number in its range. */
function capOf(text: string, field: keyof typeof CAPS): number | null {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= CAPS[field].min && value <= CAPS[field].max ? value : null;
}

/** In a browser the page came from the old address: after a move, where to open it again. */
function movedPageUrl(saved: Network): string | null {
  const here = new URL(window.location.href);
  const port = Number(here.port || 443);
  return port === saved.port ? null : `https://${here.hostname}:${saved.port}/`;
}

export function NetworkSection({ value }: { value: Network }) {
  const { t } = useTranslation();
  const id = useId();
  const { platform } = useSession();
  const status = useNetworkStatus();
  const save = useSaveSettings();
  const [edits, setEdits] = useState<Partial<Record<keyof Network, string | boolean>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const exposed = typeof edits.exposed === 'boolean' ? edits.exposed : value.exposed;
  const webUi = typeof edits.webUi === 'boolean' ? edits.webUi : value.webUi;
  const address = typeof edits.address === 'string' ? edits.address : value.address;
  const port = typeof edits.port === 'string' ? edits.port : String(value.port);
  const requireClientCertificate =
    typeof edits.requireClientCertificate === 'boolean'
      ? edits.requireClientCertificate
      : value.requireClientCertificate;
  const caps = {
    maxConnections:
      typeof edits.maxConnections === 'string' ? edits.maxConnections : String(value.maxConnections),
    maxConnectionsPerAddress:
      typeof edits.maxConnectionsPerAddress === 'string'
        ? edits.maxConnectionsPerAddress
        : String(value.maxConnectionsPerAddress),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = port.trim();
    const number = Number(text);
    if (!/^\d+$/.test(text) || number < PORT.min || number > PORT.max) {
      setProblem(t('network.portRange'));
      return;
    }
    const maxConnections = capOf(caps.maxConnections, 'maxConnections');
    const maxConnectionsPerAddress = capOf(caps.maxConnectionsPerAddress, 'maxConnectionsPerAddress');
    for (const [field, cap] of [
      ['maxConnections', maxConnections],
      ['maxConnectionsPerAddress', maxConnectionsPerAddress],
    ] as const) {
      if (cap === null) {
        setProblem(t('network.capRange', { field: t(`network.${field}`), min: CAPS[field].min }));
        return;
      }
    }
    if (maxConnections === null || maxConnectionsPerAddress === null) return;
    setProblem(null);
    save.mutate(
      {
        network: {
          exposed,
          address: address.trim(),
          port: number,
          webUi,
          requireClientCertificate,
          maxConnections,
          maxConnectionsPerAddress,
        },
      },
      {
        onSuccess: (saved) => {
          setEdits({});
          if (platform.kind === 'web') setMoved(movedPageUrl(saved.network));
        },
      },
    );
  };

  const listener = status.data?.listener;
  return (
    <form onSubmit={submit} className="network-settings">
      <fieldset>
        <legend>{t('network.title')}</legend>
        <p className="hint">
          {t(status.data?.mode === 'desktop' ? 'network.introDesktop' : 'network.introHeadless')}
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={exposed}
            onChange={(e) => setEdits((d) => ({ ...d, exposed: e.target.checked }))}
          />
          {t('network.exposed')}
        </label>
        <div className="settings-grid">
          <TextField
            label={t('network.address')}
            value={address}
            onChange={(v) => setEdits((d) => ({ ...d, address: v }))}
            hint={t('network.addressHint')}
            list={`${id}-addresses`}
          />
          <TextField
            label={t('network.port')}
            inputMode="numeric"
            value={port}
            onChange={(v) => setEdits((d) => ({ ...d, port: v }))}
            hint={t('network.portHint')}
          />
        </div>
        <datalist id={`${id}-addresses`}>
          <option value="0.0.0.0" />
          <option value="::" />
        </datalist>
        <label className="check">
          <input
            type="checkbox"
            checked={webUi}
            onChange={(e) => setEdits((d) => ({ ...d, webUi: e.target.checked }))}
          />
          {t('network.webUi')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={requireClientCertificate}
            aria-describedby={`${id}-require-hint`}
            onChange={(e) => setEdits((d) => ({ ...d, requireClientCertificate: e.target.checked }))}
          />
          {t('network.requireClientCertificate')}
        </label>
        <p className="hint" id={`${id}-require-hint`}>
          {t('network.requireClientCertificateHint')}
        </p>
        <div className="settings-grid">
          <TextField
            label={t('network.maxConnections')}
            inputMode="numeric"
            value={caps.maxConnections}
            onChange={(v) => setEdits((d) => ({ ...d, maxConnections: v }))}
            hint={t('network.maxConnectionsHint')}
          />
          <TextField
            label={t('network.maxConnectionsPerAddress')}
            inputMode="numeric"
            value={caps.maxConnectionsPerAddress}
            onChange={(v) => setEdits((d) => ({ ...d, maxConnectionsPerAddress: v }))}
            hint={t('network.maxConnectionsPerAddressHint')}
          />
        </div>
        <SectionFooter
          problem={problem}
          save={save}
          savedNote={
            moved ? (
              <>
                {t('network.movedPage', { url: moved })} <a href={moved}>{moved}</a>
              </>
            ) : undefined
          }
        />
        <div className="network-status" aria-live="polite">
          <ErrorMessage error={status.error} />
          {status.data && (
            <dl>
              <dt>{t('network.listening')}</dt>
              <dd>{listener ? <code>{listener.url}</code> : t('network.noListener')}</dd>
              <dt>{t('network.caFingerprint')}</dt>
              <dd>
                <code className="fingerprint">{status.data.caFingerprint}</code>
              </dd>
            </dl>
          )}
          {status.data && (status.data.pinned.address || status.data.pinned.port) && (
            <p className="warning" role="note">
              {t('network.pinned')}
            </p>
          )}
          {status.data?.lastError && (
            <p className="error" role="alert">
              {t('network.lastError', { reason: status.data.lastError })}
            </p>
          )}
        </div>
      </fieldset>
    </form>
  );
}
