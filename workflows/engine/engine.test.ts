/** The interpreter alone, without Temporal: every element scenario, driven event by event. */
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../bpmn/compile';
import { ELEMENT_SCENARIOS, type Scenario } from '../../test/scenarios/elements';
import { diagram, end, flows, start, userTask } from '../../test/support/bpmn';
import { T0, runInEngine } from '../../test/support/run-engine';
import { Engine } from './engine';

const run = (scenario: Scenario) => runInEngine(scenario);

const sorted = (ids: string[]) => [...ids].sort();

describe('engine', () => {
  for (const scenario of ELEMENT_SCENARIOS) {
    it(scenario.name, async () => {
      const engine = await run(scenario);
      const { state } = engine;
      expect(state.status).toBe(scenario.status);
      expect(sorted(state.completed.filter((c) => c.outcome === 'completed').map((c) => c.elementId))).toEqual(sorted(scenario.reached));
      expect(sorted(state.completed.filter((c) => c.outcome !== 'completed').map((c) => c.elementId))).toEqual(sorted(scenario.interrupted ?? []));
      expect(sorted(engine.activeElements().map((a) => a.elementId))).toEqual(sorted(scenario.waiting ?? []));
      const joins = engine.activeElements().filter((a) => a.arrived !== undefined);
      expect(Object.fromEntries(joins.map((a) => [a.elementId, { arrived: a.arrived, expected: a.expected }]))).toEqual(scenario.joins ?? {});
      if (scenario.variablesAfter) expect(state.variables).toMatchObject(scenario.variablesAfter);
      if (scenario.failure) expect(state.failure?.message).toBe(scenario.failure);
      if (scenario.status !== 'running') expect(engine.openTasks()).toEqual([]);
    });
  }

  it('asks for each timer of a cycle in turn and withdraws them when the task is done', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('non-interrupting cycle'))!;
    const compiled = await compileBpmn(scenario.xml);
    if (!compiled.ok) throw new Error('compile');
    const engine = new Engine(compiled.graph, 'm');
    engine.start({}, T0);
    const [first] = engine.takeEffects();
    expect(first).toMatchObject({ type: 'startTimer', fireAt: T0 + 1000 });
    const sub = Object.values(engine.state.subscriptions)[0];
    engine.handle({ type: 'timerFired', subscriptionId: sub.id }, T0 + 1000);
    expect(engine.takeEffects()).toEqual([{ type: 'startTimer', subscriptionId: sub.id, fireAt: T0 + 2000, elementId: 'remind' }]);
    const task = engine.openTasks()[0];
    engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0 + 1500);
    expect(engine.takeEffects()).toEqual([{ type: 'cancelTimer', subscriptionId: sub.id }]);
  });

  it('ignores a second completion of the same task', async () => {
    const engine = await run({ ...ELEMENT_SCENARIOS[0], steps: [] });
    const task = engine.openTasks()[0];
    expect(engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0)).toBe(true);
    expect(engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0)).toBe(false);
    expect(engine.openTasks().map((t) => t.elementId)).toEqual(['b']);
  });

  it('fails the matter, naming the element, when its data does not fit the model', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('parallel multi-instance'))!;
    const engine = await run({ ...scenario, variables: { units: 'housing' }, steps: [] });
    expect(engine.state.status).toBe('failed');
    expect(engine.state.failure).toEqual({ message: 'multi-instance collection "units" is not a list', elementId: 'report' });
    expect(engine.state.instances).toEqual({});
  });

  it('with calendar timers, opens a monthly report on the 1st of each month, due on the 25th however late the timer is handled', async () => {
    const xml = diagram(
      'monthly',
      [
        start(),
        userTask('handling', 'housing'),
        '<bpmn:boundaryEvent id="opens" attachedToRef="handling" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/2021-01-01T00:00:00+08:00/P1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        '<bpmn:userTask id="report"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="housing"/><zeebe:taskSchedule dueDate="P24D"/></bpmn:extensionElements></bpmn:userTask>',
        end(),
        end('end2'),
        flows('start -> handling\nhandling -> end\nopens -> report\nreport -> end2'),
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const shanghai = (t: number | undefined) => new Date(t! + 8 * 3_600_000).toISOString().slice(0, 16);
    for (const calendarTimers of [true, false]) {
      const engine = new Engine(compiled.graph, 'm');
      engine.start({}, Date.parse('2020-12-15T10:00:00+08:00'), { calendarTimers });
      const opened: string[] = [];
      for (let month = 0; month < 3; month++) {
        const timer = Object.values(engine.state.subscriptions).find((sub) => sub.elementId === 'opens')!;
        // The worker sees each firing two days late.
        engine.handle({ type: 'timerFired', subscriptionId: timer.id }, timer.fireAt! + 2 * 86_400_000);
        const report = engine.openTasks().find((t) => t.elementId === 'report')!;
        opened.push(`${shanghai(report.createdAt)} due ${shanghai(report.dueAt)}`);
        engine.handle({ type: 'taskCompleted', taskId: report.id, variables: {}, by: 'housing' }, timer.fireAt! + 3 * 86_400_000);
      }
      expect(opened).toEqual(
        calendarTimers
          ? ['2021-01-01T00:00 due 2021-01-25T00:00', '2021-02-01T00:00 due 2021-02-25T00:00', '2021-03-01T00:00 due 2021-03-25T00:00']
          : // Matters started before: a 31-day period repeats, and lateness shifts the due date.
            ['2021-01-03T00:00 due 2021-01-27T00:00', '2021-02-03T00:00 due 2021-02-27T00:00', '2021-03-06T00:00 due 2021-03-30T00:00'],
      );
    }
  });

  it('updates a multi-instance item in its own scope when variables are scoped, and the process otherwise', async () => {
    const xml = diagram(
      'per-unit-reassign',
      [
        start(),
        `<bpmn:subProcess id="perUnit"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>${start('s1')}${userTask('reassign', 'office')}${userTask('sign', '=unit')}${end('e1')}${flows('s1 -> reassign\nreassign -> sign\nsign -> e1')}</bpmn:subProcess>`,
        end(),
        flows('start -> perUnit\nperUnit -> end'),
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    for (const scopedVariables of [true, false]) {
      const engine = new Engine(compiled.graph, 'm');
      engine.start({ units: ['housing', 'transport'] }, T0, { scopedVariables });
      const [first] = engine.openTasks();
      engine.handle({ type: 'taskCompleted', taskId: first.id, variables: { unit: 'education' }, by: 'supervisor' }, T0);
      const signs = engine.openTasks().filter((t) => t.elementId === 'sign');
      expect(signs.map((t) => t.candidateUnits)).toEqual([scopedVariables ? ['education'] : ['housing']]);
      expect(engine.state.variables.unit).toBe(scopedVariables ? undefined : 'education');
    }
  });

  it('moves a due date off a day off when its calendar says so, and counts working days in FEEL', async () => {
    const xml = diagram(
      'holiday-due',
      [
        start(),
        userTask('report', 'housing').replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=due"/></bpmn:extensionElements>'),
        userTask('check', 'office').replace('</bpmn:extensionElements>', '<zeebe:taskSchedule dueDate="=add working days(today(), 2)"/></bpmn:extensionElements>'),
        userTask('verify', 'office').replace('<bpmn:userTask id="verify"', '<bpmn:userTask duban:dueInWorkingDays="=days" id="verify"'),
        end(),
        flows('start -> report\nreport -> check\ncheck -> verify\nverify -> end'),
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const workCalendar = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-09-27', '2026-10-10'] };
    const shanghai = (t: number | undefined) => new Date(t! + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const moveDueDates of [true, false]) {
      const engine = new Engine(compiled.graph, 'm');
      const now = Date.parse('2026-09-30T10:00:00+08:00');
      engine.start({ due: '2026-10-01' }, now, { scopedVariables: true, calendarTimers: true, timeZone: 'Asia/Shanghai', workCalendar: { ...workCalendar, moveDueDates } });
      expect(shanghai(engine.openTasks()[0].dueAt)).toBe(moveDueDates ? '2026-10-08' : '2026-10-01');
      engine.handle({ type: 'taskCompleted', taskId: engine.openTasks()[0].id, variables: {}, by: 'u' }, now);
      // Two working days after 30 September: 8 and 9 October.
      expect(shanghai(engine.openTasks()[0].dueAt)).toBe('2026-10-09');
      // The same in the diagram's own attribute: three working days after 30 September.
      engine.handle({ type: 'taskCompleted', taskId: engine.openTasks()[0].id, variables: { days: 3 }, by: 'u' }, now);
      expect(shanghai(engine.openTasks()[0].dueAt)).toBe('2026-10-10');
    }
  });
});
