import { describe, expect, it } from 'vitest';
import { checkMatterData, diffMatterData, nextPeriodStart, periodCycle } from './matter-data';

const ctx = { units: new Set(['office', 'housing', 'transport', 'dev-reform']), leaders: new Set(['leader']), today: '2026-11-23' };

const valid = {
  title: '城区新建公共停车位',
  source: 'meeting',
  type: '项目建设类',
  assignedDate: '2026-11-20',
  deadline: '2026-12-31',
  assigner: '县政府常务会议',
  area: '城关镇',
  leadUnit: 'housing',
  coUnits: ['transport'],
  leader: 'leader',
  target: { indicator: '新建停车位', measure: '个', value: 1200 },
  reportingPeriod: 'monthly',
  tags: ['民生实事'],
};

describe('matter data quality', () => {
  it('accepts a complete, consistent matter and trims its text', () => {
    const result = checkMatterData({ ...valid, title: '  城区新建公共停车位 ' }, ctx);
    expect(result).toEqual({ ok: true, data: { ...valid, source: 'meeting', reportingPeriod: 'monthly' } });
  });

  it('accepts a target value given as text (an Excel cell) and no optional fields', () => {
    const { area, leader, tags, coUnits, ...minimal } = valid;
    expect([area, leader, tags, coUnits]).not.toContain(undefined);
    const result = checkMatterData({ ...minimal, target: { ...valid.target, value: '1200' } }, ctx);
    expect(result.ok && result.data).toMatchObject({ coUnits: [], tags: [], target: { value: 1200 } });
  });

  it.each([
    ['title', { title: '' }, 'title must be 2 to 200 characters'],
    ['source', { source: 'rumour' }, 'source must be one of meeting, instruction, document, superior, other'],
    ['type', { type: ' ' }, 'type is required (at most 50 characters)'],
    ['assignedDate', { assignedDate: '2026-02-30' }, 'assigned date must be a date YYYY-MM-DD from 1900 to 2200'],
    ['assignedDate', { assignedDate: '0001-01-01' }, 'assigned date must be a date YYYY-MM-DD from 1900 to 2200'],
    ['assignedDate', { assignedDate: '2026-11-24' }, 'assigned date cannot be in the future'],
    ['deadline', { deadline: '2026/12/31' }, 'deadline must be a date YYYY-MM-DD from 1900 to 2200'],
    ['deadline', { deadline: '2026-11-19' }, 'deadline cannot be before the assigned date'],
    ['deadline', { deadline: '2032-01-01' }, 'deadline is more than 5 years ahead'],
    ['assigner', { assigner: undefined }, 'assigner is required (who assigned the matter)'],
    ['leadUnit', { leadUnit: 'mars' }, 'no unit "mars"'],
    ['coUnits', { coUnits: ['transport', 'transport'] }, 'a co-unit is listed twice'],
    ['coUnits', { coUnits: ['housing'] }, 'the lead unit cannot also be a co-unit'],
    ['coUnits', { coUnits: 'transport' }, 'co-units must be a list of unit ids'],
    ['leader', { leader: 'fagai' }, '"fagai" is not a leader'],
    ['target.value', { target: { indicator: '停车位', measure: '个', value: 0 } }, 'target value must be a number above zero'],
    ['target.indicator', { target: { indicator: '', measure: '个', value: 3 } }, 'a quantified target needs its indicator'],
    ['reportingPeriod', { reportingPeriod: 'daily' }, 'reporting period must be one of weekly, monthly, quarterly'],
    ['tags', { tags: ['x'.repeat(21)] }, 'tags are up to 10 words of at most 20 characters'],
  ])('refuses a bad %s', (field, change, message) => {
    expect(checkMatterData({ ...valid, ...change }, ctx)).toEqual({ ok: false, errors: [{ field, message }] });
  });

  it('reports every bad field at once', () => {
    const result = checkMatterData({}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['title', 'source', 'type', 'assignedDate', 'deadline', 'assigner', 'leadUnit', 'reportingPeriod']);
  });
});

describe('matter data diff', () => {
  it('lists the changed fields with old and new values', () => {
    const before = checkMatterData(valid, ctx);
    const after = checkMatterData({ ...valid, deadline: '2027-01-31', coUnits: [] }, ctx);
    if (!before.ok || !after.ok) throw new Error('invalid fixture');
    expect(diffMatterData(before.data, after.data)).toEqual([
      { field: 'deadline', from: '2026-12-31', to: '2027-01-31' },
      { field: 'coUnits', from: ['transport'], to: [] },
    ]);
  });
});

describe('period cycles', () => {
  it.each([
    ['weekly', '2026-11-23', '2026-11-30'],
    ['weekly', '2026-11-29', '2026-11-30'],
    ['monthly', '2026-11-01', '2026-12-01'],
    ['monthly', '2026-12-31', '2027-01-01'],
    ['quarterly', '2026-11-23', '2027-01-01'],
    ['quarterly', '2026-01-01', '2026-04-01'],
    ['quarterly', '2026-09-30', '2026-10-01'],
  ] as const)('%s after %s opens on %s', (period, date, start) => expect(nextPeriodStart(period, date)).toBe(start));

  it.each([
    ['weekly', 'R/2026-11-29T16:00:00.000Z/P7D'],
    ['monthly', 'R/2026-11-30T16:00:00.000Z/P1M'],
    ['quarterly', 'R/2026-12-31T16:00:00.000Z/P3M'],
  ] as const)('%s reports open at midnight in Shanghai: %s', (period, cycle) => expect(periodCycle(period, '2026-11-23', 'Asia/Shanghai')).toBe(cycle));
});
