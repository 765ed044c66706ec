import { describe, expect, it } from 'vitest';
import type { CardColor } from '../supervision/cards';
import type { Light } from '../supervision/lights';
import { type CountedMatter, type StatisticsNames, checkMatterQuery, tally } from './statistics';

const names: StatisticsNames = {
  units: new Map([
    ['traffic', { name: '县交通运输局', sort: 2 }],
    ['finance', { name: '县财政局', sort: 1 }],
    ['town', { name: '北界镇', sort: 3 }],
  ]),
  collation: 'zh-CN',
};

function matter(id: string, fields: Partial<CountedMatter> & { light: Light }): CountedMatter {
  return { id, leadUnit: null, coUnits: [], source: null, type: null, assignedDate: null, status: 'running', overdue: false, ...fields };
}

const card = (unitId: string, matterId: string, color: CardColor) => ({ unitId, matterId, color });

/**
 *   m1 traffic leads, finance co    meeting   建设类  2026-03  running, overdue, red
 *   m2 finance leads                document  指标类  2026-01  completed, blue
 *   m3 traffic leads, town co       document  建设类  2026-03  terminated, white
 *   m4 no data elements                                      draft, white
 *   cards: finance green on m2; town red on m3 and traffic's yellow for it; traffic green on m1
 */
const matters = [
  matter('m1', { leadUnit: 'traffic', coUnits: ['finance'], source: 'meeting', type: '建设类', assignedDate: '2026-03-05', overdue: true, light: 'red' }),
  matter('m2', { leadUnit: 'finance', source: 'document', type: '指标类', assignedDate: '2026-01-20', status: 'completed', light: 'blue' }),
  matter('m3', { leadUnit: 'traffic', coUnits: ['town'], source: 'document', type: '建设类', assignedDate: '2026-03-31', status: 'terminated', light: 'white' }),
  matter('m4', { status: 'draft', light: 'white' }),
];
const cards = [card('finance', 'm2', 'green'), card('town', 'm3', 'red'), card('traffic', 'm3', 'yellow'), card('traffic', 'm1', 'green')];

const lights = (white: number, blue: number, green: number, yellow: number, red: number) => ({ white, blue, green, yellow, red });
const cardCounts = (green: number, yellow: number, red: number) => ({ green, yellow, red });
const TOTALS = { matters: 4, running: 1, completed: 1, terminated: 1, overdue: 1, lights: lights(2, 1, 0, 0, 1), cards: cardCounts(2, 1, 1) };

describe('tally', () => {
  it('by unit: a matter counts for its lead and each co-unit, a card for its unit; units in the organisation order', () => {
    const { rows, totals } = tally('unit', matters, cards, names);
    expect(rows.map((r) => [r.key, r.label, r.matters, r.running, r.completed, r.terminated, r.overdue])).toEqual([
      ['finance', '县财政局', 2, 1, 1, 0, 1],
      ['traffic', '县交通运输局', 2, 1, 0, 1, 1],
      ['town', '北界镇', 1, 0, 0, 1, 0],
      [null, '未填写', 1, 0, 0, 0, 0],
    ]);
    expect(rows.map((r) => [r.key, r.lights, r.cards])).toEqual([
      ['finance', lights(0, 1, 0, 0, 1), cardCounts(1, 0, 0)],
      ['traffic', lights(1, 0, 0, 0, 1), cardCounts(1, 1, 0)],
      ['town', lights(1, 0, 0, 0, 0), cardCounts(0, 0, 1)],
      [null, lights(1, 0, 0, 0, 0), cardCounts(0, 0, 0)],
    ]);
    expect(totals).toEqual(TOTALS);
  });

  it("by unit for a unit's own people: their row only, and totals over it", () => {
    const { rows, totals } = tally('unit', matters, cards, names, 'traffic');
    expect(rows.map((r) => r.key)).toEqual(['traffic']);
    expect(totals).toEqual({ matters: 2, running: 1, completed: 0, terminated: 1, overdue: 1, lights: lights(1, 0, 0, 0, 1), cards: cardCounts(1, 1, 0) });
  });

  it('by source in the order of the sources, cards with their matter', () => {
    const { rows, totals } = tally('source', matters, cards, names);
    expect(rows.map((r) => [r.key, r.label, r.matters, r.cards])).toEqual([
      ['meeting', '会议交办', 1, cardCounts(1, 0, 0)],
      ['document', '文件交办', 2, cardCounts(1, 1, 1)],
      [null, '未填写', 1, cardCounts(0, 0, 0)],
    ]);
    expect(totals).toEqual(TOTALS);
  });

  it('by type and by month assigned', () => {
    expect(tally('type', matters, cards, names).rows.map((r) => [r.key, r.matters])).toEqual([
      ['建设类', 2],
      ['指标类', 1],
      [null, 1],
    ]);
    const byMonth = tally('month', matters, cards, names);
    expect(byMonth.rows.map((r) => [r.key, r.label, r.matters, r.overdue])).toEqual([
      ['2026-01', '2026年1月', 1, 0],
      ['2026-03', '2026年3月', 2, 1],
      [null, '未填写', 1, 0],
    ]);
    expect(byMonth.totals).toEqual(TOTALS);
  });

  it('leaves out cards of matters outside the rows, and a unit card on a matter it has no part in', () => {
    const stray = [card('finance', 'elsewhere', 'red'), card('town', 'm2', 'red')];
    expect(tally('unit', matters, stray, names).totals.cards).toEqual(cardCounts(0, 0, 0));
    expect(tally('source', matters, stray, names).totals.cards).toEqual(cardCounts(0, 0, 1));
  });

  it('of nothing is empty', () => {
    expect(tally('unit', [], [], names)).toEqual({ groupBy: 'unit', rows: [], totals: { ...TOTALS, matters: 0, running: 0, completed: 0, terminated: 0, overdue: 0, lights: lights(0, 0, 0, 0, 0), cards: cardCounts(0, 0, 0) } });
  });
});

describe('checkMatterQuery', () => {
  it.each([
    [{}, []],
    [{ deadlineFrom: '2026-01-01', deadlineTo: '2026-01-01' }, []],
    [{ deadlineFrom: '2026-01-02', deadlineTo: '2026-01-01' }, ['deadlineTo']],
    [{ assignedFrom: '2026-01-02', assignedTo: '2026-01-01' }, ['assignedTo']],
    [{ date: '2026-01-01' }, ['period']],
    [{ period: 'week', date: '2026-01-01' }, []],
    [{ card: 'red' }, ['cardMonth']],
    [{ cardMonth: '2026-01' }, []],
    [{ card: 'red', date: '2026-01-01' }, ['period', 'cardMonth']],
  ] as const)('%o → %o', (query, paths) => {
    expect(checkMatterQuery(query).map((e) => e.path)).toEqual(paths);
  });
});
