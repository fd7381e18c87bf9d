import { describe, expect, it } from 'vitest';
import { burndownSeries, countsAt, mergeRates, percent, type PrTimeline } from './burndown';
import { burndownFigure, burndownSvg, countTicks, HEIGHT, MARGIN, stepPoints, timeTicks, WIDTH } from './burndown-chart';

const T = Date.UTC(2026, 2, 4, 12, 0, 0); // 2026-03-04 12:00 UTC
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('burndownSeries', () => {
  it('counts each state at given times from openings and transitions', () => {
    const prs: PrTimeline[] = [
      { openedAt: T, state: 'merged', since: T + 2 * DAY },
      { openedAt: T + DAY, state: 'closed', since: T + 3 * DAY },
      { openedAt: T + DAY, state: 'changes_requested', since: T + 4 * DAY },
      { openedAt: T + 2 * DAY, state: 'open' },
    ];
    const s = burndownSeries(prs, T + 10 * DAY);
    expect(s.total).toBe(4);
    expect(s.start).toBe(T);
    expect(s.end).toBe(T + 10 * DAY);
    expect(countsAt(s, T - 1)).toEqual({ open: 0, changes_requested: 0, merged: 0, closed: 0 });
    expect(countsAt(s, T)).toEqual({ open: 1, changes_requested: 0, merged: 0, closed: 0 });
    expect(countsAt(s, T + DAY + 1)).toEqual({ open: 3, changes_requested: 0, merged: 0, closed: 0 });
    // At T+2d one is merged and another opened: both apply at that instant.
    expect(countsAt(s, T + 2 * DAY)).toEqual({ open: 3, changes_requested: 0, merged: 1, closed: 0 });
    expect(countsAt(s, T + 3 * DAY)).toEqual({ open: 2, changes_requested: 0, merged: 1, closed: 1 });
    expect(s.now).toEqual({ open: 1, changes_requested: 1, merged: 1, closed: 1 });
    expect(s.points.map((p) => p.t)).toEqual([T, T + DAY, T + 2 * DAY, T + 3 * DAY, T + 4 * DAY]);
  });

  it('is the same whatever the input order', () => {
    const prs: PrTimeline[] = [
      { openedAt: T + 5 * HOUR, state: 'merged', since: T + 9 * HOUR },
      { openedAt: T, state: 'closed', since: T + HOUR },
      { openedAt: T + 2 * HOUR, state: 'open' },
    ];
    expect(burndownSeries([...prs].reverse(), T + DAY)).toEqual(burndownSeries(prs, T + DAY));
  });

  it('moves a transition before its opening to the opening, and an unknown transition time to now', () => {
    const s = burndownSeries(
      [
        { openedAt: T, state: 'merged', since: T - HOUR },
        { openedAt: T, state: 'changes_requested' },
      ],
      T + DAY,
    );
    expect(countsAt(s, T)).toEqual({ open: 1, changes_requested: 0, merged: 1, closed: 0 });
    expect(countsAt(s, T + DAY)).toEqual({ open: 0, changes_requested: 1, merged: 1, closed: 0 });
  });

  it('stretches to an event after now instead of dropping it (clock skew)', () => {
    const s = burndownSeries([{ openedAt: T, state: 'merged', since: T + 2 * HOUR }], T + HOUR);
    expect(s.end).toBe(T + 2 * HOUR);
    expect(s.now.merged).toBe(1);
  });

  it('has no points and zero counts without PRs', () => {
    const s = burndownSeries([], T);
    expect(s).toEqual({ total: 0, start: T, end: T, points: [], now: { open: 0, changes_requested: 0, merged: 0, closed: 0 } });
  });

  it('refuses an invalid opening time', () => {
    expect(() => burndownSeries([{ openedAt: Number.NaN, state: 'open' }], T)).toThrow('invalid openedAt');
  });
});

