/**
 * Issue 11's "done when": diagrams drawn in Camunda Modeler 5.x for Camunda 8.8, saved as the Modeler
 * saves them (test/fixtures/camunda-modeler: a hotline matter, a process started by a flood signal, the
 * urgency decision and the unit's form), deploy unchanged through POST /api/deployments and run to their
 * end events on the real stack, with external workers written with Camunda's own client
 * (@camunda8/orchestration-cluster-api) and the units completing their tasks through the /api.
 *
 * The hotline matter: a job fetches the ticket from the hotline system (an error boundary catches
 * TICKET_NOT_FOUND), a business rule task decides urgency and the unit, an urgent matter texts the
 * leader, the unit handles it in a sub-process with a linked form (an escalation end event in it is
 * caught by an interrupting boundary on the sub-process, and the office coordinates), a message
 * throw event (a job) texts the citizen, a message catch waits for the citizen's reply by case
 * number (not satisfied: round again), a job closes the ticket. A flood-emergency signal interrupts
 * the matter through an event sub-process, whose message end event (a job) reports to the hotline,
 * and starts the flood duty check.
 *
 * The joint handling, drawn in a pool with lanes, a group, a text annotation and a data store: a
 * published message starts it, a FEEL script task computes the period, a parallel multi-instance
 * user task collects one opinion per unit (each opinion local to its instance, as Camunda's docs
 * advise), and a gateway on the collected opinions decides whether the office must decide.
 */
import { readFileSync } from 'node:fs';
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../services/machine-clients';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

const FIXTURES = new URL('../fixtures/camunda-modeler/', import.meta.url);
const FILES = ['hotline-matter.bpmn', 'flood-response.bpmn', 'hotline-joint-handling.bpmn', 'hotline-urgency.dmn', 'hotline-handling.form'];
const SECRET = 'hotline-worker-secret-0123456789';

/** The hotline system the fetch worker reads: case number -> ticket. */
const TICKETS: Record<string, { title: string; category: string; repeatCount: number; phone: string }> = {
  'RX-2026-0001': { title: '幸福小区燃气管道异味', category: '燃气', repeatCount: 1, phone: '13800000001' },
  'RX-2026-0002': { title: '城西路段路面塌陷', category: '道路', repeatCount: 4, phone: '13800000002' },
  'RX-2026-0003': { title: '夜间施工噪音扰民', category: '噪音', repeatCount: 2, phone: '13800000003' },
};

let stack: Stack;
let base: string;
let designer: string;
let supervisor: string;
const tokens: Record<string, string> = {};
const workers: Array<{ stopGracefully(o: { waitUpToMs: number }): Promise<unknown> }> = [];
/** What the workers saw, by job type. */
const seen: Record<string, Array<{ variables: Record<string, unknown>; headers: Record<string, unknown>; elementId: string; caseNo?: unknown }>> = {};

const camunda = () =>
  createCamundaClientLoose({
    config: {
      CAMUNDA_REST_ADDRESS: base,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'hotline-bridge',
      CAMUNDA_BASIC_AUTH_PASSWORD: SECRET,
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: '1',
      CAMUNDA_SDK_VALIDATION: 'res:strict',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
    } as never,
  });

/** A worker for one job type, written as an integrator would with Camunda's client. */
function serve(jobType: string, handle: (job: any) => Promise<unknown>) {
  seen[jobType] = [];
  const worker = camunda().createJobWorker({
    jobType,
    workerName: `${jobType}-worker`,
    maxParallelJobs: 2,
    jobTimeoutMs: 30_000,
    pollTimeoutMs: 2_000,
    jobHandler: async (job: any) => {
      seen[jobType].push({ variables: job.variables, headers: job.customHeaders, elementId: job.elementId, caseNo: job.variables.caseNo });
      return handle(job);
    },
  } as never);
  workers.push(worker as never);
}

