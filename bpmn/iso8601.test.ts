import { describe, expect, it } from 'vitest';
import { addDuration, parseCycle, parseDateTime, parseDuration } from './iso8601';

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseDuration', () => {
  it.each([
    ['PT5M', { ...zero, minutes: 5 }],
    ['P1DT2H', { ...zero, days: 1, hours: 2 }],
    ['P7D', { ...zero, days: 7 }],
    ['P2W', { ...zero, weeks: 2 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, weeks: 0, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ['PT0.5S', { ...zero, seconds: 0.5 }],
    ['PT1,5S', { ...zero, seconds: 1.5 }],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(['', 'P', 'PT', 'P1DT', '5M', 'PT5', 'P1H', 'PT1D', 'pt5m', 'P-1D', 'P1.5D', ' PT5M', 'PT5M ', 'P1D2H'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-12-01T09:00:00+08:00', Date.UTC(2026, 11, 1, 1)],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-06-30T23:59:59.250-0500', Date.UTC(2026, 6, 1, 4, 59, 59, 250)],
    ['2028-02-29T12:00:00Z', Date.UTC(2028, 1, 29, 12)],
  ])('%s', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it.each([
    '2026-12-01T09:00:00',
    '2026-12-01',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:00+19:00',
    'tomorrow',
  ])('rejects %j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});

describe('parseCycle', () => {
  it.each([
    ['R3/PT1H', { repetitions: 3, start: undefined, interval: { ...zero, hours: 1 } }],
    ['R/P7D', { repetitions: undefined, start: undefined, interval: { ...zero, days: 7 } }],
    ['R5/2026-01-01T00:00:00Z/P1D', { repetitions: 5, start: Date.UTC(2026, 0, 1), interval: { ...zero, days: 1 } }],
  ])('%s', (text, expected) => {
    expect(parseCycle(text)).toEqual(expected);
  });

  it.each(['PT1H', 'R3', 'R3/', 'R0/PT1H', 'R/PT0S', 'Rx/PT1H', 'R3/PT1H/extra', 'R3/2026-01-01/P1D', '0 0 9 * * MON-FRI'])('rejects %j', (text) => {
    expect(parseCycle(text)).toBeUndefined();
  });
});

describe('addDuration', () => {
  it('adds fixed parts exactly and calendar parts by the calendar', () => {
    const start = Date.UTC(2026, 0, 31, 8);
    expect(addDuration(start, { ...zero, hours: 2, minutes: 30 })).toBe(Date.UTC(2026, 0, 31, 10, 30));
    expect(addDuration(start, { ...zero, days: 1 })).toBe(Date.UTC(2026, 1, 1, 8));
    // 31 January + one month is the last day of February, not 3 March.
    expect(addDuration(start, { ...zero, months: 1 })).toBe(Date.UTC(2026, 1, 28, 8));
    expect(addDuration(start, { ...zero, years: 2, months: 1 })).toBe(Date.UTC(2028, 1, 29, 8));
    expect(addDuration(start, { ...zero, months: 13 })).toBe(Date.UTC(2027, 1, 28, 8));
  });
});
