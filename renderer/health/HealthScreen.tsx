// The Health section: the password health report of the person's own items, worked out in a worker of this
// window and never sent anywhere; counts per problem, the items under each, a click opens one in the vault.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HEALTH_PROBLEMS,
  type HealthFinding,
  type HealthProblem,
  type HealthReport,
  OLD_AFTER_DAYS_MAX,
  OLD_AFTER_DAYS_MIN,
} from '../../client/health/health-report.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import type { HealthState } from './health-run.ts';
import { useHealthRun } from './use-health-run.ts';
import './health.css';

export interface HealthScreenProps {
  /** Opens the item in the vault, in its folder, selected there. */
  onOpen(item: { id: string; path: string }): void;
}

export function HealthScreen({ onOpen }: HealthScreenProps) {
  const { t } = useTranslation();
  const { preferences } = usePreferences();
  const days = preferences.healthOldAfterDays;
  const state = useHealthRun(days);
  return (
    <section className="page health" aria-labelledby="health-title">
      <div className="health-header">
        <h1 id="health-title">{t('health.title')}</h1>
        <OldAfterField />
      </div>
      <p className="hint">{t('health.privacy')}</p>
      {state.phase === 'failed' && (
        <div className="error" role="alert">
          <strong>{t('health.failed', { message: state.error ?? '' })}</strong>
        </div>
      )}
      {(state.phase === 'reading' || state.phase === 'scoring') && <HealthProgress state={state} />}
      {state.report && <HealthResults report={state.report} state={state} days={days} onOpen={onOpen} />}
    </section>
  );
}

/** The "old" threshold, remembered in this device's preferences; a value out of range is not taken. */
function OldAfterField() {
  const { t } = useTranslation();
  const id = useId();
  const { preferences, update } = usePreferences();
  const [text, setText] = useState(String(preferences.healthOldAfterDays));
  const parsed = Number(text);
  const valid = Number.isInteger(parsed) && parsed >= OLD_AFTER_DAYS_MIN && parsed <= OLD_AFTER_DAYS_MAX;
  return (
    <div className="field health-old-after">
      <label htmlFor={id}>{t('health.oldAfter')}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={OLD_AFTER_DAYS_MIN}
        max={OLD_AFTER_DAYS_MAX}
        value={text}
        aria-invalid={!valid}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          const next = Number(e.target.value);
          if (Number.isInteger(next) && next >= OLD_AFTER_DAYS_MIN && next <= OLD_AFTER_DAYS_MAX)
            update({ healthOldAfterDays: next });
        }}
      />
      <span className="hint" id={`${id}-hint`}>
        {t('health.oldAfterHint')}
      </span>
    </div>
  );
}

function HealthProgress({ state }: { state: HealthState }) {
  const { t } = useTranslation();
  const id = useId();
  const known = state.total > 0;
  const done = Math.min(state.done, state.total);
  const label =
    state.phase === 'reading'
      ? t('health.reading', { done, total: state.total })
      : t('health.scoring', { done, total: state.total });
  return (
    <div className="progress">
      <div className="progress-line">
        <span id={`${id}-label`}>{label}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={t('health.progress')}
        aria-valuemin={0}
        aria-valuemax={known ? state.total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={label}
      >
        <div
          className={known ? 'progress-fill' : 'progress-fill indeterminate'}
          style={{ width: known ? `${Math.round((done / state.total) * 100)}%` : undefined }}
        />
      </div>
    </div>
  );
}

interface ResultsProps {
  report: HealthReport;
  state: HealthState;
  days: number;
  onOpen: HealthScreenProps['onOpen'];
}

function HealthResults({ report, state, days, onOpen }: ResultsProps) {
  const { t } = useTranslation();
  const firstWithProblems = HEALTH_PROBLEMS.find((p) => report.counts[p] > 0) ?? 'weak';
  const [chosen, setChosen] = useState<HealthProblem | null>(null);
  const shown = chosen ?? firstWithProblems;
  const label: Record<HealthProblem, string> = {
    weak: t('health.problem.weak'),
    reused: t('health.problem.reused'),
    old: t('health.problem.old'),
    no_totp: t('health.problem.no_totp'),
  };
  const explain: Record<HealthProblem, string> = {
    weak: t('health.explain.weak'),
    reused: t('health.explain.reused'),
    old: t('health.explain.old', { days }),
    no_totp: t('health.explain.no_totp'),
  };
  const none: Record<HealthProblem, string> = {
    weak: t('health.none.weak'),
    reused: t('health.none.reused'),
    old: t('health.none.old', { days }),
    no_totp: t('health.none.no_totp'),
  };
  if (report.checked === 0) return <p className="empty">{t('health.empty')}</p>;
  const listed = report.findings.filter((f) => f.problems.includes(shown));
  return (
    <>
      <p className="hint" aria-live="polite">
        {t('health.checked', { count: report.checked })}
        {state.phase === 'scoring' && ` · ${t('health.scoring', { done: state.done, total: state.total })}`}
      </p>
      {state.unreadable > 0 && (
        <p className="notice">{t('health.unreadable', { count: state.unreadable })}</p>
      )}
      <fieldset className="health-counts">
        <legend className="visually-hidden">{t('health.categories')}</legend>
        {HEALTH_PROBLEMS.map((problem) => (
          <button
            key={problem}
            type="button"
            className="health-count"
            aria-pressed={shown === problem}
            onClick={() => setChosen(problem)}
          >
            <span className="health-count-number">{report.counts[problem]}</span>
            <span>{label[problem]}</span>
          </button>
        ))}
      </fieldset>
      <h2 className="health-heading">{label[shown]}</h2>
      <p className="hint">{explain[shown]}</p>
      {listed.length === 0 ? (
        <p className="empty">{none[shown]}</p>
      ) : shown === 'reused' ? (
        <ReusedGroups report={report} listed={listed} onOpen={onOpen} />
      ) : (
        <FindingList findings={listed} problem={shown} onOpen={onOpen} />
      )}
    </>
  );
}

/** Reused passwords, one group per password (the password itself is never in the report). */
function ReusedGroups(props: {
  report: HealthReport;
  listed: HealthFinding[];
  onOpen: ResultsProps['onOpen'];
}) {
  const { t } = useTranslation();
  const byId = new Map(props.listed.map((f) => [f.id, f]));
  return (
    <>
      {props.report.reusedGroups.map((ids, group) => {
        const members = ids.flatMap((id) => byId.get(id) ?? []);
        return (
          // Groups are named by their place in the report: there is nothing else to name them by.
          // biome-ignore lint/suspicious/noArrayIndexKey: a group's place is its identity within one report
          <section key={group} className="health-group" aria-label={t('health.group', { count: ids.length })}>
            <h3>{t('health.group', { count: ids.length })}</h3>
            <FindingList findings={members} problem="reused" onOpen={props.onOpen} />
          </section>
        );
      })}
    </>
  );
}

function FindingList(props: {
  findings: HealthFinding[];
  problem: HealthProblem;
  onOpen: ResultsProps['onOpen'];
}) {
  const { t } = useTranslation();
  return (
    <ul className="health-list">
      {props.findings.map((finding) => (
        <li key={finding.id}>
          <button
            type="button"
            className="health-item"
            onClick={() => props.onOpen({ id: finding.id, path: finding.path })}
          >
            <span className="health-item-name">{finding.name}</span>
            <span className="hint">
              {finding.path}
              {finding.host && ` · ${finding.host}`}
              {props.problem === 'old' && ` · ${t('health.ageDays', { count: finding.ageDays })}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
