// The signed-in window: navigation, lock and sign out, and the section in view.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminScreen } from '../admin/AdminScreen.tsx';
import { usePreferences } from '../app/preferences-context.tsx';
import { useSession, useVault } from '../app/session-context.tsx';
import { useHotkeys } from '../app/use-hotkeys.ts';
import { useIdleLock } from '../app/use-idle-lock.ts';
import { ContactsScreen } from '../contacts/ContactsScreen.tsx';
import { HealthScreen } from '../health/HealthScreen.tsx';
import { LinksScreen } from '../links/LinksScreen.tsx';
import { SettingsScreen } from '../settings/SettingsScreen.tsx';
import { SshAgentLink } from '../ssh-agent/SshAgentLink.tsx';
import { SearchIndexProvider } from '../vault/search-index/search-index-context.tsx';
import { SEARCH_INPUT_ID, VaultScreen } from '../vault/VaultScreen.tsx';

type Section = 'vault' | 'health' | 'contacts' | 'links' | 'admin' | 'settings';

export function Shell() {
  const { t } = useTranslation();
  const { platform, lock } = useSession();
  const vault = useVault();
  const { preferences } = usePreferences();
  const [section, setSection] = useState<Section>('vault');
  // An item the Health section asked the vault to open (selected, in its folder); cleared by the nav.
  const [opening, setOpening] = useState<{ id: string; path: string } | null>(null);
  const isStaff = vault.user.role === 'admin' || vault.user.role === 'moderator';

  const lockNow = useCallback(() => void lock('menu'), [lock]);
  const onIdle = useCallback(() => void lock('idle'), [lock]);
  useIdleLock(platform, preferences.autoLockMinutes, true, onIdle);
  const hotkeys = useMemo(
    () => ({
      lock: lockNow,
      focusSearch: () => {
        setSection('vault');
        const box = document.getElementById(SEARCH_INPUT_ID);
        // On the vault already: focus now; otherwise once the vault has rendered.
        if (box) box.focus();
        else requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus());
      },
    }),
    [lockNow],
  );
  useHotkeys(hotkeys);

  const sections: { id: Section; label: string }[] = [
    { id: 'vault', label: t('nav.vault') },
    { id: 'health', label: t('health.nav') },
    { id: 'contacts', label: t('nav.contacts') },
    { id: 'links', label: t('links.nav') },
    ...(isStaff ? [{ id: 'admin' as const, label: t('nav.admin') }] : []),
    { id: 'settings', label: t('nav.settings') },
  ];

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          Keyhold
        </span>
        <nav aria-label={t('nav.label')}>
          {sections.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={section === s.id ? 'page' : undefined}
              onClick={() => {
                setOpening(null);
                setSection(s.id);
              }}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <span className="who" title={vault.fingerprint}>
          {vault.user.displayName} · {t(`roles.${vault.user.role}`)}
        </span>
        <button type="button" onClick={lockNow} title="Ctrl+L">
          {t('nav.lock')}
        </button>
        <button type="button" onClick={() => void lock('signed-out')}>
          {t('nav.signOut')}
        </button>
      </header>
      {/* The username and URL index lives as long as this signed-in window: a lock or sign-out wipes it. */}
      <SearchIndexProvider>
        <div className="content">
          {section === 'vault' && <VaultScreen opening={opening} />}
          {section === 'health' && (
            <HealthScreen
              onOpen={(item) => {
                setOpening(item);
                setSection('vault');
              }}
            />
          )}
          {section === 'contacts' && <ContactsScreen />}
          {section === 'links' && <LinksScreen />}
          {section === 'admin' && isStaff && <AdminScreen />}
          {section === 'settings' && <SettingsScreen />}
        </div>
        {/* The desktop SSH agent's keys and approvals, for as long as this window is signed in. */}
        <SshAgentLink />
      </SearchIndexProvider>
    </div>
  );
}
