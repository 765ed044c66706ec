import { describe, expect, it } from 'vitest';
import { cycleFiring, dueInstant, timerSchedule } from './timers';

const NOW = Date.parse('2026-11-23T09:00:00+08:00');
const at = (iso: string) => Date.parse(iso);

describe('timer schedules', () => {
  it.each([
    ['duration', 'PT5M', { fireAt: NOW + 5 * 60_000 }],
    ['duration', 'P1M', { fireAt: at('2026-12-23T09:00:00+08:00') }],
    ['date', '2026-12-01T09:00:00+08:00', { fireAt: at('2026-12-01T09:00:00+08:00') }],
    ['cycle', 'R3/PT1H', { fireAt: NOW + 3_600_000, remaining: 2, intervalMs: 3_600_000 }],
    ['cycle', 'R/P7D', { fireAt: NOW + 7 * 86_400_000, remaining: -1, intervalMs: 7 * 86_400_000 }],
    // A start in the past fires at the next boundary, not in a burst.
    ['cycle', 'R5/2026-11-20T09:00:00+08:00/P1D', { fireAt: NOW, remaining: 4, intervalMs: 86_400_000 }],
    ['cycle', 'R5/2026-11-20T10:00:00+08:00/P1D', { fireAt: at('2026-11-23T10:00:00+08:00'), remaining: 4, intervalMs: 86_400_000 }],
  ] as const)('%s %s', (kind, value, expected) => {
    expect(timerSchedule(kind, value, NOW)).toEqual(expected);
  });

  it.each([
    ['duration', '5 minutes'],
    ['date', '2026-12-01 09:00'],
    ['cycle', 'R0/PT1H'],
  ] as const)('refuses %s %s', (kind, value) => {
    expect(() => timerSchedule(kind, value, NOW)).toThrow(/ISO 8601/);
  });
});

describe('calendar cycles', () => {
  const firings = (value: string, now: number, count: number) => {
    const { fireAt, cycle } = timerSchedule('cycle', value, now, { calendarCycles: true });
    return [fireAt, ...Array.from({ length: count - 1 }, (_, i) => cycleFiring(cycle!, cycle!.n + i + 1))].map((t) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16));
  };

  it('fires on the first of every month in the zone, whatever the months’ lengths', () => {
    expect(firings('R/2021-01-01T00:00:00+08:00/P1M', at('2020-12-28T10:00:00+08:00'), 4)).toEqual([
      '2021-01-01T00:00',
      '2021-02-01T00:00',
      '2021-03-01T00:00',
      '2021-04-01T00:00',
    ]);
  });

  it('keeps the 31st where a month has one, and the last day where it has not', () => {
    expect(firings('R/2021-01-31T09:00:00+08:00/P1M', at('2021-01-01T00:00:00+08:00'), 4)).toEqual([
      '2021-01-31T09:00',
      '2021-02-28T09:00',
      '2021-03-31T09:00',
      '2021-04-30T09:00',
    ]);
  });

  it('starts at the next boundary when its start has passed, and without a start one interval from now', () => {
    expect(firings('R/2021-01-01T00:00:00+08:00/P1M', at('2021-05-20T10:00:00+08:00'), 2)).toEqual(['2021-06-01T00:00', '2021-07-01T00:00']);
    expect(firings('R/P1M', at('2021-01-31T10:00:00+08:00'), 3)).toEqual(['2021-02-28T10:00', '2021-03-31T10:00', '2021-04-30T10:00']);
    expect(timerSchedule('cycle', 'R3/P7D', NOW, { calendarCycles: true })).toMatchObject({ fireAt: NOW + 7 * 86_400_000, remaining: 2 });
  });
});

describe('due dates', () => {
  it.each([
    ['2026-12-31', at('2026-12-31T23:59:59.999+08:00')],
    ['2026-12-31T18:00:00+08:00', at('2026-12-31T18:00:00+08:00')],
    ['P3D', NOW + 3 * 86_400_000],
  ])('%s', (value, expected) => {
    expect(dueInstant(value, NOW)).toBe(expected);
  });
});
