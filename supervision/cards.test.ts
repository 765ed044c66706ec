import { describe, expect, it } from 'vitest';
import { issueCards, monthClosesAt, type Card, type MatterRoles, type PlanItem } from './cards';
import { supervisionConfig } from './config';

const at = Date.parse;
const config = supervisionConfig();
const roads: MatterRoles = { matterId: 'roads', leadUnitId: 'transport', coUnitIds: ['finance', 'land'] };

/** A monthly plan item of `unitId` on the roads matter, due in the middle of March 2026. */
function item(id: string, unitId: string, fields: Partial<PlanItem> = {}): PlanItem {
  return { id, unitId, matterId: 'roads', plan: 'month', dueDate: '2026-03-15', ...fields };
}

const done = { completedAt: at('2026-03-14T10:00:00+08:00') };

/** The colours of the cards, as `unit:colour`, to compare whole outcomes at a glance. */
function summary(cards: Card[]): string[] {
  return cards.map((card) => `${card.unitId}:${card.color}`);
}

describe('issueCards', () => {
  it.each<[string, PlanItem[], string[]]>([
    ['no items: no cards', [], []],
    ['every item completed: green', [item('a', 'transport', done), item('b', 'transport', done)], ['transport:green']],
    ['one item of two missed: red', [item('a', 'transport', done), item('b', 'transport')], ['transport:red']],
    ['completed late for the item but within the month: green', [item('a', 'transport', { completedAt: at('2026-03-20T10:00:00+08:00') })], ['transport:green']],
    ['completed on the last day at 23:59: green', [item('a', 'transport', { completedAt: at('2026-03-31T23:59:00+08:00') })], ['transport:green']],
    ['completed at 00:01 on 1 April: red', [item('a', 'transport', { completedAt: at('2026-04-01T00:01:00+08:00') })], ['transport:red']],
    ['completed at an instant that is still March in UTC but April in Shanghai: red', [item('a', 'transport', { completedAt: at('2026-03-31T16:30:00Z') })], ['transport:red']],
    ['quantity met without completion: green', [item('a', 'transport', { quantity: 5, achieved: 5 })], ['transport:green']],
    ['quantity exceeded: green', [item('a', 'transport', { quantity: 5, achieved: 7 })], ['transport:green']],
    ['quantity short: red', [item('a', 'transport', { quantity: 5, achieved: 4.5 })], ['transport:red']],
    ['a quantity with nothing achieved reported: red', [item('a', 'transport', { quantity: 5 })], ['transport:red']],
    ['items due in other months do not count', [item('a', 'transport', { dueDate: '2026-02-28' }), item('b', 'transport', { dueDate: '2026-04-01' })], []],
    ['a due instant on 1 April in Shanghai is April', [item('a', 'transport', { dueDate: at('2026-03-31T16:30:00Z') })], []],
    ['weekly and annual plan items earn no card', [item('a', 'transport', { plan: 'week' }), item('b', 'transport', { plan: 'year' })], []],
    ['the lead unit red: no yellow card', [item('a', 'transport'), item('b', 'finance', done)], ['transport:red', 'finance:green']],
    ['a co-unit red: the lead unit gets a yellow card', [item('a', 'transport', done), item('b', 'finance')], ['transport:green', 'finance:red', 'transport:yellow']],
    ['a co-unit red while the lead has no items: yellow all the same', [item('a', 'land')], ['land:red', 'transport:yellow']],
    ['two co-units red: two yellow cards', [item('a', 'finance'), item('b', 'land')], ['finance:red', 'land:red', 'transport:yellow', 'transport:yellow']],
    ['a red unit that is not a co-unit: no yellow card', [item('a', 'police')], ['police:red']],
  ])('%s', (_case, items, expected) => {
    expect(summary(issueCards('2026-03', items, [roads], config))).toEqual(expected);
  });

  it('says why each card was issued', () => {
    const cards = issueCards('2026-03', [item('a', 'finance', done), item('b', 'land', done), item('c', 'land')], [roads], config);
    expect(cards).toEqual([
      { unitId: 'finance', matterId: 'roads', month: '2026-03', color: 'green', reason: { kind: 'planCompleted', itemIds: ['a'] } },
      { unitId: 'land', matterId: 'roads', month: '2026-03', color: 'red', reason: { kind: 'planIncomplete', missedItemIds: ['c'] } },
      { unitId: 'transport', matterId: 'roads', month: '2026-03', color: 'yellow', reason: { kind: 'jointResponsibility', coUnitId: 'land' } },
    ]);
  });

  it('issues one card per unit and matter, and yellow cards only within the same matter', () => {
    const schools: MatterRoles = { matterId: 'schools', leadUnitId: 'education', coUnitIds: ['finance'] };
    const cards = issueCards(
      '2026-03',
      [item('a', 'finance'), item('b', 'finance', { matterId: 'schools', ...done }), item('c', 'finance', { matterId: 'schools' })],
      [roads, schools],
      config,
    );
    expect(cards.map((card) => `${card.matterId}/${card.unitId}:${card.color}`)).toEqual([
      'roads/finance:red',
      'roads/transport:yellow',
      'schools/finance:red',
      'schools/education:yellow',
    ]);
  });

  it('gives the lead unit no yellow card for its own red one, even when it is also listed as a co-unit', () => {
    const muddled: MatterRoles = { ...roads, coUnitIds: ['transport', 'finance'] };
    expect(summary(issueCards('2026-03', [item('a', 'transport')], [muddled], config))).toEqual(['transport:red']);
  });

  it('has no yellow card for a matter without known roles', () => {
    expect(summary(issueCards('2026-03', [item('a', 'finance')], [], config))).toEqual(['finance:red']);
  });

  it('closes the month in the organisation time zone', () => {
    expect(summary(issueCards('2026-03', [item('a', 'transport', { completedAt: at('2026-03-31T16:30:00Z') })], [roads], supervisionConfig({ timeZone: 'UTC' })))).toEqual([
      'transport:green',
    ]);
  });
});

describe('monthClosesAt', () => {
  it.each([
    ['2026-03', 'Asia/Shanghai', '2026-04-01T00:00:00+08:00'],
    ['2026-12', 'Asia/Shanghai', '2027-01-01T00:00:00+08:00'],
    ['2028-02', 'Asia/Shanghai', '2028-03-01T00:00:00+08:00'],
    ['2026-03', 'Europe/London', '2026-04-01T00:00:00+01:00'],
  ])('%s in %s closes at %s', (month, timeZone, expected) => {
    expect(monthClosesAt(month, supervisionConfig({ timeZone }))).toBe(at(expected));
  });
});
