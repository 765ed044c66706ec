import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDmn } from '../../../../../bpmn/dmn';
import { DAY, HOUR, WEEK } from './clock';
import { PlaySession, parseVariables } from './session';
import { sampleMatterVariables } from './samples';

const basic = readFileSync(new URL('../../../../../bpmn-models/supervision-basic.bpmn', import.meta.url), 'utf8');
const full = readFileSync(new URL('../../../../../bpmn-models/supervision.bpmn', import.meta.url), 'utf8');
/** Monday 23 November 2026, 09:00 in Shanghai. */
const T0 = Date.parse('2026-11-23T09:00:00+08:00');

function processXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process><bpmn:error id="Err" errorCode="REFUSED"/>
</bpmn:definitions>`;
}

const flow = (id: string, source: string, target: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"/>`;

async function open(xml: string, decisions?: Parameters<typeof PlaySession.open>[1]['decisions']): Promise<PlaySession> {
  const opened = await PlaySession.open(xml, { now: T0, decisions });
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  return opened.session;
}

function task(session: PlaySession, elementId: string) {
  const found = session.waiting().tasks.filter((t) => t.elementId === elementId);
  if (found.length === 0) throw new Error(`no open task ${elementId}; open: ${session.waiting().tasks.map((t) => t.elementId).join(', ')}`);
  return found[0];
}

describe('PlaySession over supervision-basic', () => {
  it('runs to the end as the designer completes its tasks, recording the path and the flows taken', async () => {
    const session = await open(basic);
    await session.start({ leadUnit: 'housing', deadline: '2026-12-31' });
    expect(session.waiting().tasks.map((t) => t.elementId)).toEqual(['Distribute']);
    expect(session.marks().active.get('Distribute')).toBe(1);

    expect(await session.completeTask(task(session, 'Distribute').id, {})).toBe(true);
    const report = task(session, 'Report');
    expect(report.candidateUnits).toEqual(['housing']);
    expect(report.dueAt).toBe(Date.parse('2026-12-31T23:59:59.999+08:00'));
    let marks = session.marks();
    expect(marks.done.has('Distribute')).toBe(true);
    expect(marks.active.has('Distribute')).toBe(false);
    expect(marks.active.get('Report')).toBe(1);
    expect([...marks.flows].sort()).toEqual(['Flow_ToDistribute', 'Flow_ToReport']);

    await session.completeTask(report.id, {});
    await session.completeTask(task(session, 'Review').id, parseVariables('approved=false'));
    // Returned: the report is asked for again, along the flow back.
    expect(session.marks().flows.has('Flow_Returned')).toBe(true);
    await session.completeTask(task(session, 'Report').id, {});
    await session.completeTask(task(session, 'Review').id, { approved: true });

    expect(session.status).toBe('completed');
    expect(session.path).toEqual(['Start', 'Distribute', 'Report', 'Review', 'Decision', 'Report', 'Review', 'Decision', 'Closed']);
    marks = session.marks();
    expect(marks.active.size).toBe(0);
    expect(marks.flows.has('Flow_Approved')).toBe(true);
    expect(session.log.at(-1)).toMatchObject({ kind: 'ended', detail: 'completed' });
    expect(session.log.filter((e) => e.kind === 'taskCompleted').map((e) => e.elementId)).toEqual(['Distribute', 'Report', 'Review', 'Report', 'Review']);
    // Nothing moves the clock but the designer.
    expect(session.log.every((e) => e.at === T0)).toBe(true);
  });

  it('marks an incident where the data is wrong: a due date that is no date', async () => {
    const session = await open(basic);
    await session.start({ leadUnit: 'housing', deadline: 'soon' });
    await session.completeTask(task(session, 'Distribute').id, {});
    const [incident] = session.waiting().incidents;
    expect(incident).toMatchObject({ elementId: 'Report' });
    expect(session.marks().incidents.get('Report')).toMatch(/soon/);
    expect(session.log.some((e) => e.kind === 'incident' && e.elementId === 'Report')).toBe(true);
  });
});

