import { describe, expect, it } from 'vitest';
import { monthPeriod, periodContaining } from './calendar';
import { issueCards, type Card, type MatterRoles, type PlanItem } from './cards';
import { supervisionConfig } from './config';
import { countCards, countLights, supervisionBoard, type UnitNode } from './board';

const at = Date.parse;
const config = supervisionConfig();

describe('countLights and countCards', () => {
  it('counts every colour, zeros included', () => {
    expect(countLights(['green', 'green', 'red', 'white'])).toEqual({ white: 1, blue: 0, green: 2, yellow: 0, red: 1, total: 4 });
    const card = (color: Card['color']): Card => ({ unitId: 'u', matterId: 'm', month: '2026-03', color, reason: { kind: 'jointResponsibility', coUnitId: 'c' } });
    expect(countCards([card('yellow'), card('green')])).toEqual({ green: 1, yellow: 1, red: 0, total: 2 });
  });
});

describe('supervisionBoard', () => {
  it('scores, ranks and counts a small March', () => {
    const since = at('2026-03-01T09:00:00+08:00');
    const nodes: UnitNode[] = [
      { unitId: 'finance', dueDate: '2026-03-20', startedAt: since, completedAt: at('2026-03-10T10:00:00+08:00') },
      { unitId: 'finance', dueDate: '2026-03-20', startedAt: since },
      { unitId: 'education', dueDate: '2026-04-30', startedAt: since },
      { unitId: 'education', dueDate: '2026-03-25' },
      { unitId: 'police', dueDate: '2026-03-25', startedAt: since },
    ];
    const planItems: PlanItem[] = [
      { id: 'f1', unitId: 'finance', matterId: 'roads', plan: 'month', dueDate: '2026-03-15', completedAt: at('2026-03-15T18:00:00+08:00') },
      { id: 'f2', unitId: 'finance', matterId: 'roads', plan: 'month', dueDate: '2026-03-20' },
      { id: 'e1', unitId: 'education', matterId: 'roads', plan: 'month', dueDate: '2026-04-20' },
    ];
    const roads: MatterRoles = { matterId: 'roads', leadUnitId: 'education', coUnitIds: ['finance'] };
    const cards = issueCards('2026-03', planItems, [roads], config);
    const board = supervisionBoard(
      {
        period: monthPeriod('2026-03'),
        now: at('2026-04-02T10:00:00+08:00'),
        units: [
          { id: 'finance', name: '县财政局' },
          { id: 'education', name: '县教育局' },
          { id: 'archives', name: '县档案馆' },
        ],
        leaders: [
          { id: 'deputy', name: '杨朝晖', unitIds: ['finance', 'education'] },
          { id: 'nobody', name: '张永庆', unitIds: ['archives'] },
        ],
        nodes,
        planItems,
        cards,
      },
      config,
    );

    // finance: plan 1/2, lights blue + red → 1/2, cards red → 0/1: 0.4 × 0.5 + 0.3 × 0.5 + 0.3 × 0 = 0.35.
    // education: no plan item due in March; lights green (+ a white) → 1/1; cards yellow → 0/1: (0.3 × 1 + 0.3 × 0) ÷ 0.6 = 0.5.
    expect(board.units.map((row) => [row.id, row.rank, row.score, row.redLights])).toEqual([
      ['education', 1, expect.closeTo(0.5, 12), 0],
      ['finance', 2, expect.closeTo(0.35, 12), 1],
      ['archives', undefined, undefined, 0],
    ]);
    expect(board.units[1]).toMatchObject({
      planCompletion: { numerator: 1, denominator: 2 },
      light: { numerator: 1, denominator: 2 },
      card: { numerator: 0, denominator: 1 },
      lights: { blue: 1, red: 1, total: 2 },
      cards: { red: 1, total: 1 },
    });
    expect(board.units[0]).toMatchObject({ planCompletion: { denominator: 0 }, lights: { green: 1, white: 1 }, cards: { yellow: 1 } });
    expect(board.leaders.map((row) => [row.id, row.rank, row.score, row.redLights])).toEqual([
      ['deputy', 1, expect.closeTo(0.425, 12), 1],
      ['nobody', undefined, undefined, 0],
    ]);
    // The police node has no row but shows in the totals.
    expect(board.lights).toEqual({ white: 1, blue: 1, green: 1, yellow: 0, red: 2, total: 5, units: 3 });
    expect(board.cards).toEqual({ green: 0, yellow: 1, red: 1, total: 2, units: 2, matters: 1 });
  });

  it('has rows without scores and zero counts for an empty period', () => {
    const board = supervisionBoard(
      { period: periodContaining('week', '2026-03-11'), now: at('2026-03-11T10:00:00+08:00'), units: [{ id: 'a', name: '县财政局' }], leaders: [], nodes: [], planItems: [], cards: [] },
      config,
    );
    expect(board.units).toEqual([
      expect.objectContaining({ id: 'a', score: undefined, rank: undefined, lights: expect.objectContaining({ total: 0 }) }),
    ]);
    expect(board.lights.total).toBe(0);
    expect(board.cards.total).toBe(0);
  });

  /**
   * The county article's board on 3 June 2020: 731 cards (724 green, 7 red) over 21 units and 39
   * matters, and 241 lights (211 green, 21 blue, 0 yellow, 8 red) over 33 units. The article's
   * colours add up to 240 lights; the 241st is read here as a white (not started) one.
   */
  describe('the county board of 3 June 2020', () => {
    const unitNames = [
      '县发改局', '县经信局', '县教育局', '县科技局', '县公安局', '县民政局', '县司法局', '县财政局',
      '县人社局', '县自然资源局', '县生态环境分局', '县住建局', '县交通运输局', '县水利局', '县农业农村局', '县商务局',
      '县文广旅体局', '县卫健局', '县应急管理局', '县审计局', '县市场监管局', '县统计局', '县医保局', '县林业局',
      '县大数据和金融发展中心', '妙高街道', '云峰街道', '北界镇', '金竹镇', '大柘镇', '石练镇', '王村口镇', '湖山乡',
    ];
    const units = unitNames.map((name, index) => ({ id: `u${String(index).padStart(2, '0')}`, name }));
    const unitId = (index: number) => units[index].id;
    const matterId = (index: number) => `m${String(index).padStart(2, '0')}`;
    const months = ['2020-01', '2020-02', '2020-03', '2020-04', '2020-05'];
    const now = at('2020-06-03T18:00:00+08:00');

    // 147 (unit, matter) pairs over 21 units and 39 matters, one monthly plan item each per month:
    // five months for all but the last pair, which starts in May, so 146 × 5 + 1 = 731 items.
    // The first pair of each matter is its lead unit; the seven lead pairs 0–6 miss March.
    const pairs = Array.from({ length: 147 }, (_, k) => ({ k, unitId: unitId(k % 21), matterId: matterId(k % 39) }));
    const roles: MatterRoles[] = Array.from({ length: 39 }, (_, m) => ({
      matterId: matterId(m),
      leadUnitId: unitId(m % 21),
      coUnitIds: pairs.filter((pair) => pair.k % 39 === m && pair.k !== m).map((pair) => pair.unitId),
    }));
    const planItems: PlanItem[] = pairs.flatMap((pair) =>
      (pair.k === 146 ? ['2020-05'] : months).map((month) => ({
        id: `p${pair.k}-${month}`,
        unitId: pair.unitId,
        matterId: pair.matterId,
        plan: 'month' as const,
        dueDate: `${month}-20`,
        completedAt: pair.k < 7 && month === '2020-03' ? undefined : at(`${month}-18T16:00:00+08:00`),
      })),
    );
    const cards = months.flatMap((month) => issueCards(month, planItems, roles, config));

    // 241 nodes round-robin over 33 units: 8 red, 1 white, 21 blue, 211 green.
    const started = at('2020-03-01T09:00:00+08:00');
    const nodes: UnitNode[] = Array.from({ length: 241 }, (_, i) => {
      const node = { unitId: unitId(i % 33) };
      if (i < 8) return { ...node, dueDate: '2020-05-31', startedAt: started };
      if (i === 8) return { ...node, dueDate: '2020-06-30' };
      if (i < 30) return { ...node, dueDate: '2020-04-30', startedAt: started, completedAt: at('2020-04-10T10:00:00+08:00') };
      if (i % 2 === 0) return { ...node, dueDate: '2020-06-30', startedAt: started };
      return { ...node, dueDate: '2020-05-15', startedAt: started, completedAt: at('2020-05-15T16:00:00+08:00') };
    });

    const board = supervisionBoard(
      {
        period: periodContaining('year', '2020-06-03'),
        now,
        units,
        leaders: [
          { id: 'yang', name: '杨朝晖', unitIds: [unitId(0), unitId(7), unitId(25)] },
          { id: 'zhang', name: '张永庆', unitIds: [unitId(24), unitId(26)] },
        ],
        nodes,
        planItems,
        cards,
      },
      config,
    );

    it('counts the article’s lights and cards', () => {
      expect(board.lights).toEqual({ white: 1, blue: 21, green: 211, yellow: 0, red: 8, total: 241, units: 33 });
      expect(board.cards).toEqual({ green: 724, yellow: 0, red: 7, total: 731, units: 21, matters: 39 });
    });

    it('scores a unit with one red light and one red card', () => {
      // 县发改局: 34 of 35 items on time, 7 of 8 lights blue or green, 34 of 35 cards green.
      const row = board.units.find((unit) => unit.name === '县发改局');
      expect(row).toMatchObject({
        planCompletion: { numerator: 34, denominator: 35 },
        light: { numerator: 7, denominator: 8 },
        card: { numerator: 34, denominator: 35 },
        redLights: 1,
      });
      expect(row?.score).toBeCloseTo(0.4 * (34 / 35) + 0.3 * (7 / 8) + 0.3 * (34 / 35), 12);
    });

    it('ranks the 25 spotless units first together, by pinyin, then the red ones', () => {
      const ranks = board.units.map((row) => row.rank);
      expect(ranks).toEqual([...Array(25).fill(1), 26, ...Array(7).fill(27)]);
      expect(board.units.slice(0, 7).map((row) => row.name)).toEqual(['北界镇', '大柘镇', '湖山乡', '金竹镇', '妙高街道', '石练镇', '王村口镇']);
      expect(board.units[24].name).toBe('云峰街道');
      expect(board.units[25]).toMatchObject({ name: '县财政局', score: expect.closeTo(0.4 + 0.3 * (7 / 8) + 0.3, 12) });
      expect(board.units.slice(26).map((row) => row.name)).toEqual(['县发改局', '县公安局', '县教育局', '县经信局', '县科技局', '县民政局', '县司法局']);
    });

    it('scores a leader as the mean of their units', () => {
      expect(board.leaders.map((row) => [row.name, row.rank, row.redLights])).toEqual([
        ['张永庆', 1, 0],
        ['杨朝晖', 2, 2],
      ]);
      const mean = (0.4 * (34 / 35) + 0.3 * (7 / 8) + 0.3 * (34 / 35) + (0.4 + 0.3 * (7 / 8) + 0.3) + 1) / 3;
      expect(board.leaders[1].score).toBeCloseTo(mean, 12);
    });

    it('shows only May’s cards on the May board', () => {
      const may = supervisionBoard({ period: monthPeriod('2020-05'), now, units, leaders: [], nodes, planItems, cards }, config);
      expect(may.cards).toEqual({ green: 147, yellow: 0, red: 0, total: 147, units: 21, matters: 39 });
    });
  });
});
