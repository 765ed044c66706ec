import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { blankRows, rawWorkbook, xmlRow } from '../../test/support/xlsx';
import { cellText } from './cells';
import { type ExistingOrganisation, MAX_ORGANISATION_ROWS, MAX_SCANNED_ROWS, SHEETS, organisationTemplate, readOrganisationWorkbook } from './organisation';

const UNIT_HEADERS = ['编码', '名称', '上级编码', '类型', '排序'];
const USER_HEADERS = ['用户名', '姓名', '角色', '单位编码', '初始密码'];
const LEADER_HEADERS = ['领导用户名', '单位编码'];

type Rows = ExcelJS.CellValue[][];

function workbook(sheets: { units?: Rows; users?: Rows; leaderUnits?: Rows }): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  const add = (name: string, headers: string[], rows: Rows | undefined) => {
    if (!rows) return;
    const sheet = book.addWorksheet(name);
    sheet.addRow(headers);
    for (const row of rows) sheet.addRow(row);
  };
  add(SHEETS.units, UNIT_HEADERS, sheets.units);
  add(SHEETS.users, USER_HEADERS, sheets.users);
  add(SHEETS.leaderUnits, LEADER_HEADERS, sheets.leaderUnits);
  return book;
}

const existing: ExistingOrganisation = {
  units: new Map<string, string | null>([
    ['county', null],
    ['office', 'county'],
    ['housing', 'county'],
  ]),
  users: new Map([
    ['admin', { role: 'admin', active: true }],
    ['zhujian', { role: 'handler', active: true }],
    ['leader', { role: 'leader', active: true }],
  ]),
};

/** Reads a workbook the way an upload is read: written to a file, then streamed. */
const readBook = async (book: ExcelJS.Workbook, organisation: ExistingOrganisation) =>
  readOrganisationWorkbook(Buffer.from(await book.xlsx.writeBuffer()), organisation);

