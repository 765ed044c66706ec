/**
 * Reporting periods on the calendar, as properties: from every start day across four years, in
 * Shanghai, UTC and a zone with daylight saving, each weekly, monthly and quarterly cycle opens
 * exactly on its calendar boundary at the day's first moment, never skips or repeats a period, and
 * makes its report due on the configured day. And on the real supervision diagram, a new period's
 * report never carries the previous period's review state, whatever the reviews were.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBpmn } from '../../bpmn/compile';
import { WorkingDays } from '../../bpmn/working-days';
import type { ProcessGraph } from '../../bpmn/graph';
import { flowVariables } from '../../services/matters';
import { localDateOf, startOfDay } from '../../supervision/calendar';
import { type ReportingPeriod, periodCycle, reportDue } from '../../supervision/matter-data';
import { Engine } from '../../workflows/engine/engine';
import { cycleFiring, dueInstant, timerSchedule } from '../../workflows/engine/timers';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York'];
/** How many periods of each kind are followed from each start day. */
const FIRINGS: Record<ReportingPeriod, number> = { weekly: 10, monthly: 14, quarterly: 6 };

/** The period boundaries after `assigned`, by the calendar alone. */
function expectedOpenings(period: ReportingPeriod, assigned: Temporal.PlainDate): string[] {
  let next =
    period === 'weekly'
      ? assigned.add({ days: 8 - assigned.dayOfWeek })
      : period === 'monthly'
        ? assigned.with({ day: 1 }).add({ months: 1 })
        : assigned.with({ day: 1, month: Math.floor((assigned.month - 1) / 3) * 3 + 1 }).add({ months: 3 });
  const openings: string[] = [];
  for (let i = 0; i < FIRINGS[period]; i++) {
    openings.push(next.toString());
    next = next.add(period === 'weekly' ? { weeks: 1 } : { months: period === 'monthly' ? 1 : 3 });
  }
  return openings;
}

/** The report's due day: Friday of the week, the 25th, the 25th of the quarter's last month. */
function expectedDue(period: ReportingPeriod, opening: string): string {
  const day = Temporal.PlainDate.from(opening);
  if (period === 'weekly') return day.add({ days: 4 }).toString();
  return day.add({ months: period === 'monthly' ? 0 : 2 }).with({ day: 25 }).toString();
}

describe('every reporting cycle opens on its calendar boundary and is due on its day', () => {
  for (const timeZone of ZONES) {
    for (const period of ['weekly', 'monthly', 'quarterly'] as const) {
      it(`${period} in ${timeZone}, from every day of 2024–2027`, { timeout: 120_000 }, () => {
        const wrong: string[] = [];
        for (let assigned = Temporal.PlainDate.from('2024-01-01'); assigned.year < 2028; assigned = assigned.add({ days: 1 })) {
          // The timer is set when the unit signs, some time on the assigned day.
          const now = startOfDay(assigned.toString(), timeZone) + 10 * 3_600_000;
          const schedule = timerSchedule('cycle', periodCycle(period, assigned.toString(), timeZone), now, { calendarCycles: true, timeZone });
          const { cycle } = schedule;
          const expected = expectedOpenings(period, assigned);
          expected.forEach((opening, i) => {
            const fireAt = cycleFiring(cycle!, cycle!.n + i);
            const due = localDateOf(dueInstant(reportDue(period), fireAt, timeZone), timeZone);
            if (fireAt !== startOfDay(opening, timeZone) || due !== expectedDue(period, opening)) {
              wrong.push(`${assigned}: period ${i + 1} opens ${new Date(fireAt).toISOString()} (${localDateOf(fireAt, timeZone)}), due ${due}; expected ${opening}, due ${expectedDue(period, opening)}`);
            }
          });
          if (schedule.fireAt !== cycleFiring(cycle!, cycle!.n)) wrong.push(`${assigned}: the first firing is not the cycle's`);
        }
        expect(wrong.slice(0, 5)).toEqual([]);
      });
    }
  }
});

describe('a new period starts afresh on the supervision diagram', () => {
  let graph: ProcessGraph;
  beforeAll(async () => {
    const compiled = await compileBpmn(readFileSync(new URL('../../bpmn-models/supervision.bpmn', import.meta.url), 'utf8'));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    graph = compiled.graph;
  });

  /** What the office does with each period's report: approve it, return it and get it again, or return it and hear nothing. */
  const outcome = fc.constantFrom('approved', 'returned-resubmitted', 'returned-left-open');

  it('whatever became of the last period, the new report is due on the 25th with no exception', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 28 }), (outcomes, assignedDay) => {
        const timeZone = 'Asia/Shanghai';
        const assigned = `2027-01-${String(assignedDay).padStart(2, '0')}`;
        const variables = flowVariables({ title: '月报事项', source: 'meeting', type: '重点工作', assignedDate: assigned, deadline: '2028-12-31', assigner: '县政府', leadUnit: 'housing', coUnits: [], reportingPeriod: 'monthly', tags: [] }, new WorkingDays({ holidays: [], workdays: [] }));
        const engine = new Engine(graph, 'm');
        let now = startOfDay(assigned, timeZone) + 9 * 3_600_000;
        engine.start(variables, now, { scopedVariables: true, calendarTimers: true, timeZone });
        const complete = (elementId: string, vars: Record<string, unknown>, taskId?: string) => {
          const task = engine.openTasks().find((t) => (taskId ? t.id === taskId : t.elementId === elementId))!;
          engine.handle({ type: 'taskCompleted', taskId: task.id, variables: vars, by: 'someone' }, now);
        };
        complete('Distribute', {});
        complete('Sign', { returned: false });
        for (const [i, what] of outcomes.entries()) {
          const timer = Object.values(engine.state.subscriptions).find((sub) => sub.elementId === 'PeriodOpens')!;
          now = timer.fireAt!;
          const before = new Set(engine.openTasks().map((t) => t.id));
          engine.handle({ type: 'timerFired', subscriptionId: timer.id }, now);
          const report = engine.openTasks().find((t) => t.elementId === 'Report' && !before.has(t.id))!;
          const opening = Temporal.PlainDate.from(assigned).with({ day: 1 }).add({ months: i + 1 });
          expect(localDateOf(report.createdAt, timeZone)).toBe(opening.toString());
          expect(localDateOf(report.dueAt!, timeZone)).toBe(opening.with({ day: 25 }).toString());
          expect(report.properties?.exception).toBe(false);
          now += 2 * 86_400_000;
          complete('Report', { progress: `第${i + 1}期` }, report.id);
          complete('ReviewReport', { approved: what === 'approved' });
          if (what === 'returned-resubmitted') {
            const again = engine.openTasks().find((t) => t.elementId === 'Report')!;
            expect(again.properties?.exception).toBe(true);
            now += 86_400_000;
            complete('Report', { progress: '补充' }, again.id);
            complete('ReviewReport', { approved: true });
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
