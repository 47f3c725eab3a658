// The audit table's filters: who, which operation, which outcome, and a time window in local time.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AuditFilterInput,
  auditStatuses,
  operationNames,
  systemAuditOperations,
} from '../../../contract/index.ts';
import { useAuditPeople } from './use-audit.ts';

const OPERATIONS = [...new Set<string>([...operationNames, ...systemAuditOperations])].sort();
const MINUTE = 60_000;

/** The value of a datetime-local input (local time, to the minute) as the instant the server filters on. */
export function fromLocalInput(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return undefined;
  // "To 14:05" means up to the end of that minute.
  return new Date(end ? at + MINUTE - 1 : at).toISOString();
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function AuditFilters({
  filter,
  onChange,
}: {
  filter: AuditFilterInput;
  onChange(filter: AuditFilterInput): void;
}) {
  const { t } = useTranslation();
  const people = useAuditPeople();
  const id = useId();
  const set = (patch: Partial<AuditFilterInput>) => {
    const next: AuditFilterInput = { ...filter, ...patch };
    for (const key of Object.keys(next) as (keyof AuditFilterInput)[]) {
      if (next[key] === undefined) delete next[key];
    }
    onChange(next);
  };
  const empty = Object.keys(filter).length === 0;
  return (
    <fieldset className="audit-filters">
      <legend>{t('audit.filters')}</legend>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('audit.user')}</label>
        <select
          id={`${id}-user`}
          value={filter.userId ?? ''}
          onChange={(e) => set({ userId: e.target.value || undefined })}
        >
          <option value="">{t('audit.anyone')}</option>
          {people.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName === u.username ? u.username : `${u.displayName} (${u.username})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-operation`}>{t('audit.operation')}</label>
        <select
          id={`${id}-operation`}
          value={filter.operation ?? ''}
          onChange={(e) => set({ operation: e.target.value || undefined })}
        >
          <option value="">{t('audit.anyOperation')}</option>
          {OPERATIONS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('audit.status')}</label>
        <select
          id={`${id}-status`}
          value={filter.status ?? ''}
          onChange={(e) => {
            const status = auditStatuses.find((s) => s === e.target.value);
            set({ status });
          }}
        >
          <option value="">{t('audit.anyStatus')}</option>
          {auditStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`audit.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={toLocalInput(filter.from)}
          onChange={(e) => set({ from: fromLocalInput(e.target.value, false) })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={toLocalInput(filter.to)}
          onChange={(e) => set({ to: fromLocalInput(e.target.value, true) })}
        />
      </div>
      <button type="button" className="audit-clear" disabled={empty} onClick={() => onChange({})}>
        {t('audit.clearFilters')}
      </button>
    </fieldset>
  );
}