describe('readOrganisationWorkbook', () => {
  it('reads units whose parents come later, labels or codes, new and existing users, and leaders in charge', async () => {
    const result = await readBook(
      workbook({
        units: [
          ['jx-dev-reform', '九江市发展和改革委员会', 'jiujiang', '部门', 1],
          ['jiujiang', '九江市人民政府', 'jiangxi', 'city', ''],
          ['jiangxi', '江西省人民政府', null, '省'],
          [330100, '杭州市', null, '市', 2],
          ['housing', '县住房和城乡建设局（更名）', 'county', 'department'],
        ],
        users: [
          ['jx-fagai', '九江发改委 承办人', '承办人', 'jx-dev-reform', 'secret-123'],
          ['zhujian', '住建局 承办人 刘洋', 'head', 'housing', ''],
          ['vice-mayor', '副市长 王刚', '领导', 'jiujiang', 'secret-456'],
        ],
        leaderUnits: [
          ['vice-mayor', 'jx-dev-reform'],
          ['vice-mayor', '330100'],
          ['vice-mayor', 'jx-dev-reform'],
          ['leader', 'housing'],
        ],
      }),
      existing,
    );
    expect(result).toEqual({
      ok: true,
      changes: {
        units: [
          { id: 'jx-dev-reform', name: '九江市发展和改革委员会', parentId: 'jiujiang', kind: 'department', sort: 1 },
          { id: 'jiujiang', name: '九江市人民政府', parentId: 'jiangxi', kind: 'city', sort: undefined },
          { id: 'jiangxi', name: '江西省人民政府', parentId: null, kind: 'province', sort: undefined },
          { id: '330100', name: '杭州市', parentId: null, kind: 'city', sort: 2 },
          { id: 'housing', name: '县住房和城乡建设局（更名）', parentId: 'county', kind: 'department', sort: undefined },
        ],
        users: [
          { username: 'jx-fagai', displayName: '九江发改委 承办人', role: 'handler', unitId: 'jx-dev-reform', password: 'secret-123' },
          { username: 'zhujian', displayName: '住建局 承办人 刘洋', role: 'head', unitId: 'housing', password: undefined },
          { username: 'vice-mayor', displayName: '副市长 王刚', role: 'leader', unitId: 'jiujiang', password: 'secret-456' },
        ],
        leaderUnits: new Map([
          ['vice-mayor', ['jx-dev-reform', '330100']],
          ['leader', ['housing']],
        ]),
      },
    });
  });

  it('reports every bad cell by sheet, row and column as Excel shows them', async () => {
    const book = workbook({
      units: [
        ['ok-unit', '好单位', 'county', '部门'],
        ['bad code', '', 'mars', 'planet', 'first'],
        ['ok-unit', '重复', null, '部门'],
      ],
      users: [
        ['new-user', '新用户', '督查员', 'ok-unit', 'short'],
        ['', '无名', '国王', '', ''],
        ['zhujian', '', 'handler', 'ghost-unit', ''],
      ],
      leaderUnits: [
        ['zhujian', 'housing'],
        ['nobody', 'nowhere'],
      ],
    });
    // A blank row in the middle: Excel's row numbers go on counting.
    book.getWorksheet(SHEETS.units)!.insertRow(3, []);
    const result = await readBook(book, existing);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { sheet: '单位', row: 4, column: 'A', message: '"bad code" is not a valid code: use letters, digits, - _ . (at most 64)' },
      { sheet: '单位', row: 4, column: 'B', message: 'the name is missing' },
      { sheet: '单位', row: 4, column: 'C', message: 'no unit "mars" in this sheet or registered' },
      { sheet: '单位', row: 4, column: 'D', message: 'unknown kind "planet"' },
      { sheet: '单位', row: 4, column: 'E', message: '"first" is not a whole number' },
      { sheet: '单位', row: 5, column: 'A', message: 'code ok-unit is already on row 2' },
      { sheet: '用户', row: 2, column: 'E', message: 'the password needs at least 8 characters' },
      { sheet: '用户', row: 3, column: 'A', message: 'the username is missing' },
      { sheet: '用户', row: 3, column: 'C', message: 'unknown role "国王"' },
      { sheet: '用户', row: 3, column: 'D', message: 'the unit code is missing' },
      { sheet: '用户', row: 4, column: 'B', message: 'the name is missing' },
      { sheet: '用户', row: 4, column: 'D', message: 'no unit "ghost-unit" in sheet 单位 or registered' },
      { sheet: '分管', row: 2, column: 'A', message: 'zhujian is a handler, not a leader' },
      { sheet: '分管', row: 3, column: 'A', message: 'no user "nobody" in sheet 用户 or registered' },
      { sheet: '分管', row: 3, column: 'B', message: 'no unit "nowhere" in sheet 单位 or registered' },
    ]);
  });

  it('refuses parents that make a cycle, within the sheet or through registered units', async () => {
    const result = await readBook(
      workbook({
        units: [
          ['a', 'A', 'b', '部门'],
          ['b', 'B', 'a', '部门'],
          ['county', '天工县人民政府', 'office', '县'],
          ['self', '自己', 'self', '部门'],
        ],
      }),
      existing,
    );
    expect(!result.ok && result.errors).toEqual([
      { sheet: '单位', row: 2, column: 'C', message: 'the parents make a cycle: a → b → a' },
      { sheet: '单位', row: 3, column: 'C', message: 'the parents make a cycle: b → a → b' },
      { sheet: '单位', row: 4, column: 'C', message: 'the parents make a cycle: county → office → county' },
      { sheet: '单位', row: 5, column: 'C', message: 'the parents make a cycle: self → self' },
    ]);
  });

  it('finds columns by their headers, in any order, and names a missing one', async () => {
    const book = new ExcelJS.Workbook();
    const units = book.addWorksheet(SHEETS.units);
    units.addRow(['备注', '类型', '名称', '编码', '上级编码']);
    units.addRow(['ignored', '部门', '县教育局', 'education', 'county']);
    units.addRow(['', 'department', '', 'no-name', 'county']);
    const users = book.addWorksheet(SHEETS.users);
    users.addRow(['用户名', '姓名', '单位编码']);
    users.addRow(['x', 'X', 'county']);
    const result = await readBook(book, existing);
    expect(!result.ok && result.errors).toEqual([
      { sheet: '单位', row: 3, column: 'C', message: 'the name is missing' },
      { sheet: '用户', row: 1, message: 'no column 角色' },
      { sheet: '用户', row: 1, message: 'no column 初始密码' },
    ]);
  });

  it('refuses to leave the organisation without an active admin', async () => {
    const result = await readBook(workbook({ users: [['admin', '系统管理员', '督查员', 'office', '']] }), existing);
    expect(!result.ok && result.errors).toEqual([{ sheet: '用户', row: 2, column: 'C', message: 'this leaves no active admin' }]);
    const withAnother = await readBook(
      workbook({ users: [['admin', '系统管理员', '督查员', 'office', ''], ['admin2', '新管理员', 'admin', 'office', 'long-enough']] }),
      existing,
    );
    expect(withAnother.ok).toBe(true);
  });

  it('refuses a workbook with none of the sheets', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRow(['编码']);
    expect(await readBook(book, existing)).toEqual({
      ok: false,
      errors: [{ sheet: '单位', row: 1, message: 'the workbook has none of the sheets 单位, 用户, 分管' }],
    });
  });
});

