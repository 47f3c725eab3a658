// Allowed sign-in hours (UTC, as the server checks them): any time, or chosen days between two times.
import { useTranslation } from 'react-i18next';
import type { LoginHours } from '../../../contract/index.ts';

/** Monday first, as people read a week; the values are the server's UTC day numbers (0 = Sunday). */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

const toTime = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const toMinute = (time: string, end: boolean) => {
  const [h, m] = time.split(':').map(Number);
  const minute = (h ?? 0) * 60 + (m ?? 0);
  // "00:00" as an end means the end of the day.
  return end && minute === 0 ? 1440 : minute;
};

interface Props {
  /** Names the controls, e.g. "Moderators". */
  label: string;
  value: LoginHours | null;
  onChange(value: LoginHours | null): void;
}

export function LoginHoursEditor({ label, value, onChange }: Props) {
  const { t } = useTranslation();
  const hours = value ?? { days: [1, 2, 3, 4, 5], fromMinute: 8 * 60, toMinute: 18 * 60 };
  return (
    <fieldset className="login-hours">
      <legend>{label}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={value === null}
          onChange={(e) => onChange(e.target.checked ? null : hours)}
        />
        {t('serverSettings.hours.anyTime')}
      </label>
      {value !== null && (
        <>
          <div className="hours-days">
            {WEEK.map((day) => (
              <label key={day} className="check">
                <input
                  type="checkbox"
                  checked={value.days.includes(day)}
                  onChange={(e) =>
                    onChange({
                      ...value,
                      days: e.target.checked
                        ? [...value.days, day].sort()
                        : value.days.filter((d) => d !== day),
                    })
                  }
                />
                {t(`serverSettings.hours.day${day}`)}
              </label>
            ))}
          </div>
          <div className="hours-times">
            <label>
              {t('serverSettings.hours.from')}{' '}
              <input
                type="time"
                value={toTime(value.fromMinute)}
                onChange={(e) => onChange({ ...value, fromMinute: toMinute(e.target.value, false) })}
              />
            </label>
            <label>
              {t('serverSettings.hours.to')}{' '}
              <input
                type="time"
                value={toTime(value.toMinute)}
                onChange={(e) => onChange({ ...value, toMinute: toMinute(e.target.value, true) })}
              />
            </label>
            <span className="hint">UTC</span>
          </div>
        </>
      )}
    </fieldset>
  );
}
