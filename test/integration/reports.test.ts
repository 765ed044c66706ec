/**
 * The evaluation report and the bulletin generated through the real stack, opened as the .docx
 * (a zip) they are, and read for the figures computed by hand. Units of the test's own:
 *
 *   unit A leads M1 (deadline yesterday, report open: red, overdue) and M2 (report done early with
 *          progress 已完成选址: blue); its item A1 on M2 done → green card; co-unit B's red card
 *          on M2 → a yellow card for A. Month score = 0.4 × 1/1 + 0.3 × 1/2 + 0.3 × 1/2 = 70.00.
 *   unit B leads M3 (deadline yesterday, report open: red, overdue); its item B1 on M2 not done → red card.
 *   unit C leads M4 (report open, not due: green).
 */
import { randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};
const tag = randomUUID().slice(0, 6);
const unit = (letter: string) => `report-${tag}-${letter}`;
const unitName = (letter: string) => `报告单位${letter}${tag}`;
const handler = (letter: string) => `report_${tag}_${letter}`;
const title = (name: string) => `${tag} ${name}`;

const DAY = 86_400_000;
const today = shanghaiToday();
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
const lastOfMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);
const month = today.slice(0, 7);
const monthLabel = `${today.slice(0, 4)}年${Number(today.slice(5, 7))}月`;

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['admin', 'supervisor', 'leader', 'designer']) tokens[user] = await stack.login(user);
  for (const letter of ['A', 'B', 'C']) {
    const u = await stack.call(tokens.admin, { method: 'POST', url: '/api/units', payload: { id: unit(letter), name: unitName(letter), parentId: 'county', kind: 'department' } });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    const user = await stack.call(tokens.admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username: handler(letter), displayName: `承办人${letter}`, role: 'handler', unitId: unit(letter), password: 'report-pass-1' },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const login = await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: handler(letter), password: 'report-pass-1' } });
    tokens[letter] = login.body.token;
  }

  const m1 = await matter('城区停车场建设', 'A', [], yesterday, yesterday);
  const m2 = await matter('产业园区选址', 'A', ['B'], today, '2030-12-31');
  await matter('农村公路提升', 'B', [], yesterday, yesterday);
  await matter('义务教育学校扩容', 'C', [], today, '2030-12-31');
  expect(m1).toBeTruthy();

  await complete('A', (await openTask(m2, 'Report')).id, { progress: '已完成选址' });
  const a1 = await planItem(m2, 'A', 'A1 完成园区规划', lastOfMonth);
  await planItem(m2, 'B', 'B1 完成土地征收', today);
  const done = await stack.call(tokens.A, { method: 'POST', url: `/api/plans/${a1}/complete`, payload: { evidence: '规划已批复' } });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect((await stack.call(tokens.supervisor, { method: 'POST', url: '/api/cards/close-month', payload: { month } })).status).toBe(200);
});
afterAll(() => stack?.close());

