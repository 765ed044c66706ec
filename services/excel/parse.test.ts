import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SOURCE_LABELS } from '../labels';
import { cellText, parseChoice, parseDate, parseNumber, splitList } from './cells';
import { IMPORT_COLUMNS, MATTER_SHEET, MAX_IMPORT_ROWS, MAX_SCANNED_ROWS, NOTES_SHEET } from './columns';
import { type ImportReference, byIdOrName, readMatterWorkbook } from './parse';
import { buildMatterTemplate } from './template';
import { blankRows, rawWorkbook, xmlRow } from '../../test/support/xlsx';

const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

const ref: ImportReference = {
  units: [
    { id: 'housing', name: '县住房和城乡建设局' },
    { id: 'transport', name: '县交通运输局' },
    { id: 'education', name: '县教育局' },
    { id: 'school-a', name: '实验学校' },
    { id: 'school-b', name: '实验学校' },
  ],
  leaders: [{ id: 'leader', name: '副县长 李强' }],
  processes: new Map([['supervision-basic', { id: 1, key: 'supervision-basic', version: 1, name: '重点事项督办' }]]),
  quality: { units: new Set(['housing', 'transport', 'education', 'school-a', 'school-b']), leaders: new Set(['leader']), today: '2026-11-23' },
};

/** A row in the template's column order, from a few values by header. */
function row(values: Partial<Record<string, ExcelJS.CellValue>>): ExcelJS.CellValue[] {
  const base: Record<string, ExcelJS.CellValue> = {
    事项名称: '城区新建公共停车位',
    事项来源: '会议交办',
    事项类型: '项目建设类',
    交办日期: '2026-11-01',
    办结时限: '2026-12-31',
    交办人: '县政府常务会议',
    牵头单位: '县住房和城乡建设局',
    填报周期: '每月',
  };
  return HEADERS.map((h) => (h in values ? values[h] : base[h]) ?? null);
}

function workbook(rows: ExcelJS.CellValue[][], headers: string[] = HEADERS, sheetName = MATTER_SHEET): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return book;
}

/** Reads a workbook the way an upload is read: written to a file, then streamed. */
const readBook = async (book: ExcelJS.Workbook, reference: ImportReference) => readMatterWorkbook(Buffer.from(await book.xlsx.writeBuffer()), reference);

describe('parseDate', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026/12/31', '2026-12-31'],
    ['2026年12月31日', '2026-12-31'],
    ['2026/1/5', '2026-01-05'],
    ['2026-1-5', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    [' 2026 年 1 月 5 日 ', '2026-01-05'],
  ])('reads the text %j as %s', (text, date) => {
    expect(parseDate(text)).toEqual({ ok: true, value: date });
  });

  it('reads a date cell as the date Excel shows, even near midnight', () => {
    // exceljs hands a date cell over as the Date whose UTC fields are what the cell shows.
    expect(parseDate(new Date('2026-12-31T00:00:00Z'))).toEqual({ ok: true, value: '2026-12-31' });
    expect(parseDate(new Date('2026-12-31T23:59:59Z'))).toEqual({ ok: true, value: '2026-12-31' });
    // 16:30 on 31 December shows as 31 December, though it is 1 January 00:30 in Shanghai.
    expect(parseDate(new Date('2026-12-31T16:30:00Z'))).toEqual({ ok: true, value: '2026-12-31' });
    expect(parseDate(new Date('2027-01-01T00:00:00Z'))).toEqual({ ok: true, value: '2027-01-01' });
  });

  it('reads the date a user typed into Excel, through a real file', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('x');
    // What Excel stores for "2026-12-31 23:30" typed into a cell: the day number and a date format.
    sheet.getCell('A1').value = 46387 + 23.5 / 24;
    sheet.getCell('A1').numFmt = 'yyyy-mm-dd hh:mm';
    sheet.getCell('A2').value = 46387;
    sheet.getCell('A2').numFmt = 'yyyy/m/d';
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await book.xlsx.writeBuffer()) as ExcelJS.Buffer);
    const cells = read.getWorksheet('x')!;
    expect(cells.getCell('A1').value).toBeInstanceOf(Date);
    expect(parseDate(cells.getCell('A1').value)).toEqual({ ok: true, value: '2026-12-31' });
    expect(parseDate(cells.getCell('A2').value)).toEqual({ ok: true, value: '2026-12-31' });
  });

  it('reads a day number whose cell lost its date format, and formula results', () => {
    expect(parseDate(46387)).toEqual({ ok: true, value: '2026-12-31' });
    expect(parseDate({ formula: 'DATE(2026,12,31)', result: new Date('2026-12-31T00:00:00Z') })).toEqual({ ok: true, value: '2026-12-31' });
  });

  it('leaves a blank cell undefined and refuses what is not a calendar date', () => {
    expect(parseDate(null)).toEqual({ ok: true, value: undefined });
    expect(parseDate('  ')).toEqual({ ok: true, value: undefined });
    expect(parseDate('2026-02-30')).toEqual({ ok: false, message: '"2026-02-30" is not a calendar date' });
    expect(parseDate('31/12/2026')).toMatchObject({ ok: false });
    expect(parseDate('2026-12/31')).toMatchObject({ ok: false });
    expect(parseDate('年底前')).toMatchObject({ ok: false });
    expect(parseDate(-3)).toMatchObject({ ok: false });
  });
});

