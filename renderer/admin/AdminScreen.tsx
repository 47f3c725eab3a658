// The admin console: its own navigation over the sections the signed-in role may see.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVault } from '../app/session-context.tsx';
import { sectionsFor } from './admin-sections.ts';

export function AdminScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const sections = sectionsFor(vault.user.role);
  const [current, setCurrent] = useState(sections[0]?.id ?? '');
  const section = sections.find((s) => s.id === current) ?? sections[0];
  return (
    <div className="admin-console">
      <nav className="admin-nav" aria-label={t('admin.sectionsLabel')}>
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-current={section?.id === s.id ? 'page' : undefined}
            onClick={() => setCurrent(s.id)}
          >
            {t(s.label)}
          </button>
        ))}
      </nav>
      <div className="admin-section">{section && <section.Screen navigate={setCurrent} />}</div>
    </div>
  );
}
