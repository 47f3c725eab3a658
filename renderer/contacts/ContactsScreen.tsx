// Shared keys: the contact list (people and machines), one contact's thread, and machine identities.
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { AddContactDialog } from './AddContactDialog.tsx';
import { ContactThread } from './ContactThread.tsx';
import { IncomingSenders } from './IncomingSenders.tsx';
import { MachinesPanel } from './MachinesPanel.tsx';
import { OwnFingerprint } from './OwnFingerprint.tsx';
import { useContacts } from './use-contacts.ts';

export function ContactsScreen() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  // The add-contact dialog, open (with the name to look up when it came from a sender) or closed.
  const [adding, setAdding] = useState<{ username: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const contacts = useContacts(query.trim());
  const list = contacts.data ?? [];
  const open = list.find((c) => c.userId === openId) ?? null;
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(list.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') setOpenId(list[active]?.userId ?? null);
    else return;
    e.preventDefault();
  };

  return (
    <div className="contacts">
      <section className="contact-pane" aria-label={t('contacts.title')}>
        <header className="page-header">
          <h1>{t('contacts.title')}</h1>
          <button type="button" className="primary" onClick={() => setAdding({ username: '' })}>
            {t('contacts.add')}
          </button>
        </header>
        <SearchField label={t('contacts.search')} value={query} onChange={setQuery} />
        <OwnFingerprint />
        <IncomingSenders onCheck={(username) => setAdding({ username })} />
        <ErrorMessage error={contacts.error} />
        {list.length === 0 && !contacts.isPending && <p className="empty">{t('contacts.none')}</p>}
        <div
          className="contact-list"
          role="listbox"
          aria-label={t('contacts.list')}
          tabIndex={0}
          aria-activedescendant={list[active] ? `contact-${list[active].userId}` : undefined}
          onKeyDown={onKeyDown}
        >
          {list.map((c, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard for its options
            <div
              key={c.userId}
              id={`contact-${c.userId}`}
              role="option"
              tabIndex={-1}
              aria-selected={c.userId === openId}
              className={`contact-row${i === active ? ' active' : ''}`}
              // One click opens, as in a mail list: an option may not hold a button of its own
              // (axe: nested-interactive), and a double-click only was unknown to most people.
              onClick={() => {
                setActive(i);
                setOpenId(c.userId);
              }}
            >
              <span className={`avatar ${c.kind}`} aria-hidden="true">
                {c.kind === 'machine' ? '⚙' : c.displayName.slice(0, 1).toUpperCase()}
              </span>
              <span className="row-main">
                <span className="row-name">
                  {c.displayName} <span className="hint">{c.username}</span>
                  {c.keyChanged && <span className="badge badge-locked"> {t('contacts.keyChanged')}</span>}
                </span>
                <span className="row-path">
                  {t(`roles.${c.role}`)}
                  {c.kind === 'machine' && ` · ${t('contacts.machine')}`} ·{' '}
                  {t('contacts.counts', { byMe: c.sharedByMe, withMe: c.sharedWithMe })}
                </span>
              </span>
              <span className="row-date">
                {c.lastActivity ? format.format(new Date(c.lastActivity)) : ''}
              </span>
            </div>
          ))}
        </div>
        <MachinesPanel />
      </section>
      <section className="detail" aria-label={t('contacts.detail')}>
        {open ? (
          <ContactThread key={open.userId} contact={open} onRemoved={() => setOpenId(null)} />
        ) : (
          <p className="empty">{t('contacts.pick')}</p>
        )}
      </section>
      {adding && <AddContactDialog initialUsername={adding.username} onClose={() => setAdding(null)} />}
    </div>
  );
}
