import { describe, expect, it } from 'vitest';
import { supervisionConfig } from './config';
import { measureProgress, type ProgressMark } from './progress';

const at = Date.parse;
const config = supervisionConfig();
/** 1 to 10 January: ten planned days, 10 a day on the straight line. */
const tenDays = { target: 100, startDate: '2026-01-01', deadline: '2026-01-10' };
/** 1 January to 10 April: a hundred planned days. */
const hundredDays = { target: 100, startDate: '2026-01-01', deadline: '2026-04-10' };
/** A plan that starts and ends on 5 January. */
const oneDay = { target: 100, startDate: '2026-01-05', deadline: '2026-01-05' };

describe('measureProgress', () => {
  it.each<[string, typeof tenDays, number, string, ProgressMark, number, number]>([
    // [case, plan, actual, today, mark, expected, elapsedDays]
    ['the day before the start, nothing done', tenDays, 0, '2025-12-31', 'onSchedule', 0, 0],
    ['the day before the start, something done', tenDays, 5, '2025-12-31', 'ahead', 0, 0],
    ['the start date: the day is not over, nothing is expected', tenDays, 0, '2026-01-01', 'onSchedule', 0, 0],
    ['day 2, exactly on the line', tenDays, 10, '2026-01-02', 'onSchedule', 10, 1],
    ['day 2, exactly 1.1 × the line', tenDays, 11, '2026-01-02', 'ahead', 10, 1],
    ['day 2, just under 1.1 × the line', tenDays, 10.99, '2026-01-02', 'onSchedule', 10, 1],
    ['day 2, under the line', tenDays, 9.99, '2026-01-02', 'lagging', 10, 1],
    ['the deadline itself: nine days over', tenDays, 90, '2026-01-10', 'onSchedule', 90, 9],
    ['the deadline, met on the day: 100 ≥ 1.1 × 90, ahead by the factor', tenDays, 100, '2026-01-10', 'ahead', 90, 9],
    ['the deadline, just under 1.1 × the line', tenDays, 98.99, '2026-01-10', 'onSchedule', 90, 9],
    ['the deadline, under the line', tenDays, 89, '2026-01-10', 'lagging', 90, 9],
    ['the day after the deadline, met', tenDays, 100, '2026-01-11', 'onSchedule', 100, 10],
    ['the day after the deadline, short by one', tenDays, 99, '2026-01-11', 'lagging', 100, 10],
    ['the day after the deadline, exceeded by the factor', tenDays, 110, '2026-01-11', 'ahead', 100, 10],
    ['months after the deadline: elapsed stops at planned', tenDays, 100, '2026-06-01', 'onSchedule', 100, 10],
    ['met the day before the deadline, though under 1.1 × the line', hundredDays, 100, '2026-04-09', 'ahead', 98, 98],
    ['met on the deadline of the long plan, under 1.1 × the line: on schedule', hundredDays, 100, '2026-04-10', 'onSchedule', 99, 99],
    ['one-day plan, on its day, nothing yet', oneDay, 0, '2026-01-05', 'onSchedule', 0, 0],
    ['one-day plan, on its day, met: ahead of a line that starts at nothing', oneDay, 100, '2026-01-05', 'ahead', 0, 0],
    ['one-day plan, the day after, not met', oneDay, 50, '2026-01-06', 'lagging', 100, 1],
    ['one-day plan, the day after, met', oneDay, 100, '2026-01-06', 'onSchedule', 100, 1],
  ])('%s', (_case, plan, actual, today, mark, expected, elapsedDays) => {
    const progress = measureProgress({ ...plan, actual }, at(`${today}T12:00:00+08:00`), config);
    expect(progress.mark).toBe(mark);
    expect(progress.expected).toBeCloseTo(expected, 9);
    expect(progress.elapsedDays).toBe(elapsedDays);
  });

  it.each([
    [tenDays, 10],
    [hundredDays, 100],
    [oneDay, 1],
  ])('counts planned days with both ends included: %j has %i', (plan, plannedDays) => {
    expect(measureProgress({ ...plan, actual: 0 }, at('2026-01-01T12:00:00+08:00'), config).plannedDays).toBe(plannedDays);
  });

  it('counts days in the organisation time zone', () => {
    const now = at('2026-01-01T16:30:00Z');
    expect(measureProgress({ ...tenDays, actual: 10 }, now, config)).toMatchObject({ elapsedDays: 1, mark: 'onSchedule' });
    expect(measureProgress({ ...tenDays, actual: 10 }, now, supervisionConfig({ timeZone: 'UTC' }))).toMatchObject({
      elapsedDays: 0,
      mark: 'ahead',
    });
  });

  it('reads instants as the calendar dates they fall on', () => {
    const plan = { target: 100, actual: 10, startDate: at('2025-12-31T16:00:00Z'), deadline: at('2026-01-10T23:59:59+08:00') };
    expect(measureProgress(plan, at('2026-01-02T12:00:00+08:00'), config)).toMatchObject({ plannedDays: 10, elapsedDays: 1 });
  });

  it('uses the configured ahead factor', () => {
    const strict = supervisionConfig({ aheadFactor: 1.5 });
    const now = at('2026-01-03T12:00:00+08:00');
    expect(measureProgress({ ...tenDays, actual: 29 }, now, strict).mark).toBe('onSchedule');
    expect(measureProgress({ ...tenDays, actual: 30 }, now, strict).mark).toBe('ahead');
  });

  it.each([
    ['a deadline before the start', { target: 100, actual: 0, startDate: '2026-01-10', deadline: '2026-01-09' }],
    ['a zero target', { target: 0, actual: 0, startDate: '2026-01-01', deadline: '2026-01-10' }],
    ['a negative target', { target: -5, actual: 0, startDate: '2026-01-01', deadline: '2026-01-10' }],
    ['a target that is not a number', { target: Number.NaN, actual: 0, startDate: '2026-01-01', deadline: '2026-01-10' }],
  ])('rejects %s', (_case, plan) => {
    expect(() => measureProgress(plan, at('2026-01-05T12:00:00+08:00'), config)).toThrow(RangeError);
  });
});
