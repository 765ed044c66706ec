import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  isLocalDate,
  localDateOf,
  monthOf,
  monthPeriod,
  periodContaining,
  periodInstants,
  startOfDay,
  startOfNextDay,
  toLocalDate,
} from './calendar';

const at = Date.parse;

describe('localDateOf', () => {
  it.each([
    ['Shanghai midnight', '2026-04-01T00:00:00+08:00', 'Asia/Shanghai', '2026-04-01'],
    ['Shanghai last moment of a day', '2026-03-31T23:59:59.999+08:00', 'Asia/Shanghai', '2026-03-31'],
    ['still 31 March in UTC, already 1 April in Shanghai', '2026-03-31T16:30:00Z', 'Asia/Shanghai', '2026-04-01'],
    ['the same instant in UTC', '2026-03-31T16:30:00Z', 'UTC', '2026-03-31'],
    ['the same instant in New York', '2026-03-31T16:30:00Z', 'America/New_York', '2026-03-31'],
    ['New York the evening before, in UTC the next day', '2026-01-01T02:00:00Z', 'America/New_York', '2025-12-31'],
    ['a leap day', '2028-02-29T12:00:00+08:00', 'Asia/Shanghai', '2028-02-29'],
    ['before the epoch', '1969-12-31T20:00:00Z', 'Asia/Shanghai', '1970-01-01'],
  ])('%s', (_case, instant, timeZone, expected) => {
    expect(localDateOf(at(instant), timeZone)).toBe(expected);
  });

  it('rejects an unknown zone', () => {
    expect(() => localDateOf(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('toLocalDate and isLocalDate', () => {
  it('keeps a calendar date and reads an instant in the zone', () => {
    expect(toLocalDate('2026-03-31', 'Asia/Shanghai')).toBe('2026-03-31');
    expect(toLocalDate(at('2026-03-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
  });

  it.each(['2026-02-29', '2026-04-31', '2026-13-01', '2026-3-31', '2026-03-31T00:00:00Z', '', 'today'])('rejects %j', (text) => {
    expect(isLocalDate(text)).toBe(false);
    expect(() => toLocalDate(text, 'Asia/Shanghai')).toThrow(RangeError);
  });

  it.each(['2026-03-31', '2028-02-29', '2000-02-29', '1999-12-31'])('accepts %j', (text) => {
    expect(isLocalDate(text)).toBe(true);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-03-31', 1, '2026-04-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-31', 0, '2026-03-31'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ['2026-03-30', '2026-03-31', -1],
    ['2026-03-31', '2026-03-31', 0],
    ['2026-04-01', '2026-03-31', 1],
    ['2025-12-31', '2026-01-01', -1],
  ])('compareDates(%s, %s) = %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  it.each([
    ['2026-03-30', 1],
    ['2026-03-31', 2],
    ['2026-04-05', 7],
    ['2026-01-01', 4],
  ])('%s is ISO weekday %i', (date, expected) => {
    expect(dayOfWeek(date)).toBe(expected);
  });
});

describe('startOfDay', () => {
  it.each([
    ['Shanghai: local midnight', '2026-04-01', 'Asia/Shanghai', '2026-03-31T16:00:00Z'],
    ['UTC', '2026-04-01', 'UTC', '2026-04-01T00:00:00Z'],
    ['London, the day clocks go forward at 01:00', '2026-03-29', 'Europe/London', '2026-03-29T00:00:00Z'],
    ['London, the day after, in summer time', '2026-03-30', 'Europe/London', '2026-03-29T23:00:00Z'],
    ['New York, the day after clocks go forward', '2026-03-09', 'America/New_York', '2026-03-09T04:00:00Z'],
    ['Santiago skips midnight: the day starts at 01:00', '2022-09-11', 'America/Santiago', '2022-09-11T04:00:00Z'],
    ['Havana has midnight twice: the first one', '2022-11-06', 'America/Havana', '2022-11-06T04:00:00Z'],
    ['São Paulo falls back from midnight to 23:00 the day before', '2019-02-17', 'America/Sao_Paulo', '2019-02-17T03:00:00Z'],
    ['Apia skipped 30 December 2011: it starts when the clock jumps', '2011-12-30', 'Pacific/Apia', '2011-12-30T10:00:00Z'],
  ])('%s', (_case, date, timeZone, expected) => {
    expect(new Date(startOfDay(date, timeZone)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it.each([
    ['Asia/Shanghai', '2026-03-31'],
    ['America/Santiago', '2022-09-10'],
    ['America/Havana', '2022-11-05'],
    ['America/Sao_Paulo', '2019-02-16'],
    ['Europe/London', '2026-10-25'],
  ])('in %s the day after %s starts right after its last instant', (timeZone, date) => {
    const next = startOfNextDay(date, timeZone);
    expect(localDateOf(next - 1, timeZone)).toBe(date);
    expect(localDateOf(next, timeZone)).toBe(addDays(date, 1));
  });
});

describe('periods', () => {
  it.each([
    ['week', '2026-03-31', '2026-03-30', '2026-04-05'],
    ['week', '2026-03-30', '2026-03-30', '2026-04-05'],
    ['week', '2026-04-05', '2026-03-30', '2026-04-05'],
    ['week', '2026-01-01', '2025-12-29', '2026-01-04'],
    ['month', '2026-03-31', '2026-03-01', '2026-03-31'],
    ['month', '2028-02-10', '2028-02-01', '2028-02-29'],
    ['month', '2026-02-10', '2026-02-01', '2026-02-28'],
    ['year', '2026-06-03', '2026-01-01', '2026-12-31'],
  ] as const)('the %s containing %s runs %s to %s', (kind, date, start, end) => {
    expect(periodContaining(kind, date)).toEqual({ kind, start, end });
  });

  it('names the month of a date and rejects a month that does not exist', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(monthPeriod('2026-12')).toEqual({ kind: 'month', start: '2026-12-01', end: '2026-12-31' });
    expect(() => monthPeriod('2026-13')).toThrow(RangeError);
    expect(() => monthPeriod('2026-3')).toThrow(RangeError);
  });

  it('gives a period as a half-open range of instants in the zone', () => {
    expect(periodInstants(monthPeriod('2026-03'), 'Asia/Shanghai')).toEqual({
      start: at('2026-03-01T00:00:00+08:00'),
      end: at('2026-04-01T00:00:00+08:00'),
    });
  });
});
