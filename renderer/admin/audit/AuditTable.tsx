// One page of audit entries: when (local time), who (by name), what, on what, from where, and how it ended.
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../contract/index.ts';

export function AuditTable({ entries, loading }: { entries: AuditEntry[]; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  if (!loading && entries.length === 0) return <p className="empty">{t('audit.none')}</p>;
  return (
    // It scrolls sideways in a narrow window: focusable, so the keyboard can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable)
    <section className="audit-table-wrap" tabIndex={0} aria-label={t('audit.tableLabel')}>
      <table className="table audit-table" aria-label={t('audit.tableLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('audit.seq')}</th>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.user')}</th>
            <th scope="col">{t('audit.operation')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.address')}</th>
            <th scope="col">{t('audit.status')}</th>
            <th scope="col">{t('audit.opNumber')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td className="audit-num" title={t('audit.hashOf', { hash: e.hash })}>
                {e.seq}
              </td>
              <td className="audit-time">
                <time dateTime={e.time}>{time.format(new Date(e.time))}</time>
              </td>
              <td className="audit-caller">
                <Caller entry={e} />
              </td>
              <td className="audit-mono">{e.operation}</td>
              <td className="audit-mono audit-target">{e.target ?? ''}</td>
              <td className="audit-mono">{e.address}</td>
              <td>
                <span className={`badge badge-audit-${e.status}`}>{t(`audit.statuses.${e.status}`)}</span>
                {e.code && <span className="audit-code"> {e.code}</span>}
              </td>
              <td className="audit-num">{e.opNumber ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Caller({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  // No user: the server's own schedules (retention, backups), or a call made before anyone signed in.
  if (entry.userId === null) {
    return (
      <span className="muted">{entry.address === 'schedule' ? t('audit.server') : t('audit.anonymous')}</span>
    );
  }
  if (entry.userName === null)
    return (
      <span className="audit-mono" title={entry.userId}>
        {t('audit.unknownUser')}
      </span>
    );
  return (
    <span title={entry.userId}>
      {entry.userName}
      {entry.userKind === 'machine' && <span className="badge audit-machine">{t('audit.machine')}</span>}
    </span>
  );
}