const matterOf = (instanceKey: string) => eventually(async () => (await stack.knex('matters').where('instance_key', instanceKey).first())?.id as string | undefined);
const page = async (id: string) => {
  const res = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const finished = (id: string) => eventually(async () => ((await page(id)).status === 'completed' ? page(id) : undefined), 30_000);
/** Element ids the matter's history says completed, in order. */
const path = async (id: string): Promise<string[]> => {
  const res = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/history` });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ kind: string; elementId?: string; outcome?: string }>).filter((e) => e.kind === 'element' && e.outcome === 'completed').map((e) => e.elementId!);
};
const openTask = (matterId: string, elementId: string) =>
  eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first(), 30_000);
async function complete(user: string, taskId: string, variables: Record<string, unknown>) {
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
/** The citizen's reply, once the matter waits for it under its case number. */
async function reply(matterId: string, caseNo: string, variables: Record<string, unknown>) {
  await eventually(() => stack.knex('event_subscriptions').where({ matter_id: matterId, kind: 'message', name: 'citizen-reply', correlation_key: caseNo }).first(), 30_000);
  await camunda().publishMessage({ name: 'citizen-reply', correlationKey: caseNo, variables });
}
const startMatter = async (caseNo: string) => {
  const created = await camunda().createProcessInstance({ processDefinitionId: 'hotline-matter', variables: { caseNo } });
  expect(created).toMatchObject({ processDefinitionId: 'hotline-matter', processDefinitionVersion: 1 });
  return matterOf(created.processInstanceKey);
};

beforeAll(async () => {
  stack = await startStack();
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(stack.app.server.address() as { port: number }).port}`;
  [designer, supervisor] = await Promise.all([stack.login('designer'), stack.login('supervisor')]);
  for (const user of ['zhujian', 'jiaotong', 'fagai', 'supervisor']) tokens[user] = await stack.login(user);
  await createClient(stack.knex, { id: 'hotline-bridge', scopes: ['jobs:*', 'processes:start', 'messages:publish', 'signals:broadcast'], secret: SECRET }, { username: 'admin' });

  serve('hotline.fetch-ticket', async (job) => {
    const ticket = TICKETS[job.variables.ticketNo as string];
    if (!ticket) return job.error({ errorCode: 'TICKET_NOT_FOUND', errorMessage: `no ticket ${job.variables.ticketNo}`, variables: { rejectReason: '工单不存在' } });
    // The output mappings keep what the process needs; the raw answer stays in the task's scope.
    return job.complete({ ticket, rawResponse: JSON.stringify(ticket) });
  });
  serve('sms.notify-leader', async (job) => job.complete({ smsSent: true }));
  // A message throw event: the worker sends the text and answers with nothing.
  serve('sms.notify-citizen', async (job) => job.complete({}));
  serve('hotline.close-ticket', async (job) => job.complete({ closedInHotline: true }));
  // A message end event.
  serve('hotline.report-suspended', async (job) => job.complete({ reportedToHotline: true }));
  serve('hotline.suspend-ticket', async (job) => job.complete({ suspendedFor: 'flood-emergency' }));
  serve('flood.notify-units', async (job) => job.complete({ unitsNotified: 4 }));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stopGracefully({ waitUpToMs: 3_000 })));
  await stack?.close();
});

