/** The interpreter alone, without Temporal: every element scenario, driven event by event. */
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../bpmn/compile';
import { ELEMENT_SCENARIOS, type Scenario } from '../../test/scenarios/elements';
import { diagram, end, flows, start, userTask } from '../../test/support/bpmn';
import { CURRENT_RULES, T0, runInEngine } from '../../test/support/run-engine';
import type { CallActivity, ProcessGraph } from '../../bpmn/graph';
import { Engine } from './engine';
import type { Variables } from './state';

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
      expect(Object.fromEntries(engine.incidentInstances().map((i) => [i.elementId, i.incident?.message]))).toEqual(scenario.incidents ?? {});
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

  it('asks the workflow to broadcast a thrown signal, with the throw event\'s input mappings as its variables', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('signals: a throw and an end event'))!;
    const xml = scenario.xml.replace(
      '<bpmn:intermediateThrowEvent id="announce">',
      '<bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;b done&quot;" target="news"/></zeebe:ioMapping></bpmn:extensionElements>',
    );
    const engine = await runInEngine({ ...scenario, xml });
    expect(engine.takeEffects().filter((e) => e.type === 'broadcastSignal')).toEqual([
      { type: 'broadcastSignal', elementId: 'announce', signalName: 'news', variables: { news: 'b done' } },
      { type: 'broadcastSignal', elementId: 'halt', signalName: 'stop', variables: {} },
    ]);
    expect(engine.state.variables.news).toBe('b done');
  });

  it('takes a signal nothing waits for without a change, and withdraws the timers of event sub-processes when the process ends', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('interrupting timer event sub-process'))!;
    const engine = await runInEngine({ ...scenario, steps: [] });
    expect(engine.handle({ type: 'signalReceived', signalName: 'nobody', variables: {} }, T0)).toBe(false);
    const timer = Object.values(engine.state.subscriptions).find((s) => s.elementId === 'lateStart')!;
    engine.takeEffects();
    for (const task of engine.openTasks()) engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0);
    expect(engine.state.status).toBe('completed');
    expect(engine.state.subscriptions).toEqual({});
    expect(engine.takeEffects()).toEqual([{ type: 'cancelTimer', subscriptionId: timer.id }]);
  });

  it('catches a service task\'s BPMN error in an error event sub-process of its scope, the boundary of its own activity first', async () => {
    const service = (id: string) => `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="check"/></bpmn:extensionElements></bpmn:serviceTask>`;
    const xml = diagram(
      'service-error',
      [
        start(),
        `<bpmn:subProcess id="sub">${start('s1')}${service('call')}<bpmn:boundaryEvent id="own" attachedToRef="call"><bpmn:errorEventDefinition errorRef="Err_own"/></bpmn:boundaryEvent>${end('e1')}${end('e2')}${flows('s1 -> call\ncall -> e1\nown -> e2')}` +
          `<bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="onErrorStart"><bpmn:errorEventDefinition/></bpmn:startEvent>${end('onErrorEnd')}${flows('onErrorStart -> onErrorEnd')}</bpmn:subProcess></bpmn:subProcess>`,
        end(),
        flows('start -> sub\nsub -> end'),
      ].join('\n'),
      '<bpmn:error id="Err_own" errorCode="OWN"/>',
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    for (const [code, caughtBy] of [['OWN', 'own'], ['OTHER', 'onErrorStart']]) {
      const engine = new Engine(compiled.graph, 'm');
      engine.start({}, T0);
      const call = Object.keys(engine.state.pending)[0];
      engine.handle({ type: 'serviceFailed', instanceId: call, errorCode: code, message: 'refused' }, T0);
      expect(engine.state.status).toBe('completed');
      expect(engine.state.completed.map((c) => c.elementId)).toContain(caughtBy);
      expect(engine.state.completed.find((c) => c.elementId === 'call')?.outcome).toBe(code === 'OWN' ? 'interrupted' : 'cancelled');
    }
  });

  it('starts a non-interrupting timer event sub-process at every firing of its cycle while its scope is active', async () => {
    const xml = diagram(
      'esp-cycle',
      [
        start(),
        userTask('work', 'housing'),
        end(),
        flows('start -> work\nwork -> end'),
        `<bpmn:subProcess id="remind" triggeredByEvent="true"><bpmn:startEvent id="tick" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>${end('tock')}${flows('tick -> tock')}</bpmn:subProcess>`,
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const engine = new Engine(compiled.graph, 'm');
    engine.start({}, T0);
    for (let i = 1; i <= 3; i++) {
      const timer = Object.values(engine.state.subscriptions)[0];
      expect(timer.fireAt).toBe(T0 + i * 3_600_000);
      engine.handle({ type: 'timerFired', subscriptionId: timer.id }, timer.fireAt!);
    }
    expect(engine.state.completed.filter((c) => c.elementId === 'remind')).toHaveLength(3);
    engine.handle({ type: 'taskCompleted', taskId: engine.openTasks()[0].id, variables: {}, by: 'u' }, T0 + 4 * 3_600_000 - 1);
    expect(engine.state.status).toBe('completed');
    expect(engine.state.subscriptions).toEqual({});
  });

  it('lets a signal win the race of an event-based gateway', async () => {
    const xml = diagram(
      'signal-race',
      [
        start(),
        '<bpmn:eventBasedGateway id="g"/>',
        '<bpmn:intermediateCatchEvent id="called"><bpmn:signalEventDefinition signalRef="Sig_off"/></bpmn:intermediateCatchEvent>',
        '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        end(),
        end('end2'),
        flows('start -> g\ng -> called\ng -> timeout\ncalled -> end\ntimeout -> end2'),
      ].join('\n'),
      '<bpmn:signal id="Sig_off" name="off"/>',
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const engine = new Engine(compiled.graph, 'm');
    engine.start({}, T0);
    expect(engine.handle({ type: 'signalReceived', signalName: 'off', variables: {} }, T0)).toBe(true);
    expect(engine.state.status).toBe('completed');
    expect(engine.state.completed.map((c) => c.elementId)).toEqual(['start', 'g', 'called', 'end']);
    expect(engine.handle({ type: 'signalReceived', signalName: 'off', variables: {} }, T0)).toBe(false);
  });

  it('fails a process started at no start event of its own, or without a trigger when only events start it', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('start events:'))!;
    const unknown = await run({ ...scenario, startEvent: 'a', steps: [] });
    expect([unknown.state.status, unknown.state.failure]).toEqual(['failed', { message: 'a is not a start event of process starts', elementId: 'a' }]);
    const onlyEvents = await compileBpmn(scenario.xml.replace('<bpmn:startEvent id="start"/>', '').replace(/<bpmn:sequenceFlow id="start_a"[^>]*><\/bpmn:sequenceFlow>/, ''));
    if (!onlyEvents.ok) throw new Error(JSON.stringify(onlyEvents.errors));
    const engine = new Engine(onlyEvents.graph, 'm');
    engine.start({}, T0);
    expect([engine.state.status, engine.state.failure?.message]).toEqual(['failed', 'process starts has no none start event: a message, signal or timer starts it']);
  });

  it('sets a script task\'s result and the outputs of passing tasks and events only for matters started under that rule; a failing script stops there in incident', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('a FEEL script task sets its result variable'))!;
    const now = await runInEngine(scenario);
    expect(now.state.variables).toEqual({ units: ['housing', 'transport'], round: 1, days: 4, period: 'P5D' });
    // Recorded before the rule: the tasks pass setting nothing, so the gateway takes its default.
    const before = await runInEngine({ ...scenario, steps: [{ complete: 'short' }] }, { ...CURRENT_RULES, passThroughMappings: false });
    expect(before.state.variables).toEqual({ units: ['housing', 'transport'] });
    expect(before.state.completed.map((c) => c.elementId)).toContain('shortEnd');

    const failing = await runInEngine({ ...scenario, xml: scenario.xml.replace('=count(units) * 2', '=[1..count(units)]'), steps: [] });
    expect(failing.incidentInstances().map((i) => [i.elementId, i.incident?.message])).toEqual([['days', expect.stringContaining('yields a range')]]);
    expect(failing.state.variables).toEqual({ units: ['housing', 'transport'], round: 1 });
  });

  it('ignores a second completion of the same task', async () => {
    const engine = await run({ ...ELEMENT_SCENARIOS[0], steps: [] });
    const task = engine.openTasks()[0];
    expect(engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0)).toBe(true);
    expect(engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'u' }, T0)).toBe(false);
    expect(engine.openTasks().map((t) => t.elementId)).toEqual(['b']);
  });

  it('fails the matter, naming the element, when its data does not fit the model (matters recorded before incidents)', async () => {
    const scenario = ELEMENT_SCENARIOS.find((s) => s.name.startsWith('parallel multi-instance'))!;
    const engine = await runInEngine({ ...scenario, variables: { units: 'housing' }, steps: [] }, { ...CURRENT_RULES, incidents: false });
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

  it('keeps a multi-instance item\'s answer to itself when an input mapping made it local, as Camunda 8 does; matters started before send it to the process', async () => {
    const xml = diagram(
      'opinions',
      [
        start(),
        userTask(
          'opine',
          '=unit',
          '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit" outputCollection="opinions" outputElement="={unit: unit, opinion: opinion}"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
        ).replace('</bpmn:extensionElements>', '<zeebe:ioMapping><zeebe:input source="=null" target="opinion"/></zeebe:ioMapping></bpmn:extensionElements>'),
        end(),
        flows('start -> opine\nopine -> end'),
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    for (const resultsToOwnScope of [true, false]) {
      const engine = new Engine(compiled.graph, 'm');
      engine.start({ units: ['housing', 'transport'] }, T0, { ...CURRENT_RULES, resultsToOwnScope });
      const [housing, transport] = engine.openTasks();
      engine.handle({ type: 'taskCompleted', taskId: transport.id, variables: { opinion: 'no', note: 'n' }, by: 'u' }, T0);
      engine.handle({ type: 'taskCompleted', taskId: housing.id, variables: { opinion: 'yes' }, by: 'u' }, T0);
      expect(engine.state.status).toBe('completed');
      expect(engine.state.variables.opinions).toEqual([
        { unit: 'housing', opinion: 'yes' },
        { unit: 'transport', opinion: 'no' },
      ]);
      // A variable the task did not make its own goes to the process either way.
      expect(engine.state.variables.note).toBe('n');
      if (resultsToOwnScope) expect(engine.state.variables).not.toHaveProperty('opinion');
      else expect(engine.state.variables.opinion).toBe('yes');
    }
  });

  it('passes a called process the parent\'s variables and takes back its own as Camunda 8\'s propagateAllParentVariables and propagateAllChildVariables say', async () => {
    const run = async (attributes: string, graphOf: (g: ProcessGraph) => ProcessGraph = (g) => g) => {
      const xml = diagram(
        'call',
        [
          start(),
          `<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="child" ${attributes}/><zeebe:ioMapping><zeebe:input source="=caseNo" target="ticketNo"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>`,
          end(),
          flows('start -> c\nc -> end'),
        ].join('\n'),
      );
      const compiled = await compileBpmn(xml);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
      const engine = new Engine(graphOf(compiled.graph), 'm');
      engine.start({ caseNo: 'A', note: 'n' }, T0, CURRENT_RULES);
      const child = engine.takeEffects().find((e) => e.type === 'startChild')!;
      engine.handle({ type: 'childCompleted', instanceId: (child as { instanceId: string }).instanceId, variables: { childResult: 1 } }, T0);
      return { passed: (child as { variables: Variables }).variables, after: engine.state.variables };
    };
    expect(await run('')).toEqual({ passed: { caseNo: 'A', note: 'n', ticketNo: 'A' }, after: { caseNo: 'A', note: 'n', childResult: 1 } });
    expect(await run('propagateAllChildVariables="false"')).toEqual({ passed: { caseNo: 'A', note: 'n', ticketNo: 'A' }, after: { caseNo: 'A', note: 'n' } });
    expect(await run('propagateAllParentVariables="false"')).toEqual({ passed: { ticketNo: 'A' }, after: { caseNo: 'A', note: 'n', childResult: 1 } });
    // A graph compiled before the two flags were read keeps the one rule both ways.
    const before = (g: ProcessGraph) => {
      const { inheritVariables: _, ...call } = g.elements.c as CallActivity;
      return { ...g, elements: { ...g.elements, c: call } };
    };
    expect(await run('propagateAllChildVariables="false"', before)).toEqual({ passed: { ticketNo: 'A' }, after: { caseNo: 'A', note: 'n', childResult: 1 } });
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

  it('carries a linked form onto the user task, and asks the worker to evaluate the decision of a business rule task', async () => {
    const xml = diagram(
      'decided',
      [
        start(),
        '<bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="routing" resultVariable="routing"/></bpmn:extensionElements></bpmn:businessRuleTask>',
        userTask('t', 'office').replace('</bpmn:extensionElements>', '<zeebe:formDefinition formId="report-form"/></bpmn:extensionElements>'),
        end(),
        flows('start -> decide\ndecide -> t\nt -> end'),
      ].join('\n'),
    );
    const compiled = await compileBpmn(xml);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const engine = new Engine(compiled.graph, 'm');
    engine.start({ amount: 5 }, T0);
    const [call] = engine.takeEffects();
    expect(call).toMatchObject({ type: 'callService', elementId: 'decide', taskType: 'decision', headers: { decisionId: 'routing', resultVariable: 'routing' }, variables: { amount: 5 } });
    engine.handle({ type: 'serviceCompleted', instanceId: (call as { instanceId: string }).instanceId, variables: { routing: 'fast' } }, T0 + 1);
    expect(engine.openTasks()).toEqual([expect.objectContaining({ elementId: 't', form: { formId: 'report-form' } })]);
    expect(engine.state.variables.routing).toBe('fast');
  });
});