describe('cells', () => {
  it('reads text from rich text, links, numbers and formula results', () => {
    expect(cellText({ richText: [{ text: '县住房' }, { text: '和城乡建设局 ' }] })).toBe('县住房和城乡建设局');
    expect(cellText({ text: '文件', hyperlink: 'http://x' })).toBe('文件');
    expect(cellText(1200)).toBe('1200');
    expect(cellText({ formula: 'A1', result: '会议交办' })).toBe('会议交办');
  });

  it('splits lists on 、 , ， ; ； and line breaks', () => {
    expect(splitList('县交通运输局、县教育局')).toEqual(['县交通运输局', '县教育局']);
    expect(splitList('transport, education，housing;a；b\nc')).toEqual(['transport', 'education', 'housing', 'a', 'b', 'c']);
    expect(splitList(' 、 ')).toEqual([]);
  });

  it('reads units by id or by a name only one unit has', () => {
    const unit = byIdOrName(ref.units);
    expect(unit('housing')).toEqual({ ok: true, value: 'housing' });
    expect(unit('县交通运输局')).toEqual({ ok: true, value: 'transport' });
    expect(unit('实验学校')).toEqual({ ok: false, message: '"实验学校" names 2 (school-a, school-b); give the id' });
    // Neither: left for the data-quality rules, which name it.
    expect(unit('火星局')).toEqual({ ok: true, value: '火星局' });
  });

  it('reads choices by label or code', () => {
    expect(parseChoice('领导批示', SOURCE_LABELS)).toEqual({ ok: true, value: 'instruction' });
    expect(parseChoice('superior', SOURCE_LABELS)).toEqual({ ok: true, value: 'superior' });
    expect(parseChoice('', SOURCE_LABELS)).toEqual({ ok: true, value: undefined });
    expect(parseChoice('电话', SOURCE_LABELS)).toEqual({ ok: false, message: '"电话" is not one of 会议交办、领导批示、文件交办、上级下发、其他' });
  });

  it('reads numbers from number cells and text', () => {
    expect(parseNumber(1200)).toEqual({ ok: true, value: 1200 });
    expect(parseNumber('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber('')).toEqual({ ok: true, value: undefined });
    expect(parseNumber('一千')).toEqual({ ok: false, message: '"一千" is not a number' });
  });
});

describe('readMatterWorkbook', () => {
  it('reads every data element, by label, name or code, skipping blank rows', async () => {
    const result = await readBook(
      workbook([
        row({
          交办日期: new Date('2026-11-01T00:00:00Z'),
          办结时限: '2026年12月31日',
          责任区域: '城关镇',
          配合单位: '县交通运输局、education',
          分管领导: '副县长 李强',
          量化指标: '新建停车位',
          计量单位: '个',
          目标值: 1200,
          标签: '民生实事，交通',
        }),
        [],
        row({ 事项名称: '义务教育学校改扩建', 事项来源: 'document', 填报周期: 'weekly', 牵头单位: 'education', 流程: 'supervision-basic' }),
      ]),
      ref,
    );
    expect(result).toEqual({
      ok: true,
      matters: [
        {
          row: 2,
          processKey: 'supervision-basic',
          data: {
            title: '城区新建公共停车位',
            source: 'meeting',
            type: '项目建设类',
            assignedDate: '2026-11-01',
            deadline: '2026-12-31',
            assigner: '县政府常务会议',
            area: '城关镇',
            leadUnit: 'housing',
            coUnits: ['transport', 'education'],
            leader: 'leader',
            target: { indicator: '新建停车位', measure: '个', value: 1200 },
            reportingPeriod: 'monthly',
            tags: ['民生实事', '交通'],
          },
        },
        {
          row: 4,
          processKey: 'supervision-basic',
          data: expect.objectContaining({ title: '义务教育学校改扩建', source: 'document', reportingPeriod: 'weekly', leadUnit: 'education', coUnits: [], tags: [] }),
        },
      ],
    });
  });

  it('lists every bad cell by row, column letter and data element, in reading order', async () => {
    const result = await readBook(
      workbook([
        row({}),
        row({ 事项名称: '第二项', 牵头单位: '火星局' }),
        row({ 事项名称: '第三项', 交办日期: '2026-12-01', 办结时限: '2026-11-30' }),
        row({ 事项名称: '城区新建公共停车位', 事项来源: '电话', 配合单位: '实验学校', 量化指标: '新建停车位', 流程: 'nowhere' }),
      ]),
      ref,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 3, column: 'H', path: 'leadUnit', message: '牵头单位: no unit "火星局"' },
        { row: 4, column: 'D', path: 'assignedDate', message: '交办日期: assigned date cannot be in the future' },
        { row: 4, column: 'E', path: 'deadline', message: '办结时限: deadline cannot be before the assigned date' },
        { row: 5, column: 'A', path: 'title', message: '事项名称: the same title as row 2' },
        { row: 5, column: 'B', path: 'source', message: '事项来源: "电话" is not one of 会议交办、领导批示、文件交办、上级下发、其他' },
        { row: 5, column: 'I', path: 'coUnits', message: '配合单位: "实验学校" names 2 (school-a, school-b); give the id' },
        { row: 5, column: 'L', path: 'target.measure', message: '计量单位: a quantified target needs its unit of measure' },
        { row: 5, column: 'M', path: 'target.value', message: '目标值: target value must be a number above zero' },
        { row: 5, column: 'P', path: 'processKey', message: '流程: no process "nowhere" is deployed' },
      ],
    });
  });

  it('finds columns by their titles in any order; optional columns may be left out', async () => {
    const headers = ['填报周期', '牵头单位', '办结时限', '交办日期', '交办人', '事项类型', '事项来源', '事项名称', '备注'];
    const result = await readBook(workbook([['每季度', 'housing', '2027-03-31', '2026-11-20', '县委常委会', '指标类', '上级下发', '季度指标', '随便写']], headers), ref);
    expect(result).toMatchObject({ ok: true, matters: [{ row: 2, processKey: 'supervision-basic', data: { title: '季度指标', reportingPeriod: 'quarterly', coUnits: [] } }] });
  });

  it('refuses a workbook without the sheet, without a required column, or without any matter', async () => {
    expect(await readBook(workbook([row({})], HEADERS, 'Sheet1'), ref)).toEqual({ ok: false, errors: [{ message: 'the workbook has no sheet 督办事项' }] });
    expect(await readBook(workbook([], HEADERS.filter((h) => h !== '牵头单位' && h !== '交办人')), ref)).toEqual({
      ok: false,
      errors: [
        { row: 1, message: 'no column 交办人' },
        { row: 1, message: 'no column 牵头单位' },
      ],
    });
    expect(await readBook(workbook([[], []]), ref)).toEqual({ ok: false, errors: [{ message: 'the sheet 督办事项 has no matters below its header' }] });
    expect(await readBook(workbook([], [...HEADERS, '事项名称']), ref)).toMatchObject({ ok: false, errors: [{ row: 1, column: 'Q', message: 'the column 事项名称 appears twice' }] });
  });
});

