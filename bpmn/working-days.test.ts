import { describe, expect, it } from 'vitest';
import { WorkingDays } from './working-days';

// China's 2026 National Day: 1–7 October off, Sunday 20 September and Saturday 10 October worked.
const days = new WorkingDays({ holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-09-20', '2026-10-10'] });

describe('working days', () => {
  it.each([
    ['a Wednesday', '2026-09-16', true],
    ['a Saturday', '2026-09-19', false],
    ['a Sunday worked in lieu', '2026-09-20', true],
    ['National Day, a Thursday', '2026-10-01', false],
    ['a Saturday worked in lieu', '2026-10-10', true],
  ])('%s', (_case, date, working) => expect(days.isWorkingDay(date)).toBe(working));

  it('moves a day off to the next working day and keeps a working day', () => {
    expect(days.onOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(days.onOrAfter('2026-10-03')).toBe('2026-10-08');
    expect(days.onOrAfter('2026-09-20')).toBe('2026-09-20');
    expect(days.onOrAfter('2026-09-19')).toBe('2026-09-20');
  });

  it('counts working days forwards and backwards across holidays and make-up days', () => {
    expect(days.add('2026-09-30', 1)).toBe('2026-10-08');
    expect(days.add('2026-09-30', 3)).toBe('2026-10-10');
    expect(days.add('2026-10-08', -1)).toBe('2026-09-30');
    expect(days.add('2026-09-21', -1)).toBe('2026-09-20');
    expect(days.add('2026-09-21', 0)).toBe('2026-09-21');
  });
});
