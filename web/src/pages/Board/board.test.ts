import { describe, expect, it } from 'vitest';
import { boardSummary, byRank, chartPercent, formatPercent, formatRate } from './board';

describe('formatRate', () => {
  it.each([
    [{ numerator: 7, denominator: 8, value: 0.875 }, '87.5%（7/8）'],
    [{ numerator: 1, denominator: 3, value: 1 / 3 }, '33.3%（1/3）'],
    [{ numerator: 0, denominator: 0 }, '—（0/0）'],
  ])('%o → %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });
});

describe('formatPercent and chartPercent', () => {
  it('show one decimal and a dash or a gap for no value', () => {
    expect(formatPercent(0.9876)).toBe('98.8%');
    expect(formatPercent(undefined)).toBe('—');
    expect(chartPercent(0.9876)).toBe(98.8);
    expect(chartPercent(undefined)).toBeNull();
  });
});

describe('byRank', () => {
  it('orders by rank, ties kept, unranked last in the given order', () => {
    const rows = [
      { name: 'c' },
      { name: 'b', rank: 2 },
      { name: 'a', rank: 1 },
      { name: 'd', rank: 2 },
      { name: 'e' },
    ];
    expect(byRank(rows).map((row) => row.name)).toEqual(['a', 'b', 'd', 'c', 'e']);
  });
});

describe('boardSummary', () => {
  it('reads like the county article', () => {
    expect(
      boardSummary({
        lights: { white: 0, blue: 21, green: 211, yellow: 0, red: 8, total: 240, units: 33 },
        cards: { green: 724, yellow: 0, red: 7, total: 731, units: 21, matters: 39 },
      }),
    ).toBe('共 240 盏灯（绿 211、蓝 21、黄 0、红 8）涉及 33 个单位；共 731 张牌（绿 724、黄 0、红 7）涉及 21 个单位、39 个事项');
  });

  it('names white lights when there are any', () => {
    expect(
      boardSummary({
        lights: { white: 3, blue: 0, green: 1, yellow: 0, red: 0, total: 4, units: 2 },
        cards: { green: 0, yellow: 0, red: 0, total: 0, units: 0, matters: 0 },
      }),
    ).toMatch(/^共 4 盏灯（绿 1、蓝 0、黄 0、红 0、白 3）涉及 2 个单位；/);
  });
});
