/** Matters in Excel: the import template, the all-or-nothing import, and the ledger (台账) of a query. */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../supervision/calendar';
import { periodCycle } from '../../supervision/matter-data';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';
import { blankRows, rawWorkbook, xmlRow } from '../support/xlsx';
import { MAX_IMPORT_ROWS, MAX_SCANNED_ROWS } from '../../services/excel/columns';

let stack: Stack;
let supervisor: string;
let jiaotong: string;

beforeAll(async () => {
  stack = await startStack();
  supervisor = await stack.login('supervisor');
  jiaotong = await stack.login('jiaotong');
});
afterAll(() => stack?.close());

const today = shanghaiToday();
/** Titles of this run, so matters of other test files never get in the way. */
const run = randomUUID().slice(0, 8);

const HEADERS = ['事项名称', '事项来源', '事项类型', '交办日期', '办结时限', '交办人', '责任区域', '牵头单位', '配合单位', '分管领导', '量化指标', '计量单位', '目标值', '填报周期', '标签', '流程'];

/** One row in the template's columns, from a few values by header. */
function row(values: Record<string, ExcelJS.CellValue>): ExcelJS.CellValue[] {
  const base: Record<string, ExcelJS.CellValue> = {
    事项来源: '会议交办',
    事项类型: '项目建设类',
    交办日期: today,
    办结时限: '2030-12-31',
    交办人: '县政府常务会议',
    牵头单位: '县住房和城乡建设局',
    填报周期: '每月',
  };
  return HEADERS.map((h) => values[h] ?? base[h] ?? null);
}

