/**
 * Timer start events as Temporal Schedules: a deployed process whose latest version has a timer
 * start event gets a schedule per such event that starts a matter there on its timer (the
 * timerStartWorkflow). Deploying a new version replaces them; one without timer starts removes them.
 */
import { type ScheduleOptions, MONTHS, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { EventStart, TimerDefinition } from '../bpmn/graph';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../bpmn/iso8601';
import { TIMER_START_WORKFLOW, type TimerStartInput } from '../workflows/api';
import type { AppContext } from './context';
import { definitionGraphs, findDefinition } from './definitions';

/** The schedule of a process's timer start event. */
export function timerStartScheduleId(processKey: string, startEventId: string): string {
  return `timer-start:${processKey}:${startEventId}`;
}

/**
 * Brings a process's timer start schedules in line with its latest version after a deployment.
 * `created`: a new version was deployed, whose schedules replace the earlier ones (a bounded cycle
 * counts again); otherwise the schedules are made only where missing (a restart deploying the same
 * diagrams). Returns the ids of the process's schedules.
 */
export async function scheduleTimerStarts(ctx: Pick<AppContext, 'knex' | 'temporal'>, deployment: { key: string; created: boolean }): Promise<string[]> {
  const { client, taskQueue } = ctx.temporal;
  const latest = await findDefinition(ctx.knex, deployment.key);
  const timerStarts = (latest.graph.starts ?? []).filter((s): s is EventStart & { trigger: { kind: 'timer' } } => s.trigger.kind === 'timer');
  const wanted = new Map(
    timerStarts.flatMap((s) => {
      const spec = scheduleSpec(s.trigger.timer, latest.deployed_at.getTime());
      return spec ? [[timerStartScheduleId(deployment.key, s.id), { start: s, spec }] as const] : [];
    }),
  );
  const earlier = (await definitionGraphs(ctx.knex, deployment.key)).flatMap((g) => (g.starts ?? []).filter((s) => s.trigger.kind === 'timer').map((s) => timerStartScheduleId(deployment.key, s.id)));
  for (const scheduleId of new Set(earlier)) {
    if (wanted.has(scheduleId) && !deployment.created) continue;
    await client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }
  for (const [scheduleId, { start, spec }] of wanted) {
    const input: TimerStartInput = { processKey: deployment.key, startEventId: start.id };
    try {
      await client.schedule.create({
        scheduleId,
        spec: spec.spec,
        action: { type: 'startWorkflow', workflowType: TIMER_START_WORKFLOW, workflowId: scheduleId, taskQueue, args: [input] },
        // Each firing starts a matter of its own; after an outage the missed firings are not made up.
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 minute' },
        ...(spec.remainingActions !== undefined && { state: { remainingActions: spec.remainingActions } }),
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return [...wanted.keys()];
}

interface StartSpec {
  spec: ScheduleOptions['spec'];
  /** How many matters the schedule starts in all; unbounded without. */
  remainingActions?: number;
}

/**
 * A timer start event's timer as a schedule: a cycle (R[n]/[start/]interval) fires every interval
 * from its start (from one interval after deployment without one), a date once then, a duration once
 * that long after deployment. Undefined when it will never fire again (a date past).
 */
export function scheduleSpec(timer: TimerDefinition, deployedAt: number): StartSpec | undefined {
  // The compiler lets only literal timers through for start events (see startTrigger in bpmn/compile.ts).
  const literal = 'literal' in timer.value ? timer.value.literal : '';
  if (timer.kind === 'cycle') {
    const cycle = parseCycle(literal);
    if (!cycle) return undefined;
    const { weeks, days, hours, minutes, seconds } = cycle.interval;
    const every = Math.round((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
    const first = ceilToSecond(cycle.start ?? deployedAt + every);
    return {
      spec: { intervals: [{ every, offset: first % every }], startAt: new Date(first) },
      ...(cycle.repetitions !== undefined && { remainingActions: cycle.repetitions }),
    };
  }
  const duration = timer.kind === 'duration' ? parseDuration(literal) : undefined;
  const at = timer.kind === 'date' ? parseDateTime(literal) : duration && addDuration(deployedAt, duration);
  if (at === undefined || at < deployedAt) return undefined;
  return { spec: once(ceilToSecond(at)), remainingActions: 1 };
}

/** A calendar spec matching one instant (to the second), in UTC. */
function once(at: number): ScheduleOptions['spec'] {
  const d = new Date(at);
  return {
    calendars: [
      {
        year: d.getUTCFullYear(),
        month: MONTHS[d.getUTCMonth()],
        dayOfMonth: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      },
    ],
    timezone: 'UTC',
  };
}

const ceilToSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;
