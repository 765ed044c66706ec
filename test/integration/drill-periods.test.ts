/**
 * Calendar truth through the real stack: a matter assigned on 17 February on a drill clock opens
 * every monthly report on the 1st and makes it due on the 25th, through June; a report still
 * returned when the next period opens does not make the new period's report yellow or shorten it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DrillClock, drillClock, realTime } from '../../workflows/clock';
import { type Stack, startStack } from '../support/stack';
import { shanghaiDate } from '../support/dates';
import { eventually } from '../support/wait';

/** A business day lasts this long: the drill runs from 1 Jan to 1 Jul, 181 days, in about a minute. */
const DAY_MS = 300;
let stack: Stack;
let drill: DrillClock;
const tokens: Record<string, string> = {};

async function call(user: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await stack.call(tokens[user], { method, url, ...(payload && { payload }) });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const openTask = (matterId: string, elementId: string, after = 0) =>
  eventually(
    () => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).where('created_at', '>', new Date(after)).orderBy('created_at').first(),
    10 * DAY_MS * 40,
  );

/** Waits in real time until business time reaches `at`. */
async function sleepUntil(at: string): Promise<void> {
  const wait = realTime(drill, Date.parse(at)) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

beforeAll(async () => {
  // Setting up takes a while on a loaded machine: business time starts well before the assignment.
  drill = drillClock('2027-01-01T09:00:00+08:00', DAY_MS, Date.now());
  stack = await startStack({ drill });
  for (const user of ['supervisor', 'zhujian']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

describe('reporting periods on the calendar', () => {
  it('opens each monthly report on the 1st, due on the 25th, from a 17 February assignment through June', { timeout: 181 * DAY_MS + 120_000 }, async () => {
    await sleepUntil('2027-02-17T09:00:00+08:00');
    const { id } = await call('supervisor', 'POST', '/api/matters', {
      processKey: 'supervision',
      title: `二月中旬交办的月报事项 ${Date.now()}`,
      data: {
        source: 'meeting',
        type: '重点工作',
        assignedDate: '2027-02-17',
        deadline: '2027-12-31',
        assigner: '县政府常务会议',
        leadUnit: 'housing',
        coUnits: [],
        reportingPeriod: 'monthly',
        tags: [],
      },
    });
    await call('supervisor', 'POST', `/api/tasks/${(await openTask(id, 'Distribute')).id}/complete`, { variables: {} });
    await call('zhujian', 'POST', `/api/tasks/${(await openTask(id, 'Sign')).id}/complete`, { variables: { returned: false } });
    const signed = await stack.knex('tasks').where({ matter_id: id, element_id: 'Handling' }).first();
    // A machine too slow for the drill clock fails here, saying so, rather than with other dates.
    expect(shanghaiDate(signed.created_at) < '2027-03-01', `signed on ${shanghaiDate(signed.created_at)}: the machine did not keep pace with the drill`).toBe(true);

    const opened: string[] = [];
    let after = 0;
    for (const month of ['03', '04', '05', '06']) {
      const report = await openTask(id, 'Report', after);
      after = report.created_at.getTime();
      const view = await call('zhujian', 'GET', `/api/tasks/${report.id}`);
      opened.push(`${shanghaiDate(report.created_at)} due ${shanghaiDate(report.due_at)} ${view.light}`);
      expect(shanghaiDate(report.created_at)).toBe(`2027-${month}-01`);
      if (month === '03') {
        // March's report is returned and left unanswered until after April's period has opened.
        const [review] = (await call('zhujian', 'POST', `/api/tasks/${report.id}/complete`, { variables: { progress: '三月进展' } })).openedTasks;
        const [again] = (await call('supervisor', 'POST', `/api/tasks/${review}/complete`, { variables: { approved: false, comment: '请补充材料' } })).openedTasks;
        const resubmission = await stack.knex('tasks').where({ id: again }).first();
        after = resubmission.created_at.getTime();
        // The returned report is the exception (yellow) and due three days after the return.
        expect((await call('zhujian', 'GET', `/api/tasks/${again}`)).light).toBe('yellow');
        expect(shanghaiDate(resubmission.due_at)).toBe(shanghaiDate(resubmission.created_at.getTime() + 3 * 86_400_000));
      } else {
        const [review] = (await call('zhujian', 'POST', `/api/tasks/${report.id}/complete`, { variables: { progress: `${month}月进展` } })).openedTasks;
        await call('supervisor', 'POST', `/api/tasks/${review}/complete`, { variables: { approved: true } });
      }
      await sleepUntil(`2027-${String(Number(month) + 1).padStart(2, '0')}-01T00:00:00+08:00`);
    }
    expect(opened).toEqual(['2027-03-01 due 2027-03-25 green', '2027-04-01 due 2027-04-25 green', '2027-05-01 due 2027-05-25 green', '2027-06-01 due 2027-06-25 green']);
  });
});