async function xlsx(rows: ExcelJS.CellValue[][], headers = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('督办事项');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(token: string, file: Buffer, query = '', filename = 'matters.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  return stack.call(token, { method: 'POST', url: `/api/matters/import${query}`, payload: form });
}

async function download(token: string, url: string) {
  const res = await stack.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const book = new ExcelJS.Workbook();
  if (res.statusCode === 200) await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  return { status: res.statusCode, headers: res.headers, book };
}

const matterCount = async () => Number((await stack.knex('matters').count<{ count: string }[]>('* as count'))[0].count);

/** A sheet's rows from `from` on as arrays of cell values (exceljs rows start at column 1). */
const rowsOf = (sheet: ExcelJS.Worksheet, from: number) =>
  sheet.getRows(from, Math.max(0, sheet.rowCount - from + 1))?.map((r) => (r.values as ExcelJS.CellValue[]).slice(1)) ?? [];

describe('import', () => {
  it('registers and starts every row; each first task is in the supervisor inbox', async () => {
    const file = await xlsx([
      row({ 事项名称: `城区新建公共停车位 ${run}`, 交办日期: new Date(`${today}T00:00:00Z`), 配合单位: '县交通运输局、县教育局', 量化指标: '新建停车位', 计量单位: '个', 目标值: 1200 }),
      row({ 事项名称: `义务教育学校改扩建 ${run}`, 事项来源: '文件交办', 牵头单位: 'education', 办结时限: '2030/6/30', 分管领导: '副县长 李强' }),
      row({ 事项名称: `农村公路提质改造 ${run}`, 事项来源: '上级下发', 牵头单位: '县交通运输局', 办结时限: '2030年9月30日', 填报周期: '每周', 标签: '民生实事,交通' }),
    ]);
    const res = await upload(supervisor, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: 3, started: 3, notStarted: [] });
    const ids: string[] = res.body.ids;

    const matters = await Promise.all(ids.map(async (id) => (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body));
    expect(matters.map((m) => [m.status, m.data.title, m.data.leadUnit, m.data.coUnits, m.data.deadline])).toEqual([
      ['running', `城区新建公共停车位 ${run}`, 'housing', ['transport', 'education'], '2030-12-31'],
      ['running', `义务教育学校改扩建 ${run}`, 'education', [], '2030-06-30'],
      ['running', `农村公路提质改造 ${run}`, 'transport', [], '2030-09-30'],
    ]);
    expect(matters[0].data).toMatchObject({ assignedDate: today, source: 'meeting', target: { indicator: '新建停车位', measure: '个', value: 1200 } });
    expect(matters[1].data).toMatchObject({ source: 'document', leader: 'leader' });
    expect(matters[2].data).toMatchObject({ source: 'superior', reportingPeriod: 'weekly', tags: ['民生实事', '交通'] });
    expect(matters[2].variables).toMatchObject({ leadUnit: 'transport', units: ['transport'], periodCycle: periodCycle('weekly', today, 'Asia/Shanghai'), reportDue: 'P4D' });

    const inbox = (await stack.call(supervisor, { method: 'GET', url: '/api/tasks' })).body.items;
    for (const id of ids) expect(inbox.filter((t: any) => t.matterId === id).map((t: any) => t.elementId)).toEqual(['Distribute']);

    const audit = (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${ids[1]}/audit` })).body.items;
    expect(audit).toMatchObject([{ action: 'created', by: 'supervisor', details: { importedFromRow: 3 } }, { action: 'started' }]);
  });

  it('registers drafts without starting them when asked', async () => {
    const res = await upload(supervisor, await xlsx([row({ 事项名称: `草稿事项 ${run}` })]), '?draft=true');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: 1, started: 0 });
    expect((await stack.call(supervisor, { method: 'GET', url: `/api/matters/${res.body.ids[0]}` })).body.status).toBe('draft');
  });

  it('refuses a file with bad rows, naming every row and column, and registers nothing', async () => {
    const before = await matterCount();
    const file = await xlsx([
      row({ 事项名称: `好的一行 ${run}` }),
      row({ 事项名称: `单位不存在 ${run}`, 牵头单位: '县火星局' }),
      row({ 事项名称: `时限早于交办 ${run}`, 交办日期: '2026-03-01', 办结时限: '2026-02-28' }),
    ]);
    const res = await upload(supervisor, file);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Bad Request',
      message: 'the workbook has 2 errors; nothing was imported',
      errors: [
        { row: 3, column: 'H', path: 'leadUnit', message: '牵头单位: no unit "县火星局"' },
        { row: 4, column: 'E', path: 'deadline', message: '办结时限: deadline cannot be before the assigned date' },
      ],
    });
    expect(await matterCount()).toBe(before);
  });

  it('refuses a workbook missing a column, a file that is not a workbook, and other uploads', async () => {
    const before = await matterCount();
    const missing = await upload(supervisor, await xlsx([row({ 事项名称: `缺列 ${run}` }).slice(0, 7)], HEADERS.slice(0, 7)));
    expect(missing.body).toMatchObject({ message: 'the workbook has 2 errors; nothing was imported', errors: [{ row: 1, message: 'no column 牵头单位' }, { row: 1, message: 'no column 填报周期' }] });

    const csv = await upload(supervisor, Buffer.from('事项名称,牵头单位\n停车位,housing\n'), '', 'matters.csv');
    expect(csv).toMatchObject({ status: 400, body: { message: 'the file is not an Excel workbook (.xlsx)' } });
    expect(await upload(supervisor, await xlsx([]))).toMatchObject({ status: 400, body: { errors: [{ message: 'the sheet 督办事项 has no matters below its header' }] } });
    expect((await upload(supervisor, Buffer.alloc(5 * 1024 * 1024 + 1))).status).toBe(413);
    expect((await stack.call(supervisor, { method: 'POST', url: '/api/matters/import', payload: { rows: [] } })).status).toBe(400);
    expect((await upload(jiaotong, await xlsx([row({ 事项名称: `越权 ${run}` })]))).status).toBe(403);
    expect(await matterCount()).toBe(before);
  });
});

describe('import: bounded by work, not bytes', () => {
  const header = xmlRow(1, HEADERS);
  const valid = (n: number) => xmlRow(n, row({ 事项名称: `上限 ${run} ${n}` }) as Array<string | number | null>);

  it('refuses hundreds of thousands of blank rows (and a dimension of a million) quickly, naming the sheet and row, writing nothing', async () => {
    const before = await matterCount();
    const file = rawWorkbook([{ name: '督办事项', rows: [header, valid(2), ...blankRows(3, 400_000)], dimension: 'A1:P1048576' }]);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    expect(file.length).toBeLessThan(5 * 1024 * 1024);
    const started = performance.now();
    const res = await upload(supervisor, file);
    const took = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Bad Request',
      message: `the workbook is beyond what one import reads (督办事项 row ${MAX_SCANNED_ROWS + 1}: more than ${MAX_SCANNED_ROWS} rows (blank ones included) in one sheet); nothing was imported`,
      errors: [{ sheet: '督办事项', row: MAX_SCANNED_ROWS + 1, message: `督办事项 row ${MAX_SCANNED_ROWS + 1}: more than ${MAX_SCANNED_ROWS} rows (blank ones included) in one sheet` }],
    });
    // Read whole, as before, such a file took 25 s and over 600 MiB; streamed, it stops at the cap in well under a second.
    expect(took).toBeLessThan(8000);
    expect(await matterCount()).toBe(before);
  });

  it('refuses a sheet over the matter cap at the first matter beyond it, writing nothing', async () => {
    const before = await matterCount();
    const rows = [header];
    for (let n = 2; n <= MAX_IMPORT_ROWS + 200; n++) rows.push(valid(n));
    const res = await upload(supervisor, rawWorkbook([{ name: '督办事项', rows }]), '?draft=true');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { sheet: '督办事项', row: MAX_IMPORT_ROWS + 2, message: `督办事项 row ${MAX_IMPORT_ROWS + 2}: more than ${MAX_IMPORT_ROWS} matters; import at most ${MAX_IMPORT_ROWS} at a time` },
    ]);
    expect(await matterCount()).toBe(before);
  });

  it('imports a file of the tool-made kind: inline strings, cells beyond the columns ignored', async () => {
    const res = await upload(
      supervisor,
      rawWorkbook([{ name: '督办事项', rows: [header, valid(2).replace('</row>', '<c r="AZ2" t="inlineStr"><is><t>备注</t></is></c></row>'), ...blankRows(3, 5000, 16)] }]),
      '?draft=true',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: 1, started: 0 });
  });
});

describe('template', () => {
  it('downloads for supervisors and imports once a row is filled in', async () => {
    expect((await download(jiaotong, '/api/matters/template.xlsx')).status).toBe(403);
    const { status, headers, book } = await download(supervisor, '/api/matters/template.xlsx');
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['content-disposition']).toContain("filename*=UTF-8''%E7%9D%A3");
    expect(book.worksheets.map((s) => s.name)).toEqual(['督办事项', '说明', '选项']);
    const sheet = book.getWorksheet('督办事项')!;
    expect(rowsOf(sheet, 1)[0]).toEqual(HEADERS);
    expect(sheet.getCell('H2').dataValidation).toMatchObject({ type: 'list' });
    expect(rowsOf(book.getWorksheet('选项')!, 2).map((r) => r[0])).toContain('县住房和城乡建设局');

    sheet.getRow(2).values = row({ 事项名称: `模板填报 ${run}`, 交办日期: new Date(`${today}T00:00:00Z`), 牵头单位: '县教育局' });
    const res = await upload(supervisor, Buffer.from(await book.xlsx.writeBuffer()));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: 1, started: 1 });
  });
});

describe('ledger', () => {
  const LEDGER_HEADERS = [
    '序号', '事项名称', '事项来源', '事项类型', '交办日期', '办结时限', '交办人', '责任区域', '牵头单位', '配合单位', '分管领导', '量化指标', '计量单位', '目标值',
    '填报周期', '标签', '流程', '状态', '亮灯', '当前环节', '当前办理单位', '逾期天数', '最新进展', '办结日期',
  ];
  const pastDeadline = addDays(today, -10);

  beforeAll(async () => {
    const res = await upload(
      supervisor,
      await xlsx([
        row({ 事项名称: `台账逾期 ${run}`, 事项来源: '领导批示', 牵头单位: 'transport', 交办日期: addDays(today, -40), 办结时限: pastDeadline }),
        row({ 事项名称: `台账在办 ${run}`, 事项来源: '领导批示', 牵头单位: 'transport', 配合单位: 'housing' }),
        row({ 事项名称: `台账他单位 ${run}`, 事项来源: '领导批示', 牵头单位: 'housing' }),
        row({ 事项名称: `台账他来源 ${run}`, 事项来源: '会议交办', 牵头单位: 'transport' }),
      ]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The transport bureau reports on one matter: it now holds a task there, and the matter has progress.
    const reporting = res.body.ids[1];
    const complete = async (token: string, elementId: string, variables: object) => {
      const task = await stack.knex('tasks').where({ matter_id: reporting, element_id: elementId, status: 'open' }).first();
      const done = await stack.call(token, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables } });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    };
    await complete(supervisor, 'Distribute', {});
    await complete(jiaotong, 'Report', { progress: '完成选址，附照片' });
  });

  const ledger = async (token: string, query: string) => {
    const { status, headers, book } = await download(token, `/api/matters/ledger.xlsx?${query}`);
    expect(status).toBe(200);
    expect(headers['content-disposition']).toContain(`ledger-${today}.xlsx`);
    const sheet = book.getWorksheet('台账')!;
    const rows = rowsOf(sheet, 3).map((r) => Object.fromEntries(LEDGER_HEADERS.map((h, i) => [h, r[i] ?? null])));
    return { sheet, rows };
  };
  const listed = async (token: string, query: string) =>
    (await stack.call(token, { method: 'GET', url: `/api/matters?limit=1000&${query}` })).body.items.map((m: any) => m.data?.title ?? m.title);

  it('holds exactly the matters of the query, with their data elements, status, open tasks and delay', async () => {
    const query = 'leadUnit=transport&source=instruction&status=running';
    const { sheet, rows } = await ledger(supervisor, query);
    expect(String(sheet.getCell('A1').value)).toMatch(/^督办事项台账（状态：办理中；牵头单位：县交通运输局；来源：领导批示） {2}导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rowsOf(sheet, 2)[0]).toEqual(LEDGER_HEADERS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.autoFilter).toBeTruthy();

    const titles = rows.map((r) => r['事项名称']);
    expect(titles).toEqual(await listed(supervisor, query));
    expect(titles).toEqual(expect.arrayContaining([`台账逾期 ${run}`, `台账在办 ${run}`]));
    expect(titles).not.toContain(`台账他单位 ${run}`);
    expect(titles).not.toContain(`台账他来源 ${run}`);
    for (const r of rows) expect([r['牵头单位'], r['事项来源'], r['状态']]).toEqual(['县交通运输局', '领导批示', '办理中']);
    expect(rows.map((r) => r['序号'])).toEqual(rows.map((_, i) => i + 1));

    const overdue = rows.find((r) => r['事项名称'] === `台账逾期 ${run}`)!;
    expect(overdue).toMatchObject({
      事项类型: '项目建设类',
      交办人: '县政府常务会议',
      填报周期: '每月',
      流程: 'supervision-basic',
      当前环节: '督查室交办',
      当前办理单位: '县委县政府督查室',
      逾期天数: daysBetween(pastDeadline, today),
      最新进展: null,
    });
    expect(overdue['办结时限']).toEqual(new Date(`${pastDeadline}T00:00:00Z`));
    const open = rows.find((r) => r['事项名称'] === `台账在办 ${run}`)!;
    expect(open).toMatchObject({ 配合单位: '县住房和城乡建设局', 当前环节: '督查员审核', 当前办理单位: '县委县政府督查室', 逾期天数: null, 最新进展: '完成选址，附照片' });
  });

  it('filters by deadline and overdue like the list', async () => {
    const overdue = await ledger(supervisor, 'overdue=true&leadUnit=transport');
    expect(overdue.rows.map((r) => r['事项名称'])).toEqual(await listed(supervisor, 'overdue=true&leadUnit=transport'));
    expect(overdue.rows.map((r) => r['事项名称'])).toContain(`台账逾期 ${run}`);
    expect(overdue.rows.map((r) => r['事项名称'])).not.toContain(`台账在办 ${run}`);

    const window = `deadlineFrom=${pastDeadline}&deadlineTo=${pastDeadline}&source=instruction`;
    expect((await ledger(supervisor, window)).rows.map((r) => r['事项名称'])).toEqual(await listed(supervisor, window));
    expect((await ledger(supervisor, window)).rows.map((r) => r['事项名称'])).toContain(`台账逾期 ${run}`);
    expect((await download(supervisor, '/api/matters/ledger.xlsx?deadlineFrom=soon')).status).toBe(400);
  });

  it('shows a unit only the matters it has tasks in', async () => {
    const { sheet, rows } = await ledger(jiaotong, 'leadUnit=transport');
    expect(String(sheet.getCell('A1').value)).toContain('范围：县交通运输局参与的事项');
    expect(rows.map((r) => r['事项名称'])).toEqual(await listed(jiaotong, 'leadUnit=transport'));
    expect(rows.map((r) => r['事项名称'])).toContain(`台账在办 ${run}`);
    // The office has not distributed this one yet: the transport bureau has no task in it.
    expect(rows.map((r) => r['事项名称'])).not.toContain(`台账逾期 ${run}`);
  });
});
