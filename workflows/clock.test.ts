import { describe, expect, it } from 'vitest';
import { businessTime, drillClock, realDelay, realTime } from './clock';

const REAL = Date.parse('2026-11-23T22:00:00Z');

describe('the drill clock', () => {
  const drill = drillClock('2021-01-01T00:00:00+08:00', 500, REAL);

  it('runs business time a day per DRILL_DAY_MS from its start', () => {
    expect(new Date(businessTime(drill, REAL)).toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(new Date(businessTime(drill, REAL + 500)).toISOString()).toBe('2021-01-01T16:00:00.000Z');
    expect(new Date(businessTime(drill, REAL + 365 * 500)).toISOString()).toBe('2021-12-31T16:00:00.000Z');
    expect(realTime(drill, Date.parse('2021-01-25T00:00:00+08:00'))).toBe(REAL + 24 * 500);
  });

  it('waits a business duration in real time, at least a millisecond', () => {
    expect(realDelay(drill, 86_400_000)).toBe(500);
    expect(realDelay(drill, 1)).toBe(1);
    expect(realDelay(drill, -5)).toBe(1);
  });

  it('is real time without a drill', () => {
    expect(businessTime(undefined, REAL)).toBe(REAL);
    expect(realTime(undefined, REAL)).toBe(REAL);
    expect(realDelay(undefined, 1500)).toBe(1500);
  });

  it.each([
    ['2021-01-01', 500, /not an ISO date-time with an offset/],
    ['2021-01-01T00:00:00', 500, /not an ISO date-time with an offset/],
    ['yesterday+08:00', 500, /not an ISO date-time with an offset/],
    ['2021-01-01T00:00:00+08:00', 5, /from 10 ms to a day/],
    ['2021-01-01T00:00:00+08:00', Number.NaN, /from 10 ms to a day/],
  ])('refuses a start of %s and a day of %s ms', (start, dayMs, message) => {
    expect(() => drillClock(start, dayMs, REAL)).toThrow(message);
  });
});
