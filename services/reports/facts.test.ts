import { describe, expect, it } from 'vitest';
import { startOfDay } from '../../supervision/calendar';
import type { PlanItem } from '../../supervision/cards';
import { planOutcome } from './facts';

const ZONE = 'Asia/Shanghai';
const at = (date: string, time = '10:00') => startOfDay(date, ZONE) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) * 60_000;

describe('planOutcome, by the plan-completion rule', () => {
  const month = { kind: 'month', start: '2026-11-01', end: '2026-11-30' } as const;
  const item = (dueDate: string, completedAt?: number): PlanItem => ({ id: 'p', unitId: 'u', matterId: 'm', plan: 'month', dueDate, completedAt });
  const now = at('2026-11-20');
  it.each([
    ['done before the due date', item('2026-11-15', at('2026-11-14')), 'onTime'],
    ['done on the due date, late in the day', item('2026-11-15', at('2026-11-15', '23:59')), 'onTime'],
    ['done the day after', item('2026-11-15', at('2026-11-16', '00:01')), 'late'],
    ['not done, due yesterday', item('2026-11-19'), 'missed'],
    ['not done, due today', item('2026-11-20'), 'pending'],
    ['done early, due later this month', item('2026-11-30', at('2026-11-18')), 'onTime'],
    ['done after now (not yet, as of now)', item('2026-11-30', at('2026-11-25')), 'pending'],
  ] as const)('%s', (_, planItem, outcome) => expect(planOutcome(planItem, month, now)).toBe(outcome));
});
