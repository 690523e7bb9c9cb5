import type { MetricsReport, MetricsRow } from './api';
import { duration, Lines, percent, StackedBars } from './charts';

const OUTCOME_SERIES = [
  ['resolved-confirmed', 'Resolved (confirmed)', 'var(--c1)'],
  ['resolved-assumed', 'Resolved (assumed)', 'var(--c2)'],
  ['human-resolved', 'Human-resolved', 'var(--c3)'],
  ['escalated', 'Escalated (open)', 'var(--c4)'],
  ['abandoned', 'Abandoned', 'var(--c5)'],
  ['reopened', 'Reopened', 'var(--c6)'],
  ['open', 'Still open', 'var(--c7)'],
] as const;

const rate = (value: number | null) => (value === null ? '—' : percent(value));

function Kpi({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="card">
      <div class="muted">{label}</div>
      <div class="kpi">{value}</div>
      {note && <div class="muted">{note}</div>}
    </div>
  );
}

function CohortTable({ report }: { report: MetricsReport }) {
  const rows: [string, MetricsRow][] = [
    ['AI', report.cohorts.ai],
    ['Human-only', report.cohorts['human-only']],
  ];
  return (
    <div class="scroll">
    <table>
      <thead>
        <tr>
          <th>Cohort</th>
          <th>Conversations</th>
          <th>Escalated</th>
          <th>CSAT (avg)</th>
          <th>CSAT (4–5)</th>
          <th>Answers</th>
          <th>First response (median)</th>
          <th>Resolution (median)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, row]) => (
          <tr>
            <td>{name}</td>
            <td>{row.conversations}</td>
            <td>{rate(row.escalationRate)}</td>
            <td>{row.csat.average === null ? '—' : row.csat.average.toFixed(2)}</td>
            <td>{rate(row.csat.satisfied)}</td>
            <td>{row.csat.responses}</td>
            <td>{row.firstResponse === null ? '—' : duration(row.firstResponse)}</td>
            <td>{[row.timeToResolution.aiOnly, row.timeToResolution.escalated].map((value) => (value === null ? '—' : duration(value))).join(' / ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** Rates per row with the open conversations beside them: a rate over 3 ended of 27 says little. */
function RateTable({ name, rows }: { name: string; rows: (MetricsRow & { key: string })[] }) {
  return (
    <div class="scroll">
      <table data-testid={`${name.toLowerCase()}-table`}>
        <thead>
          <tr>
            <th>{name}</th>
            <th>Conversations</th>
            <th>Ended</th>
            <th>Open</th>
            <th>Containment</th>
            <th>With assumed</th>
            <th>Escalation</th>
            <th>CSAT (4–5)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>{row.key}</td>
              <td>{row.conversations}</td>
              <td>{row.ended}</td>
              <td>{row.outcomes.open}</td>
              <td>{rate(row.containment)}</td>
              <td>{rate(row.containmentWithAssumed)}</td>
              <td>{rate(row.escalationRate)}</td>
              <td>{rate(row.csat.satisfied)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Dashboard({ report }: { report: MetricsReport }) {
  const dates = report.days.map((day) => day.date);
  const ai = report.cohorts.ai;
  const { targets } = report;
  return (
    <section aria-labelledby="metrics">
      <h2 id="metrics">Metrics</h2>
      {report.warnings.map((warning) => (
        <p class="warn" role="alert">
          {warning}
        </p>
      ))}
      <div class="grid">
        <Kpi label="Containment (confirmed)" value={rate(ai.containment)} note={`with assumed: ${rate(ai.containmentWithAssumed)} · target ${percent(targets.containmentWithAssumed.min)}–${percent(targets.containmentWithAssumed.max)}`} />
        <Kpi label="Escalation rate" value={rate(ai.escalationRate)} note={`healthy band ${percent(targets.escalationRate.min)}–${percent(targets.escalationRate.max)}`} />
        <Kpi label="CSAT (4–5 of 5)" value={rate(ai.csat.satisfied)} note={`${ai.csat.responses} answers · avg ${ai.csat.average?.toFixed(2) ?? '—'}`} />
        <Kpi label="First response (median)" value={ai.firstResponse === null ? '—' : duration(ai.firstResponse)} note={`${ai.conversations} AI conversations`} />
      </div>
      <p class="ended" data-testid="ended-open">
        Rates over <strong>{ai.ended}</strong> ended {ai.ended === 1 ? 'conversation' : 'conversations'}; <strong>{ai.outcomes.open}</strong> still open beside them.
        {ai.ended < report.minEndedForWarnings ? ` Warnings start once ${report.minEndedForWarnings} have ended.` : ''}
      </p>
      <p class="muted">
        Rates are over ended conversations of the AI cohort. "Assumed" means no reply for {report.assumedResolutionHours} h after a useful answer; it is never counted as confirmed. First response is the first answer (or "not sure"); where the AI only handed over, it is a person's first reply.
      </p>
      <h3>Outcome mix per day</h3>
      <StackedBars title="Outcome mix per day" dates={dates} series={OUTCOME_SERIES.map(([key, label, color]) => ({ label, color, values: report.days.map((day) => day.outcomes[key]) }))} />
      <div class="grid charts">
        <div>
          <h3>Containment</h3>
          <Lines
            title="Containment per day"
            dates={dates}
            band={targets.containmentWithAssumed}
            max={1}
            format={percent}
            series={[
              { label: 'Confirmed', color: 'var(--c1)', values: report.days.map((day) => day.containment) },
              { label: 'With assumed', color: 'var(--c2)', values: report.days.map((day) => day.containmentWithAssumed) },
            ]}
          />
        </div>
        <div>
          <h3>Escalation rate</h3>
          <Lines title="Escalation rate per day" dates={dates} band={targets.escalationRate} max={1} format={percent} series={[{ label: 'Escalation rate', color: 'var(--c3)', values: report.days.map((day) => day.escalationRate) }]} />
        </div>
        <div>
          <h3>CSAT</h3>
          <Lines title="CSAT per day" dates={dates} band={targets.csat} max={1} format={percent} series={[{ label: 'CSAT (4–5)', color: 'var(--c6)', values: report.days.map((day) => day.csat.satisfied) }]} />
        </div>
        <div>
          <h3>Time to resolution (median)</h3>
          <Lines
            title="Time to resolution per day"
            dates={dates}
            max={60_000}
            format={duration}
            series={[
              { label: 'AI-only', color: 'var(--c1)', values: report.days.map((day) => day.timeToResolution.aiOnly) },
              { label: 'Escalated', color: 'var(--c3)', values: report.days.map((day) => day.timeToResolution.escalated) },
            ]}
          />
        </div>
      </div>
      <h3>AI versus human-only</h3>
      <CohortTable report={report} />
      <h3>Per category</h3>
      <p class="muted">The category of each conversation's latest message. The target band applies to each common category.</p>
      <RateTable name="Category" rows={report.categories.map((row) => ({ ...row, key: row.category }))} />
      <h3>Per product</h3>
      <RateTable name="Product" rows={report.products.map((row) => ({ ...row, key: row.product }))} />
    </section>
  );
}
