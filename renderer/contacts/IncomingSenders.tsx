// People who shared keys with you but are not in your contacts yet: listed at once (so the Shared keys
// list is not empty for a new recipient), each with the fingerprint check that adds them as a contact.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useContacts } from './use-contacts.ts';
import { useSharedWithMe } from './use-sharing.ts';
import './incoming-senders.css';

interface Sender {
  userId: string;
  name: string;
  username: string;
  count: number;
}

export function IncomingSenders({ onCheck }: { onCheck(username: string): void }) {
  const { t } = useTranslation();
  const contacts = useContacts();
  const shared = useSharedWithMe();
  if (!contacts.data || !shared.data) return <ErrorMessage error={contacts.error ?? shared.error} />;
  const known = new Set(contacts.data.map((c) => c.userId));
  const senders = new Map<string, Sender>();
  for (const item of shared.data.items) {
    if (known.has(item.ownerId) || !item.ownerUsername) continue;
    const sender = senders.get(item.ownerId);
    if (sender) sender.count += 1;
    else
      senders.set(item.ownerId, {
        userId: item.ownerId,
        name: item.ownerName || item.ownerUsername,
        username: item.ownerUsername,
        count: 1,
      });
  }
  if (senders.size === 0) return null;
  return (
    <section className="incoming-senders" aria-labelledby="incoming-senders-title">
      <h2 id="incoming-senders-title">{t('sharing.incomingTitle')}</h2>
      <p className="hint">{t('sharing.incomingHint')}</p>
      <ul className="incoming-senders-list">
        {[...senders.values()].map((s) => (
          <li key={s.userId} className="incoming-senders-item">
            <span>{t('sharing.incomingCount', { name: s.name, username: s.username, count: s.count })}</span>
            <button
              type="button"
              aria-label={t('sharing.checkAndAddNamed', { name: s.name })}
              onClick={() => onCheck(s.username)}
            >
              {t('sharing.checkAndAdd')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