describe('PlaySession over the full supervision flow', () => {
  it('fires the period, warning and overdue timers as the drill clock passes them', async () => {
    const session = await open(full);
    const variables = sampleMatterVariables(T0);
    await session.start(variables);
    await session.completeTask(task(session, 'Distribute').id, {});
    // One sign task per unit: the multi-instance sub-process holds two tokens.
    expect(session.waiting().tasks.map((t) => t.candidateUnits[0]).sort()).toEqual(['housing', 'transport']);
    expect(session.marks().active.get('Sign')).toBe(2);
    expect(session.marks().active.get('UnitWork')).toBe(2);
    for (const sign of session.waiting().tasks) await session.completeTask(sign.id, { returned: false });
    expect(session.waiting().tasks.map((t) => t.elementId)).toEqual(['Handling', 'Handling']);
    // Each unit's handling waits on its period, warning and overdue timers; urges, reports and extensions wait as messages.
    const waiting = session.waiting();
    expect(new Set(waiting.timers.map((t) => t.elementId))).toEqual(new Set(['PeriodOpens', 'DeadlineNear', 'Overdue']));
    expect(new Set(waiting.messages.map((m) => `${m.messageName}/${m.correlationKey}`))).toEqual(
      new Set(['urge/housing', 'urge/transport', 'report/housing', 'report/transport', 'extension/housing', 'extension/transport']),
    );

    // +1 hour and +1 day fire nothing; the next timer is the monthly period opening on 1 December.
    await session.advance(HOUR);
    await session.advance(DAY);
    expect(session.clock).toBe(T0 + HOUR + DAY);
    expect(session.waiting().tasks.filter((t) => t.elementId === 'Report')).toHaveLength(0);
    expect(session.nextTimer).toBe(Date.parse('2026-12-01T00:00:00+08:00'));
    await session.advanceToNextTimer();
    expect(session.clock).toBe(Date.parse('2026-12-01T00:00:00+08:00'));
    expect(session.waiting().tasks.filter((t) => t.elementId === 'Report')).toHaveLength(2);
    expect(session.log.filter((e) => e.kind === 'timerFired' && e.elementId === 'PeriodOpens')).toHaveLength(2);
    expect(session.marks().flows.has('Flow_PeriodOpens')).toBe(true);

    // Three weeks on: the warning three days before the deadline is sent by the notify task type, as the worker would.
    await session.advance(3 * WEEK);
    const notified = session.log.filter((e) => e.kind === 'notified');
    expect(notified.map((e) => e.elementId)).toEqual(['Warn', 'Warn']);
    expect(notified[0].at).toBe(Date.parse(variables.warnAt as string));
    expect(session.path.filter((id) => id === 'Warned')).toHaveLength(2);

    // Past the deadline: the escalation goes to the unit, the office and the leader.
    await session.advance(WEEK);
    const escalated = session.log.filter((e) => e.kind === 'notified' && e.elementId === 'Escalate');
    expect(escalated).toHaveLength(2);
    expect(escalated[0].detail).toMatch(/office, leader: 已超过办结时限/);
    expect(escalated[0].at).toBe(Date.parse(variables.overdueAt as string));

    // A message correlated by the unit's key: an urge is sent to that unit only.
    const urge = session.waiting().messages.find((m) => m.messageName === 'urge' && m.correlationKey === 'housing')!;
    expect(await session.correlate(urge.subscriptionId, { urgeMessage: '请加快' })).toBe(true);
    expect(session.log.filter((e) => e.kind === 'notified' && e.elementId === 'NotifyUrge').map((e) => e.detail)).toEqual(['housing: 请加快']);

    // Both units finish; verified, the matter is closed.
    for (const unit of ['housing', 'transport']) {
      const handling = session.waiting().tasks.find((t) => t.elementId === 'Handling' && t.candidateUnits[0] === unit)!;
      await session.completeTask(handling.id, {});
      await session.completeTask(task(session, 'FinalReview').id, { approved: true });
    }
    await session.completeTask(task(session, 'Verify').id, { verified: true });
    expect(session.status).toBe('completed');
    expect(session.path.at(-1)).toBe('Closed');
    expect(session.waiting().timers).toEqual([]);
  });

  it('moves the deadline with the deadline-timers task type when an extension is granted', async () => {
    const session = await open(full);
    await session.start({ ...sampleMatterVariables(T0), units: ['housing'] });
    await session.completeTask(task(session, 'Distribute').id, {});
    await session.completeTask(task(session, 'Sign').id, {});
    const extension = session.waiting().messages.find((m) => m.messageName === 'extension')!;
    await session.correlate(extension.subscriptionId, { requestedDeadline: '2027-03-31' });
    await session.completeTask(task(session, 'ApproveExtension').id, { approved: true, unitDeadline: '2027-03-31' });
    const moved = session.log.find((e) => e.kind === 'deadlineTimers')!;
    expect(JSON.parse(moved.detail!)).toEqual({ warnAt: '2027-03-28T01:00:00.000Z', overdueAt: '2027-03-31T16:00:00.000Z' });
    expect(task(session, 'Handling').dueAt).toBe(Date.parse('2027-03-31T23:59:59.999+08:00'));
  });
});