async function matter(name: string, lead: string, coUnits: string[], assignedDate: string, deadline: string) {
  const res = await stack.call(tokens.supervisor, {
    method: 'POST',
    url: '/api/matters',
    payload: {
      processKey: 'supervision-basic',
      title: title(name),
      data: { source: 'document', type: '建设类', assignedDate, deadline, assigner: '县政府', leadUnit: unit(lead), coUnits: coUnits.map(unit), reportingPeriod: 'monthly' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await complete('supervisor', (await openTask(id, 'Distribute')).id);
  await openTask(id, 'Report');
  return id;
}

async function complete(user: string, taskId: string, variables: object = {}) {
  const res = await stack.call(tokens[user], { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const openTask = (matterId: string, elementId: string) => eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first());

async function planItem(matterId: string, letter: string, name: string, dueDate: string) {
  const res = await stack.call(tokens.supervisor, { method: 'POST', url: `/api/matters/${matterId}/plans`, payload: { unitId: unit(letter), plan: 'month', title: name, dueDate } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** One file out of a zip archive: the central directory names it, its local header precedes its (deflated) bytes. */
function unzip(zip: Buffer, name: string): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip archive');
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(entry + 28);
    if (zip.toString('utf8', entry + 46, entry + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(entry + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(entry + 20));
      return zip.readUInt16LE(entry + 10) === 8 ? inflateRawSync(data) : data;
    }
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The document's text: paragraphs and table rows on their own lines, each table cell followed by " | ". */
function documentText(docx: Buffer): string {
  return unzip(docx, 'word/document.xml')
    .toString('utf8')
    .replace(/<\/w:p><\/w:tc>/g, ' | ')
    .replace(/<\/w:tr>|<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]);
}

async function fetchReport(token: string | undefined, url: string) {
  const res = await stack.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload, json: () => res.json() };
}

/** The file name a Content-Disposition header gives in filename*. */
const utf8Filename = (header: unknown) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(header))![1]);

describe('the evaluation report', () => {
  it("writes a unit's figures for the month: score, rank, rates, lights, cards, matters, overdue tasks and plans", async () => {
    const res = await fetchReport(tokens.supervisor, `/api/reports/evaluation.docx?period=month&date=${today}&unitId=${unit('A')}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename="evaluation_${unit('A')}_${month}.docx"`);
    expect(utf8Filename(res.headers['content-disposition'])).toBe(`考评报告_${unitName('A')}_${monthLabel}.docx`);

    const board = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/board?period=month&date=${today}` })).body;
    const row = board.units.find((u: { id: string }) => u.id === unit('A'));
    expect(row.score).toBeCloseTo(0.7, 9);
    const ranked = board.units.filter((u: { rank?: number }) => u.rank !== undefined).length;

    const text = documentText(res.body);
    expect(text).toContain(`${unitName('A')}${monthLabel}督查考评报告`);
    expect(text).toContain(`本期综合得分 70.00 分，在参评的 ${ranked} 个单位中排名第 ${row.rank} 位。`);
    expect(text).toContain('计划完成率 100.0%（按期完成 1 项 / 应完成 1 项）');
    expect(text).toContain('亮灯率 50.0%（蓝灯和绿灯 1 盏 / 亮灯 2 盏）');
    expect(text).toContain('亮牌率 50.0%（绿牌 1 张 / 亮牌 2 张）');
    expect(text).toContain('本期亮灯 2 盏，其中绿灯 0 盏、蓝灯 1 盏、黄灯 0 盏、红灯 1 盏。');
    expect(text).toContain('本期亮牌 2 张，其中绿牌 1 张、黄牌 1 张、红牌 0 张。');
    expect(text).toContain(`黄牌 | ${title('产业园区选址')} | ${month} | 配合单位${unitName('B')}亮红牌，牵头单位负连带责任`);
    expect(text).toContain(`绿牌 | ${title('产业园区选址')} | ${month} | 完成月度计划 1 项`);
    // Its matters with light, status, deadline and latest progress.
    expect(text).toContain(`${title('城区停车场建设')} | 牵头 | 红灯 | 办理中，逾期 1 天 | ${yesterday} | — |`);
    expect(text).toContain(`${title('产业园区选址')} | 牵头 | 蓝灯 | 办理中 | 2030-12-31 | 已完成选址 |`);
    // The overdue task is its red light; the plan item was done on time.
    expect(text).toContain(`${title('城区停车场建设')} | 牵头单位填报进展 | ${yesterday} | 未完成 | 1 |`);
    expect(text).toContain(`A1 完成园区规划 | ${title('产业园区选址')} | 月度计划 | ${lastOfMonth} | ${today} | 按期完成 |`);
    expect(text).toMatch(/本报告由督查员 王敏（supervisor）于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 生成/);
    // Another unit's matters are not in it.
    expect(text).not.toContain(title('农村公路提升'));
  });

  it('gives one section per unit when no unit is named', async () => {
    const res = await fetchReport(tokens.leader, `/api/reports/evaluation.docx?period=month&date=${today}`);
    expect(res.status).toBe(200);
    expect(utf8Filename(res.headers['content-disposition'])).toBe(`考评报告_全部单位_${monthLabel}.docx`);
    const text = documentText(res.body);
    for (const letter of ['A', 'B', 'C']) expect(text).toContain(`${unitName(letter)}${monthLabel}督查考评报告`);
    expect(text).toContain(`B1 完成土地征收 | ${title('产业园区选址')} | 月度计划 | ${today} | — | 未到期 |`);
    expect(text).toContain(`红牌 | ${title('产业园区选址')} | ${month} | 未完成：B1 完成土地征收`);
  });

  it("lets a unit fetch its own report only", async () => {
    expect((await fetchReport(tokens.A, `/api/reports/evaluation.docx?period=week&unitId=${unit('A')}`)).status).toBe(200);
    expect((await fetchReport(tokens.A, `/api/reports/evaluation.docx?period=week&unitId=${unit('B')}`)).status).toBe(403);
    expect((await fetchReport(tokens.A, '/api/reports/evaluation.docx?period=week')).status).toBe(403);
    expect((await fetchReport(tokens.designer, `/api/reports/evaluation.docx?period=week&unitId=${unit('A')}`)).status).toBe(403);
    expect((await fetchReport(undefined, `/api/reports/evaluation.docx?period=week&unitId=${unit('A')}`)).status).toBe(401);
  });

  it('names the parameter at fault', async () => {
    for (const [query, name] of [
      [`unitId=${unit('A')}`, 'period'],
      [`period=quarter&unitId=${unit('A')}`, 'period'],
      [`period=month&date=2026-02-30&unitId=${unit('A')}`, 'date'],
      [`period=month&unitId=no-such-unit`, 'unitId'],
    ]) {
      const res = await fetchReport(tokens.supervisor, `/api/reports/evaluation.docx?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.json()), query).toContain(name);
    }
  });
});

describe('the bulletin', () => {
  it('sums up the month like the county article, ranks the units and lists every red light, red card and late matter', async () => {
    const res = await fetchReport(tokens.supervisor, `/api/reports/bulletin.docx?period=month&date=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename="bulletin_${month}.docx"`);
    expect(utf8Filename(res.headers['content-disposition'])).toBe(`情况通报_${monthLabel}.docx`);

    const board = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/board?period=month&date=${today}` })).body;
    const text = documentText(res.body);
    const { lights, cards } = board;
    expect(text).toContain(`亮灯 ${lights.total} 盏，其中绿灯 ${lights.green} 盏、蓝灯 ${lights.blue} 盏、黄灯 ${lights.yellow} 盏、红灯 ${lights.red} 盏`);
    expect(text).toContain(`，涉及 ${lights.units} 个单位；亮牌 ${cards.total} 张，其中绿牌 ${cards.green} 张、黄牌 ${cards.yellow} 张、红牌 ${cards.red} 张，涉及 ${cards.units} 个单位、${cards.matters} 个事项`);
    expect(text).toContain(`本期亮红灯 ${lights.red} 盏`);

    // The ranking table has every ranked unit; ours with their scores.
    const ranked = board.units.filter((u: { rank?: number }) => u.rank !== undefined);
    expect(text).toContain(`本期 ${ranked.length} 个单位参与排名。排名靠前的是：${ranked[0].name}`);
    const a = ranked.find((u: { id: string }) => u.id === unit('A'));
    expect(text).toContain(`${a.rank} | ${unitName('A')} | 70.00 | 100.0% | 50.0% | 50.0% | 1 |`);

    // Every red light: matter, node, unit, due date, days overdue.
    expect(text).toContain(`${title('城区停车场建设')} | 牵头单位填报进展 | ${unitName('A')} | ${yesterday} | 1 | 未完成 |`);
    expect(text).toContain(`${title('农村公路提升')} | 牵头单位填报进展 | ${unitName('B')} | ${yesterday} | 1 | 未完成 |`);
    // Every red card, with the items missed.
    expect(text).toContain(`${unitName('B')} | ${title('产业园区选址')} | ${month} | 未完成：B1 完成土地征收 |`);
    // The late matters.
    expect(text).toContain(`${title('城区停车场建设')} | ${unitName('A')} | ${yesterday} | 1 | 红灯 |`);
    expect(text).toContain(`${title('农村公路提升')} | ${unitName('B')} | ${yesterday} | 1 | 红灯 |`);
    expect(text).not.toContain(`${title('义务教育学校扩容')} | ${unitName('C')}`);
    expect(text).toMatch(/本报告由督查员 王敏（supervisor）于 .* 生成/);
  });

  it('counts the matters in force in the period by type', async () => {
    const res = await fetchReport(tokens.leader, `/api/reports/bulletin.docx?period=year&date=${today}`);
    expect(res.status).toBe(200);
    const expected = await stack
      .knex('matters')
      .whereNot('status', 'draft')
      .where((q) => q.where('assigned_date', '<=', `${today.slice(0, 4)}-12-31`).orWhereNull('assigned_date'))
      .where((q) => q.whereNull('ended_at').orWhere('ended_at', '>=', new Date(`${Number(today.slice(0, 4)) - 1}-12-31T16:00:00Z`)))
      .count({ n: '*' });
    expect(documentText(res.body)).toContain(`${today.slice(0, 4)}年度（${today.slice(0, 4)}-01-01 至 ${today.slice(0, 4)}-12-31），共有督办事项 ${expected[0].n} 个`);
  });

  it('is for supervisors, leaders and admins', async () => {
    expect((await fetchReport(tokens.A, '/api/reports/bulletin.docx?period=month')).status).toBe(403);
    expect((await fetchReport(undefined, '/api/reports/bulletin.docx?period=month')).status).toBe(401);
    const bad = await fetchReport(tokens.supervisor, '/api/reports/bulletin.docx?period=month&date=tomorrow');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('date');
  });
});
