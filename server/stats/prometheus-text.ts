// Renders the metrics in the Prometheus text exposition format, version 0.0.4.
import type { Metrics } from '../../contract/ops-stats.ts';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values escape backslash, double quote and newline, as the format requires. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Go-style float text: integers plain, +Inf spelled as Prometheus spells it. */
function num(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return String(value);
}

export function renderPrometheus(m: Metrics): string {
  const lines: string[] = [];
  const family = (name: string, type: string, help: string) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };

  family('keyhold_requests_total', 'counter', 'Operations handled since the server started, by outcome.');
  for (const r of m.requests) {
    lines.push(
      `keyhold_requests_total{operation="${label(r.operation)}",status="${label(r.status)}"} ${r.count}`,
    );
  }
  family(
    'keyhold_refusals_total',
    'counter',
    'Refused or failed operations since the server started, by code.',
  );
  for (const r of m.refusals) lines.push(`keyhold_refusals_total{code="${label(r.code)}"} ${r.count}`);
  family('keyhold_logins_total', 'counter', 'Sign-in attempts since the server started, by result.');
  lines.push(`keyhold_logins_total{result="ok"} ${m.logins.ok}`);
  lines.push(`keyhold_logins_total{result="failed"} ${m.logins.failed}`);

  family(
    'keyhold_request_duration_seconds',
    'histogram',
    'Time from dispatch to result, per operation call.',
  );
  let cumulative = 0;
  const bounds = [...m.latency.bounds, Number.POSITIVE_INFINITY];
  bounds.forEach((bound, i) => {
    cumulative += m.latency.counts[i] ?? 0;
    lines.push(`keyhold_request_duration_seconds_bucket{le="${num(bound)}"} ${cumulative}`);
  });
  lines.push(`keyhold_request_duration_seconds_sum ${num(m.latency.sumSeconds)}`);
  lines.push(`keyhold_request_duration_seconds_count ${cumulative}`);

  const gauge = (name: string, help: string, value: number | null) => {
    // An unknown value is left out rather than reported as zero.
    if (value === null) return;
    family(name, 'gauge', help);
    lines.push(`${name} ${value}`);
  };
  gauge('keyhold_sessions_active', 'Sessions neither ended, expired nor idle.', m.sessionsActive);
  gauge('keyhold_secrets', 'Secrets not in the trash.', m.secrets);
  gauge('keyhold_shares', 'Grants of a secret to someone other than its owner.', m.shares);
  family('keyhold_start_time_seconds', 'gauge', 'When the server started, in seconds since the epoch.');
  lines.push(`keyhold_start_time_seconds ${Date.parse(m.startedAt) / 1000}`);
  return `${lines.join('\n')}\n`;
}
