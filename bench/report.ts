/** The bench's Markdown: one section per measurement, a skipped part says why. */
import { LOADER_BUDGET, TOTAL_BUDGET, type WidgetSizes } from '../widget/check-size';
import { summarizeHostImpact, type HostImpact } from './host-impact';
import { kb, markdownTable, median, ms, percentile } from './stats';
import type { LevelResult } from './worker-latency';
import type { RivalWeight } from './widget-weight';

export type Part<T> = { value: T } | { skipped: string };

export function weightSection(ours: Part<WidgetSizes>, rivals: RivalWeight[]): string {
  const lines = ['### Widget weight (gzip -9, 1 KB = 1000 bytes)', ''];
  if ('skipped' in ours) lines.push(`Switchboard: skipped (${ours.skipped}).`, '');
  const total = 'value' in ours ? ours.value.total : undefined;
  const rows: string[][] = [];
  if ('value' in ours) {
    const sizes = ours.value;
    const [lang] = Object.entries(sizes.totals).sort((a, b) => b[1] - a[1])[0]!;
    rows.push(['**Switchboard loader** (the script tag)', 'dist/widget.js', kb(sizes.loader), '–']);
    rows.push([`**Switchboard total** (loader + panel, largest language: ${lang})`, `dist/widget.js + dist/widget-panel.${lang}.js`, kb(sizes.total), '1×']);
    const parts = Object.keys(sizes.files).filter((name) => name.endsWith(`.${lang}.js`) && !name.startsWith('widget-panel.'));
    if (parts.length) rows.push([`**Switchboard parts loaded on first use** (${lang})`, parts.map((name) => `dist/${name}`).join(' + '), kb(sizes.parts[lang] ?? 0), '–']);
  }
  for (const rival of rivals) {
    const name = rival.version ? `${rival.name} ${rival.version}` : rival.name;
    if (rival.skipped || rival.gzip === undefined) rows.push([name, '–', `skipped: ${rival.skipped}`, '–']);
    else rows.push([name, `${rival.file} (${rival.why})`, kb(rival.gzip), total ? `${(rival.gzip / total).toFixed(0)}×` : '–']);
  }
  lines.push(markdownTable(['Widget', 'File', 'gzip -9', 'vs. Switchboard total'], rows));
  if ('value' in ours) {
    const { loader, total: most } = ours.value;
    const verdict = (bytes: number, budget: number) => `${bytes} B of ${budget} B${bytes > budget ? ', over budget' : ''}`;
    lines.push('', `Budgets (widget/check-size.ts, gzip -9): loader ${verdict(loader, LOADER_BUDGET)}; total ${verdict(most, TOTAL_BUDGET)}. Rivals are fetched with \`npm pack\` at bench time; the total counts every file one visitor downloads before the first use, and the parts load when first needed (the Markdown renderer and the handoff form on the first open, ratings on the first rating, a saved conversation's read-back when there is one).`);
  }
  return lines.join('\n');
}

export function hostSection(part: Part<HostImpact>): string {
  const lines = ['### Host page impact (Lighthouse)', ''];
  if ('skipped' in part) return [...lines, `Skipped: ${part.skipped}.`].join('\n');
  const impact = part.value;
  const summary = summarizeHostImpact(impact);
  const signed = (value: number, digits: number, unit = '') => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}${unit}`;
  lines.push(`Same page with and without the widget, ${impact.runs} runs each, medians. ${impact.throttling}.`, '');
  lines.push(
    markdownTable(
      ['Metric', 'Without widget', 'With widget', 'Delta', 'Goal'],
      [
        ['Cumulative Layout Shift', summary.plain.cls.toFixed(3), summary.widget.cls.toFixed(3), signed(summary.clsDelta, 3), '0'],
        ['Total Blocking Time', ms(summary.plain.tbt), ms(summary.widget.tbt), signed(summary.tbtDelta, 1, ' ms'), '≤ 10 ms'],
        ['Long tasks (≥ 50 ms) from widget scripts', '–', `${summary.longTasks}${summary.longestTask ? ` (longest ${ms(summary.longestTask)})` : ''}`, '–', '0'],
        ['Main-thread time of widget scripts, loader + panel (bootup-time)', '–', ms(summary.scriptMs), '–', '–'],
        ['Panel chunk loaded during the run (on idle)', '–', `${summary.panelLoadedRuns} of ${impact.runs} runs`, '–', '–'],
        ['Performance score', summary.plain.score.toFixed(2), summary.widget.score.toFixed(2), signed(summary.widget.score - summary.plain.score, 2), '–'],
      ],
    ),
  );
  return lines.join('\n');
}

export function latencySection(part: Part<LevelResult[]>, setup: string): string {
  const lines = ['### Worker latency (`wrangler dev`, loopback)', ''];
  if ('skipped' in part) return [...lines, `Skipped: ${part.skipped}.`].join('\n');
  lines.push(setup, '');
  const rows = part.value.map((level) => [
    level.route === 'chat' ? 'POST /v1/chat' : 'GET /v1/health',
    String(level.concurrency),
    `${level.requests}${level.capped ? ' (time cap)' : ''}`,
    ms(median(level.firstEvent)),
    ms(percentile(level.firstEvent, 99)),
    level.route === 'chat' ? ms(median(level.firstText)) : '–',
    ms(median(level.finish)),
    ms(percentile(level.finish, 99)),
    (level.requests / level.seconds).toFixed(0),
    level.failed ? `${level.failed} (${Object.entries(level.failures).map(([why, count]) => `${why}: ${count}`).join(', ')})` : '0',
  ]);
  lines.push(markdownTable(['Route', 'Visitors', 'Requests', 'First event p50', 'First event p99', 'First text p50', 'Finish p50', 'Finish p99', 'Req/s', 'Failed'], rows), '');
  const overhead = [...new Set(part.value.map((level) => level.concurrency))].map((concurrency) => {
    const at = (route: string) => part.value.find((level) => level.route === route && level.concurrency === concurrency);
    const difference = median(at('chat')?.firstEvent ?? []) - median(at('health')?.firstEvent ?? []);
    return [String(concurrency), ms(difference), Number.isFinite(difference) ? (difference <= 15 ? 'yes' : 'no') : '–'];
  });
  lines.push(markdownTable(['Visitors', 'Chat first event p50 − health p50', 'Within 15 ms'], overhead));
  return lines.join('\n');
}
