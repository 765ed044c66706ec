/**
 * The shipped supervision flow (bpmn-models/supervision.bpmn) on the real stack, with its
 * periods and deadlines compressed to seconds: distribute to the lead unit and a co-unit, a
 * wrong assignment returned and reassigned, period reports opened by the timer cycle and
 * reviewed, a warning, an escalation, an urge, an approved extension, final reports, close-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['supervisor', 'zhujian', 'jiaotong', 'jiaoyu']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

const today = shanghaiToday();
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

const openTask = (matterId: string, elementId: string, unit: string) =>
  eventually(() =>
    stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).whereRaw('candidate_units @> ?', [[unit]]).orderBy('created_at').first(),
  );

async function complete(user: string, task: { id: string }, variables: object = {}) {
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const notifications = (matterId: string) => stack.knex('notifications').where({ matter_id: matterId }).orderBy('id');

describe('the supervision flow', () => {
  it('runs a matter through distribution, periods, warnings, an extension and close-out', { timeout: 90_000 }, async () => {
    const created = await stack.call(tokens.supervisor, {
      method: 'POST',
      url: '/api/matters',
      payload: {
        processKey: 'supervision',
        title: '城区新建公共停车位1200个',
        data: {
          source: 'meeting',
          type: '项目建设类',
          assignedDate: today,
          deadline: '2030-12-31',
          assigner: '县政府常务会议',
          leadUnit: 'transport',
          coUnits: ['housing'],
          leader: 'leader',
          target: { indicator: '新建停车位', measure: '个', value: 1200 },
          reportingPeriod: 'weekly',
        },
        // Compressed time: a report period every 3 s, the warning and the escalation within seconds.
        variables: { periodCycle: 'R/PT3S', warnAt: inSeconds(4), overdueAt: inSeconds(6) },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;

    await complete('supervisor', await openTask(id, 'Distribute', 'office'));

    // Housing says it was assigned by mistake; the office hands its part to education.
    await complete('zhujian', await openTask(id, 'Sign', 'housing'), { returned: true, returnReason: '不属于本单位职责' });
    await complete('supervisor', await openTask(id, 'Reassign', 'office'), { unit: 'education' });
    await complete('jiaoyu', await openTask(id, 'Sign', 'education'), { returned: false });
    await complete('jiaotong', await openTask(id, 'Sign', 'transport'), { returned: false });

    // A period opens: transport reports, the office returns it once, then approves.
    await complete('jiaotong', await openTask(id, 'Report', 'transport'), { progress: '完成选址' });
    await complete('supervisor', await openTask(id, 'ReviewReport', 'office'), { approved: false, comment: '请附照片' });
    await complete('jiaotong', await openTask(id, 'Report', 'transport'), { progress: '完成选址，附照片' });
    await complete('supervisor', await openTask(id, 'ReviewReport', 'office'), { approved: true });

    // The warning and the escalation went out for both units; the leader in charge is told too.
    await eventually(async () => (await notifications(id)).filter((n) => n.kind === 'overdue').length >= 2);
    const sent = await notifications(id);
    expect(sent.filter((n) => n.kind === 'warning').map((n) => n.unit_ids.join()).sort()).toEqual(['education', 'transport']);
    expect(sent.filter((n) => n.kind === 'overdue').map((n) => [n.unit_ids, n.usernames])).toEqual(
      expect.arrayContaining([
        [['education', 'office'], ['leader']],
        [['transport', 'office'], ['leader']],
      ]),
    );

    // The office urges transport; transport asks for more time and gets it.
    const urge = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${id}/messages/urge`, payload: { correlationKey: 'transport', variables: {} } });
    expect(urge.status, JSON.stringify(urge.body)).toBe(200);
    await eventually(async () => (await notifications(id)).some((n) => n.kind === 'urge' && n.unit_ids.includes('transport')));
    const asked = await stack.call(tokens.jiaotong, { method: 'POST', url: `/api/matters/${id}/messages/extension`, payload: { variables: { requestedDeadline: '2031-03-31' } } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await complete('supervisor', await openTask(id, 'ApproveExtension', 'office'), { approved: true, unitDeadline: '2031-03-31' });
    const handling = await openTask(id, 'Handling', 'transport');
    expect(handling.due_at.toISOString()).toBe('2031-03-31T15:59:59.999Z');

    // Final reports: each unit's is reviewed; open period reports are withdrawn with the unit's part.
    for (const [user, unit] of [
      ['jiaoyu', 'education'],
      ['jiaotong', 'transport'],
    ]) {
      await complete(user, await openTask(id, 'Handling', unit), { progress: '已完成' });
      await complete('supervisor', await openTask(id, 'FinalReview', 'office'), { approved: true });
    }
    await complete('supervisor', await openTask(id, 'Verify', 'office'), { verified: true });

    const matter = await eventually(async () => {
      const m = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
      // The workflow answers for the status; the inbox rows follow with its last projection.
      return m.status === 'completed' && m.openTasks.length === 0 ? m : undefined;
    });
    expect(matter.openTasks).toEqual([]);
    expect(await stack.knex('tasks').where({ matter_id: id, status: 'open' })).toEqual([]);
    // The read model knows before the workflow has closed its history.
    const history = await eventually(async () => {
      const items = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items;
      return items.at(-1)?.kind === 'ended' ? items : undefined;
    });
    expect(history.filter((e: { kind: string }) => e.kind === 'message').map((e: { name: string }) => e.name)).toEqual(['urge', 'extension']);
    expect(history.at(-1)).toMatchObject({ kind: 'ended', status: 'completed' });
  });
});
