// One chart with its text alternative: a caption that states the totals and a table of the same numbers.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatsRange } from '../../../contract/index.ts';
import { type ChartSeries, TimeChart } from './TimeChart.tsx';

export function ChartFigure({
  title,
  summary,
  empty,
  times,
  series,
  range,
  spanGaps,
  integer = true,
  unit,
}: {
  title: string;
  summary: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string | null;
  times: number[];
  series: ChartSeries[];
  range: StatsRange;
  spanGaps?: boolean;
  /** False for measurements (latency); everything else counts whole things. */
  integer?: boolean;
  unit?: string;
}) {
  const titleId = useId();
  const { t } = useTranslation();
  return (
    <figure className="stats-figure" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p className="hint">{empty ?? summary}</p>
      </figcaption>
      {!empty && (
        <>
          <TimeChart
            times={times}
            series={series}
            range={range}
            integer={integer}
            {...(unit && { unit })}
            {...(spanGaps && { spanGaps })}
          />
          <details className="stats-numbers">
            <summary>{t('statistics.showNumbers')}</summary>
            {/* Many series make a wide table: it scrolls inside the figure, by keyboard too. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
            <section className="stats-scroll" tabIndex={0} aria-label={title}>
              <NumbersTable times={times} series={series} range={range} />
            </section>
          </details>
        </>
      )}
    </figure>
  );
}

/** Only the buckets that hold something: a quiet month is a short table, not 120 rows of dashes. */
function NumbersTable({
  times,
  series,
  range,
}: {
  times: number[];
  series: ChartSeries[];
  range: StatsRange;
}) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(
    i18n.language,
    range === 'month' ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' },
  );
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const rows = times
    .map((time, i) => ({ time, values: series.map((s) => s.values[i] ?? null) }))
    .filter((row) => row.values.some((v) => v !== null && v !== 0));
  return (
    <table className="table stats-table">
      <thead>
        <tr>
          <th scope="col">{t('statistics.time')}</th>
          {series.map((s) => (
            <th scope="col" className="number" key={s.label}>
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.time}>
            <th scope="row">{date.format(new Date(row.time * 1000))}</th>
            {row.values.map((v, i) => (
              <td className="number" key={series[i]?.label ?? i}>
                {v === null ? '–' : number.format(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