describe('readOrganisationWorkbook: bounded work', () => {
  it('refuses a sheet of blank rows where the scan passes its cap, quickly', async () => {
    const file = rawWorkbook([
      { name: SHEETS.units, rows: [xmlRow(1, UNIT_HEADERS), xmlRow(2, ['education', '县教育局', 'county', '部门'])] },
      { name: SHEETS.users, rows: [xmlRow(1, USER_HEADERS), ...blankRows(2, 300_000)], dimension: 'A1:E1048576' },
    ]);
    const started = performance.now();
    await expect(readOrganisationWorkbook(file, existing)).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ sheet: SHEETS.users, row: MAX_SCANNED_ROWS + 1, message: `用户 row ${MAX_SCANNED_ROWS + 1}: more than ${MAX_SCANNED_ROWS} rows (blank ones included) in one sheet` }],
    });
    // Read whole, as before, such a file took 25 s and over 600 MiB; streamed, it stops at the cap in well under a second.
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('stops at the row beyond the cap of a sheet and names it', async () => {
    const rows = [xmlRow(1, UNIT_HEADERS)];
    for (let n = 2; n < MAX_ORGANISATION_ROWS + 100; n++) rows.push(xmlRow(n, [`unit-${n}`, `单位 ${n}`, 'county', '部门']));
    await expect(readOrganisationWorkbook(rawWorkbook([{ name: SHEETS.units, rows }]), existing)).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ sheet: SHEETS.units, row: MAX_ORGANISATION_ROWS + 2 }],
    });
    const allowed = await readOrganisationWorkbook(rawWorkbook([{ name: SHEETS.units, rows: rows.slice(0, MAX_ORGANISATION_ROWS + 1) }]), existing);
    expect(allowed.ok && allowed.changes.units.length).toBe(MAX_ORGANISATION_ROWS);
  });
});

describe('cellText', () => {
  it.each<{ value: ExcelJS.CellValue; text: string }>([
    { value: null, text: '' },
    { value: undefined, text: '' },
    { value: '  housing \n', text: 'housing' },
    { value: 330100, text: '330100' },
    { value: 13800138000, text: '13800138000' },
    { value: true, text: 'true' },
    { value: new Date('2026-03-31T00:00:00Z'), text: '2026-03-31' },
    { value: { richText: [{ text: '县住建' }, { text: '局 ', font: { bold: true } }] }, text: '县住建局' },
    { value: { text: 'housing', hyperlink: 'https://example.org' }, text: 'housing' },
    { value: { formula: 'A1&"x"', result: 'county-x' }, text: 'county-x' },
    { value: { formula: 'A1' }, text: '' },
    { value: { error: '#N/A' }, text: '#N/A' },
  ])('$text from $value', ({ value, text }) => {
    expect(cellText(value)).toBe(text);
  });
});

describe('organisationTemplate', () => {
  it('is a workbook of the three sheets that imports as nothing to change', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await organisationTemplate()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['单位', '用户', '分管']);
    expect(book.getWorksheet('单位')!.getRow(1).values).toEqual([undefined, ...UNIT_HEADERS]);
    expect(book.getWorksheet('用户')!.getRow(1).values).toEqual([undefined, ...USER_HEADERS]);
    expect(book.getWorksheet('分管')!.getRow(1).values).toEqual([undefined, ...LEADER_HEADERS]);
    expect(book.getWorksheet('单位')!.getCell('D2').dataValidation).toMatchObject({ type: 'list' });
    expect(await readBook(book, existing)).toEqual({ ok: true, changes: { units: [], users: [], leaderUnits: new Map() } });
  });
});
