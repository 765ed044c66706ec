import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn, compileProcesses, type CompileOptions } from './compile';
import type { CompileError, GraphElement, ProcessGraph } from './graph';
import { around, definitions, escapeXml, flow, largeDiagram, processXml, timerDefinition } from './test-diagrams';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** The supervision flow shipped in bpmn-models/ and deployed on every start. */
const shippedModel = () => readFileSync(new URL('../bpmn-models/supervision-basic.bpmn', import.meta.url), 'utf8');

async function compiled(xml: string, options?: CompileOptions): Promise<ProcessGraph> {
  const result = await compileBpmn(xml, options);
  if (!result.ok) throw new Error(`expected the diagram to compile, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.graph;
}

async function errorsOf(xml: string, options?: CompileOptions): Promise<CompileError[]> {
  const result = await compileBpmn(xml, options);
  if (result.ok) throw new Error('expected the diagram to be rejected, but it compiled');
  return result.errors;
}

function element<T extends GraphElement['type']>(graph: { elements: Record<string, GraphElement> }, id: string, type: T) {
  const found = graph.elements[id];
  expect(found?.type).toBe(type);
  return found as GraphElement & { type: T };
}

describe('compileBpmn on the fixtures', () => {
  it('compiles the supervision flow: distribute, report, review, back on "returned"', async () => {
    const graph = await compiled(shippedModel());
    expect(graph).toMatchObject({ format: 1, key: 'supervision-basic', name: '重点事项督办', startId: 'Start' });
    // Without event start events the graph is what it was before them.
    expect(Object.keys(graph)).toEqual(['format', 'key', 'name', 'startId', 'elements', 'flows']);
    expect(Object.keys(graph.elements)).toEqual(['Start', 'Distribute', 'Report', 'Review', 'Decision', 'Closed']);
    expect(element(graph, 'Distribute', 'userTask')).toMatchObject({
      candidateGroups: { literal: 'office' },
      formKey: 'distribute',
      attributes: { node: 'distribute' },
    });
    expect(element(graph, 'Report', 'userTask')).toMatchObject({
      candidateGroups: { expression: 'leadUnit' },
      dueDate: { expression: 'deadline' },
      incoming: ['Flow_ToReport', 'Flow_Returned'],
      outgoing: ['Flow_ToReview'],
    });
    expect(element(graph, 'Review', 'userTask').candidateGroups).toEqual({ literal: 'office' });
    expect(element(graph, 'Decision', 'exclusiveGateway')).toMatchObject({ default: 'Flow_Returned', outgoing: ['Flow_Approved', 'Flow_Returned'] });
    expect(graph.flows.Flow_Approved).toEqual({ id: 'Flow_Approved', name: '通过', source: 'Decision', target: 'Closed', condition: 'approved = true' });
    expect(graph.flows.Flow_Returned).toEqual({ id: 'Flow_Returned', name: '退回', source: 'Decision', target: 'Report' });
    expect(element(graph, 'Closed', 'endEvent').result).toBe('none');
  });

  it('keeps DI in the supervision fixture so it opens in bpmn-js', () => {
    const xml = shippedModel();
    for (const id of ['Start', 'Distribute', 'Report', 'Review', 'Decision', 'Closed']) expect(xml).toContain(`bpmnElement="${id}"`);
    for (const id of ['Flow_ToDistribute', 'Flow_ToReport', 'Flow_ToReview', 'Flow_ToDecision', 'Flow_Approved', 'Flow_Returned']) {
      expect(xml).toContain(`bpmnElement="${id}"`);
    }
  });

  it('reads a Camunda 8 diagram as Camunda Modeler writes it', async () => {
    const result = await compileBpmn(fixture('camunda8-modeler.bpmn'));
    expect(result.ok && result.warnings).toEqual([]);
    const graph = await compiled(fixture('camunda8-modeler.bpmn'));
    expect(graph.key).toBe('key-matter');
    expect(element(graph, 'StartEvent_1', 'startEvent').outputs).toEqual([{ source: '0', target: 'round' }]);
    expect(element(graph, 'Activity_Register', 'serviceTask')).toMatchObject({
      taskType: 'ledger.register',
      retries: 5,
      inputs: [
        { source: 'matter.id', target: 'matterId' },
        { source: '"ledger"', target: 'book' },
      ],
      outputs: [{ source: 'entry', target: 'ledgerEntry' }],
    });
    expect(element(graph, 'Activity_Urge', 'serviceTask').retries).toBe(3);
    expect(element(graph, 'Activity_Plan', 'userTask')).toMatchObject({
      assignee: { expression: 'leader' },
      candidateGroups: { expression: 'leadUnit' },
      candidateUsers: { literal: 'zhang, li' },
      dueDate: { literal: '2026-12-01T09:00:00+08:00' },
      formKey: 'plan-form',
      boundaryEvents: ['Event_Remind'],
    });
    expect(element(graph, 'Event_Remind', 'boundaryEvent')).toMatchObject({
      attachedTo: 'Activity_Plan',
      cancelActivity: false,
      trigger: { kind: 'timer', timer: { kind: 'cycle', value: { literal: 'R/P7D' } } },
      incoming: [],
      outgoing: ['Flow_0a6'],
    });
    expect(element(graph, 'Gateway_Split', 'parallelGateway').outgoing).toEqual(['Flow_0a3', 'Flow_0a4']);
    expect(element(graph, 'Gateway_Wait', 'eventBasedGateway').outgoing).toEqual(['Flow_0a8', 'Flow_0a9']);
    expect(element(graph, 'Event_Instruction', 'intermediateCatchEvent')).toMatchObject({
      trigger: { kind: 'message', messageName: 'instruction' },
      outputs: [{ source: 'instruction.text', target: 'instructionText' }],
    });
    expect(element(graph, 'Event_NoInstruction', 'intermediateCatchEvent').trigger).toEqual({
      kind: 'timer',
      timer: { kind: 'duration', value: { literal: 'PT72H' } },
    });
    expect(element(graph, 'Gateway_Join', 'parallelGateway').incoming).toEqual(['Flow_0a5', 'Flow_0b3']);
    expect(element(graph, 'Activity_Ack', 'receiveTask').messageName).toBe('superior-ack');
    expect(graph.flows.Flow_Abort.condition).toBe('ack.status = "withdrawn" and round >= 1');
    expect(element(graph, 'Event_Aborted', 'endEvent').result).toBe('terminate');
  });

  it('reads a Camunda 7 diagram as Camunda Modeler writes it, translating JUEL', async () => {
    const graph = await compiled(fixture('camunda7-modeler.bpmn'));
    // The pool names the process in a collaboration.
    expect(graph).toMatchObject({ key: 'matter-c7', name: 'Supervision office (Camunda 7)' });
    expect(element(graph, 'Task_Distribute', 'userTask')).toMatchObject({
      assignee: { expression: 'initiator' },
      candidateGroups: { literal: 'office, leaders' },
      dueDate: { literal: 'P3D' },
      formKey: 'embedded:app:forms/distribute.html',
    });
    expect(element(graph, 'Task_Report', 'userTask')).toMatchObject({
      candidateGroups: { expression: 'unit' },
      dueDate: { expression: 'deadline' },
      inputs: [
        { source: '"weekly"', target: 'period' },
        { source: 'matter.target', target: 'target' },
      ],
      outputs: [{ source: 'report', target: 'lastReport' }],
      multiInstance: {
        isSequential: false,
        collection: 'units',
        elementVariable: 'unit',
        completionCondition: 'nrOfCompletedInstances >= nrOfInstances',
      },
      boundaryEvents: ['Event_Late'],
    });
    expect(element(graph, 'Event_Late', 'boundaryEvent')).toMatchObject({ cancelActivity: true, attachedTo: 'Task_Report' });
    expect(element(graph, 'Task_Notify', 'serviceTask')).toMatchObject({ taskType: 'bulletin.publish', retries: 5 });
    expect(graph.flows.Flow_Yes.condition).toBe('approved and status = "final"');
    expect(element(graph, 'Call_Evaluate', 'callActivity')).toMatchObject({
      calledElement: 'evaluation',
      propagateAllVariables: true,
      inputs: [{ source: 'matterId', target: 'subject' }],
      outputs: [{ source: 'score * 10', target: 'points' }],
    });
  });

  it('reads sub-processes, errors, call activities, multi-instance and the mapped task kinds', async () => {
    const graph = await compiled(fixture('subprocess-and-tasks.bpmn'));
    expect(element(graph, 'Script_Targets', 'task').outputs).toEqual([
      { source: 'for unit in units return {unit: unit, share: target / count(units)}', target: 'shares' },
      { source: 'count(units)', target: 'unitCount' },
    ]);
    const sub = element(graph, 'Sub_Units', 'subProcess');
    expect(sub.multiInstance).toEqual({
      isSequential: false,
      collection: 'shares',
      elementVariable: 'share',
      completionCondition: 'numberOfCompletedInstances >= 3',
      outputCollection: 'results',
      outputElement: 'result',
    });
    expect(sub.boundaryEvents).toEqual(['Catch_Blocked', 'Catch_Cancel']);
    expect(sub.scope.startId).toBe('Sub_Start');
    expect(Object.keys(sub.scope.elements)).toEqual(['Sub_Start', 'Sub_Visit', 'Sub_Which', 'Sub_Audit', 'Sub_Milestone', 'Sub_Join', 'Sub_End', 'Sub_Blocked']);
    expect(element(sub.scope, 'Sub_Visit', 'manualTask').outgoing).toEqual(['S2']);
    expect(element(sub.scope, 'Sub_Which', 'inclusiveGateway').default).toBe('S_Default');
    expect(element(sub.scope, 'Sub_Audit', 'task').incoming).toEqual(['S_Money']);
    expect(element(sub.scope, 'Sub_Milestone', 'intermediateThrowEvent').outgoing).toEqual(['S4']);
    expect(element(sub.scope, 'Sub_Blocked', 'endEvent')).toMatchObject({ result: 'error', errorCode: 'BLOCKED' });
    expect(sub.scope.flows.S_Money.condition).toBe('share.share > 1000000');
    expect(graph.flows).not.toHaveProperty('S1');

    expect(element(graph, 'Catch_Blocked', 'boundaryEvent')).toMatchObject({ cancelActivity: true, trigger: { kind: 'error', errorCode: 'BLOCKED' } });
    expect(element(graph, 'Catch_Cancel', 'boundaryEvent').trigger).toEqual({ kind: 'message', messageName: 'matter-cancelled', correlationKey: 'matterId' });
    expect(element(graph, 'Catch_AnyError', 'boundaryEvent').trigger).toEqual({ kind: 'error' });
    expect(element(graph, 'Call_Evaluate', 'callActivity')).toMatchObject({
      calledElement: 'evaluation',
      propagateAllVariables: false,
      inheritVariables: true,
      boundaryEvents: ['Catch_AnyError'],
      inputs: [{ source: 'results', target: 'results' }],
    });
    expect(element(graph, 'Rule_Rank', 'serviceTask').taskType).toBe('ranking.update');
    expect(element(graph, 'Send_Report', 'serviceTask')).toMatchObject({ taskType: 'superior.report', retries: 1 });
    expect(element(graph, 'Task_Resolve', 'userTask').incoming).toEqual(['F_Blocked', 'F_AnyError']);
  });

  it('reads every timer form', async () => {
    const graph = await compiled(fixture('timers.bpmn'));
    const timerOf = (id: string) => {
      const found = graph.elements[id];
      if (found.type !== 'intermediateCatchEvent' && found.type !== 'boundaryEvent') throw new Error(`${id} is a ${found.type}`);
      return found.trigger.kind === 'timer' ? found.trigger.timer : undefined;
    };
    expect(timerOf('Wait_Date')).toEqual({ kind: 'date', value: { literal: '2026-12-01T09:00:00+08:00' } });
    expect(timerOf('Wait_Feel')).toEqual({ kind: 'duration', value: { expression: 'if urgent then "PT4H" else reminderDelay' } });
    expect(timerOf('Remind_Hourly')).toEqual({ kind: 'cycle', value: { literal: 'R3/PT1H' } });
    expect(timerOf('Daily_From')).toEqual({ kind: 'cycle', value: { literal: 'R5/2026-01-01T00:00:00Z/P1D' } });
    expect(timerOf('Overdue')).toEqual({ kind: 'duration', value: { literal: 'P1DT2H' } });
    expect(element(graph, 'Task_Report', 'userTask').boundaryEvents).toEqual(['Remind_Hourly', 'Daily_From', 'Overdue']);
  });

  it('produces plain JSON: no undefined fields, stable through a round trip', async () => {
    const graph = await compiled(fixture('camunda8-modeler.bpmn'));
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
    expect(Object.values(graph.elements).every((value) => Object.values(value).every((field) => field !== undefined))).toBe(true);
  });
});

const task = (id: string) => `<bpmn:task id="${id}"/>`;
/** s → gateway g → (x, y) → e */
const gateway = (gatewayXml: string, toX?: string, toY?: string) =>
  processXml(
    `<bpmn:startEvent id="s"/>${gatewayXml}${task('x')}${task('y')}<bpmn:endEvent id="e"/>` +
      `${flow('f1', 's', 'g')}${flow('gx', 'g', 'x', toX)}${flow('gy', 'g', 'y', toY)}${flow('xe', 'x', 'e')}${flow('ye', 'y', 'e')}`,
  );
const conditionIn = (language: string) =>
  gateway('<bpmn:exclusiveGateway id="g" default="gy"/>').replace(
    '<bpmn:sequenceFlow id="gx" sourceRef="g" targetRef="x"/>',
    `<bpmn:sequenceFlow id="gx" sourceRef="g" targetRef="x"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="${language}">a &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>`,
  );

describe('compileBpmn reads', () => {
  const MESSAGES = '<bpmn:message id="m1" name="report-filed"/><bpmn:signal id="sig1" name="flood-alert"/>';

  it('message, signal and timer start events beside the none start event', async () => {
    const graph = await compiled(
      processXml(
        '<bpmn:startEvent id="none"/>' +
          '<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>' +
          '<bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="sig1"/></bpmn:startEvent>' +
          `<bpmn:startEvent id="daily">${timerDefinition('timeCycle', 'R/2027-01-01T09:00:00+08:00/P1D')}</bpmn:startEvent>` +
          `${task('t')}<bpmn:endEvent id="e"/>` +
          `${flow('f0', 'none', 't')}${flow('f1', 'byMessage', 't')}${flow('f2', 'bySignal', 't')}${flow('f3', 'daily', 't')}${flow('f4', 't', 'e')}`,
        MESSAGES,
      ),
    );
    expect(graph.startId).toBe('none');
    expect(graph.starts).toEqual([
      { id: 'byMessage', trigger: { kind: 'message', messageName: 'report-filed' } },
      { id: 'bySignal', trigger: { kind: 'signal', signalName: 'flood-alert' } },
      { id: 'daily', trigger: { kind: 'timer', timer: { kind: 'cycle', value: { literal: 'R/2027-01-01T09:00:00+08:00/P1D' } } } },
    ]);
    for (const id of ['none', 'byMessage', 'bySignal', 'daily']) element(graph, id, 'startEvent');
  });

  it('a process that only a message starts: it has no none start event', async () => {
    const graph = await compiled(
      processXml(`<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>${task('t')}<bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`, MESSAGES),
    );
    expect('startId' in graph).toBe(false);
    expect(graph.starts).toEqual([{ id: 's', trigger: { kind: 'message', messageName: 'report-filed' } }]);
  });

  it('a timer start event on a date or after a duration', async () => {
    const graph = await compiled(
      processXml(
        `<bpmn:startEvent id="once">${timerDefinition('timeDate', '2027-03-01T08:00:00+08:00')}</bpmn:startEvent>` +
          `<bpmn:startEvent id="soon">${timerDefinition('timeDuration', 'PT10M')}</bpmn:startEvent>` +
          `<bpmn:endEvent id="e"/>${flow('f1', 'once', 'e')}${flow('f2', 'soon', 'e')}`,
      ),
    );
    expect(graph.starts?.map((s) => s.trigger)).toEqual([
      { kind: 'timer', timer: { kind: 'date', value: { literal: '2027-03-01T08:00:00+08:00' } } },
      { kind: 'timer', timer: { kind: 'duration', value: { literal: 'PT10M' } } },
    ]);
  });

  it.each(['https://www.omg.org/spec/DMN/20191111/FEEL/', 'http://www.omg.org/spec/FEEL/20140401', 'https://www.omg.org/spec/DMN/20180521/FEEL/', 'FEEL'])(
    'a condition in the FEEL language %s',
    async (language) => {
      expect((await compiled(conditionIn(language))).flows.gx.condition).toBe('a > 1');
    },
  );

  it.each([
    ['exclusive', '<bpmn:exclusiveGateway id="g"/>'],
    ['inclusive', '<bpmn:inclusiveGateway id="g"/>'],
  ])('an %s gateway whose flows all carry conditions, with a warning', async (_kind, gatewayXml) => {
    const result = await compileBpmn(gateway(gatewayXml, '=a > 1', '=a <= 1'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ elementId: 'g', message: expect.stringContaining('every outgoing flow has a condition and none is the default flow') }],
    });
    if (result.ok) expect(result.graph.elements.g).not.toHaveProperty('default');
  });

  it('a process without a start event: it starts at every element without incoming flows', async () => {
    const graph = await compiled(processXml(`${task('a')}${task('b')}<bpmn:endEvent id="e"/>${task('c')}${flow('f1', 'a', 'e')}${flow('f2', 'b', 'e')}`));
    expect(graph.implicitStarts).toEqual(['a', 'b', 'c']);
    expect(graph.startId).toBe('a');
  });

  it('a sub-process without a start event, and activities and events without outgoing flows ending their path', async () => {
    const xml = around(`<bpmn:subProcess id="sub">${task('inner')}<bpmn:intermediateThrowEvent id="note"/>${flow('n', 'inner', 'note')}</bpmn:subProcess>`, 'sub')
      .replace('<bpmn:endEvent id="e"/>', `<bpmn:endEvent id="e"/>${task('sideline')}${flow('side', 's', 'sideline')}`);
    const graph = await compiled(xml);
    expect(graph.implicitStarts).toBeUndefined();
    const sub = element(graph, 'sub', 'subProcess');
    expect(sub.scope).toMatchObject({ startId: 'inner', implicitStarts: ['inner'] });
    expect(element(sub.scope, 'note', 'intermediateThrowEvent').outgoing).toEqual([]);
    expect(element(graph, 'sideline', 'task').outgoing).toEqual([]);
  });

  it('a document type inside a comment or CDATA section as text', async () => {
    const xml = processXml(`<!-- <!DOCTYPE x> --><bpmn:startEvent id="s"><bpmn:documentation><![CDATA[<!ENTITY x "y">]]></bpmn:documentation></bpmn:startEvent>`);
    expect((await compiled(xml)).startId).toBe('s');
  });

  it('a user task with no candidate unit or assignee, with a warning', async () => {
    const result = await compileBpmn(around('<bpmn:userTask id="t"/>', 't'));
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ elementId: 't', message: "no candidate unit or assignee: the task goes to the supervision office's queue for dispatch" }],
    });
    for (const assigned of ['zeebe:assignmentDefinition candidateGroups="office"', 'zeebe:assignmentDefinition assignee="=owner"', 'zeebe:assignmentDefinition candidateUsers="wang"']) {
      expect(await compileBpmn(around(`<bpmn:userTask id="t"><bpmn:extensionElements><${assigned}/></bpmn:extensionElements></bpmn:userTask>`, 't'))).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('a JUEL timer and Camunda 7 timer values', async () => {
    const graph = await compiled(around(`<bpmn:intermediateCatchEvent id="t">${timerDefinition('timeDate', '${remindAt}')}</bpmn:intermediateCatchEvent>`, 't'));
    expect(element(graph, 't', 'intermediateCatchEvent').trigger).toEqual({ kind: 'timer', timer: { kind: 'date', value: { expression: 'remindAt' } } });
  });

  it('an element named in the duban namespace under any prefix', async () => {
    const xml = around('<bpmn:task id="t" d:light="on" d:weight="2" xmlns:d="http://duban.dev/schema/bpmn" other="x"/>', 't');
    expect(element(await compiled(xml), 't', 'task').attributes).toEqual({ light: 'on', weight: '2' });
  });

  it('the process chosen by processId among several executable ones', async () => {
    const two = definitions(
      `<bpmn:process id="a" isExecutable="true"><bpmn:startEvent id="a_s"/><bpmn:endEvent id="a_e"/>${flow('a_f', 'a_s', 'a_e')}</bpmn:process>` +
        `<bpmn:process id="b" isExecutable="true"><bpmn:startEvent id="b_s"/><bpmn:endEvent id="b_e"/>${flow('b_f', 'b_s', 'b_e')}</bpmn:process>`,
    );
    expect((await compiled(two, { processId: 'b' })).startId).toBe('b_s');
    expect(await errorsOf(two)).toEqual([{ message: 'the diagram has 2 executable processes (a, b): choose one with processId' }]);
  });

  it('every executable process with compileProcesses, naming the process in each error', async () => {
    const process = (id: string, body = `<bpmn:startEvent id="${id}_s"/><bpmn:endEvent id="${id}_e"/>${flow(`${id}_f`, `${id}_s`, `${id}_e`)}`) =>
      `<bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>`;
    const result = await compileProcesses(definitions(process('a') + '<bpmn:process id="draft" isExecutable="false"/>' + process('b')));
    expect(result.ok && result.processes.map((p) => [p.graph.key, p.graph.startId])).toEqual([['a', 'a_s'], ['b', 'b_s']]);
    const broken = await compileProcesses(definitions(process('a') + process('b', `<bpmn:startEvent id="b_s"/><bpmn:complexGateway id="cg"/>${flow('b_f', 'b_s', 'cg')}`)));
    expect(broken).toEqual({
      ok: false,
      errors: [
        { elementId: 'cg', message: 'process "b": bpmn:ComplexGateway is not supported; use an exclusive, inclusive or parallel gateway' },
        { elementId: 'cg', message: 'process "b": the complex gateway has no outgoing sequence flow; a path may end at an activity or event, not at a gateway' },
      ],
    });
    expect(await compileProcesses(definitions('<bpmn:process id="draft"/>'))).toMatchObject({ ok: false, errors: [{ elementId: 'draft', message: expect.stringContaining('not executable') }] });
    expect(await compileProcesses(processXml(task('t')))).toMatchObject({ ok: true, processes: [{ graph: { key: 'p', implicitStarts: ['t'] } }] });
  });

  it('the executable process when another is not executable', async () => {
    const xml = definitions(
      '<bpmn:process id="draft" isExecutable="false"/>' +
        `<bpmn:process id="live" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}</bpmn:process>`,
    );
    expect((await compiled(xml)).key).toBe('live');
  });

  it('ids that are also names of object properties', async () => {
    const xml = processXml(`<bpmn:startEvent id="__proto__"/><bpmn:task id="toString"/><bpmn:endEvent id="constructor"/>${flow('hasOwnProperty', '__proto__', 'toString')}${flow('valueOf', 'toString', 'constructor')}`);
    const graph = await compiled(xml);
    expect(graph.startId).toBe('__proto__');
    expect(Object.keys(graph.elements)).toEqual(['__proto__', 'toString', 'constructor']);
    expect(element(graph, 'toString', 'task')).toMatchObject({ incoming: ['hasOwnProperty'], outgoing: ['valueOf'] });
  });

  it('a service task of any type, with its headers', async () => {
    const xml = around(
      '<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="mail.send" retries="5"/>' +
        '<zeebe:taskHeaders><zeebe:header key="template" value="reminder"/><zeebe:header key="cc"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>',
      't',
    );
    expect(element(await compiled(xml), 't', 'serviceTask')).toMatchObject({ taskType: 'mail.send', retries: 5, headers: { template: 'reminder', cc: '' } });
  });

  it('event sub-processes with their triggers, and the events that throw signals and escalations', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="t"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateThrowEvent>` +
        `<bpmn:endEvent id="e"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:endEvent>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}` +
        `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false"><bpmn:escalationEventDefinition/></bpmn:startEvent>` +
        `<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="ee"/>${flow('f3', 'es', 'c')}${flow('f4', 'c', 'ee')}</bpmn:subProcess>`,
      '<bpmn:signal id="sig" name="paused"/><bpmn:escalation id="esc" escalationCode="LATE"/>',
    );
    const graph = await compiled(xml);
    expect(graph.eventSubProcesses).toEqual(['esp']);
    expect(element(graph, 't', 'intermediateThrowEvent').throws).toEqual({ kind: 'signal', signalName: 'paused' });
    expect(element(graph, 'e', 'endEvent')).toMatchObject({ result: 'none', throws: { kind: 'escalation', escalationCode: 'LATE' } });
    const esp = element(graph, 'esp', 'eventSubProcess');
    expect(esp).toMatchObject({ trigger: { kind: 'escalation' }, interrupting: false, incoming: [], outgoing: [] });
    expect(esp.scope.startId).toBe('es');
    expect(esp.scope.eventSubProcesses).toBeUndefined();
    expect(element(esp.scope, 'c', 'intermediateCatchEvent').trigger).toEqual({ kind: 'signal', signalName: 'paused' });
  });

  it('message throw and end events as jobs, as Camunda 8 runs them', async () => {
    const job = '<bpmn:extensionElements><zeebe:taskDefinition type="sms.send"/></bpmn:extensionElements><bpmn:messageEventDefinition/>';
    const graph = await compiled(
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="tell">${job}</bpmn:intermediateThrowEvent><bpmn:endEvent id="done">${job}</bpmn:endEvent>` +
          `${flow('f1', 's', 'tell')}${flow('f2', 'tell', 'done')}`,
      ),
    );
    expect(element(graph, 'tell', 'serviceTask')).toMatchObject({ taskType: 'sms.send', outgoing: ['f2'] });
    expect(element(graph, 'done', 'serviceTask')).toMatchObject({ taskType: 'sms.send', outgoing: [] });
  });

  it('a business rule task calling a decision, as the built-in decision task type', async () => {
    const graph = await compiled(decisionTask('decisionId="urgency" resultVariable="level"'));
    expect(element(graph, 't', 'serviceTask')).toMatchObject({ taskType: 'decision', headers: { decisionId: 'urgency', resultVariable: 'level' } });
  });

  it('Camunda 8\'s two propagation flags of a call activity, and none for Camunda 7', async () => {
    const call = (attributes: string) => around(`<bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="child" ${attributes}/></bpmn:extensionElements></bpmn:callActivity>`, 'c');
    expect(element(await compiled(call('')), 'c', 'callActivity')).toMatchObject({ propagateAllVariables: true, inheritVariables: true });
    expect(element(await compiled(call('propagateAllParentVariables="false" propagateAllChildVariables="false"')), 'c', 'callActivity')).toMatchObject({
      propagateAllVariables: false,
      inheritVariables: false,
    });
    expect(element(await compiled(around('<bpmn:callActivity id="c" calledElement="child"/>', 'c')), 'c', 'callActivity')).not.toHaveProperty('inheritVariables');
  });

  it('a user task linking a deployed form by id, and one embedding its form', async () => {
    const linked = await compiled(userTaskWith('<zeebe:formDefinition formId="report-form"/>'));
    expect(element(linked, 't', 'userTask')).toMatchObject({ formKey: 'report-form', form: { formId: 'report-form' } });
    const schema = '{"id":"inline","components":[{"type":"textfield","key":"summary"}]}';
    const embedded = await compiled(
      processXml(
        `<bpmn:extensionElements><zeebe:userTaskForm id="UserTaskForm_1">${escapeXml(schema)}</zeebe:userTaskForm></bpmn:extensionElements>` +
          `<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1"/></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="se"/>${flow('sf', 'ss', 't')}${flow('sf2', 't', 'se')}</bpmn:subProcess><bpmn:endEvent id="e"/>${flow('f1', 's', 'sub')}${flow('f2', 'sub', 'e')}`,
      ),
    );
    const sub = element(embedded, 'sub', 'subProcess');
    expect(element(sub.scope, 't', 'userTask').form).toEqual({ embedded: schema });
  });

  it('exclusive and inclusive gateways whose every flow has a condition and none is default (an incident at run time if none holds)', async () => {
    for (const type of ['exclusiveGateway', 'inclusiveGateway']) {
      const compiled = await compileBpmn(gateway(`<bpmn:${type} id="g"/>`, '=a > 1', '=a <= 1'));
      expect(compiled.ok ? compiled.graph.elements.g : compiled.errors).toMatchObject({ type, outgoing: ['gx', 'gy'] });
    }
  });

  it('a Camunda 8 mapping without a source as null', async () => {
    const xml = around('<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input target="cleared"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>', 't');
    expect(element(await compiled(xml), 't', 'task').inputs).toEqual([{ source: 'null', target: 'cleared' }]);
  });

  it('a sequential multi-instance with a camunda:collection variable name', async () => {
    const xml = around(
      '<bpmn:userTask id="t"><bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="units" camunda:elementVariable="unit"/></bpmn:userTask>',
      't',
    );
    expect(element(await compiled(xml), 't', 'userTask').multiInstance).toEqual({ isSequential: true, collection: 'units', elementVariable: 'unit' });
  });

  it('listeners, with a warning that they do not run', async () => {
    const result = await compileBpmn(
      around('<bpmn:userTask id="t" camunda:candidateGroups="office"><bpmn:extensionElements><camunda:taskListener event="create" class="x.Y"/></bpmn:extensionElements></bpmn:userTask>', 't'),
    );
    expect(result).toMatchObject({ ok: true, warnings: [{ elementId: 't', message: 'camunda:TaskListener is ignored: listeners do not run in this engine' }] });
    // Camunda Modeler 8 puts execution listeners on the process too.
    const onProcess = await compileBpmn(
      processXml(
        `<bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit"/></zeebe:executionListeners></bpmn:extensionElements><bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`,
      ),
    );
    expect(onProcess).toMatchObject({ ok: true, warnings: [{ elementId: 'p', message: 'zeebe:ExecutionListeners is ignored: listeners do not run in this engine' }] });
  });
});

