/**
 * The campaign burndown as server-rendered SVG: one step line per PR state over time, UTC date axis, integer count
 * axis, with its text alternative (a <title> and <desc>, a summary line, the counts at each axis date in a table) and
 * the merge rates. No script and no style attributes (the CSP allows neither): colours and dashes are SVG
 * presentation attributes, so the lines stay distinguishable without colour. Fixed size, coordinates rounded to
 * 0.1, every text escaped.
 */
import type { UpstreamPrState } from '../shared/types';
import { countsAt, mergeRates, percent, PR_STATES, type BurndownSeries } from './burndown';
import { html, type Html } from './html';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A chart spans at least this long back from now, so that PRs opened seconds ago still draw visible lines. */
export const MIN_SPAN_MS = HOUR;

export const WIDTH = 720;
export const HEIGHT = 260;
export const MARGIN = { left: 44, right: 16, top: 24, bottom: 40 } as const;
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
const MAX_X_TICKS = 6;
const MAX_Y_TICKS = 5;

export const STATE_LABELS: Record<UpstreamPrState, string> = {
  open: 'open',
  changes_requested: 'changes requested',
  merged: 'merged',
  closed: 'closed',
};
/** Colour and dash per state (GitHub's palette; a dash pattern each, for readers who do not tell the colours apart). */
const LINE_STYLE: Record<UpstreamPrState, { stroke: string; dash?: string }> = {
  open: { stroke: '#0b63ce' },
  changes_requested: { stroke: '#bf8700', dash: '6 3' },
  merged: { stroke: '#1a7f37', dash: '10 2 2 2' },
  closed: { stroke: '#a40e26', dash: '2 3' },
};

const round = (n: number): number => Math.round(n * 10) / 10;

export interface TimeTick {
  t: number;
  label: string;
}

/** The time domain drawn: the series, at least MIN_SPAN_MS back from its end. */
export function timeDomain(series: BurndownSeries): { from: number; to: number } {
  return { from: Math.min(series.start, series.end - MIN_SPAN_MS), to: series.end };
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const hhmm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

const FIXED_STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

/**
 * At most MAX_X_TICKS ticks at round UTC instants within [from, to]: minutes and hours labelled HH:MM (with the
 * date when the span crosses midnight), days labelled YYYY-MM-DD, months (first of the month) YYYY-MM.
 */
export function timeTicks(from: number, to: number): TimeTick[] {
  const span = to - from;
  const fixed = FIXED_STEPS.find((step) => span / step <= MAX_X_TICKS);
  if (fixed !== undefined) {
    const crossesDay = isoDay(new Date(from)) !== isoDay(new Date(to));
    const ticks: TimeTick[] = [];
    for (let t = Math.ceil(from / fixed) * fixed; t <= to; t += fixed) {
      const d = new Date(t);
      ticks.push({ t, label: fixed >= DAY ? isoDay(d) : crossesDay ? `${isoDay(d).slice(5)} ${hhmm(d)}` : hhmm(d) });
    }
    return ticks;
  }
  const months = MONTH_STEPS.find((k) => span / (k * 30.44 * DAY) <= MAX_X_TICKS) ?? MONTH_STEPS.at(-1)!;
  const first = new Date(from);
  let index = first.getUTCFullYear() * 12 + first.getUTCMonth();
  if (Date.UTC(Math.floor(index / 12), index % 12, 1) < from) index++;
  index = Math.ceil(index / months) * months;
  const ticks: TimeTick[] = [];
  for (; ; index += months) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > to) break;
    ticks.push({ t, label: `${Math.floor(index / 12)}-${pad((index % 12) + 1)}` });
  }
  return ticks;
}

