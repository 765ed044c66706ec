import { describe, expect, it } from 'vitest';
import { cardsSentence, contentDisposition, lightsSentence, percent, periodKey, periodLabel, topAndBottom } from './document';

describe('periods in words', () => {
  it.each([
    [{ kind: 'year', start: '2026-01-01', end: '2026-12-31' }, '2026年度', '2026'],
    [{ kind: 'month', start: '2026-03-01', end: '2026-03-31' }, '2026年3月', '2026-03'],
    [{ kind: 'week', start: '2026-11-16', end: '2026-11-22' }, '2026年11月16日至11月22日', '2026-11-16_2026-11-22'],
    [{ kind: 'week', start: '2025-12-29', end: '2026-01-04' }, '2025年12月29日至2026年1月4日', '2025-12-29_2026-01-04'],
  ] as const)('%o is %s (%s)', (period, label, key) => {
    expect(periodLabel(period)).toBe(label);
    expect(periodKey(period)).toBe(key);
  });
});

describe('contentDisposition', () => {
  it('gives the Chinese name in RFC 5987 form and an ASCII fallback', () => {
    const header = contentDisposition('考评报告_县交通运输局_2026年11月.docx', 'evaluation_transport_2026-11.docx');
    expect(header).toBe(
      `attachment; filename="evaluation_transport_2026-11.docx"; filename*=UTF-8''${encodeURIComponent('考评报告_县交通运输局_2026年11月.docx')}`,
    );
  });

  it("percent-encodes the characters encodeURIComponent leaves but attr-char forbids, and keeps the fallback's quotes safe", () => {
    const header = contentDisposition("通报 (1)'*.docx", 'a"b\\c é.docx');
    expect(header).toContain("filename*=UTF-8''%E9%80%9A%E6%8A%A5%20%281%29%27%2A.docx");
    expect(header).toContain('filename="a_b_c _.docx"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1])).toBe("通报 (1)'*.docx");
  });
});

describe('figures in words', () => {
  it('counts lights and cards like the county article (3 June 2020)', () => {
    expect(lightsSentence({ white: 1, blue: 21, green: 211, yellow: 0, red: 8, total: 241 })).toBe(
      '亮灯 241 盏，其中绿灯 211 盏、蓝灯 21 盏、黄灯 0 盏、红灯 8 盏、白灯 1 盏（未启动）',
    );
    expect(lightsSentence({ white: 0, blue: 0, green: 2, yellow: 1, red: 0, total: 3 })).toBe('亮灯 3 盏，其中绿灯 2 盏、蓝灯 0 盏、黄灯 1 盏、红灯 0 盏');
    expect(cardsSentence({ green: 724, yellow: 0, red: 7, total: 731 })).toBe('亮牌 731 张，其中绿牌 724 张、黄牌 0 张、红牌 7 张');
  });

  it.each([
    [{ numerator: 1, denominator: 2, value: 0.5 }, '50.0%'],
    [{ numerator: 2, denominator: 3, value: 2 / 3 }, '66.7%'],
    [{ numerator: 0, denominator: 0 }, '—'],
  ])('percent(%o) = %s', (rate, text) => expect(percent(rate)).toBe(text));

  it.each([
    [0, [], []],
    [1, [1], []],
    [2, [1], [2]],
    [3, [1, 2], [3]],
    [5, [1, 2, 3], [4, 5]],
    [8, [1, 2, 3], [6, 7, 8]],
  ])('topAndBottom of %i ranked units never names one twice', (n, top, bottom) => {
    const ranked = Array.from({ length: n }, (_, i) => i + 1);
    expect(topAndBottom(ranked)).toEqual({ top, bottom });
  });
});
