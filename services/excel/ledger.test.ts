import { describe, expect, it } from 'vitest';
import { daysOverdue, describeQuery } from './ledger';

describe('ledger helpers', () => {
  it('counts days overdue for running matters today and completed ones on the day they closed', () => {
    const at = (iso: string) => new Date(iso);
    expect(daysOverdue({ status: 'running', deadline: '2026-11-20', ended_at: null }, '2026-11-23', 'Asia/Shanghai')).toBe(3);
    expect(daysOverdue({ status: 'running', deadline: '2026-11-23', ended_at: null }, '2026-11-23', 'Asia/Shanghai')).toBeUndefined();
    // Closed at 00:30 on 21 November in Shanghai (16:30 UTC the day before): one day late.
    expect(daysOverdue({ status: 'completed', deadline: '2026-11-20', ended_at: at('2026-11-20T16:30:00Z') }, '2026-11-23', 'Asia/Shanghai')).toBe(1);
    expect(daysOverdue({ status: 'completed', deadline: '2026-11-20', ended_at: at('2026-11-20T15:30:00Z') }, '2026-11-23', 'Asia/Shanghai')).toBeUndefined();
    expect(daysOverdue({ status: 'draft', deadline: '2026-11-01', ended_at: null }, '2026-11-23', 'Asia/Shanghai')).toBeUndefined();
  });

  it('describes the query in words', () => {
    const names = { units: new Map([['housing', '县住房和城乡建设局']]), leaders: new Map() };
    expect(describeQuery({}, names)).toBe('全部事项');
    expect(describeQuery({ status: 'running', leadUnit: 'housing', source: 'meeting', deadlineFrom: '2026-01-01', overdue: true }, names, 'housing')).toBe(
      '范围：县住房和城乡建设局参与的事项；状态：办理中；牵头单位：县住房和城乡建设局；来源：会议交办；办结时限：2026-01-01 起；仅逾期',
    );
    expect(describeQuery({ text: '停车', light: 'red', reportingPeriod: 'monthly', cardMonth: '2026-10', card: 'red', unit: 'housing' }, names)).toBe(
      '标题含“停车”；亮灯：红灯；责任单位：县住房和城乡建设局；填报周期：每月；2026-10 红牌',
    );
  });
});
