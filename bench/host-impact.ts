/**
 * Host-page impact: Lighthouse (desktop preset, simulated throttling) on the
 * same page with and without the widget, `runs` times each, alternating, in one
 * Chromium. Long tasks and script time are attributed to the widget by the URL
 * of its scripts (everything served from the worker origin).
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { median } from './stats';

export const CHROMIUM = '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
/** The desktop preset; bootup-time lists every script, not only those over its default 50 ms, so the widget's small cost shows. */
const CONFIG = { ...desktopConfig, audits: [{ path: 'bootup-time', options: { thresholdInMs: 0 } }] };

export interface PageRun {
  score: number;
  cls: number;
  tbt: number;
  /** Long tasks (≥ 50 ms) whose attributable URL is a widget script. */
  widgetLongTasks: { url: string; duration: number }[];
  /** Main-thread time of widget scripts (bootup-time audit: scripting + parse/compile). */
  widgetScriptMs: number;
  /** Whether the panel chunk loaded during the run (idle-time prefetch). */
  panelLoaded: boolean;
}

export interface HostImpact {
  runs: number;
  throttling: string;
  plain: PageRun[];
  widget: PageRun[];
}

interface AuditItems {
  details?: { items?: Record<string, unknown>[] };
  numericValue?: number;
}

function readRun(lhr: { categories: Record<string, { score: number | null }>; audits: Record<string, AuditItems> }, widgetOrigin: string): PageRun {
  const items = (id: string) => lhr.audits[id]?.details?.items ?? [];
  const fromWidget = (url: unknown) => typeof url === 'string' && url.startsWith(widgetOrigin);
  return {
    score: lhr.categories.performance?.score ?? Number.NaN,
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    tbt: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    widgetLongTasks: items('long-tasks')
      .filter((item) => fromWidget(item.url))
      .map((item) => ({ url: String(item.url), duration: Number(item.duration) })),
    widgetScriptMs: items('bootup-time')
      .filter((item) => fromWidget(item.url))
      .reduce((sum, item) => sum + Number(item.total ?? 0), 0),
    panelLoaded: items('network-requests').some((item) => fromWidget(item.url) && /\/widget-panel\.[a-z]{2}\.js/.test(String(item.url))),
  };
}

export async function measureHostImpact(pages: { plain: string; widget: string }, widgetOrigin: string, runs = 3, progress: (line: string) => void = () => {}): Promise<HostImpact> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  const result: HostImpact = { runs, throttling: 'Lighthouse desktop preset: simulated throttling, 40 ms RTT, 10 Mbps, CPU 1×', plain: [], widget: [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const kind of ['plain', 'widget'] as const) {
        const runner = await lighthouse(pages[kind], { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] }, CONFIG);
        if (!runner) throw new Error(`Lighthouse returned nothing for ${pages[kind]}`);
        if (runner.lhr.runtimeError) throw new Error(`Lighthouse: ${runner.lhr.runtimeError.message}`);
        const page = readRun(runner.lhr as never, widgetOrigin);
        result[kind].push(page);
        progress(`  lighthouse ${kind} run ${run + 1}: CLS ${page.cls.toFixed(3)}, TBT ${page.tbt.toFixed(0)} ms, widget long tasks ${page.widgetLongTasks.length}`);
      }
    }
  } finally {
    chrome.kill();
  }
  return result;
}

/** Medians of the runs, and the with-minus-without deltas the goals are about. */
export function summarizeHostImpact(impact: HostImpact) {
  const of = (runs: PageRun[], pick: (run: PageRun) => number) => median(runs.map(pick));
  const plain = { score: of(impact.plain, (run) => run.score), cls: of(impact.plain, (run) => run.cls), tbt: of(impact.plain, (run) => run.tbt) };
  const widget = { score: of(impact.widget, (run) => run.score), cls: of(impact.widget, (run) => run.cls), tbt: of(impact.widget, (run) => run.tbt) };
  return {
    plain,
    widget,
    clsDelta: widget.cls - plain.cls,
    tbtDelta: widget.tbt - plain.tbt,
    longTasks: of(impact.widget, (run) => run.widgetLongTasks.length),
    longestTask: Math.max(0, ...impact.widget.flatMap((run) => run.widgetLongTasks.map((task) => task.duration))),
    scriptMs: of(impact.widget, (run) => run.widgetScriptMs),
    panelLoadedRuns: impact.widget.filter((run) => run.panelLoaded).length,
  };
}
