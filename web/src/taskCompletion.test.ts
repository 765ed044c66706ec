import { describe, expect, it } from 'vitest';
import { completionVariables, isReviewTask, parseValue } from './taskCompletion';

describe('isReviewTask', () => {
  it.each([
    [{ formKey: 'review', name: '填报进展', elementId: 'report' }, true],
    [{ formKey: 'report', name: '审核进展', elementId: 'review' }, false],
    [{ name: '督查室审核', elementId: 'Task_1' }, true],
    [{ name: '进展填报', elementId: 'reviewReport' }, true],
    [{ name: '进展填报', elementId: 'Task_1' }, false],
  ])('%o → %s', (task, expected) => {
    expect(isReviewTask(task)).toBe(expected);
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

describe('completionVariables', () => {
  it('sends the review decision and the comment', () => {
    expect(completionVariables({ decision: 'return', comment: ' 数据不全 ' }, true)).toEqual({
      approved: false,
      comment: '数据不全',
    });
    expect(completionVariables({ decision: 'approve' }, true)).toEqual({ approved: true });
  });

  it('sends edited entries with typed values and skips blank names', () => {
    expect(
      completionVariables(
        {
          entries: [
            { key: 'progress', value: '60' },
            { key: ' note ', value: '按计划推进' },
            { key: ' ', value: 'ignored' },
          ],
        },
        false,
      ),
    ).toEqual({ progress: 60, note: '按计划推进' });
  });
});
