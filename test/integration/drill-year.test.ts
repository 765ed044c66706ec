/**
 * A year of the province's livelihood items (民生实事) through the real stack, in compressed time:
 * real Temporal timers open each month's reports on a drill clock where a day lasts DRILL_DAY_MS
 * (500 ms by default), so 2021 passes in a little over three minutes.
 *
 * Three items, each led by a provincial department and handed to the eleven cities (co-units): 36
 * units of work, each reporting monthly (reports open on the 1st, due on the 25th) and holding one
 * monthly plan item per month (due on the month's last day). Everyone reports on the 2nd and
 * completes plans on the 10th, except what the SCENARIO lists. The lights, cards and ranking the
 * system produces are compared with figures counted by hand from that list (see EXPECTED).
 *
 * If the machine is too slow to keep up with the drill clock, the test fails saying so (a step
 * finished after the business day it had to finish by) rather than producing other figures.
 *
 * At the province's full scale, 39 items (DRILL_ITEMS=39: items past the third are on time, led by
 * the three departments in turn), a day needs a few seconds: DRILL_DAY_MS=3000 makes a 21-minute year.
 * The figures are then counted by `counted`, the table's rule for any number of items.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRILL_CALENDAR_SCHEDULE_ID, ensureSchedules } from '../../worker/schedules';
import { type DrillClock, businessTime, drillClock, realTime } from '../../workflows/clock';
import { type Stack, startStack } from '../support/stack';
import { shanghaiDate } from '../support/dates';
import { eventually } from '../support/wait';

const DAY_MS = Number(process.env.DRILL_DAY_MS ?? 500);
/** The province's 39 items at full scale (DRILL_ITEMS=39, with longer days); three in `npm test`. */
const ITEM_COUNT = Number(process.env.DRILL_ITEMS ?? 3);
const tag = randomUUID().slice(0, 6);

const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'] as const;
const DEPARTMENTS = ['省市场监管局', '省住房城乡建设厅', '省卫生健康委'] as const;
const NAMED_ITEMS = [
  { key: 'I1', title: '农村家宴放心厨房建设', lead: '省市场监管局' },
  { key: 'I2', title: '城镇老旧小区改造', lead: '省住房城乡建设厅' },
  { key: 'I3', title: '普惠性托育机构建设', lead: '省卫生健康委' },
];
/** Items past the third are on time throughout, led by the departments in turn. */
const ITEMS = Array.from({ length: ITEM_COUNT }, (_, i) => NAMED_ITEMS[i] ?? { key: `I${i + 1}`, title: `民生实事第${i + 1}项`, lead: DEPARTMENTS[i % DEPARTMENTS.length] });
type Item = (typeof ITEMS)[number];
/** Leaders in charge (分管领导) and their cities. */
const LEADERS: Record<string, readonly string[]> = {
  甲副省长: ['杭州', '宁波', '温州', '嘉兴'],
  乙副省长: ['湖州', '绍兴', '金华', '衢州'],
  丙副省长: ['舟山', '台州', '丽水'],
};

type ItemKey = string;
type Event = readonly [ItemKey, string, number];
/** What deviates from "on time": [item, unit, month of 2021]. */
const SCENARIO = {
  /** Reported on the 27th, after the 25th: red. */
  lateReports: [['I1', '温州', 3], ['I2', '温州', 7], ['I1', '衢州', 5], ['I3', '丽水', 9], ['I2', '省住房城乡建设厅', 2]] as Event[],
  /** Returned by the office on the 2nd and reported again at once (due three days after the return): both blue. */
  returned: [['I2', '宁波', 4], ['I1', '台州', 6], ['I3', '宁波', 8]] as Event[],
  /** Returned on the 2nd and reported again only on the 27th: the second report is red. */
  returnedResubmittedLate: [['I3', '舟山', 10]] as Event[],
  /** The month's plan item never done: a red card for the city, a yellow one for the item's lead department. */
  missedPlans: [['I1', '温州', 3], ['I2', '湖州', 8]] as Event[],
  /** The month's plan item done on the 10th of the next month: red card, yellow for the lead, late for the rate. */
  latePlans: [['I3', '丽水', 11]] as Event[],
};

