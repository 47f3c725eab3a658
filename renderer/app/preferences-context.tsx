// Preferences as React state: applied to the document (theme, language) and saved on every change.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadPreferences, type Preferences, savePreferences } from './preferences.ts';

interface PreferencesContextValue {
  preferences: Preferences;
  update(change: Partial<Preferences>): void;
}

const PreferencesContext = createContext<PreferencesContextValue | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [preferences, setPreferences] = useState(loadPreferences);
  const { i18n } = useTranslation();

  useEffect(() => {
    savePreferences(preferences);
    const dark =
      preferences.theme === 'dark' ||
      (preferences.theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    document.documentElement.lang = preferences.language;
    if (i18n.language !== preferences.language) void i18n.changeLanguage(preferences.language);
  }, [preferences, i18n]);

  const update = useCallback((change: Partial<Preferences>) => {
    setPreferences((current) => ({ ...current, ...change }));
  }, []);
  const value = useMemo(() => ({ preferences, update }), [preferences, update]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesContextValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