describe('readMatterWorkbook: bounded work', () => {
  const header = xmlRow(1, HEADERS);
  const dataRow = (n: number, values: Partial<Record<string, ExcelJS.CellValue>> = {}) => xmlRow(n, row({ 事项名称: `事项 ${n}`, ...values }) as Array<string | number | null>);

  it('refuses a sheet of 300,000 blank rows at the row where the scan passes its cap, quickly', async () => {
    const file = rawWorkbook([{ name: MATTER_SHEET, rows: [header, dataRow(2), ...blankRows(3, 300_000)], dimension: 'A1:P1048576' }]);
    const started = performance.now();
    const refusal = await readMatterWorkbook(file, ref).catch((err) => err);
    expect(refusal).toMatchObject({ kind: 'invalid', errors: [{ sheet: MATTER_SHEET, row: MAX_SCANNED_ROWS + 1 }] });
    expect(refusal.errors[0].message).toBe(`督办事项 row ${MAX_SCANNED_ROWS + 1}: more than ${MAX_SCANNED_ROWS} rows (blank ones included) in one sheet`);
    // Read whole, as before, such a file took 25 s and over 600 MiB; streamed, it stops at the cap in well under a second.
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('refuses rows of styled empty cells the same way', async () => {
    const file = rawWorkbook([{ name: MATTER_SHEET, rows: [header, ...blankRows(2, 20_000, 16)] }]);
    await expect(readMatterWorkbook(file, ref)).rejects.toMatchObject({ kind: 'invalid', errors: [{ sheet: MATTER_SHEET, row: MAX_SCANNED_ROWS + 1 }] });
  });

  it('stops at the matter beyond the cap and names its row; blank rows between matters do not count', async () => {
    const rows = [header, ...blankRows(2, 50)];
    for (let n = 52; n < 52 + MAX_IMPORT_ROWS + 500; n++) rows.push(dataRow(n));
    const refusal = await readMatterWorkbook(rawWorkbook([{ name: MATTER_SHEET, rows }]), ref).catch((err) => err);
    const row = 52 + MAX_IMPORT_ROWS;
    expect(refusal).toMatchObject({
      kind: 'invalid',
      message: `the workbook is beyond what one import reads (督办事项 row ${row}: more than ${MAX_IMPORT_ROWS} matters; import at most ${MAX_IMPORT_ROWS} at a time); nothing was imported`,
      errors: [{ sheet: MATTER_SHEET, row }],
    });
  });

  it('reads the largest allowed sheet, ignoring cells beyond the template columns and a huge dimension', async () => {
    const rows = [header];
    for (let n = 2; n < 2 + MAX_IMPORT_ROWS; n++) rows.push(dataRow(n).replace('</row>', `<c r="XFD${n}" t="inlineStr"><is><t>${'x'.repeat(100)}</t></is></c></row>`));
    const result = await readMatterWorkbook(rawWorkbook([{ name: MATTER_SHEET, rows, dimension: 'A1:XFD1048576' }]), ref);
    expect(result.ok ? result.matters.length : result.errors.slice(0, 3)).toBe(MAX_IMPORT_ROWS);
  });

  it('refuses a cell longer than Excel allows, naming its row and column, and a row of 300,000 cells', async () => {
    const long = rawWorkbook([{ name: MATTER_SHEET, rows: [header, dataRow(2, { 交办人: 'x'.repeat(40_000) })] }]);
    await expect(readMatterWorkbook(long, ref)).rejects.toMatchObject({ kind: 'invalid', errors: [{ sheet: MATTER_SHEET, row: 2, column: 'F' }] });
    const cells = Array.from({ length: 300_000 }, (_, i) => `<c r="Q3" s="${i % 7}"/>`).join('');
    const wide = rawWorkbook([{ name: MATTER_SHEET, rows: [header, dataRow(2), `<row r="3">${cells}</row>`] }]);
    await expect(readMatterWorkbook(wide, ref)).rejects.toMatchObject({ kind: 'invalid', errors: [{ sheet: MATTER_SHEET, row: 3 }] });
  });

  it('refuses what is not a workbook', async () => {
    await expect(readMatterWorkbook(Buffer.from('事项名称,牵头单位\n停车位,housing\n'), ref)).rejects.toMatchObject({ kind: 'invalid', message: 'the file is not an Excel workbook (.xlsx)' });
    const truncated = rawWorkbook([{ name: MATTER_SHEET, rows: [header] }]);
    await expect(readMatterWorkbook(truncated.subarray(0, truncated.length - 30), ref)).rejects.toMatchObject({ kind: 'invalid', message: 'the file is not an Excel workbook (.xlsx)' });
  });
});

describe('template', () => {
  it('has the import columns, lists, date formats, notes and an example that reads back as a valid matter', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildMatterTemplate(ref)) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(MATTER_SHEET)!;
    expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"会议交办,领导批示,文件交办,上级下发,其他"'] });
    expect(sheet.getCell('N500').dataValidation).toMatchObject({ type: 'list', formulae: ['"每周,每月,每季度"'] });
    expect(sheet.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: ["'选项'!$A$2:$A$6"] });
    expect(sheet.getColumn('E').numFmt).toBe('yyyy-mm-dd');
    expect(await readBook(book, ref)).toEqual({ ok: false, errors: [{ message: 'the sheet 督办事项 has no matters below its header' }] });

    // The example row of 说明, copied into the sheet, imports.
    const notes = book.getWorksheet(NOTES_SHEET)!;
    const example = notes.getRow(notes.rowCount).values as ExcelJS.CellValue[];
    sheet.getRow(2).values = example.slice(1);
    expect(await readBook(book, ref)).toMatchObject({ ok: true, matters: [{ row: 2, data: { title: '城区新建公共停车位', leadUnit: 'housing', coUnits: ['transport'], assignedDate: '2026-11-23', deadline: '2026-12-31' } }] });
  });
});