const userTaskWith = (extension: string, attributes = '') =>
  around(`<bpmn:userTask id="t" ${attributes}><bpmn:extensionElements>${extension}</bpmn:extensionElements></bpmn:userTask>`, 't');
const decisionTask = (attributes: string) =>
  around(`<bpmn:businessRuleTask id="t"><bpmn:extensionElements><zeebe:calledDecision ${attributes}/></bpmn:extensionElements></bpmn:businessRuleTask>`, 't');
const catchEvent = (definition: string) => around(`<bpmn:intermediateCatchEvent id="c">${definition}</bpmn:intermediateCatchEvent>`, 'c');
/** An activity `a` with a boundary event `b` leading to end `be`. */
const withBoundary = (boundary: string, rootElements = '') =>
  processXml(
    `<bpmn:startEvent id="s"/><bpmn:task id="a"/><bpmn:endEvent id="e"/>${boundary}<bpmn:endEvent id="be"/>` +
      `${flow('f1', 's', 'a')}${flow('f2', 'a', 'e')}${flow('fb', 'b', 'be')}`,
    rootElements,
  );
type Expected = [elementId: string | undefined, message: string];

describe('compileBpmn rejects', () => {
  const cases: [string, string, Expected[], CompileOptions?][] = [
    [
      'a due date in working days that is not a number',
      userTaskWith('', 'duban:dueInWorkingDays="five"'),
      [['t', 'duban:dueInWorkingDays "five" is not a whole number of working days']],
    ],
    [
      'a due date given twice',
      userTaskWith('<zeebe:taskSchedule dueDate="P3D"/>', 'duban:dueInWorkingDays="3"'),
      [['t', 'give a due date or duban:dueInWorkingDays, not both']],
    ],
    ['text that is not XML', 'hello', [[undefined, 'not well-formed XML: unparsable content hello detected']]],
    ['truncated XML', processXml(task('t')).slice(0, 150), [[undefined, 'not well-formed XML: unparsable content']]],
    ['XML that is not BPMN', '<order><item/></order>', [[undefined, 'not a BPMN 2.0 diagram: the root element must be <definitions> in namespace http://www.omg.org/spec/BPMN/20100524/MODEL']]],
    ['a diagram without a process', definitions(''), [[undefined, 'the diagram has no process']]],
    [
      'a process that is not executable',
      definitions('<bpmn:process id="p" isExecutable="false"/>'),
      [['p', 'the process is not executable: set isExecutable="true" on it (in Camunda Modeler, select the process or pool and tick "Executable")']],
    ],
    [
      'a process without isExecutable',
      definitions('<bpmn:process id="p"/>'),
      [['p', 'the process is not executable: set isExecutable="true"']],
    ],
    ['an unknown processId', processXml(''), [[undefined, 'the diagram has no process "other"']], { processId: 'other' }],
    ['an input over maxBytes', processXml(task('t')), [[undefined, 'diagram is larger than 100 bytes']], { maxBytes: 100 }],
    ['multi-byte input over maxBytes', processXml(`<bpmn:task id="t" name="${'督'.repeat(100)}"/>`), [[undefined, 'diagram is larger than 500 bytes']], { maxBytes: 500 }],
    ['duplicate ids', around('<bpmn:task id="t"/><bpmn:task id="t"/>', 't'), [['t', 'the id "t" is used by more than one element']]],
    ['an element BPMN does not define', around('<bpmn:fancyTask id="t"/>', 't'), [
      ['t', 'bpmn:FancyTask is not a BPMN 2.0 element'],
      ['f1', 'targetRef "t" names no element'],
      ['f2', 'sourceRef "t" names no element'],
      ['e', 'the end event is not reachable from the start event'],
    ]],

    // unsupported elements
    ['a complex gateway', around('<bpmn:complexGateway id="g"/>', 'g'), [['g', 'bpmn:ComplexGateway is not supported']]],
    ['a transaction', around('<bpmn:transaction id="t"/>', 't'), [['t', 'bpmn:Transaction is not supported']]],
    ['an ad-hoc sub-process', around('<bpmn:adHocSubProcess id="t"/>', 't'), [['t', 'bpmn:AdHocSubProcess is not supported']]],
    [
      'an event sub-process without a start event',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}<bpmn:subProcess id="esp" triggeredByEvent="true"/>`),
      [['esp', 'the event sub-process has no start event with a trigger (timer, message, error, signal or escalation)']],
    ],
    [
      'an event sub-process with a none start event, a flow to it and a non-interrupting error start',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}${flow('f2', 's', 'esp')}` +
          `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"/><bpmn:endEvent id="ee"/>${flow('f3', 'es', 'ee')}</bpmn:subProcess>` +
          `<bpmn:subProcess id="esp2" triggeredByEvent="true"><bpmn:startEvent id="es2" isInterrupting="false"><bpmn:errorEventDefinition/></bpmn:startEvent><bpmn:endEvent id="ee2"/>${flow('f4', 'es2', 'ee2')}</bpmn:subProcess>`,
      ),
      [
        ['esp', 'an event sub-process cannot have sequence flows; its start event starts it'],
        ['es2', 'an error start event always interrupts; it cannot start a non-interrupting event sub-process'],
      ],
    ],
    [
      'a compensation event sub-process',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}` +
          `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:compensateEventDefinition/></bpmn:startEvent><bpmn:endEvent id="ee"/>${flow('f3', 'es', 'ee')}</bpmn:subProcess>`,
      ),
      [['es', 'compensation event sub-process start events (bpmn:CompensateEventDefinition) are not supported']],
    ],
    [
      'a Camunda 7 script task',
      around('<bpmn:scriptTask id="t" scriptFormat="groovy"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>', 't'),
      [['t', 'script tasks are supported only as FEEL scripts: set zeebe:script expression and resultVariable']],
    ],
    ['a send task without a task type', around('<bpmn:sendTask id="t"/>', 't'), [['t', 'the send task has no task type']]],
    ['a called decision without a decision id', decisionTask('resultVariable="r"'), [['t', 'the business rule task calls no decision: set zeebe:calledDecision decisionId']]],
    ['a called decision without a result variable', decisionTask('decisionId="d"'), [['t', 'the business rule task has no result variable: set zeebe:calledDecision resultVariable']]],
    ['a called decision by expression', decisionTask('decisionId="=which" resultVariable="r"'), [['t', 'decision id "=which" must be a literal id, not an expression']]],
    [
      'a Camunda 7 decision reference',
      around('<bpmn:businessRuleTask id="t" camunda:decisionRef="d" camunda:resultVariable="r"/>', 't'),
      [['t', 'Camunda 7 decision references (camunda:decisionRef) are not supported; call the decision with zeebe:calledDecision decisionId and resultVariable']],
    ],
    ['an embedded form that is not there', userTaskWith('<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1"/>'), [['t', 'form key "camunda-forms:bpmn:UserTaskForm_1" names no zeebe:userTaskForm with id "UserTaskForm_1" in the process']]],
    [
      'an embedded form that is not JSON',
      processXml(
        `<bpmn:extensionElements><zeebe:userTaskForm id="F">{ nope</zeebe:userTaskForm></bpmn:extensionElements><bpmn:startEvent id="s"/><bpmn:userTask id="t"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:F"/></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      ),
      [['t', 'the embedded form "F" is not a form-js JSON schema']],
    ],
    ['a signal catch event without a signal', catchEvent('<bpmn:signalEventDefinition/>'), [['c', 'no signal is referenced: choose or create a signal']]],
    ['a signal catch event naming a missing signal', catchEvent('<bpmn:signalEventDefinition signalRef="ghost"/>'), [['c', 'signalRef "ghost" names no signal']]],
    ['a conditional catch event', catchEvent('<bpmn:conditionalEventDefinition/>'), [['c', 'conditional intermediate catch events (bpmn:ConditionalEventDefinition) are not supported']]],
    ['a link catch event with an incoming flow', catchEvent('<bpmn:linkEventDefinition name="l"/>'), [['c', 'a link catch event cannot have incoming sequence flows']]],
    [
      'a link throw event without its catch event, and with an outgoing flow',
      around('<bpmn:intermediateThrowEvent id="c"><bpmn:linkEventDefinition name="l"/></bpmn:intermediateThrowEvent>', 'c'),
      [
        ['c', 'no link catch event named "l" in the same process or sub-process'],
        ['c', 'a link throw event cannot have outgoing sequence flows'],
      ],
    ],
    [
      'a link event without a name',
      around('<bpmn:intermediateThrowEvent id="c"><bpmn:linkEventDefinition/></bpmn:intermediateThrowEvent>', 'c'),
      [
        ['c', 'a link event needs a name'],
        ['c', 'a link throw event cannot have outgoing sequence flows'],
      ],
    ],
    [
      'an escalation throw event without an escalation code',
      around('<bpmn:intermediateThrowEvent id="c"><bpmn:escalationEventDefinition/></bpmn:intermediateThrowEvent>', 'c'),
      [['c', 'an escalation intermediate throw event must reference an escalation with an escalation code']],
    ],
    [
      'a compensation throw event naming an activity without a handler',
      around('<bpmn:intermediateThrowEvent id="c"><bpmn:compensateEventDefinition activityRef="s"/></bpmn:intermediateThrowEvent>', 'c'),
      [['c', 'activityRef "s" is not an activity with a compensation boundary event in the same process or sub-process']],
    ],
    [
      'a message end event without a job type',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"><bpmn:messageEventDefinition/></bpmn:endEvent>${flow('f', 's', 'e')}`),
      [['e', 'the message end event has no job type: set zeebe:taskDefinition type, as Camunda 8 asks']],
    ],
    [
      'a message throw event without a job type',
      around('<bpmn:intermediateThrowEvent id="m"><bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>', 'm'),
      [['m', 'the message throw event has no job type']],
    ],
    [
      'a compensation boundary event',
      withBoundary('<bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>'),
      [
        ['b', 'the compensation boundary event has no association to a compensation handler'],
        ['b', 'a compensation boundary event cannot have sequence flows; an association links the two'],
      ],
    ],
    [
      'a signal boundary event without a signal',
      withBoundary('<bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:signalEventDefinition/></bpmn:boundaryEvent>'),
      [['b', 'no signal is referenced: choose or create a signal']],
    ],
    [
      'a message start event without a message',
      processXml(`<bpmn:startEvent id="s"><bpmn:messageEventDefinition/></bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [['s', 'no message is referenced: choose or create a message']],
    ],
    [
      'a signal start event without a signal',
      processXml(`<bpmn:startEvent id="s"><bpmn:signalEventDefinition/></bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [['s', 'no signal is referenced: choose or create a signal']],
    ],
    [
      'two message start events for one message',
      processXml(
        `<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent><bpmn:startEvent id="s2"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f1', 's1', 'e')}${flow('f2', 's2', 'e')}`,
        '<bpmn:message id="m" name="go"/>',
      ),
      [['s2', 'another message start event of the process waits for message "go"']],
    ],
    [
      'a timer start event with a cron cycle',
      processXml(`<bpmn:startEvent id="s">${timerDefinition('timeCycle', '0 0 9 * * MON-FRI')}</bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [['s', 'looks like a cron expression, which is not supported']],
    ],
    [
      'a timer start event stepping by months',
      processXml(`<bpmn:startEvent id="s">${timerDefinition('timeCycle', 'R/P1M')}</bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [['s', 'steps in months or years; a timer start event\'s cycle steps by weeks, days, hours, minutes or seconds']],
    ],
    [
      'a timer start event with an expression',
      processXml(`<bpmn:startEvent id="s">${timerDefinition('timeDate', '=startAt')}</bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [['s', 'a timer start event needs a literal timer']],
    ],
    [
      'a message start event in a sub-process',
      around(
        `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent><bpmn:endEvent id="se"/>${flow('sf', 'ss', 'se')}</bpmn:subProcess>`,
        'sub',
      ),
      [
        ['ss', 'message start events (bpmn:MessageEventDefinition) are not supported; a process starts with a none, message, signal or timer start event, a sub-process with one none start event'],
        ['sub', 'the sub-process has no none start event'],
      ],
    ],
    [
      'an escalation start event',
      processXml(`<bpmn:startEvent id="s"><bpmn:escalationEventDefinition/></bpmn:startEvent><bpmn:endEvent id="e"/>${flow('f', 's', 'e')}`),
      [
        ['s', 'escalation start events (bpmn:EscalationEventDefinition) are not supported'],
        ['p', 'the process has no start event'],
      ],
    ],
    ['a standard loop', around('<bpmn:task id="t"><bpmn:standardLoopCharacteristics/></bpmn:task>', 't'), [['t', 'bpmn:StandardLoopCharacteristics (a loop) is not supported']]],
    [
      'an escalation boundary event on a call activity',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:callActivity id="a" calledElement="other"/><bpmn:endEvent id="e"/><bpmn:endEvent id="be"/>${flow('f1', 's', 'a')}${flow('f2', 'a', 'e')}${flow('fb', 'b', 'be')}` +
          '<bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>',
      ),
      [['b', 'escalation boundary events on call activities are not supported']],
    ],
    [
      'a compensation handler in the flow, without a boundary event',
      around('<bpmn:task id="t" isForCompensation="true"/>', 't'),
      [
        ['t', 'the compensation handler is not associated with a compensation boundary event: draw an association from one to it'],
        ['t', 'a compensation handler cannot have sequence flows; an association links the two'],
      ],
    ],
    [
      'a compensation boundary event associated with an activity not marked for compensation',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:task id="a"/><bpmn:task id="h"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'a')}${flow('f2', 'a', 'e')}` +
          '<bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent><bpmn:association id="as" sourceRef="b" targetRef="h"/>',
      ),
      [
        ['b', 'the compensation boundary event is associated with "h", which is not an activity marked for compensation (isForCompensation) in the same process or sub-process'],
        ['h', 'the task is not reachable from the start event'],
      ],
    ],

    // start events
    [
      'a process without a start event where every element has an incoming flow',
      processXml(`${task('a')}${task('b')}${flow('f1', 'a', 'b')}${flow('f2', 'b', 'a')}`),
      [['p', 'the process has no start event, and no element without incoming sequence flows to start with']],
    ],
    [
      'an end event without incoming flows in a process without a start event',
      processXml(`${task('t')}<bpmn:endEvent id="e"/><bpmn:endEvent id="lone"/>${flow('f', 't', 'e')}`),
      [['lone', 'the end event has no incoming sequence flow: with no start event it would start, and end, the process at once']],
    ],
    [
      'an element without a start event that no implicit start reaches',
      processXml(`${task('t')}${task('a')}${task('b')}${flow('f1', 'a', 'b')}${flow('f2', 'b', 'a')}`),
      [
        ['a', 'the task is not reachable from the elements the process starts with'],
        ['b', 'the task is not reachable from the elements the process starts with'],
      ],
    ],
    [
      'a task without incoming flows beside a start event',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${task('t')}${flow('f', 's', 'e')}`),
      [['t', 'the task is not reachable from the start event: it has no incoming sequence flow, and elements without one start with the process only when it has no start event']],
    ],
    [
      'a document type declaration',
      processXml(task('t')).replace('<bpmn:definitions', '<!DOCTYPE bpmn:definitions [<!ENTITY boom "boom">]>\n<bpmn:definitions'),
      [[undefined, 'the diagram contains a document type declaration (<!DOCTYPE …>); BPMN diagrams have none and they are refused, not expanded: remove it']],
    ],
    [
      'an entity declaration',
      processXml(task('t')).replace('<bpmn:definitions', '<!ENTITY boom "boom">\n<bpmn:definitions'),
      [[undefined, 'the diagram contains an entity declaration (<!ENTITY …>)']],
    ],
    [
      'two none start events',
      processXml(`<bpmn:startEvent id="s1"/><bpmn:startEvent id="s2"/><bpmn:endEvent id="e"/>${flow('f1', 's1', 'e')}${flow('f2', 's2', 'e')}`),
      [['s2', 'a second none start event in process "p"; a process has exactly one']],
    ],
    [
      'a start event with an incoming flow',
      processXml(`<bpmn:startEvent id="s"/>${task('t')}<bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}${flow('back', 't', 's')}`),
      [['s', 'a start event cannot have incoming sequence flows']],
    ],

    // gateways
    [
      'an exclusive gateway with an unconditional flow that is not the default',
      gateway('<bpmn:exclusiveGateway id="g"/>', '=a > 1'),
      [['gy', 'the flow leaves gateway "g" without a condition and is not its default flow']],
    ],
    [
      'a default flow that does not leave the gateway',
      gateway('<bpmn:exclusiveGateway id="g" default="f1"/>', '=a', '=b'),
      [['g', 'the default flow "f1" is not an outgoing flow of this gateway']],
    ],
    ['a default flow that does not exist', gateway('<bpmn:exclusiveGateway id="g" default="nope"/>', '=a', '=b'), [['g', 'the default flow "nope" does not exist']]],
    ['a default flow with a condition', gateway('<bpmn:exclusiveGateway id="g" default="gy"/>', '=a', '=b'), [['gy', 'a default flow must not have a condition']]],
    [
      'a diverging gateway with no outgoing flow',
      processXml(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g"/>${flow('f', 's', 'g')}`),
      [['g', 'the exclusive gateway has no outgoing sequence flow; a path may end at an activity or event, not at a gateway']],
    ],
    ['a condition on a parallel gateway branch', gateway('<bpmn:parallelGateway id="g"/>', '=a'), [['gx', 'conditions are only supported on flows leaving an exclusive or inclusive gateway']]],
    [
      'an event-based gateway followed by a task',
      gateway('<bpmn:eventBasedGateway id="g"/>'),
      [
        ['g', 'the event-based gateway leads to "x"; it may only lead to timer, message or signal catch events and receive tasks'],
        ['g', 'the event-based gateway leads to "y"'],
      ],
    ],

    // flows and structure
    [
      'a flow to an element that does not exist',
      processXml(`<bpmn:startEvent id="s"/>${task('t')}<bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'nope')}${flow('f3', 't', 'e')}`),
      [['f2', 'targetRef "nope" names no element']],
    ],
    [
      'a flow without a source',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'e')}<bpmn:sequenceFlow id="f2" targetRef="e"/>`),
      [['f2', 'the sequence flow has no sourceRef']],
    ],
    [
      'a flow into a sub-process',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:endEvent id="se"/>${flow('sf', 'ss', 'se')}</bpmn:subProcess>` +
          `<bpmn:endEvent id="e"/>${flow('f1', 's', 'sub')}${flow('f2', 'sub', 'e')}${flow('f3', 's', 'se')}`,
      ),
      [['f3', 'targetRef "se" is not a flow node of the same process or sub-process']],
    ],
    [
      'an end event with an outgoing flow',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${task('t')}<bpmn:endEvent id="e2"/>${flow('f1', 's', 'e')}${flow('f2', 'e', 't')}${flow('f3', 't', 'e2')}`),
      [['e', 'an end event cannot have outgoing sequence flows']],
    ],
    [
      'elements not reachable from the start event',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'e')}${task('island')}<bpmn:endEvent id="e2"/>${flow('f2', 'island', 'e2')}`),
      [
        ['island', 'the task is not reachable from the start event'],
        ['e2', 'the end event is not reachable from the start event'],
      ],
    ],
    ['a condition on a flow leaving a task', processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'e', '=a')}`), [['f1', 'conditions are only supported on flows leaving an exclusive or inclusive gateway']]],
    ['a condition in JavaScript', conditionIn('javascript'), [
      ['gx', 'condition language "javascript" is not supported; write the condition in FEEL'],
    ]],

    // boundary events
    [
      'a boundary event on a gateway',
      processXml(
        `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="a"/><bpmn:endEvent id="e"/><bpmn:boundaryEvent id="b" attachedToRef="a">${timerDefinition('timeDuration', 'PT1H')}</bpmn:boundaryEvent><bpmn:endEvent id="be"/>` +
          `${flow('f1', 's', 'a')}${flow('f2', 'a', 'e')}${flow('fb', 'b', 'be')}`,
      ),
      [['b', 'the boundary event is attached to bpmn:ExclusiveGateway "a", which is not an activity']],
    ],
    [
      'a boundary event attached to nothing that exists',
      withBoundary(`<bpmn:boundaryEvent id="b" attachedToRef="ghost">${timerDefinition('timeDuration', 'PT1H')}</bpmn:boundaryEvent>`),
      [
        ['b', 'attachedToRef "ghost" names no element'],
        ['be', 'the end event is not reachable from the start event'],
      ],
    ],
    [
      'a boundary event without a trigger',
      withBoundary('<bpmn:boundaryEvent id="b" attachedToRef="a"/>'),
      [['b', 'a boundary event needs a timer, message, error, signal or escalation definition']],
    ],
    [
      'a non-interrupting error boundary event',
      withBoundary('<bpmn:boundaryEvent id="b" attachedToRef="a" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>'),
      [['b', 'an error boundary event always interrupts its activity']],
    ],
    [
      'an error boundary event naming a missing error',
      withBoundary('<bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:errorEventDefinition errorRef="Error_Missing"/></bpmn:boundaryEvent>'),
      [['b', 'errorRef "Error_Missing" names no error']],
    ],

    // timers
    ['a timer without a definition', catchEvent('<bpmn:timerEventDefinition/>'), [['c', 'the timer has no timeDuration, timeDate or timeCycle']]],
    ['a bad timer duration', catchEvent(timerDefinition('timeDuration', 'PT5X')), [['c', 'timer duration "PT5X" is not an ISO 8601 duration (e.g. PT5M, P1DT2H, P7D)']]],
    [
      'a timer date without an offset',
      catchEvent(timerDefinition('timeDate', '2026-12-01T09:00:00')),
      [['c', 'timer date "2026-12-01T09:00:00" is not an ISO 8601 date-time with offset (e.g. 2026-12-01T09:00:00+08:00)']],
    ],
    ['a bad timer cycle', catchEvent(timerDefinition('timeCycle', 'every day')), [['c', 'timer cycle "every day" is not an ISO 8601 repeating interval (e.g. R3/PT1H, R/P7D, R5/2026-01-01T00:00:00Z/P1D)']]],
    ['a cron timer cycle', catchEvent(timerDefinition('timeCycle', '0 0 9 * * MON-FRI')), [['c', 'looks like a cron expression, which is not supported']]],
    ['a FEEL timer that does not parse', catchEvent(timerDefinition('timeDuration', '=delay +')), [['c', 'timer timeDuration `delay +` is not valid FEEL: the expression ends too early']]],
    ['a message catch without a message', catchEvent('<bpmn:messageEventDefinition/>'), [['c', 'no message is referenced: choose or create a message']]],
    [
      'a message without a name',
      catchEvent('<bpmn:messageEventDefinition messageRef="m"/>').replace('</bpmn:definitions>', '<bpmn:message id="m"/></bpmn:definitions>'),
      [['c', 'message "m" has no name']],
    ],
    [
      'a message named by an expression',
      catchEvent('<bpmn:messageEventDefinition messageRef="m"/>').replace('</bpmn:definitions>', '<bpmn:message id="m" name="=kind"/></bpmn:definitions>'),
      [['c', 'message name "=kind" must be a literal, not an expression']],
    ],
    ['an intermediate catch event without a trigger', around('<bpmn:intermediateCatchEvent id="c"/>', 'c'), [['c', 'an intermediate catch event needs a timer, message or signal definition']]],
    ['a receive task without a message', around('<bpmn:receiveTask id="r" messageRef="ghost"/>', 'r'), [['r', 'messageRef "ghost" names no message']]],

    // end events
    [
      'an error end event without an error',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"><bpmn:errorEventDefinition/></bpmn:endEvent>${flow('f', 's', 'e')}`),
      [['e', 'an error end event must reference an error with an error code']],
    ],
    [
      'an error end event whose error has no code',
      processXml(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>${flow('f', 's', 'e')}`, '<bpmn:error id="err" name="Oops"/>'),
      [['e', 'an error end event must reference an error with an error code']],
    ],

    // expressions
    ['a condition that is not FEEL', gateway('<bpmn:exclusiveGateway id="g" default="gy"/>', '=amount >'), [['gx', 'condition `amount >` is not valid FEEL: the expression ends too early']]],
    [
      'JUEL with no FEEL equivalent',
      gateway('<bpmn:exclusiveGateway id="g" default="gy"/>', "${execution.getVariable('x')}"),
      [['gx', "condition: JUEL `${execution.getVariable('x')}` cannot be translated to FEEL: method call `execution.getVariable(…)` has no FEEL equivalent"]],
    ],
    ['an empty condition', gateway('<bpmn:exclusiveGateway id="g" default="gy"/>', ' '), [['gx', 'the condition is empty']]],
    ['an assignee expression that is not FEEL', userTaskWith('<zeebe:assignmentDefinition assignee="=)"/>'), [['t', 'assignee `)` is not valid FEEL: unexpected ")" at character 1']]],
    ['candidate groups in untranslatable JUEL', userTaskWith('', 'camunda:candidateGroups="${groups.get(0)}"'), [['t', 'candidate groups: JUEL `${groups.get(0)}` cannot be translated to FEEL']]],
    ['a due date that is neither date-time nor duration', userTaskWith('<zeebe:taskSchedule dueDate="next week"/>'), [['t', 'due date "next week" is neither an ISO 8601 date-time with offset']]],
    ['a form key expression', userTaskWith('<zeebe:formDefinition formKey="=form"/>'), [['t', 'form key "=form" must be a literal, not an expression']]],
    [
      'an input mapping that is not FEEL',
      around('<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=foo(" target="x"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>', 't'),
      [['t', 'input mapping "x" `foo(` is not valid FEEL: the expression ends too early']],
    ],
    [
      'a mapping without a target',
      around('<bpmn:task id="t"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=a"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>', 't'),
      [['t', 'an output mapping has no target variable']],
    ],
    [
      'a Camunda 7 list parameter',
      around('<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="xs"><camunda:list><camunda:value>a</camunda:value></camunda:list></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>', 't'),
      [['t', 'input parameter "xs" is a camunda:List; only simple values and ${…} expressions are supported']],
    ],
    [
      'an input collection that is not FEEL',
      around('<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1," inputElement="i"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>', 't'),
      [['t', 'input collection `[1,` is not valid FEEL']],
    ],
    [
      'a completion condition that is not FEEL',
      around('<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics camunda:collection="xs"><bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=done and</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:task>', 't'),
      [['t', 'completion condition `done and` is not valid FEEL']],
    ],
    ['a multi-instance without a collection', around('<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>', 't'), [['t', 'the multi-instance has no input collection']]],
    [
      'a multi-instance with a loop cardinality',
      around('<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task>', 't'),
      [['t', 'loop cardinality is not supported; give the multi-instance an input collection']],
    ],
    [
      'an output collection without an output element',
      around('<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=xs" outputCollection="ys"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>', 't'),
      [['t', 'the multi-instance needs both an output collection and an output element, or neither']],
    ],

    // service tasks and call activities
    ['a service task without a type', around('<bpmn:serviceTask id="t"/>', 't'), [['t', 'the service task has no task type: set zeebe:taskDefinition type (Camunda 8) or camunda:topic (Camunda 7)']]],
    ['a Java delegate', around('<bpmn:serviceTask id="t" camunda:class="org.example.Send"/>', 't'), [['t', 'Java delegates (camunda:class) are not supported']]],
    [
      'a task type that is an expression',
      around('<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="=kind"/></bpmn:extensionElements></bpmn:serviceTask>', 't'),
      [['t', 'task type "=kind" must be a literal name, not an expression']],
    ],
    [
      'retries that are not a number',
      around('<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="a" retries="many"/></bpmn:extensionElements></bpmn:serviceTask>', 't'),
      [['t', 'retries "many" must be a whole number']],
    ],
    ['a call activity without a process', around('<bpmn:callActivity id="c"/>', 'c'), [['c', 'the call activity names no process']]],
  ];

  it.each(cases)('%s', async (_name, xml, expected, options) => {
    const errors = await errorsOf(xml, options);
    expect(errors).toHaveLength(expected.length);
    expected.forEach(([elementId, message], index) => {
      expect(errors[index].elementId).toBe(elementId);
      expect(errors[index].message).toContain(message);
    });
  });

  it('collects every problem, not only the first', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="s"/><bpmn:complexGateway id="cg"/>${task('dead')}<bpmn:serviceTask id="svc"/><bpmn:endEvent id="e"/>` +
        `${flow('f1', 's', 'cg')}${flow('f2', 'cg', 'svc')}${flow('f3', 'svc', 'e')}${flow('f4', 'svc', 'dead')}`,
    );
    expect(await errorsOf(xml)).toEqual([
      { elementId: 'cg', message: 'bpmn:ComplexGateway is not supported; use an exclusive, inclusive or parallel gateway' },
      { elementId: 'svc', message: 'the service task has no task type: set zeebe:taskDefinition type (Camunda 8) or camunda:topic (Camunda 7)' },
    ]);
  });

  it('sub-processes nested deeper than 32 levels, without overflowing the stack', async () => {
    const depth = 3000;
    const nested = Array.from({ length: depth }, (_, level) => `<bpmn:subProcess id="sub${level}">`).join('') + '</bpmn:subProcess>'.repeat(depth);
    const errors = await errorsOf(processXml(nested));
    expect(errors).toContainEqual({ elementId: 'sub32', message: 'sub-processes are nested more than 32 deep' });
    expect(errors.filter((error) => error.message.includes('nested'))).toHaveLength(1);
  });

  it('input that is not a string, without throwing', async () => {
    const result = await compileBpmn(undefined as unknown as string);
    expect(result).toEqual({ ok: false, errors: [{ message: 'the diagram must be XML text' }] });
  });
});

describe('compileBpmn performance', () => {
  it('compiles a diagram of about 500 elements well under a second', async () => {
    const xml = largeDiagram(460);
    await compileBpmn(xml); // warm up the parsers
    const started = performance.now();
    const graph = await compiled(xml);
    const elapsed = performance.now() - started;
    expect(Object.keys(graph.elements).length).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(1000);
  });
});
