import { describe, expect, it } from 'vitest';
import { nameLookup, type Names } from './names';
import { describeVariables, formatVariable, variableLabel } from './variables';

const names: Names = {
  unitName: nameLookup(new Map([['housing', '县住建局'], ['transport', '县交通局']])),
  userName: nameLookup(new Map([['leader', '王副县长']])),
};

describe('formatVariable', () => {
  it.each([
    ['returned', true, '退回'],
    ['returned', false, '签收'],
    ['approved', true, '通过'],
    ['verified', false, '整改'],
    ['unit', 'housing', '县住建局'],
    ['leadUnit', 'transport', '县交通局'],
    ['units', ['housing', 'transport'], '县住建局、县交通局'],
    ['coUnits', ['transport'], '县交通局'],
    ['reportingPeriod', 'monthly', '每月'],
    ['unitDeadline', '2027-01-31', '2027/01/31'],
    ['requestedDeadline', '2027-01-31', '2027/01/31'],
    ['warnAt', '2026-12-28T16:00:00.000Z', '2026-12-28T16:00:00.000Z'],
    ['target', { indicator: '新建停车位', measure: '个', value: 1200 }, '新建停车位 1200 个'],
    ['urgent', true, '是'],
    ['achieved', 460, '460'],
    ['leader', 'leader', '王副县长'],
  ])('%s %j → %s', (key, value, expected) => {
    expect(formatVariable(key, value, names)).toBe(expected);
  });
});

describe('variableLabel', () => {
  it('names the variables the UI sets and keeps the others', () => {
    expect(variableLabel('returnReason')).toBe('退回理由');
    expect(variableLabel('periodCycle')).toBe('periodCycle');
  });
});

describe('describeVariables', () => {
  it('reads decisions and units in words and leaves out empty values', () => {
    expect(describeVariables({ approved: false, comment: '数据不全', unit: 'housing', achieved: 0, note: null }, names)).toEqual([
      '审核结果：退回',
      '办理意见：数据不全',
      '承办单位：县住建局',
      '已完成数量：0',
    ]);
  });
});