/** Count ticks 0..max in steps of 1, 2 or 5 × 10^k, at most MAX_Y_TICKS steps; the axis ends on the last tick. */
export function countTicks(total: number): number[] {
  const max = Math.max(1, total);
  let step = 1;
  for (let k = 1; ; k *= 10) {
    const found = [1, 2, 5].map((m) => m * k).find((s) => Math.ceil(max / s) <= MAX_Y_TICKS);
    if (found) {
      step = found;
      break;
    }
  }
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

interface Scales {
  x: (t: number) => number;
  y: (count: number) => number;
  from: number;
  to: number;
  yTicks: number[];
}

function scales(series: BurndownSeries): Scales {
  const { from, to } = timeDomain(series);
  const yTicks = countTicks(series.total);
  const yMax = yTicks.at(-1)!;
  return {
    x: (t) => round(MARGIN.left + ((t - from) / (to - from)) * PLOT_W),
    y: (c) => round(MARGIN.top + PLOT_H - (c / yMax) * PLOT_H),
    from,
    to,
    yTicks,
  };
}

/**
 * The `points` attribute of one state's step line: zero from the left edge, a vertical step at each event, held to
 * the right edge (now); consecutive points on one horizontal or vertical run are merged, so a line has at most
 * two points per distinct event time.
 */
export function stepPoints(series: BurndownSeries, state: UpstreamPrState, s: Scales = scales(series)): string {
  const pts: Array<[number, number]> = [];
  const push = (x: number, y: number) => {
    const last = pts.at(-1);
    if (last && last[0] === x && last[1] === y) return;
    const before = pts.at(-2);
    // x never decreases, so a horizontal run merges; a vertical one only while it keeps its direction (a PR opened
    // and answered within one rounding step is still a visible spike).
    const sameRun =
      last &&
      before &&
      ((before[1] === last[1] && last[1] === y) || (before[0] === last[0] && last[0] === x && (last[1] - before[1]) * (y - last[1]) > 0));
    if (sameRun) pts.pop();
    pts.push([x, y]);
  };
  let count = 0;
  push(s.x(s.from), s.y(0));
  for (const p of series.points) {
    push(s.x(p.t), s.y(count));
    count = p.counts[state];
    push(s.x(p.t), s.y(count));
  }
  push(s.x(s.to), s.y(count));
  return pts.map(([x, y]) => `${x},${y}`).join(' ');
}

const when = (t: number) => {
  const d = new Date(t);
  return `${isoDay(d)} ${hhmm(d)} UTC`;
};

function describe(series: BurndownSeries): string {
  const now = PR_STATES.map((st) => `${series.now[st]} ${STATE_LABELS[st]}`).join(', ');
  return `${series.total} upstream pull request${series.total === 1 ? '' : 's'} opened from ${when(series.start)} to ${when(series.end)}; now ${now}.`;
}

/** The SVG alone (see burndownFigure for the page's whole block). */
export function burndownSvg(series: BurndownSeries, title: string): Html {
  const s = scales(series);
  const yMax = s.yTicks.at(-1)!;
  const ticks = timeTicks(s.from, s.to);
  const bottom = MARGIN.top + PLOT_H;
  return html`<svg class="burndown-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="burndown-title burndown-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif" font-size="11">
<title id="burndown-title">${title}</title>
<desc id="burndown-desc">${describe(series)}</desc>
<g class="burndown-y-axis" data-role="y-axis">${s.yTicks.map(
    (c) =>
      html`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${s.y(c)}" y2="${s.y(c)}" stroke="#d0d7de" stroke-width="1"/><text x="${MARGIN.left - 6}" y="${round(s.y(c) + 4)}" text-anchor="end" fill="#57606a">${c}</text>`,
  )}<text x="${MARGIN.left}" y="${MARGIN.top - 10}" text-anchor="middle" fill="#57606a">${yMax === 1 ? 'PR' : 'PRs'}</text></g>
<g class="burndown-x-axis" data-role="x-axis"><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${bottom}" y2="${bottom}" stroke="#57606a" stroke-width="1"/>${ticks.map(
    (t) =>
      html`<line x1="${s.x(t.t)}" x2="${s.x(t.t)}" y1="${bottom}" y2="${bottom + 4}" stroke="#57606a" stroke-width="1"/><text x="${s.x(t.t)}" y="${bottom + 16}" text-anchor="middle" fill="#57606a" data-t="${t.t}">${t.label}</text>`,
  )}<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 4}" text-anchor="end" fill="#57606a">UTC</text></g>
${PR_STATES.map((st) => {
  const style = LINE_STYLE[st];
  return html`<polyline class="burndown-line" data-state="${st}" fill="none" stroke="${style.stroke}" stroke-width="2" stroke-linejoin="round"${style.dash ? html` stroke-dasharray="${style.dash}"` : ''} points="${stepPoints(series, st, s)}"><title>${STATE_LABELS[st]}: ${series.now[st]} now</title></polyline>`;
})}
</svg>`;
}

/** A legend swatch: a short line in the state's colour and dash. */
export function stateSwatch(state: UpstreamPrState): Html {
  const style = LINE_STYLE[state];
  return html`<svg class="swatch" width="22" height="10" viewBox="0 0 22 10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" stroke="${style.stroke}" stroke-width="2"${style.dash ? html` stroke-dasharray="${style.dash}"` : ''}/></svg>`;
}

/**
 * The campaign page's burndown block: the chart with a summary line, the merge rates, and the counts at each axis
 * date and now in a table (the chart's numbers, readable without it). With no PR yet, a sentence saying so instead.
 */
export function burndownFigure(series: BurndownSeries, title: string): Html {
  const rates = mergeRates(series.now);
  const rateLine = html`<p class="merge-rate" data-role="merge-rate">Merge rate: <strong data-rate="decided">${percent(rates.ofDecided)}</strong> of the decided (${rates.merged} merged of ${rates.decided} merged or closed) · <strong data-rate="opened">${percent(rates.ofOpened)}</strong> of all opened (${rates.merged} of ${rates.opened})</p>`;
  if (series.total === 0)
    return html`<p class="empty" data-role="burndown-empty">No upstream pull request yet: the chart starts when an integration of this campaign opens one (after its review is approved).</p>${rateLine}`;
  const { from, to } = timeDomain(series);
  const rows = [...timeTicks(from, to).map((t) => ({ label: t.label, t: t.t })), { label: 'now', t: to }];
  return html`<figure class="burndown" data-role="burndown">
${burndownSvg(series, title)}
<figcaption data-role="burndown-summary">${describe(series)}</figcaption>
</figure>
${rateLine}
<details class="burndown-data"><summary>The chart's numbers</summary>
<table data-role="burndown-table"><thead><tr><th>At (UTC)</th>${PR_STATES.map((st) => html`<th>${stateSwatch(st)} ${STATE_LABELS[st]}</th>`)}</tr></thead>
<tbody>${rows.map((r) => {
    const c = countsAt(series, r.t);
    return html`<tr data-at="${r.label}"><td>${r.label}</td>${PR_STATES.map((st) => html`<td data-state="${st}">${c[st]}</td>`)}</tr>`;
  })}</tbody></table></details>`;
}