/**
 * Counted by hand from SCENARIO, for the year 2021. Per unit and item: 12 reports + the unit's
 * handling task (due 31 Dec, finished 12 Dec: blue) are lit, +1 for each returned report; reports
 * done on the 2nd are blue (before the 25th). 12 monthly plan items and 12 cards per unit and item.
 *
 * unit         lights (lit: red)   plan items on time   cards (green/all)
 * 杭州 嘉兴 绍兴 金华   39: 0        36/36                36/36
 * 宁波          41: 0 (2 returned)  36/36                36/36
 * 台州          40: 0 (1 returned)  36/36                36/36
 * 温州          39: 2               35/36                35/36
 * 湖州          39: 0               35/36                35/36
 * 衢州          39: 1               36/36                36/36
 * 舟山          40: 1               36/36                36/36
 * 丽水          39: 1               35/36                35/36
 * 省市场监管局    13: 0               12/12                12/13 (+1 yellow for 温州)
 * 省住房城乡建设厅 13: 1               12/12                12/13 (+1 yellow for 湖州)
 * 省卫生健康委    13: 0               12/12                12/13 (+1 yellow for 丽水)
 */
const EXPECTED: Record<string, { lights: [number, number]; plans: [number, number]; cards: [number, number] }> = {
  杭州: { lights: [39, 39], plans: [36, 36], cards: [36, 36] },
  宁波: { lights: [41, 41], plans: [36, 36], cards: [36, 36] },
  温州: { lights: [37, 39], plans: [35, 36], cards: [35, 36] },
  嘉兴: { lights: [39, 39], plans: [36, 36], cards: [36, 36] },
  湖州: { lights: [39, 39], plans: [35, 36], cards: [35, 36] },
  绍兴: { lights: [39, 39], plans: [36, 36], cards: [36, 36] },
  金华: { lights: [39, 39], plans: [36, 36], cards: [36, 36] },
  衢州: { lights: [38, 39], plans: [36, 36], cards: [36, 36] },
  舟山: { lights: [39, 40], plans: [36, 36], cards: [36, 36] },
  台州: { lights: [40, 40], plans: [36, 36], cards: [36, 36] },
  丽水: { lights: [38, 39], plans: [35, 36], cards: [35, 36] },
  省市场监管局: { lights: [13, 13], plans: [12, 12], cards: [12, 13] },
  省住房城乡建设厅: { lights: [12, 13], plans: [12, 12], cards: [12, 13] },
  省卫生健康委: { lights: [13, 13], plans: [12, 12], cards: [12, 13] },
};
/** Ranked by score (0.4 plans + 0.3 lights + 0.3 cards), then fewer red lights, then name in pinyin; equal ones share a rank. */
const EXPECTED_RANKING = [
  [1, '杭州'], [1, '嘉兴'], [1, '金华'], [1, '宁波'], [1, '绍兴'], [1, '台州'],
  [7, '舟山'], // 0.4 + 0.3 × 39/40 + 0.3 = 0.9925
  [8, '衢州'], // 0.4 + 0.3 × 38/39 + 0.3 = 0.99231
  [9, '湖州'], // 0.4 × 35/36 + 0.3 + 0.3 × 35/36 = 0.98056
  [10, '省市场监管局'], [10, '省卫生健康委'], // 0.4 + 0.3 + 0.3 × 12/13 = 0.97692
  [12, '丽水'], // 0.4 × 35/36 + 0.3 × 38/39 + 0.3 × 35/36 = 0.97286
  [13, '温州'], // 0.4 × 35/36 + 0.3 × 37/39 + 0.3 × 35/36 = 0.96517
  [14, '省住房城乡建设厅'], // 0.4 + 0.3 × 12/13 + 0.3 × 12/13 = 0.95385
] as const;

/**
 * The table's counting for any number of items: per unit and item 13 lit nodes (+1 a returned
 * report), 12 plan items and 12 cards; red for late reports and late resubmissions; a red card for
 * each missed or late plan item, and a yellow one for the lead department of the item.
 */