describe('mergeRates', () => {
  it('is merged of decided and merged of opened', () => {
    const r = mergeRates({ open: 2, changes_requested: 1, merged: 2, closed: 1 });
    expect(r).toEqual({ merged: 2, decided: 3, opened: 6, ofDecided: 2 / 3, ofOpened: 2 / 6 });
    expect(percent(r.ofDecided)).toBe('67%');
    expect(percent(r.ofOpened)).toBe('33%');
  });
  it('has no rate when nothing is decided or opened', () => {
    const r = mergeRates({ open: 3, changes_requested: 0, merged: 0, closed: 0 });
    expect(r.ofDecided).toBeUndefined();
    expect(percent(r.ofDecided)).toBe('–');
    expect(r.ofOpened).toBe(0);
    expect(mergeRates({ open: 0, changes_requested: 0, merged: 0, closed: 0 }).ofOpened).toBeUndefined();
  });
});

describe('axes', () => {
  it('labels a span of months with first-of-month dates', () => {
    const ticks = timeTicks(Date.UTC(2026, 0, 15), Date.UTC(2026, 4, 20));
    expect(ticks.map((t) => t.label)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    expect(ticks[0]!.t).toBe(Date.UTC(2026, 1, 1));
  });
  it('labels days with dates and hours with times, the date added when the span crosses midnight', () => {
    expect(timeTicks(Date.UTC(2026, 2, 1, 5), Date.UTC(2026, 2, 5)).map((t) => t.label)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
    expect(timeTicks(T, T + HOUR).map((t) => t.label)).toEqual(['12:00', '12:15', '12:30', '12:45', '13:00']);
    expect(timeTicks(T + 10 * HOUR, T + 14 * HOUR).map((t) => t.label)).toEqual([
      '03-04 22:00',
      '03-04 23:00',
      '03-05 00:00',
      '03-05 01:00',
      '03-05 02:00',
    ]);
  });
  it('keeps at most six time ticks and five count steps, whatever the span or total', () => {
    for (const span of [MIN, HOUR, 13 * HOUR, 9 * DAY, 40 * DAY, 400 * DAY, 4000 * DAY])
      expect(timeTicks(T, T + span).length).toBeLessThanOrEqual(6);
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });
});

describe('burndownSvg', () => {
  // Two PRs over one hour: A opened at T and merged at T+30m, when B opens; now is T+1h.
  const series = burndownSeries(
    [
      { openedAt: T, state: 'merged', since: T + 30 * MIN },
      { openedAt: T + 30 * MIN, state: 'open' },
    ],
    T + HOUR,
  );

  it('draws each state as step points on fixed scales', () => {
    // x: 44 at T, 374 at T+30m, 704 at T+1h; y: 220 for 0, 122 for 1, 24 for 2 (the axis ends at 2).
    expect(stepPoints(series, 'open')).toBe('44,220 44,122 704,122');
    expect(stepPoints(series, 'merged')).toBe('44,220 374,220 374,122 704,122');
    expect(stepPoints(series, 'closed')).toBe('44,220 704,220');
    const svg = burndownSvg(series, 'campaign-1').value;
    expect(svg).toContain(`viewBox="0 0 ${WIDTH} ${HEIGHT}"`);
    expect(svg).toContain('data-state="merged" fill="none" stroke="#1a7f37"');
    expect(svg).toContain('points="44,220 374,220 374,122 704,122"');
    expect(svg).toContain(
      '<desc id="burndown-desc">2 upstream pull requests opened from 2026-03-04 12:00 UTC to 2026-03-04 13:00 UTC; now 1 open, 0 changes requested, 1 merged, 0 closed.</desc>',
    );
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('is identical for the same input (no clock, no random ids)', () => {
    expect(burndownSvg(series, 'x').value).toBe(burndownSvg(series, 'x').value);
  });

  it('escapes a hostile title', () => {
    const svg = burndownSvg(series, '</title><script>alert(1)</script>"&').value;
    expect(svg).toContain('<title id="burndown-title">&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;</title>');
    expect(svg).not.toContain('<script>');
  });

  it('draws PRs all opened at one instant, now, as a step at the right edge of a one-hour window', () => {
    const s = burndownSeries(
      Array.from({ length: 3 }, () => ({ openedAt: T, state: 'open' as const })),
      T,
    );
    expect(stepPoints(s, 'open')).toBe(`${MARGIN.left},220 704,220 704,24`);
  });

  it('keeps a thousand PRs over months to bounded points, all inside the plot', () => {
    const prs: PrTimeline[] = Array.from({ length: 1000 }, (_, i) => ({
      openedAt: T + i * 3 * HOUR,
      state: (['open', 'changes_requested', 'merged', 'closed'] as const)[i % 4]!,
      since: T + i * 3 * HOUR + 5 * DAY,
    }));
    const s = burndownSeries(prs, T + 200 * DAY);
    expect(s.now).toEqual({ open: 250, changes_requested: 250, merged: 250, closed: 250 });
    const svg = burndownSvg(s, 'big').value;
    const labels = [...svg.matchAll(/data-t="\d+">([^<]+)</g)].map((m) => m[1]);
    // Every other month, on even months of the year: from 2026-03-04 to 2026-09-20.
    expect(labels).toEqual(['2026-05', '2026-07', '2026-09']);
    for (const state of ['open', 'merged'] as const) {
      const pts = stepPoints(s, state)
        .split(' ')
        .map((p) => p.split(',').map(Number));
      expect(pts.length).toBeLessThanOrEqual(2 * s.points.length + 2);
      for (const [x, y] of pts) {
        expect(x).toBeGreaterThanOrEqual(MARGIN.left);
        expect(x).toBeLessThanOrEqual(WIDTH - MARGIN.right);
        expect(y).toBeGreaterThanOrEqual(MARGIN.top);
        expect(y).toBeLessThanOrEqual(HEIGHT - MARGIN.bottom);
      }
    }
  });
});

describe('burndownFigure', () => {
  it('says there is no PR yet instead of drawing an empty chart', () => {
    const out = burndownFigure(burndownSeries([], T), 'c').value;
    expect(out).toContain('data-role="burndown-empty"');
    expect(out).not.toContain('<svg');
    expect(out).toContain('data-rate="decided">–</strong>');
  });

  it('gives the chart a summary, the merge rates and a table of the counts at each axis date and now', () => {
    const s = burndownSeries(
      [
        { openedAt: T, state: 'merged', since: T + 2 * DAY },
        { openedAt: T, state: 'closed', since: T + 3 * DAY },
        { openedAt: T + DAY, state: 'open' },
      ],
      T + 4 * DAY,
    );
    const out = burndownFigure(s, 'c').value;
    expect(out).toContain('data-role="burndown-summary">3 upstream pull requests opened from 2026-03-04 12:00 UTC');
    expect(out).toContain('data-rate="decided">50%</strong> of the decided (1 merged of 2 merged or closed)');
    expect(out).toContain('data-rate="opened">33%</strong> of all opened (1 of 3)');
    const rows = [...out.matchAll(/<tr data-at="([^"]+)">(.*?)<\/tr>/g)].map((m) => [
      m[1],
      [...m[2]!.matchAll(/data-state="\w+">(\d+)</g)].map((c) => Number(c[1])),
    ]);
    expect(rows).toEqual([
      ['2026-03-05', [2, 0, 0, 0]],
      ['2026-03-06', [3, 0, 0, 0]],
      ['2026-03-07', [2, 0, 1, 0]],
      ['2026-03-08', [1, 0, 1, 1]],
      ['now', [1, 0, 1, 1]],
    ]);
  });
});

describe('stepPoints at one rounding step', () => {
  it('keeps a PR opened and merged within half a second as a visible spike, and merges steps in one direction', () => {
    const s = burndownSeries(
      [
        { openedAt: T - 100, state: 'merged', since: T },
        { openedAt: T - 100, state: 'open' },
      ],
      T,
    );
    // Both opened and one merged within 0.1 px of the right edge: the open line goes up to 2 and back down to 1 there.
    expect(stepPoints(s, 'open')).toBe('44,220 704,220 704,24 704,122');
    expect(stepPoints(burndownSeries([{ openedAt: T - 100, state: 'merged', since: T - 50 }], T), 'open')).toBe(
      '44,220 704,220 704,24 704,220',
    );
  });
});
