import { describe, expect, it } from 'vitest';
import type { AuditEntry, HistoryEntry } from '../../api/types';
import { nameLookup, type Names } from '../../names';
import { auditLine, historyLine } from './timeline';

const names: Names = {
  unitName: nameLookup(new Map([['housing', '县住建局'], ['office', '督查室']])),
  userName: nameLookup(new Map([['leader', '王副县长'], ['supervisor', '督查员小李']])),
};
const at = '2026-11-23T02:00:00.000Z';

describe('historyLine', () => {
  it.each<[HistoryEntry, string, string[]]>([
    [{ at, kind: 'started', processKey: 'supervision', processVersion: 2, variables: {} }, '事项启动', ['supervision · 第 2 版']],
    [{ at, kind: 'element', elementId: 'Sign', name: '签收', type: 'userTask', outcome: 'completed', startedAt: at }, '签收 完成', []],
    [{ at, kind: 'element', elementId: 'Gateway_1', type: 'exclusiveGateway', outcome: 'cancelled', startedAt: at }, 'Gateway_1 取消', []],
    [
      { at, kind: 'taskCompleted', taskId: 't1', by: 'zhujian', unitId: 'housing', variables: { returned: true, returnReason: '不属于本单位' } },
      'zhujian（县住建局） 办理任务',
      ['签收结果：退回', '退回理由：不属于本单位'],
    ],
    [{ at, kind: 'taskChanged', taskId: 't1', action: 'claim', by: 'zhujian' }, 'zhujian 认领任务', []],
    [{ at, kind: 'taskChanged', taskId: 't1', action: 'delegate', by: 'supervisor', unitId: 'housing' }, '督查员小李 将任务转交县住建局', []],
    [{ at, kind: 'message', name: 'urge', variables: { urgeMessage: '请于本周内报送' } }, '督查室催办', ['催办内容：请于本周内报送']],
    [
      { at, kind: 'message', name: 'extension', variables: { requestedDeadline: '2027-01-31', extensionReason: '雨季停工' } },
      '申请延期',
      ['申请延至：2027/01/31', '延期理由：雨季停工'],
    ],
    [{ at, kind: 'message', name: 'superiorRecall', variables: {} }, '收到消息 superiorRecall', []],
    [{ at, kind: 'ended', status: 'terminated' }, '事项意外结束', []],
    [{ at, kind: 'ended', status: 'completed' }, '事项办结', []],
    [{ at, kind: 'instruction', by: 'leader', text: '抓紧推进' }, '王副县长 批示', ['抓紧推进']],
    [{ at, kind: 'instruction', by: 'someone', text: '请督查室跟踪' }, 'someone 批示', ['请督查室跟踪']],
    [{ at, kind: 'started', processKey: 'sub-report', processVersion: 1, variables: {}, callPath: ['call'] }, '子流程启动', ['调用环节：call', 'sub-report · 第 1 版']],
    [{ at, kind: 'element', elementId: 'Report', name: '报送', type: 'userTask', outcome: 'completed', startedAt: at, callPath: ['call', 'inner'] }, '报送 完成', ['调用环节：call › inner']],
    [{ at, kind: 'ended', status: 'completed', callPath: ['call'] }, '子流程结束', ['调用环节：call']],
  ])('%o', (entry, title, details) => {
    expect(historyLine(entry, names)).toMatchObject({ title, details });
  });
});

describe('auditLine', () => {
  it('lists each edited field with its old and new value', () => {
    const entry: AuditEntry = {
      action: 'edited',
      by: 'supervisor',
      at,
      details: [
        { field: 'deadline', from: '2026-12-31', to: '2027-01-31' },
        { field: 'leader', from: null, to: 'leader' },
        { field: 'coUnits', from: [], to: ['housing'] },
      ],
    };
    expect(auditLine(entry, names)).toEqual({
      title: '督查员小李 修改要素',
      details: ['办结时限：2026/12/31 → 2027/01/31', '分管领导：— → 王副县长', '配合单位：— → 县住建局'],
      color: 'blue',
    });
  });

  it('gives the reason of a termination', () => {
    expect(auditLine({ action: 'terminated', by: 'supervisor', at, details: { reason: '上级撤销' } }, names)).toMatchObject({
      title: '督查员小李 意外结束',
      details: ['原因：上级撤销'],
    });
  });
});
