import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION_CONFIG, supervisionConfig } from './config';
import { rate, type Rate } from './rates';
import { leaderEntry, rank, rankingScore, type RankingEntry } from './ranking';

const none = rate(0, 0);
const weights = DEFAULT_SUPERVISION_CONFIG.weights;

describe('rankingScore', () => {
  it.each<[string, Rate, Rate, Rate, number | undefined]>([
    ['all three rates', rate(1, 1), rate(1, 2), rate(0, 3), 0.4 + 0.15],
    ['all perfect', rate(5, 5), rate(8, 8), rate(3, 3), 1],
    ['all zero', rate(0, 5), rate(0, 8), rate(0, 3), 0],
    ['nothing due: lights and cards share the weight', none, rate(1, 2), rate(1, 1), (0.3 * 0.5 + 0.3 * 1) / 0.6],
    ['only lights', none, rate(3, 4), none, 0.75],
    ['only plan items', rate(1, 4), none, none, 0.25],
    ['nothing to measure', none, none, none, undefined],
  ])('%s', (_case, planCompletion, light, card, expected) => {
    const score = rankingScore({ planCompletion, light, card }, weights);
    if (expected === undefined) expect(score).toBeUndefined();
    else expect(score).toBeCloseTo(expected, 12);
  });

  it('uses the configured weights, and leaves out a rate whose weight is zero', () => {
    const rates = { planCompletion: rate(1, 1), light: rate(0, 1), card: rate(1, 2) };
    expect(rankingScore(rates, { planCompletion: 0.5, light: 0.5, card: 0 })).toBeCloseTo(0.5, 12);
    expect(rankingScore({ ...rates, planCompletion: none, card: none }, { planCompletion: 0.5, light: 0, card: 0.5 })).toBeUndefined();
  });
});

describe('rank', () => {
  const entry = (id: string, name: string, score: number | undefined, redLights = 0): RankingEntry => ({ id, name, score, redLights });

  it.each<[string, RankingEntry[], [string, number | undefined][]]>([
    ['by score', [entry('a', '教育局', 0.5), entry('b', '财政局', 0.9)], [['b', 1], ['a', 2]]],
    ['a tie on score goes to fewer red lights, ranked apart', [entry('a', '财政局', 0.9, 2), entry('b', '教育局', 0.9, 1)], [['b', 1], ['a', 2]]],
    [
      'a tie on score and red lights shares the rank and is ordered by pinyin, not code point',
      [entry('c', '教育局', 0.9), entry('a', '发改局', 0.9), entry('b', '财政局', 0.9), entry('d', '住建局', 0.5)],
      [['b', 1], ['a', 1], ['c', 1], ['d', 4]],
    ],
    ['scores equal but for floating-point noise tie', [entry('a', '教育局', 0.1 + 0.2), entry('b', '财政局', 0.3)], [['b', 1], ['a', 1]]],
    ['without a score: last, unranked, by name', [entry('a', '教育局', undefined), entry('b', '财政局', undefined, 5), entry('c', '住建局', 0)], [['c', 1], ['b', undefined], ['a', undefined]]],
    ['the same name: by id', [entry('b', '财政局', 0.5), entry('a', '财政局', 0.5)], [['a', 1], ['b', 1]]],
    ['nothing to rank', [], []],
  ])('%s', (_case, entries, expected) => {
    expect(rank(entries, DEFAULT_SUPERVISION_CONFIG).map((row) => [row.id, row.rank])).toEqual(expected);
  });

  it('orders names by the configured collation', () => {
    const entries = [entry('a', '教育局', 1), entry('b', '财政局', 1), entry('c', '发改局', 1)];
    expect(rank(entries, supervisionConfig({ collation: 'zh-CN' })).map((row) => row.name)).toEqual(['财政局', '发改局', '教育局']);
    expect(rank(entries, supervisionConfig({ collation: 'zh-u-co-stroke' })).map((row) => row.name)).toEqual(['发改局', '财政局', '教育局']);
  });

  it('keeps the entries whole', () => {
    const rows = rank([{ ...entry('a', '财政局', 0.5), extra: 'kept' }]);
    expect(rows).toEqual([{ id: 'a', name: '财政局', score: 0.5, redLights: 0, extra: 'kept', rank: 1 }]);
  });
});

describe('leaderEntry', () => {
  const units: RankingEntry[] = [
    { id: 'finance', name: '财政局', score: 0.9, redLights: 1 },
    { id: 'transport', name: '交通局', score: 0.6, redLights: 2 },
    { id: 'idle', name: '档案局', score: undefined, redLights: 0 },
  ];

  it.each<[string, string[], number | undefined, number]>([
    ['the mean of the units in their charge', ['finance', 'transport'], 0.75, 3],
    ['units without a score are left out of the mean', ['finance', 'idle'], 0.9, 1],
    ['only units without a score', ['idle'], undefined, 0],
    ['no units', [], undefined, 0],
    ['a unit not on the board', ['finance', 'elsewhere'], 0.9, 1],
  ])('%s', (_case, unitIds, score, redLights) => {
    const leader = leaderEntry({ id: 'deputy', name: '杨副县长', unitIds }, units);
    expect(leader.redLights).toBe(redLights);
    if (score === undefined) expect(leader.score).toBeUndefined();
    else expect(leader.score).toBeCloseTo(score, 12);
  });
});