describe('PlaySession jobs and decisions', () => {
  const jobDiagram = processXml(
    [
      '<bpmn:startEvent id="s"/>',
      '<bpmn:serviceTask id="check" name="核查"><bpmn:extensionElements><zeebe:taskDefinition type="external-check"/></bpmn:extensionElements></bpmn:serviceTask>',
      '<bpmn:boundaryEvent id="refused" attachedToRef="check"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:boundaryEvent>',
      '<bpmn:endEvent id="ok"/><bpmn:endEvent id="no"/>',
      flow('f1', 's', 'check'),
      flow('f2', 'check', 'ok'),
      flow('f3', 'refused', 'no'),
    ].join(''),
  );

  it('waits for the designer to complete a job, with its variables', async () => {
    const session = await open(jobDiagram);
    await session.start({ n: 1 });
    const [job] = session.waiting().jobs;
    expect(job).toMatchObject({ elementId: 'check', name: '核查', kind: 'service', type: 'external-check', variables: { n: 1 } });
    expect(await session.completeJob(job.instanceId, { checked: true })).toBe(true);
    expect(session.status).toBe('completed');
    expect(session.variables).toMatchObject({ n: 1, checked: true });
    expect(session.path).toEqual(['s', 'check', 'ok']);
  });

  it('lets a job throw a BPMN error that a boundary event catches, and fail into an incident that can be retried', async () => {
    const session = await open(jobDiagram);
    await session.start({});
    await session.throwJobError(session.waiting().jobs[0].instanceId, 'REFUSED');
    expect(session.path).toEqual(['s', 'check', 'refused', 'no']);
    expect(session.marks().flows).toEqual(new Set(['f1', 'f3']));

    const failing = await open(jobDiagram);
    await failing.start({});
    await failing.failJob(failing.waiting().jobs[0].instanceId, 'service down');
    expect(failing.waiting().incidents).toMatchObject([{ elementId: 'check', message: 'service down' }]);
    expect(failing.waiting().jobs).toEqual([]);
    await failing.retryIncident(failing.waiting().incidents[0].instanceId);
    expect(failing.waiting().incidents).toEqual([]);
    await failing.completeJob(failing.waiting().jobs[0].instanceId, {});
    expect(failing.status).toBe('completed');
  });

  const decisionDiagram = processXml(
    [
      '<bpmn:startEvent id="s"/>',
      '<bpmn:businessRuleTask id="rate"><bpmn:extensionElements><zeebe:calledDecision decisionId="level" resultVariable="level"/></bpmn:extensionElements></bpmn:businessRuleTask>',
      '<bpmn:endEvent id="e"/>',
      flow('f1', 's', 'rate'),
      flow('f2', 'rate', 'e'),
    ].join(''),
  );

  it('evaluates a deployed decision in the browser, and hands one not deployed to the designer', async () => {
    const dmn = await parseDmn(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="levels" name="Levels" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="level" name="Level"><literalExpression id="le"><text>if days &lt; 3 then "high" else "low"</text></literalExpression></decision>
</definitions>`);
    if (!dmn.ok) throw new Error(JSON.stringify(dmn.errors));
    const asked: string[] = [];
    const session = await open(decisionDiagram, async (id) => {
      asked.push(id);
      return dmn.requirements;
    });
    await session.start({ days: 2 });
    expect(asked).toEqual(['level']);
    expect(session.status).toBe('completed');
    expect(session.variables.level).toBe('high');
    expect(session.log.find((e) => e.kind === 'decision')).toMatchObject({ elementId: 'rate', detail: 'level = "high"' });

    const without = await open(decisionDiagram, async () => undefined);
    await without.start({ days: 5 });
    const [job] = without.waiting().jobs;
    expect(job.note).toMatch(/not deployed/);
    await without.completeJob(job.instanceId, { level: 'low' });
    expect(without.status).toBe('completed');
  });

  it('starts at a message start event the designer picks, as if its message had come', async () => {
    const xml = processXml(
      `<bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="M"/></bpmn:startEvent><bpmn:userTask id="t"/><bpmn:endEvent id="e"/>${flow('f1', 'ms', 't')}${flow('f2', 't', 'e')}`,
    ).replace('</bpmn:definitions>', '<bpmn:message id="M" name="intake"/></bpmn:definitions>');
    const session = await open(xml);
    expect(session.eventStarts).toEqual(['ms']);
    expect(session.graph.startId).toBeUndefined();
    await session.start({ from: 'superior' }, 'ms');
    expect(session.waiting().tasks.map((t) => t.elementId)).toEqual(['t']);
    expect(session.marks().flows).toEqual(new Set(['f1']));
  });

  it('refuses to play a diagram the compiler refuses, naming the element', async () => {
    const opened = await PlaySession.open(processXml(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="bad"/>${flow('f1', 's', 'bad')}`), { now: T0 });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.errors.some((e) => e.elementId === 'bad')).toBe(true);
  });
});

describe('parseVariables', () => {
  it.each([
    ['', {}],
    ['{"approved": false}', { approved: false }],
    ['approved=false', { approved: false }],
    ['approved=true, unitDeadline=2027-03-31', { approved: true, unitDeadline: '2027-03-31' }],
    ['units=["a","b"]\nopinion=同意，可以', { units: ['a', 'b'], opinion: '同意，可以' }],
    ['n = 3', { n: 3 }],
  ])('%j', (text, expected) => {
    expect(parseVariables(text)).toEqual(expected);
  });

  it.each(['[1]', 'approved', '=1', '{"a":'])('refuses %j', (text) => {
    expect(() => parseVariables(text)).toThrow(SyntaxError);
  });
});
