/** Timer start events as schedule specs: when each form fires. */
import { describe, expect, it } from 'vitest';
import type { TimerDefinition } from '../bpmn/graph';
import { scheduleSpec } from './start-schedules';

const DEPLOYED = Date.parse('2026-11-30T04:00:00.400Z');
const timer = (kind: TimerDefinition['kind'], literal: string): TimerDefinition => ({ kind, value: { literal } });

describe('a timer start event as a schedule', () => {
  it('fires a cycle without a start every interval from one interval after deployment, without end', () => {
    const first = Date.parse('2026-11-30T05:00:01Z');
    expect(scheduleSpec(timer('cycle', 'R/PT1H'), DEPLOYED)).toEqual({ spec: { intervals: [{ every: 3_600_000, offset: first % 3_600_000 }], startAt: new Date(first) } });
  });

  it('fires a cycle with a start from that start, as many times as it repeats', () => {
    const start = Date.parse('2027-01-01T09:00:00+08:00');
    expect(scheduleSpec(timer('cycle', 'R3/2027-01-01T09:00:00+08:00/P1DT12H'), DEPLOYED)).toEqual({
      spec: { intervals: [{ every: 129_600_000, offset: start % 129_600_000 }], startAt: new Date(start) },
      remainingActions: 3,
    });
  });

  it('fires a date once, at that second in UTC', () => {
    expect(scheduleSpec(timer('date', '2027-03-01T08:00:05+08:00'), DEPLOYED)).toEqual({
      spec: { calendars: [{ year: 2027, month: 'MARCH', dayOfMonth: 1, hour: 0, minute: 0, second: 5 }], timezone: 'UTC' },
      remainingActions: 1,
    });
  });

  it('fires a duration once, that long after deployment', () => {
    expect(scheduleSpec(timer('duration', 'P1DT10M'), DEPLOYED)).toEqual({
      spec: { calendars: [{ year: 2026, month: 'DECEMBER', dayOfMonth: 1, hour: 4, minute: 10, second: 1 }], timezone: 'UTC' },
      remainingActions: 1,
    });
  });

  it('has no schedule for a date before deployment', () => {
    expect(scheduleSpec(timer('date', '2026-01-01T00:00:00Z'), DEPLOYED)).toBeUndefined();
  });
});
