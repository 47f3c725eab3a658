// Login history: every sign-in attempt, newest first, filtered by user, result and dates, a page at a time.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LoginResult, loginResults } from '../../../contract/index.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { type LoginFilter, useLoginHistory, useUserChoices } from './use-clients.ts';

type ResultChoice = '' | 'failed' | LoginResult;
const resultChoices: readonly ResultChoice[] = ['', 'failed', ...loginResults];

/** A day picked in the form, as the instant it starts (or ends) in the viewer's own time zone. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const instant = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

export function LoginHistory() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const users = useUserChoices();
  const [userId, setUserId] = useState('');
  const [result, setResult] = useState<ResultChoice>('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const from = dayBound(fromDay, false);
  const to = dayBound(toDay, true);
  const filter: LoginFilter = {
    ...(userId && { userId }),
    ...(result && { result }),
    ...(from && { from }),
    ...(to && { to }),
  };
  const history = useLoginHistory(filter);
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <div className="clients-history">
      <fieldset className="clients-filters">
        <legend>{t('clients.filter')}</legend>
        <label htmlFor={`${id}-user`}>{t('clients.user')}</label>
        <select id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{t('clients.anyUser')}</option>
          {users.data?.users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.displayName} ({user.username})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-result`}>{t('clients.resultLabel')}</label>
        <select
          id={`${id}-result`}
          value={result}
          onChange={(e) => setResult(resultChoices.find((c) => c === e.target.value) ?? '')}
        >
          {resultChoices.map((choice) => (
            <option key={choice} value={choice}>
              {choice === '' ? t('clients.anyResult') : t(`clients.result.${choice}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-from`}>{t('clients.from')}</label>
        <input id={`${id}-from`} type="date" value={fromDay} onChange={(e) => setFromDay(e.target.value)} />
        <label htmlFor={`${id}-to`}>{t('clients.to')}</label>
        <input id={`${id}-to`} type="date" value={toDay} onChange={(e) => setToDay(e.target.value)} />
      </fieldset>
      <ErrorMessage error={history.error} />
      <table className="table clients-table">
        <thead>
          <tr>
            <th scope="col">{t('clients.time')}</th>
            <th scope="col">{t('clients.user')}</th>
            <th scope="col">{t('clients.client')}</th>
            <th scope="col">{t('clients.address')}</th>
            <th scope="col">{t('clients.port')}</th>
            <th scope="col">{t('clients.resultLabel')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{date.format(new Date(entry.time))}</td>
              <td>
                {entry.username ? (
                  <>
                    {entry.displayName} <span className="hint">{entry.username}</span>
                  </>
                ) : (
                  <span className="hint">{t('clients.unknownUser')}</span>
                )}
              </td>
              <td>{t(`clients.kind.${entry.clientKind}`)}</td>
              <td className="mono">{entry.address}</td>
              <td className="mono">{entry.port}</td>
              <td>
                <span className={`badge ${entry.result === 'ok' ? 'badge-ok' : 'badge-failed'}`}>
                  {t(`clients.result.${entry.result}`)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.isSuccess && entries.length === 0 && <p className="hint">{t('clients.noLogins')}</p>}
      {history.hasNextPage && (
        <button
          type="button"
          onClick={() => void history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          {t('clients.more')}
        </button>
      )}
    </div>
  );
}