describe('diagrams saved by Camunda Modeler for Camunda 8.8', () => {
  it('deploy unchanged, with their decision and form, through POST /api/deployments', async () => {
    const form = new FormData();
    for (const name of FILES) form.append('file', new Blob([readFileSync(new URL(name, FIXTURES))]), name);
    const res = await stack.call(designer, { method: 'POST', url: '/api/deployments', payload: form });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      processes: expect.arrayContaining([
        expect.objectContaining({ key: 'hotline-matter', version: 1, created: true }),
        expect.objectContaining({ key: 'flood-duty-check', version: 1, created: true }),
        expect.objectContaining({ key: 'hotline-joint-handling', version: 1, created: true }),
      ]),
      decisions: [expect.objectContaining({ key: 'hotline-urgency', version: 1, created: true })],
      forms: [expect.objectContaining({ key: 'hotline-handling', version: 1, created: true })],
      warnings: [],
    });
    // Stored as the Modeler saved it: what the diagram viewer and the Modeler open again.
    const served = await stack.app.inject({ method: 'GET', url: '/api/process-definitions/hotline-matter/xml', headers: { authorization: `Bearer ${designer}` } });
    expect(served.body).toBe(readFileSync(new URL('hotline-matter.bpmn', FIXTURES), 'utf8'));
  });

  it('runs the main path: ticket fetched, urgent (leader texted), the unit handles it twice because the citizen was not satisfied, the ticket is closed', async () => {
    const id = await startMatter('RX-2026-0001');

    const first = await openTask(id, 'Activity_1ut4o8h');
    expect(first.candidate_units).toEqual(['housing']);
    const view = await stack.call(tokens.zhujian, { method: 'GET', url: `/api/tasks/${first.id}` });
    expect(view.body).toMatchObject({ name: '承办单位办理并反馈', form: { source: 'linked', formId: 'hotline-handling', version: 1 } });
    const schema = await stack.call(tokens.zhujian, { method: 'GET', url: `/api/tasks/${first.id}/form` });
    expect(schema.body).toMatchObject({ id: 'hotline-handling', executionPlatform: 'Camunda Cloud', components: expect.arrayContaining([expect.objectContaining({ key: 'handlingResult' })]) });
    // The decision chose the unit; the outputs kept the ticket and left the worker's raw answer out.
    const during = await page(id);
    expect(during.variables).toMatchObject({ urgency: { level: '特急', unit: 'housing' }, category: '燃气', repeatCount: 1, smsSent: true });
    expect(during.variables).not.toHaveProperty('rawResponse');
    expect(during.variables).not.toHaveProperty('ticketNo');

    await complete('zhujian', first.id, { outcome: 'partly', handlingResult: '已关阀排查', needsCoordination: false });
    await reply(id, 'RX-2026-0001', { satisfied: false, citizenComment: '仍有异味' });
    const second = await eventually(async () => {
      const task = await openTask(id, 'Activity_1ut4o8h');
      return task.id !== first.id ? task : undefined;
    });
    await complete('zhujian', second.id, { outcome: 'resolved', handlingResult: '已更换管道', needsCoordination: false });
    await reply(id, 'RX-2026-0001', { satisfied: true, citizenComment: '满意' });

    const done = await finished(id);
    expect(done.variables).toMatchObject({ caseNo: 'RX-2026-0001', outcome: 'resolved', satisfied: true, closedInHotline: true });
    expect(seen['hotline.fetch-ticket'].find((j) => j.variables.ticketNo === 'RX-2026-0001')).toMatchObject({ headers: { system: '12345', endpoint: '/api/tickets' }, elementId: 'Activity_1q7r0xd' });
    expect(seen['sms.notify-leader'].find((j) => j.variables.text === '【特急】幸福小区燃气管道异味')).toBeDefined();
    expect(seen['sms.notify-citizen'].filter((j) => j.variables.phone === '13800000001')).toHaveLength(2);
    const reached = await path(id);
    expect(reached.filter((e) => e === 'Activity_1ut4o8h')).toHaveLength(2);
    expect(reached.filter((e) => e === 'Event_1l4s7dp')).toHaveLength(2);
    expect(reached).toEqual(expect.arrayContaining(['Activity_1q7r0xd', 'Activity_0d4u6ve', 'Activity_1j5rmv0', 'Event_0t5j4ub', 'Activity_0bq8t3n', 'Event_0y9d3qa', 'Activity_1c2x7gn', 'Event_0w8u5lz']));
    expect(reached.at(-1)).toBe('Event_0w8u5lz');
    expect(reached).not.toContain('Activity_0p7s2wl');
  });

  it('escalates from the unit\'s sub-process to the office, which coordinates, and the matter closes', async () => {
    const id = await startMatter('RX-2026-0002');
    const task = await openTask(id, 'Activity_1ut4o8h');
    expect(task.candidate_units).toEqual(['transport']);
    await complete('jiaotong', task.id, { outcome: 'partly', handlingResult: '需住建局配合抢修管线', needsCoordination: true });

    const coordination = await openTask(id, 'Activity_0p7s2wl');
    expect(coordination.candidate_units).toEqual(['office']);
    await complete('supervisor', coordination.id, { coordination: '已协调住建局、交通局联合抢修' });
    await reply(id, 'RX-2026-0002', { satisfied: true });

    const done = await finished(id);
    expect(done.variables).toMatchObject({ urgency: { level: '特急', unit: 'transport' }, needsCoordination: true, coordination: '已协调住建局、交通局联合抢修', closedInHotline: true });
    const reached = await path(id);
    expect(reached).toEqual(expect.arrayContaining(['Event_1a8f0ri', 'Event_1r0c6hm', 'Activity_0p7s2wl', 'Activity_1c2x7gn', 'Event_0w8u5lz']));
    // The boundary interrupted the sub-process: it did not complete, and its normal end was not reached.
    expect(reached).not.toContain('Activity_0bq8t3n');
    expect(reached).not.toContain('Event_0t5j4ub');
  });

  it('ends through the error boundary when the hotline system has no such ticket', async () => {
    const id = await startMatter('RX-NOT-THERE');
    const done = await finished(id);
    expect(done.variables).toMatchObject({ caseNo: 'RX-NOT-THERE', rejectReason: '工单不存在' });
    expect(done.variables).not.toHaveProperty('urgency');
    const reached = await path(id);
    expect(reached).toEqual(['StartEvent_1', 'Event_0m2hb1k', 'Event_1k3x9wa']);
  });

  it('is interrupted by the flood-emergency signal\'s event sub-process, which also starts the flood duty check', async () => {
    const id = await startMatter('RX-2026-0003');
    const task = await openTask(id, 'Activity_1ut4o8h');
    expect(task.candidate_units).toEqual(['dev-reform']);
    await eventually(() => stack.knex('event_subscriptions').where({ matter_id: id, kind: 'signal', name: 'flood-emergency' }).first());
    const dutyChecks = async () => stack.knex('matters').where({ process_key: 'flood-duty-check' }).select('id');
    const before = (await dutyChecks()).length;

    const { signalKey } = await camunda().broadcastSignal({ signalName: 'flood-emergency', variables: { floodLevel: 'IV' } });
    expect(signalKey).toMatch(/^\d+$/);

    const done = await finished(id);
    expect(done.variables).toMatchObject({ floodLevel: 'IV', suspendedFor: 'flood-emergency', reportedToHotline: true });
    expect(done.variables).not.toHaveProperty('handlingResult');
    expect((await stack.knex('tasks').where({ id: task.id }).first()).status).toBe('cancelled');
    const reached = await path(id);
    expect(reached).toEqual(expect.arrayContaining(['Event_0s4d1vb', 'Activity_0n7e2jr', 'Event_1b5h8xq', 'Activity_1f3m9ka']));
    expect(reached).not.toContain('Event_0y9d3qa');

    const started = await eventually(async () => {
      const rows = await dutyChecks();
      return rows.length === before + 1 ? rows : undefined;
    });
    const check = await finished(started.at(-1)!.id);
    expect(check.variables).toMatchObject({ floodLevel: 'IV', unitsNotified: 4 });
    expect(seen['flood.notify-units'].at(-1)).toMatchObject({ headers: { channel: '政务短信' }, elementId: 'Activity_0g5r8kh' });
    expect(await path(started.at(-1)!.id)).toEqual(['Event_1x0c4ne', 'Activity_0g5r8kh', 'Event_0b7n1yq']);
  });

  /** Publishes a joint ticket and answers the matter it started. */
  async function jointMatter(caseNo: string, coUnits: string[]): Promise<string> {
    await camunda().publishMessage({ name: 'hotline-joint-ticket', correlationKey: caseNo, variables: { caseNo, coUnits } });
    return eventually(async () => {
      const rows = await stack.knex('matters').where({ process_key: 'hotline-joint-handling' });
      return rows.find((r: { variables?: { caseNo?: string } }) => r.variables?.caseNo === caseNo)?.id as string | undefined;
    }, 30_000);
  }
  const opinionTasks = (id: string) =>
    eventually(async () => {
      const rows = await stack.knex('tasks').where({ matter_id: id, element_id: 'Activity_0c4w8ye', status: 'open' }).orderBy('created_at');
      return rows.length === 2 ? rows : undefined;
    }, 30_000);

  it('starts a joint handling by a published message; the units\' opinions differ, so the office decides', async () => {
    const id = await jointMatter('RX-2026-0100', ['housing', 'transport']);
    const tasks = await opinionTasks(id);
    expect(tasks.map((t: { candidate_units: string[] }) => t.candidate_units).sort()).toEqual([['housing'], ['transport']]);
    expect((await page(id)).variables.handlingLimit).toBe('P4D');
    const byUnit = (unit: string) => tasks.find((t: { candidate_units: string[] }) => t.candidate_units[0] === unit);
    await complete('jiaotong', byUnit('transport').id, { opinion: '建议改线' });
    await complete('zhujian', byUnit('housing').id, { opinion: '同意原址修复' });

    const decision = await openTask(id, 'Activity_1g7v3ct');
    expect(decision.candidate_units).toEqual(['office']);
    await complete('supervisor', decision.id, { decision: '原址修复，交通局配合' });
    const done = await finished(id);
    // The output collection keeps the order of the input collection, whatever order the units answered in.
    expect(done.variables.opinions).toEqual([
      { unit: 'housing', opinion: '同意原址修复' },
      { unit: 'transport', opinion: '建议改线' },
    ]);
    // Each opinion stayed in its instance (the input mapping made it local); the element variable too.
    expect(done.variables).not.toHaveProperty('opinion');
    expect(done.variables).not.toHaveProperty('unit');
    const reached = await path(id);
    expect(reached.filter((e) => e === 'Activity_0c4w8ye').length).toBeGreaterThanOrEqual(1);
    expect(reached).toEqual(expect.arrayContaining(['Event_0k9m3xa', 'Activity_1r5e7wq', 'Gateway_0e2r6pv', 'Activity_1g7v3ct']));
    expect(reached.at(-1)).toBe('Event_1w5t9ju');
    expect(reached).not.toContain('Event_0a8n1ql');
  });

  it('ends the joint handling at once when the units agree', async () => {
    const id = await jointMatter('RX-2026-0101', ['housing', 'transport']);
    for (const task of await opinionTasks(id)) await complete(task.candidate_units[0] === 'housing' ? 'zhujian' : 'jiaotong', task.id, { opinion: '同意' });
    const done = await finished(id);
    expect(done.variables.opinions).toEqual([
      { unit: 'housing', opinion: '同意' },
      { unit: 'transport', opinion: '同意' },
    ]);
    const reached = await path(id);
    expect(reached.at(-1)).toBe('Event_0a8n1ql');
    expect(reached).not.toContain('Activity_1g7v3ct');
  });
});
