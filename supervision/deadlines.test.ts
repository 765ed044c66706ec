import { describe, expect, it } from 'vitest';
import { deadlineTimers } from './deadlines';

describe('deadline timers', () => {
  it.each([
    ['2026-12-31', 3, 'Asia/Shanghai', { warnAt: '2026-12-28T01:00:00.000Z', overdueAt: '2026-12-31T16:00:00.000Z' }],
    ['2026-12-31', 0, 'Asia/Shanghai', { warnAt: '2026-12-31T01:00:00.000Z', overdueAt: '2026-12-31T16:00:00.000Z' }],
    ['2026-03-01', 1, 'UTC', { warnAt: '2026-02-28T09:00:00.000Z', overdueAt: '2026-03-02T00:00:00.000Z' }],
    // New York's clocks go forward on 8 March 2026: the next day still starts at local midnight.
    ['2026-03-07', 2, 'America/New_York', { warnAt: '2026-03-05T14:00:00.000Z', overdueAt: '2026-03-08T05:00:00.000Z' }],
  ])('%s, warned %i days before, in %s', (deadline, warnDays, zone, expected) => {
    expect(deadlineTimers(deadline, warnDays, zone)).toEqual(expected);
  });
});
