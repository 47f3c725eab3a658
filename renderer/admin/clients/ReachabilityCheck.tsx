// Reachability: which client hosts answer on a port, checked by the server, shown as reachable / unreachable.

import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReachabilityEntry } from '../../../contract/index.ts';
import {
  DEFAULT_REACHABILITY_PORT,
  parseReachabilityTarget,
  REACHABILITY_TARGET_LIMIT,
  targetSize,
} from '../../../contract/reachability-targets.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useReachabilityCheck } from './use-clients.ts';

/** The same checks the server makes, so a typo is named before anything is sent. */
function problemsOf(targets: string[], port: string, t: TFunction): string[] {
  const problems: string[] = [];
  if (targets.length === 0) problems.push(t('reach.needTarget'));
  let total = 0;
  for (const target of targets) {
    const parsed = parseReachabilityTarget(target);
    if ('error' in parsed) problems.push(t('reach.badTarget', { reason: parsed.error }));
    else total += targetSize(parsed);
  }
  if (total > REACHABILITY_TARGET_LIMIT)
    problems.push(t('reach.tooMany', { count: total, limit: REACHABILITY_TARGET_LIMIT }));
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) problems.push(t('reach.badPort'));
  return problems;
}

export function ReachabilityCheck() {
  const { t } = useTranslation();
  const id = useId();
  const check = useReachabilityCheck();
  const [text, setText] = useState('');
  const [port, setPort] = useState(String(DEFAULT_REACHABILITY_PORT));
  const [problems, setProblems] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const targets = text.split(/[\s,;]+/).filter(Boolean);
    const found = problemsOf(targets, port.trim(), t);
    setProblems(found);
    // A new run's results, or its problems, replace the last run's: old rows under a new error mislead.
    if (found.length === 0) check.mutate({ targets, port: Number(port) });
    else check.reset();
  };
  const report = check.data;
  const rows = report ? Math.max(report.reachable.length, report.unreachable.length) : 0;
  return (
    <div className="clients-reach">
      <p className="hint">{t('reach.intro', { limit: REACHABILITY_TARGET_LIMIT })}</p>
      <form onSubmit={submit} className="reach-form">
        <div className="field">
          <label htmlFor={`${id}-targets`}>{t('reach.targets')}</label>
          <textarea
            id={`${id}-targets`}
            rows={4}
            value={text}
            spellCheck={false}
            placeholder={'192.168.1.1-254\nbuild-01.example.org'}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${id}-targets-hint`}
          />
          <span className="hint" id={`${id}-targets-hint`}>
            {t('reach.targetsHint')}
          </span>
        </div>
        <div className="field reach-port">
          <label htmlFor={`${id}-port`}>{t('reach.port')}</label>
          <input
            id={`${id}-port`}
            inputMode="numeric"
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />
        </div>
        {problems.length > 0 && (
          <div className="error" role="alert">
            {problems.map((p) => (
              <span key={p}>{p}</span>
            ))}
          </div>
        )}
        <ErrorMessage error={check.error} />
        <button type="submit" className="primary" disabled={check.isPending}>
          {check.isPending ? t('reach.checking') : t('reach.check')}
        </button>
      </form>
      {report && (
        <>
          <p role="status" className="notice">
            {t('reach.summary', { count: report.checked, port: report.port })}
          </p>
          <table className="table reach-table">
            <thead>
              <tr>
                <th scope="col">{t('reach.reachable', { count: report.reachable.length })}</th>
                <th scope="col">{t('reach.unreachable', { count: report.unreachable.length })}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row pairs the i-th of each column; it has no identity of its own.
                <tr key={i}>
                  <ReachCell entry={report.reachable[i]} />
                  <ReachCell entry={report.unreachable[i]} />
                </tr>
              ))}
            </tbody>
          </table>
          {rows === 0 && <p className="hint">{t('reach.nothing')}</p>}
        </>
      )}
    </div>
  );
}

function ReachCell({ entry }: { entry: ReachabilityEntry | undefined }) {
  const { t } = useTranslation();
  if (!entry) return <td />;
  return (
    <td className={`reach-${entry.status}`}>
      <span className="mono">{entry.target}</span>
      {entry.address && entry.address !== entry.target && <span className="hint"> ({entry.address})</span>}{' '}
      <span className="hint">
        {t(`clients.status.${entry.status}`)}
        {entry.ms !== null && ` · ${t('reach.ms', { ms: entry.ms })}`}
      </span>
    </td>
  );
}
