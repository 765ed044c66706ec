import { describe, expect, it } from 'vitest';
import { monthPeriod, periodContaining } from './calendar';
import type { Card, PlanItem } from './cards';
import { supervisionConfig } from './config';
import type { Light, SupervisedNode } from './lights';
import { cardRate, cardsInPeriod, lightRate, lightsInPeriod, planCompletionRate, rate } from './rates';

const at = Date.parse;
const config = supervisionConfig();
const march = monthPeriod('2026-03');

function item(fields: Partial<PlanItem>): PlanItem {
  return { id: 'i', unitId: 'transport', matterId: 'roads', plan: 'month', dueDate: '2026-03-10', ...fields };
}

describe('rate', () => {
  it('has no value when there is nothing to divide by', () => {
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0 });
    expect(rate(1, 4)).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
  });
});

describe('planCompletionRate', () => {
  it.each<[string, Partial<PlanItem>[], string, [number, number]]>([
    ['no items', [], '2026-04-05', [0, 0]],
    ['completed on the due date at 23:59', [{ completedAt: at('2026-03-10T23:59:00+08:00') }], '2026-04-05', [1, 1]],
    ['completed at 00:01 the day after', [{ completedAt: at('2026-03-11T00:01:00+08:00') }], '2026-04-05', [0, 1]],
    ['completed early', [{ completedAt: at('2026-03-01T10:00:00+08:00') }], '2026-04-05', [1, 1]],
    ['open, due date over', [{}], '2026-04-05', [0, 1]],
    ['open, due today: not decided yet', [{ dueDate: '2026-03-31' }], '2026-03-31', [0, 0]],
    ['open, due yesterday', [{ dueDate: '2026-03-31' }], '2026-04-01', [0, 1]],
    ['completed early while the period runs: counts already', [{ dueDate: '2026-03-31', completedAt: at('2026-03-05T10:00:00+08:00') }], '2026-03-20', [1, 1]],
    ['completes after now: not yet', [{ completedAt: at('2026-03-09T10:00:00+08:00') }], '2026-03-08', [0, 0]],
    ['due in another period', [{ dueDate: '2026-02-28' }, { dueDate: '2026-04-01' }], '2026-04-05', [0, 0]],
    ['completion on 11 March in Shanghai though still 10 March in UTC', [{ completedAt: at('2026-03-10T16:30:00Z') }], '2026-04-05', [0, 1]],
    [
      'a mix',
      [{ completedAt: at('2026-03-10T09:00:00+08:00') }, { completedAt: at('2026-03-12T09:00:00+08:00') }, {}, { dueDate: '2026-03-31' }],
      '2026-03-20',
      [1, 3],
    ],
  ])('%s', (_case, fields, today, [numerator, denominator]) => {
    const result = planCompletionRate(fields.map(item), march, at(`${today}T12:00:00+08:00`), config);
    expect([result.numerator, result.denominator]).toEqual([numerator, denominator]);
    expect(result.value).toBe(denominator === 0 ? undefined : numerator / denominator);
  });
});

describe('lightsInPeriod', () => {
  const since = at('2026-02-01T09:00:00+08:00');
  it.each<[string, SupervisedNode, string, Light[]]>([
    ['completed before the period: not shown', { dueDate: '2026-02-27', startedAt: since, completedAt: at('2026-02-27T10:00:00+08:00') }, '2026-04-05', []],
    ['completed in the period', { dueDate: '2026-03-05', startedAt: since, completedAt: at('2026-03-02T10:00:00+08:00') }, '2026-04-05', ['blue']],
    ['completed on the first moment of the period', { dueDate: '2026-02-27', startedAt: since, completedAt: at('2026-03-01T00:00:00+08:00') }, '2026-04-05', ['red']],
    ['overdue at the end of the period', { dueDate: '2026-03-10', startedAt: since }, '2026-04-05', ['red']],
    ['due on the last day, open: green at the period end though red now', { dueDate: '2026-03-31', startedAt: since }, '2026-04-05', ['green']],
    ['completed after the period: as it stood at the end', { dueDate: '2026-04-30', startedAt: since, completedAt: at('2026-04-02T10:00:00+08:00') }, '2026-04-05', ['green']],
    ['due after the period, active in it', { dueDate: '2026-06-30', startedAt: since, openException: true }, '2026-04-05', ['yellow']],
    ['not started, due in the period: white', { dueDate: '2026-03-15' }, '2026-04-05', ['white']],
    ['not started, due later: not shown', { dueDate: '2026-04-15' }, '2026-04-05', []],
    ['started only after the period, due in it: white', { dueDate: '2026-03-20', startedAt: at('2026-04-02T09:00:00+08:00') }, '2026-04-05', ['white']],
    ['while the period runs: as of now', { dueDate: '2026-03-10', startedAt: since }, '2026-03-10', ['green']],
    ['a period that has not begun', { dueDate: '2026-03-10', startedAt: since }, '2026-02-20', []],
  ])('%s', (_case, node, today, expected) => {
    expect(lightsInPeriod([node], march, at(`${today}T12:00:00+08:00`), config)).toEqual(expected);
  });
});

describe('lightRate', () => {
  it.each<[Light[], [number, number]]>([
    [[], [0, 0]],
    [['white', 'white'], [0, 0]],
    [['blue', 'green'], [2, 2]],
    [['blue', 'green', 'yellow', 'red', 'white'], [2, 4]],
    [['red'], [0, 1]],
  ])('%j → %j', (lights, [numerator, denominator]) => {
    expect(lightRate(lights)).toMatchObject({ numerator, denominator });
  });
});

describe('cards in a period', () => {
  function card(month: string, color: Card['color']): Card {
    return { unitId: 'transport', matterId: 'roads', month, color, reason: { kind: 'planCompleted', itemIds: [] } };
  }
  const cards = [card('2026-02', 'green'), card('2026-03', 'green'), card('2026-03', 'red'), card('2026-03', 'yellow')];

  it.each([
    ['March', march, 3],
    ['the week 30 March – 5 April, in which March ends', periodContaining('week', '2026-04-01'), 3],
    ['the week before, in which no month ends', periodContaining('week', '2026-03-25'), 0],
    ['the week February ends in', periodContaining('week', '2026-02-28'), 1],
    ['the year', periodContaining('year', '2026-06-03'), 4],
    ['April', monthPeriod('2026-04'), 0],
  ])('%s', (_case, period, count) => {
    expect(cardsInPeriod(cards, period)).toHaveLength(count);
  });

  it('rates green over every card, yellow included', () => {
    expect(cardRate(cardsInPeriod(cards, march))).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(cardRate([])).toEqual({ numerator: 0, denominator: 0 });
  });
});