function counted(name: string): (typeof EXPECTED)[string] {
  const items = ITEMS.filter((item) => unitsOf(item).includes(name));
  const mine = (events: Event[]) => events.filter(([item, unit]) => unit === name && items.some((i) => i.key === item)).length;
  const led = ITEMS.filter((item) => item.lead === name).map((item) => item.key);
  const yellow = [...SCENARIO.missedPlans, ...SCENARIO.latePlans].filter(([item, unit]) => led.includes(item) && unit !== name).length;
  const lit = 13 * items.length + mine(SCENARIO.returned) + mine(SCENARIO.returnedResubmittedLate);
  const red = mine(SCENARIO.lateReports) + mine(SCENARIO.returnedResubmittedLate);
  const missed = mine(SCENARIO.missedPlans) + mine(SCENARIO.latePlans);
  return { lights: [lit - red, lit], plans: [12 * items.length - missed, 12 * items.length], cards: [12 * items.length - missed, 12 * items.length + yellow] };
}
const UNITS: string[] = [...CITIES, ...DEPARTMENTS];
const scoreOf = ({ lights, plans, cards }: (typeof EXPECTED)[string]) => 0.4 * (plans[0] / plans[1]) + 0.3 * (lights[0] / lights[1]) + 0.3 * (cards[0] / cards[1]);

const unitId = (name: string) => `drill-${tag}-${[...CITIES, ...DEPARTMENTS].indexOf(name as never)}`;
const username = (name: string) => `drill_${tag}_${[...CITIES, ...DEPARTMENTS].indexOf(name as never)}`;
const unitsOf = (item: Item): string[] => [item.lead, ...CITIES];
const listed = (events: Event[], item: ItemKey, unit: string, month: number) => events.some(([i, u, m]) => i === item && u === unit && m === month);
const month2021 = (m: number) => `2021-${String(m).padStart(2, '0')}`;
const lastDay = (m: number) => new Date(Date.UTC(2021, m, 0)).toISOString().slice(0, 10);

let stack: Stack;
let drill: DrillClock;
const tokens: Record<string, string> = {};

