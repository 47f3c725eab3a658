// Statistics (staff): requests, sign-ins, refusals, sessions, secrets and latency over a chosen period, and top callers.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Statistics, type StatsRange, statsRanges } from '../../../contract/index.ts';
import { useVault } from '../../app/session-context.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ChartFigure } from './ChartFigure.tsx';
import { ScrapeTokenPanel } from './ScrapeTokenPanel.tsx';
import type { ChartSeries } from './TimeChart.tsx';
import { ServingNodes, TopClients, TopUsers } from './TopTables.tsx';
import { useStatistics } from './use-statistics.ts';

export function StatisticsScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const [range, setRange] = useState<StatsRange>('hour');
  const stats = useStatistics(range);
  const labels: Record<StatsRange, string> = {
    hour: t('statistics.ranges.hour'),
    day: t('statistics.ranges.day'),
    month: t('statistics.ranges.month'),
  };
  return (
    <section className="page statistics" aria-labelledby="statistics-title">
      <header className="page-header">
        <h1 id="statistics-title">{t('statistics.title')}</h1>
        <button type="button" onClick={() => void stats.refetch()} disabled={stats.isFetching}>
          {t('statistics.refresh')}
        </button>
      </header>
      <p className="hint">{t('statistics.intro')}</p>
      <fieldset className="stats-range">
        <legend>{t('statistics.period')}</legend>
        {statsRanges.map((r) => (
          <label key={r}>
            <input
              type="radio"
              name="stats-range"
              value={r}
              checked={range === r}
              onChange={() => setRange(r)}
            />
            {labels[r]}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={stats.error} />
      {stats.isPending && <p className="hint">{t('statistics.loading')}</p>}
      {stats.data && <StatisticsBody stats={stats.data} />}
      {vault.user.role === 'admin' && <ScrapeTokenPanel />}
    </section>
  );
}

function StatisticsBody({ stats }: { stats: Statistics }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const ms = (value: number | null) =>
    value === null ? '–' : t('statistics.latency.ms', { value: number.format(value) });
  const other = t('statistics.other');
  const charts = useMemo(() => {
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const latest = (values: (number | null)[]) => values.findLast((v) => v !== null) ?? null;
    const requests: ChartSeries[] = stats.requests.map((s) => ({
      label: s.operation === 'other' ? other : s.operation,
      values: s.counts,
    }));
    const refusals: ChartSeries[] = stats.refusals.map((s) => ({
      label: s.code === 'other' ? other : s.code,
      values: s.counts,
    }));
    const busiest = stats.requests.find((s) => s.operation !== 'other');
    const topRefusal = stats.refusals.find((s) => s.code !== 'other');
    const sessions = stats.sessionsActive;
    const sampled = sessions.some((v) => v !== null);
    return {
      requests,
      refusals,
      logins: [
        { label: t('statistics.logins.ok'), values: stats.logins.ok },
        { label: t('statistics.logins.failed'), values: stats.logins.failed },
      ],
      sessions: [{ label: t('statistics.sessions.label'), values: stats.sessionsActive }],
      stored: [
        { label: t('statistics.stored.secrets'), values: stats.secrets },
        { label: t('statistics.stored.shares'), values: stats.shares },
      ],
      latency: [
        { label: t('statistics.latency.p50'), values: stats.latency.p50Ms },
        { label: t('statistics.latency.p95'), values: stats.latency.p95Ms },
      ],
      busiest: busiest && { operation: busiest.operation, count: sum(busiest.counts) },
      topRefusal: topRefusal && { code: topRefusal.code, count: sum(topRefusal.counts) },
      sampled,
      sessionsNow: latest(sessions),
      sessionsMax: Math.max(0, ...sessions.map((v) => v ?? 0)),
      secretsNow: latest(stats.secrets),
      sharesNow: latest(stats.shares),
    };
  }, [stats, other, t]);
  const { totals } = stats;
  const timed = stats.latency.p50Ms.some((v) => v !== null);
  return (
    <>
      <p className="stats-totals" aria-live="polite">
        {t('statistics.totals', {
          count: totals.requests,
          refused: number.format(totals.refused),
          failed: number.format(totals.loginsFailed),
        })}
      </p>
      <div className="stats-grid">
        <ChartFigure
          title={t('statistics.requests.title')}
          summary={[
            t('statistics.requests.summary', { count: totals.requests }),
            charts.busiest ? t('statistics.requests.busiest', charts.busiest) : '',
          ].join(' ')}
          empty={totals.requests === 0 ? t('statistics.requests.none') : null}
          times={stats.times}
          series={charts.requests}
          range={stats.range}
        />
        <ChartFigure
          title={t('statistics.logins.title')}
          summary={t('statistics.logins.summary', {
            ok: number.format(totals.loginsOk),
            failed: number.format(totals.loginsFailed),
          })}
          empty={totals.loginsOk + totals.loginsFailed === 0 ? t('statistics.logins.none') : null}
          times={stats.times}
          series={charts.logins}
          range={stats.range}
        />
        <ChartFigure
          title={t('statistics.refusals.title')}
          summary={[
            t('statistics.refusals.summary', { count: totals.refused + totals.errors }),
            charts.topRefusal ? t('statistics.refusals.top', charts.topRefusal) : '',
          ].join(' ')}
          empty={charts.refusals.length === 0 ? t('statistics.refusals.none') : null}
          times={stats.times}
          series={charts.refusals}
          range={stats.range}
        />
        <ChartFigure
          title={t('statistics.sessions.title')}
          summary={t('statistics.sessions.summary', {
            now: number.format(charts.sessionsNow ?? 0),
            max: number.format(charts.sessionsMax),
          })}
          empty={charts.sampled ? null : t('statistics.notSampled')}
          times={stats.times}
          series={charts.sessions}
          range={stats.range}
          spanGaps
        />
        <ChartFigure
          title={t('statistics.stored.title')}
          summary={t('statistics.stored.summary', {
            secrets: number.format(charts.secretsNow ?? 0),
            shares: number.format(charts.sharesNow ?? 0),
          })}
          empty={charts.sampled ? null : t('statistics.notSampled')}
          times={stats.times}
          series={charts.stored}
          range={stats.range}
          spanGaps
        />
        <ChartFigure
          title={t('statistics.latency.title')}
          summary={t('statistics.latency.summary', { p50: ms(totals.p50Ms), p95: ms(totals.p95Ms) })}
          empty={timed ? null : t('statistics.latency.none')}
          times={stats.times}
          series={charts.latency}
          integer={false}
          unit={t('statistics.latency.unit')}
          range={stats.range}
        />
      </div>
      <div className="stats-tops">
        <TopUsers users={stats.topUsers} />
        <TopClients clients={stats.topClients} />
        <ServingNodes nodes={stats.nodes} />
      </div>
    </>
  );
}
