// Server settings (administrators): sessions, lockout, sign-in hours, rate limits, versions, enrollment
// and the password KDF. Each section saves on its own; the server validates and audits every change and
// applies it at once.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LoginHours, type Role, roles, type Settings } from '../../../contract/index.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ShareLinksSettingsSection } from '../../links/ShareLinksSettingsSection.tsx';
import { LoginHoursEditor } from './LoginHoursEditor.tsx';
import { NetworkSection } from './NetworkSection.tsx';
import { settingField as field, type NumberField, NumberSection } from './NumberSection.tsx';
import { PasswordPolicySection } from './PasswordPolicySection.tsx';
import { SectionFooter } from './SectionFooter.tsx';
import { type SettingsPatch, useSaveSettings, useServerSettings } from './use-server-settings.ts';

const SESSION = [
  field('lifetimeMinutes', 'serverSettings.session.lifetime', 'session.lifetimeMinutes'),
  field('idleMinutes', 'serverSettings.session.idle', 'session.idleMinutes'),
];
const LOCKOUT = [
  field('maxFailures', 'serverSettings.lockout.maxFailures', 'lockout.maxFailures'),
  field('windowMinutes', 'serverSettings.lockout.window', 'lockout.windowMinutes'),
  field('durationMinutes', 'serverSettings.lockout.duration', 'lockout.durationMinutes'),
];
const RATE_LIMITS = [
  field('loginPerAddress', 'serverSettings.rate.loginPerAddress', 'rateLimits.login.perAddressPerMinute'),
  field('loginPerUser', 'serverSettings.rate.loginPerUser', 'rateLimits.login.perUserPerMinute'),
  field('apiPerAddress', 'serverSettings.rate.apiPerAddress', 'rateLimits.api.perAddressPerSecond'),
  field('apiPerUser', 'serverSettings.rate.apiPerUser', 'rateLimits.api.perUserPerSecond'),
];
const SECRETS = [field('versionsToKeep', 'serverSettings.secrets.versions', 'secrets.versionsToKeep')];
const ATTACHMENTS = [
  field('maxFileMiB', 'attachments.settings.maxFile', 'attachments.maxFileMiB'),
  field('maxPerUserMiB', 'attachments.settings.maxPerUser', 'attachments.maxPerUserMiB'),
];
const ENROLLMENT = [
  field('codeLifetimeHours', 'serverSettings.enrollment.lifetime', 'enrollment.codeLifetimeHours'),
];
const KDF = [
  field('memoryKiB', 'serverSettings.kdf.memory', 'kdf.memoryKiB'),
  field('iterations', 'serverSettings.kdf.iterations', 'kdf.iterations'),
  field('parallelism', 'serverSettings.kdf.parallelism', 'kdf.parallelism'),
];

export function ServerSettingsScreen() {
  const { t } = useTranslation();
  const settings = useServerSettings();
  const s = settings.data;
  return (
    <section className="page server-settings" aria-labelledby="server-settings-title">
      <header className="page-header">
        <h1 id="server-settings-title">{t('serverSettings.title')}</h1>
      </header>
      <p className="hint">{t('serverSettings.intro')}</p>
      <ErrorMessage error={settings.error} />
      {s && <Sections settings={s} />}
    </section>
  );
}

interface SectionConfig {
  title: string;
  fields: readonly NumberField[];
  values: Record<string, number>;
  toPatch(values: Record<string, number>): SettingsPatch;
}

function numberSections(s: Settings): SectionConfig[] {
  return [
    {
      title: 'serverSettings.session.title',
      fields: SESSION,
      values: s.session,
      toPatch: (v) => ({ session: { lifetimeMinutes: v.lifetimeMinutes, idleMinutes: v.idleMinutes } }),
    },
    {
      title: 'serverSettings.lockout.title',
      fields: LOCKOUT,
      values: s.lockout,
      toPatch: (v) => ({
        lockout: {
          maxFailures: v.maxFailures,
          windowMinutes: v.windowMinutes,
          durationMinutes: v.durationMinutes,
        },
      }),
    },
    {
      title: 'serverSettings.rate.title',
      fields: RATE_LIMITS,
      values: {
        loginPerAddress: s.rateLimits.login.perAddressPerMinute,
        loginPerUser: s.rateLimits.login.perUserPerMinute,
        apiPerAddress: s.rateLimits.api.perAddressPerSecond,
        apiPerUser: s.rateLimits.api.perUserPerSecond,
      },
      toPatch: (v) => ({
        rateLimits: {
          login: { perAddressPerMinute: v.loginPerAddress, perUserPerMinute: v.loginPerUser },
          api: { perAddressPerSecond: v.apiPerAddress, perUserPerSecond: v.apiPerUser },
        },
      }),
    },
    {
      title: 'serverSettings.secrets.title',
      fields: SECRETS,
      values: s.secrets,
      toPatch: (v) => ({ secrets: { versionsToKeep: v.versionsToKeep } }),
    },
    {
      title: 'attachments.settings.title',
      fields: ATTACHMENTS,
      values: s.attachments,
      toPatch: (v) => ({ attachments: { maxFileMiB: v.maxFileMiB, maxPerUserMiB: v.maxPerUserMiB } }),
    },
    {
      title: 'serverSettings.enrollment.title',
      fields: ENROLLMENT,
      values: s.enrollment,
      toPatch: (v) => ({ enrollment: { codeLifetimeHours: v.codeLifetimeHours } }),
    },
    {
      title: 'serverSettings.kdf.title',
      fields: KDF,
      values: { memoryKiB: s.kdf.memoryKiB, iterations: s.kdf.iterations, parallelism: s.kdf.parallelism },
      toPatch: (v) => ({
        kdf: {
          algorithm: 'argon2id',
          memoryKiB: v.memoryKiB ?? s.kdf.memoryKiB,
          iterations: v.iterations ?? s.kdf.iterations,
          parallelism: v.parallelism ?? s.kdf.parallelism,
        },
      }),
    },
  ];
}

function Sections({ settings }: { settings: Settings }) {
  const sections = numberSections(settings);
  return (
    <>
      {sections.slice(0, 2).map((section) => (
        <NumberSection key={section.title} {...section} />
      ))}
      <LoginHoursSection value={settings.loginHours} />
      <PasswordPolicySection value={settings.passwordPolicy} />
      {sections.slice(2).map((section) => (
        <NumberSection key={section.title} {...section} />
      ))}
      <NetworkSection value={settings.network} />
      <ShareLinksSettingsSection value={settings.shareLinks} />
    </>
  );
}

function LoginHoursSection({ value }: { value: Settings['loginHours'] }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  // The admin's edits over what the server holds; cleared once saved.
  const [edits, setEdits] = useState<Partial<Record<Role, LoginHours | null>>>({});
  const draft = { ...value, ...edits };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ loginHours: draft }, { onSuccess: () => setEdits({}) });
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('serverSettings.hours.title')}</legend>
        <p className="hint">{t('serverSettings.hours.intro')}</p>
        {roles.map((role) => (
          <LoginHoursEditor
            key={role}
            label={t(`roles.${role}`)}
            value={draft[role]}
            onChange={(hours) => setEdits((d) => ({ ...d, [role]: hours }))}
          />
        ))}
        <SectionFooter save={save} />
      </fieldset>
    </form>
  );
}
