// i18next with the two languages bundled: nothing is fetched at run time.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadPreferences } from '../app/preferences.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: loadPreferences().language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
