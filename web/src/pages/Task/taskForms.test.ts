import { describe, expect, it } from 'vitest';
import { parseValue, taskFormKind, taskVariables } from './taskForms';

describe('taskFormKind', () => {
  it.each([
    [{ formKey: 'sign', name: '签收', elementId: 'Sign' }, 'sign'],
    [{ formKey: 'final-report', name: '办理并报送办结报告', elementId: 'Handling' }, 'final-report'],
    [{ formKey: 'review', name: '审核办结报告', elementId: 'FinalReview' }, 'review'],
    [{ formKey: 'extension', name: '审批延期申请', elementId: 'ApproveExtension' }, 'extension'],
    [{ formKey: 'distribute', name: '交办', elementId: 'Distribute' }, 'generic'],
    [{ formKey: 'approve-plan', name: '计划', elementId: 'Task_1' }, 'review'],
    [{ formKey: 'report', name: '审核进展', elementId: 'review' }, 'report'],
    [{ name: '督查室审核', elementId: 'Task_1' }, 'review'],
    [{ name: '进展填报', elementId: 'reviewReport' }, 'review'],
    [{ name: '进展填报', elementId: 'Task_1' }, 'generic'],
  ] as const)('%o → %s', (task, expected) => {
    expect(taskFormKind(task)).toBe(expected);
  });
});

describe('taskVariables', () => {
  it('signs, or returns with the reason', () => {
    expect(taskVariables('sign', { decision: 'approve', comment: 'ignored' })).toEqual({ returned: false });
    expect(taskVariables('sign', { decision: 'return', comment: ' 不属于本单位职责 ' })).toEqual({
      returned: true,
      returnReason: '不属于本单位职责',
    });
  });

  it('approves, or returns a review with the comment', () => {
    expect(taskVariables('review', { decision: 'approve' })).toEqual({ approved: true });
    expect(taskVariables('review', { decision: 'return', comment: '数据不全' })).toEqual({ approved: false, comment: '数据不全' });
  });

  it('grants an extension to the chosen date, or refuses it with the reason', () => {
    expect(taskVariables('extension', { decision: 'approve', unitDeadline: '2026-12-31' })).toEqual({
      approved: true,
      unitDeadline: '2026-12-31',
    });
    expect(taskVariables('extension', { decision: 'return', comment: '理由不充分' })).toEqual({ approved: false, comment: '理由不充分' });
  });

  it('verifies, or asks for rectification', () => {
    expect(taskVariables('verify', { decision: 'approve' })).toEqual({ verified: true });
    expect(taskVariables('verify', { decision: 'return', comment: '台账不全' })).toEqual({ verified: false, comment: '台账不全' });
  });

  it('reassigns to a unit, with a comment when given', () => {
    expect(taskVariables('reassign', { unit: 'housing' })).toEqual({ unit: 'housing' });
    expect(taskVariables('reassign', { unit: 'housing', comment: ' 改由住建局牵头 ' })).toEqual({ unit: 'housing', comment: '改由住建局牵头' });
  });

  it('reports progress, with the quantity reached when given (zero included)', () => {
    expect(taskVariables('report', { progress: ' 已完成选址 ' })).toEqual({ progress: '已完成选址' });
    expect(taskVariables('report', { progress: '开工', achieved: null })).toEqual({ progress: '开工' });
    expect(taskVariables('final-report', { progress: '全部建成', achieved: 0 })).toEqual({ progress: '全部建成', achieved: 0 });
    expect(taskVariables('final-report', { progress: '全部建成', achieved: 1200 })).toEqual({ progress: '全部建成', achieved: 1200 });
  });

  it('sends free entries with typed values, skipping blank names, and the comment', () => {
    expect(
      taskVariables('generic', {
        entries: [
          { key: 'progress', value: '60' },
          { key: ' note ', value: '按计划推进' },
          { key: ' ', value: 'ignored' },
        ],
        comment: ' 同意 ',
      }),
    ).toEqual({ progress: 60, note: '按计划推进', comment: '同意' });
    expect(taskVariables('generic', {})).toEqual({});
  });
});

describe('parseValue', () => {
  it.each([
    ['12', 12],
    ['true', true],
    ['"12"', '12'],
    ['[1,2]', [1, 2]],
    ['完成 60%', '完成 60%'],
    ['  ', ''],
    [undefined, ''],
  ])('%j → %j', (raw, expected) => {
    expect(parseValue(raw)).toEqual(expected);
  });
});