/** A business moment in Shanghai: '2021-03-02' or '2021-03-02T09:00'. */
const business = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00+08:00` : `${at}:00+08:00`);
const businessNow = () => new Date(businessTime(drill, Date.now()) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function until(at: string): Promise<void> {
  const wait = realTime(drill, business(at)) - Date.now();
  if (wait > 0) await sleep(wait);
}

function finishedBy(at: string, what: string): void {
  if (businessTime(drill, Date.now()) > business(at)) {
    throw new Error(`the drill fell behind: ${what} finished at ${businessNow()}, after ${at}; give it longer days (DRILL_DAY_MS=${DAY_MS * 2})`);
  }
}

async function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const res = await stack.call(tokens[user], { method, url, payload });
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** Completes a task; returns the ids of the tasks it opened. */
async function complete(user: string, taskId: string, variables: object): Promise<string[]> {
  return (await call(user, 'POST', `/api/tasks/${taskId}/complete`, { variables })).openedTasks;
}

beforeAll(async () => {
  // Business time starts on 1 Nov 2020 now; the organisation is set up before the matters on 1 Dec.
  drill = drillClock('2020-11-01T00:00:00+08:00', DAY_MS, Date.now());
  stack = await startStack({ drill });
  for (const user of ['admin', 'supervisor']) tokens[user] = await stack.login(user);
  await call('admin', 'POST', '/api/units', { id: `drill-${tag}`, name: `浙江省（演练${tag}）`, kind: 'province' });
  // Units, their handlers and the leaders side by side: password hashing dominates, and the drill's
  // clock is already running.
  await Promise.all(
    [...CITIES, ...DEPARTMENTS].map(async (name) => {
      const city = (CITIES as readonly string[]).includes(name);
      await call('admin', 'POST', '/api/units', { id: unitId(name), name: city ? `${name}市` : name, parentId: `drill-${tag}`, kind: city ? 'city' : 'department' });
      await call('admin', 'POST', '/api/users', { username: username(name), displayName: `${name}承办人`, role: 'handler', unitId: unitId(name), password: 'drill-pass-1' });
      tokens[name] = (await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: username(name), password: 'drill-pass-1' } })).body.token;
    }),
  );
  await Promise.all(
    Object.entries(LEADERS).map(async ([leader, cities], i) => {
      await call('admin', 'POST', '/api/users', { username: `drill_${tag}_leader${i}`, displayName: leader, role: 'leader', unitId: `drill-${tag}`, password: 'drill-pass-1' });
      await call('admin', 'PUT', `/api/leaders/drill_${tag}_leader${i}/units`, { unitIds: cities.map(unitId) });
    }),
  );
  // The calendar closes each month on the drill's days, as the nightly schedule does in production.
  await ensureSchedules(stack.client, stack.taskQueue, drill);
}, 120_000);

afterAll(async () => {
  await stack?.client.schedule.getHandle(DRILL_CALENDAR_SCHEDULE_ID).delete().catch(() => undefined);
  await stack?.close();
});

describe('a year of livelihood items in compressed time', () => {
  // The year runs from 1 Nov 2020 to 4 Jan 2022 in business time: 429 drill days.
  it('produces the lights, cards and ranking counted by hand', { timeout: 429 * DAY_MS + 5 * 60_000 }, async () => {
    // The UI learns it is a drill, and where business time stands, from the clock.
    expect((await call('supervisor', 'GET', '/api/clock')).drill).toEqual({ start: '2020-10-31T16:00:00.000Z', dayMs: DAY_MS });
    finishedBy('2020-12-01', 'setting up the organisation');
    await until('2020-12-01T09:00');

    // 1 Dec: the office registers the items, distributes them, and sets every unit's monthly plan.
    const matters = new Map<ItemKey, string>();
    const planItems = new Map<string, string>();
    for (const item of ITEMS) {
      const { id } = await call('supervisor', 'POST', '/api/matters', {
        processKey: 'supervision',
        title: item.title,
        data: {
          source: 'document',
          type: '民生实事',
          assignedDate: '2020-12-01',
          deadline: '2021-12-31',
          assigner: '省政府',
          leadUnit: unitId(item.lead),
          coUnits: CITIES.map(unitId),
          reportingPeriod: 'monthly',
          tags: ['2021年民生实事'],
        },
      });
      matters.set(item.key, id);
      const distribute = await eventually(() => stack.knex('tasks').where({ matter_id: id, element_id: 'Distribute', status: 'open' }).first());
      await complete('supervisor', distribute.id, {});
      for (const unit of unitsOf(item)) {
        for (let m = 1; m <= 12; m++) {
          const plan = await call('supervisor', 'POST', `/api/matters/${id}/plans`, { unitId: unitId(unit), plan: 'month', title: `${month2021(m)} ${unit}${item.title}进度`, dueDate: lastDay(m) });
          planItems.set(`${item.key}/${unit}/${m}`, plan.id);
        }
      }
    }
    // Every unit signs for its part.
    await Promise.all(
      ITEMS.map(async (item) => {
        const signs = await eventually(async () => {
          const rows = await stack.knex('tasks').where({ matter_id: matters.get(item.key), element_id: 'Sign', status: 'open' });
          return rows.length === unitsOf(item).length && rows;
        });
        for (const unit of unitsOf(item)) await complete(unit, signs.find((t) => t.candidate_units[0] === unitId(unit))!.id, { returned: false });
      }),
    );
    finishedBy('2020-12-31', 'distributing and signing');

    const resubmissions: Array<{ item: ItemKey; unit: string; taskId: string }> = [];
    /** A unit reports; the office approves, or returns it (then it is reported again now or, if listed, on the 27th). */
    async function report(item: ItemKey, unit: string, month: number, taskId: string): Promise<void> {
      const [review] = await complete(unit, taskId, { progress: `${month2021(month)} ${unit}进展` });
      const returns = listed(SCENARIO.returned, item, unit, month) || listed(SCENARIO.returnedResubmittedLate, item, unit, month);
      const [again] = await complete('supervisor', review, returns ? { approved: false, comment: '请补充佐证材料' } : { approved: true });
      if (!returns) return;
      if (listed(SCENARIO.returnedResubmittedLate, item, unit, month)) resubmissions.push({ item, unit, taskId: again });
      else await approved(unit, again, `${month2021(month)} ${unit}进展（补充材料）`);
    }
    async function approved(unit: string, taskId: string, progress: string): Promise<void> {
      const [review] = await complete(unit, taskId, { progress });
      await complete('supervisor', review, { approved: true });
    }
    async function closeOut(item: Item): Promise<void> {
      const id = matters.get(item.key)!;
      for (const unit of unitsOf(item)) {
        const handling = await stack.knex('tasks').where({ matter_id: id, element_id: 'Handling', status: 'open' }).whereRaw('candidate_units @> ?', [[unitId(unit)]]).first();
        const [review] = await complete(unit, handling.id, { progress: `${unit}全年目标完成` });
        await complete('supervisor', review, { approved: true });
      }
      const verify = await eventually(() => stack.knex('tasks').where({ matter_id: id, element_id: 'Verify', status: 'open' }).first());
      await complete('supervisor', verify.id, { verified: true });
    }
    const openReports = async (month: number) => {
      const rows = await eventually(async () => {
        const open = await stack.knex('tasks').whereIn('matter_id', [...matters.values()]).where({ element_id: 'Report', status: 'open' });
        return open.length === ITEMS.length * unitsOf(ITEMS[0]).length && open;
      }, 60_000);
      return (item: ItemKey, unit: string) => {
        const row = rows.find((t) => t.matter_id === matters.get(item) && t.candidate_units[0] === unitId(unit))!;
        // Opened by the period timer at midnight on the 1st, however late the worker saw it, and due on the 25th.
        expect([shanghaiDate(row.created_at), shanghaiDate(row.due_at)], `${item} ${unit}`).toEqual([`${month2021(month)}-01`, `${month2021(month)}-25`]);
        return row.id as string;
      };
    };

    for (let m = 1; m <= 12; m++) {
      const month = month2021(m);
      // The 1st: the reports open. The 2nd: the units report and the office reviews.
      await until(`${month}-02T09:00`);
      const reportOf = await openReports(m);
      const late: Array<() => Promise<void>> = [];
      await Promise.all(
        ITEMS.map(async (item) => {
          for (const unit of unitsOf(item)) {
            const taskId = reportOf(item.key, unit);
            if (listed(SCENARIO.lateReports, item.key, unit, m)) late.push(() => approved(unit, taskId, `${month} ${unit}进展（迟报）`));
            else await report(item.key, unit, m, taskId);
          }
        }),
      );
      finishedBy(`${month}-20`, `the reports of ${month}`);

      // The 10th: the month's plan items are done (and last month's late one).
      await until(`${month}-10T09:00`);
      for (const item of ITEMS) {
        for (const unit of unitsOf(item)) {
          const done = (mm: number) => call(unit, 'POST', `/api/plans/${planItems.get(`${item.key}/${unit}/${mm}`)}/complete`, { evidence: `${month2021(mm)}计划完成，附验收单` });
          if (!listed(SCENARIO.missedPlans, item.key, unit, m) && !listed(SCENARIO.latePlans, item.key, unit, m)) await done(m);
          if (m > 1 && listed(SCENARIO.latePlans, item.key, unit, m - 1)) await done(m - 1);
        }
      }
      finishedBy(`${month}-${lastDay(m).slice(8)}`, `the plan items of ${month}`);

      // 12 December: final reports, their reviews, verification and close-out (办结销号).
      if (m === 12) {
        await until('2021-12-12T09:00');
        await Promise.all(ITEMS.map((item) => closeOut(item)));
        finishedBy('2021-12-31', 'the close-out');
      }

      // The 27th: the late reports, and the returned reports that waited (due three days after a return
      // made by the 20th at the latest, so late however long the machine took over the 2nd's work).
      await until(`${month}-27T09:00`);
      for (const report of late) await report();
      for (const r of resubmissions.splice(0)) await approved(r.unit, r.taskId, `${month} ${r.unit}进展（补充材料）`);
      // Late is late whenever it comes; it must only be in before the next month's reports are counted.
      finishedBy(m < 12 ? `${month2021(m + 1)}-02` : '2022-01-02', `the late reports of ${month}`);
    }

    // The calendar closes December in the first days of January.
    await until('2022-01-04T09:00');
    await eventually(async () => (await stack.knex('cards').where({ month: '2021-12' }).whereIn('unit_id', UNITS.map(unitId))).length > 0);
    for (const id of matters.values()) expect((await call('supervisor', 'GET', `/api/matters/${id}`)).status).toBe('completed');

    // The year's board.
    const board = await call('supervisor', 'GET', '/api/board?period=year&date=2021-06-30');
    const row = (name: string) => board.units.find((u: { id: string }) => u.id === unitId(name));
    const expectations = Object.fromEntries(UNITS.map((name) => [name, counted(name)]));
    if (ITEM_COUNT === 3) expect(expectations).toEqual(EXPECTED);
    for (const [name, expected] of Object.entries(expectations)) {
      const r = row(name);
      expect([name, r.light.numerator, r.light.denominator], 'lights').toEqual([name, ...expected.lights]);
      expect([name, r.planCompletion.numerator, r.planCompletion.denominator], 'plan items').toEqual([name, ...expected.plans]);
      expect([name, r.card.numerator, r.card.denominator], 'cards').toEqual([name, ...expected.cards]);
      const [lit, all] = expected.lights;
      expect(r.redLights, `${name} red lights`).toBe(all - lit);
      expect(r.score, `${name} score`).toBeCloseTo(scoreOf(expected), 9);
    }
    const ours: Array<{ rank: number; id: string; score: number }> = board.units.filter((u: { id: string }) => u.id.startsWith(`drill-${tag}-`));
    const ranking = ours.map((u) => [u.rank, UNITS[Number(u.id.split('-').at(-1))]]);
    if (ITEM_COUNT === 3) expect(ranking).toEqual(EXPECTED_RANKING);
    else expect(ours.map((u) => u.score)).toEqual(ours.map((u) => u.score).sort((a, b) => b - a));

    // Counts by colour, as the seed's board shows them: for three items 466 blue and 6 red lights; 429 green, 3 yellow and 3 red cards.
    const sum = (f: (e: (typeof EXPECTED)[string]) => number) => Object.values(expectations).reduce((total, e) => total + f(e), 0);
    const yellowCards = SCENARIO.missedPlans.length + SCENARIO.latePlans.length;
    expect(board.lights).toMatchObject({ blue: sum((e) => e.lights[0]), green: 0, yellow: 0, red: sum((e) => e.lights[1] - e.lights[0]), white: 0 });
    expect(board.cards).toMatchObject({ green: sum((e) => e.cards[0]), yellow: yellowCards, red: yellowCards });
    if (ITEM_COUNT === 3) expect([board.lights.blue, board.lights.red, board.cards.green]).toEqual([466, 6, 429]);
    expect(row('温州').cards).toMatchObject({ green: 12 * ITEM_COUNT - 1, yellow: 0, red: 1 });
    expect(row('省市场监管局').cards).toMatchObject({ yellow: 1, red: 0 });

    // Leaders: the mean of their cities' scores, ranked; their red lights are their cities'.
    const leaders = board.leaders.filter((l: { id: string }) => l.id.startsWith(`drill_${tag}_`));
    const mean = (names: readonly string[]) => names.reduce((total, n) => total + scoreOf(expectations[n]), 0) / names.length;
    const byMean = Object.keys(LEADERS).sort((a, b) => mean(LEADERS[b]) - mean(LEADERS[a]));
    expect(leaders.map((l: { name: string }) => l.name)).toEqual(byMean);
    if (ITEM_COUNT === 3) expect(byMean).toEqual(['乙副省长', '甲副省长', '丙副省长']); // 0.99322, 0.99129, 0.98845
    for (const l of leaders) expect(l.score).toBeCloseTo(mean(LEADERS[l.name]), 9);
    const redOf = (names: readonly string[]) => names.reduce((total, n) => total + expectations[n].lights[1] - expectations[n].lights[0], 0);
    expect(leaders.map((l: { redLights: number }) => l.redLights)).toEqual(byMean.map((l) => redOf(LEADERS[l])));

    // One month as it stood: March, when 温州 reported 农村家宴 late and missed its plan item.
    const march = await call('supervisor', 'GET', '/api/board?period=month&date=2021-03-15');
    const wenzhou = march.units.find((u: { id: string }) => u.id === unitId('温州'));
    // Lit in March: its March reports (one red) and its open handling tasks (green), one of each per item.
    const n = ITEM_COUNT;
    expect(wenzhou.lights).toMatchObject({ white: 0, blue: n - 1, green: n, yellow: 0, red: 1 });
    expect([wenzhou.planCompletion.numerator, wenzhou.planCompletion.denominator]).toEqual([n - 1, n]);
    expect(wenzhou.cards).toMatchObject({ green: n - 1, yellow: 0, red: 1 });
    const ledByMarketRegulator = ITEMS.filter((item) => item.lead === '省市场监管局').length;
    expect(march.units.find((u: { id: string }) => u.id === unitId('省市场监管局')).cards).toMatchObject({ green: ledByMarketRegulator, yellow: 1, red: 0 });
  });
});
