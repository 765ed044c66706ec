/**
 * The matters import template (批量导入模板): the sheet 督办事项 to fill in, 说明 explaining each
 * column with an example row, and 选项 listing the units and processes its drop-down lists offer.
 */
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { PERIOD_LABELS, SOURCE_LABELS } from '../labels';
import { DATE_FORMAT, HEADER_FILL, dateCell } from './cells';
import { DEFAULT_PROCESS_KEY, IMPORT_COLUMNS, type ImportKey, LISTS_SHEET, MATTER_SHEET, MAX_IMPORT_ROWS, NOTES_SHEET } from './columns';
import { importReference } from './import';
import type { ImportReference } from './parse';

// exceljs's typings leave out Worksheet.dataValidations, which validates a whole range in one entry.
type RangeValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function listValidation(sheet: ExcelJS.Worksheet, column: number, formula: string, prompt: string): void {
  const letter = sheet.getColumn(column).letter;
  (sheet as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${MAX_IMPORT_ROWS + 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    // A warning, not a refusal: ids and codes are accepted as well as the listed names.
    errorStyle: 'warning',
    errorTitle: '不在列表中',
    error: prompt,
  });
}

/** The example row of the 说明 sheet, in the columns' order. */
function exampleRow(ref: Pick<ImportReference, 'units' | 'quality'>): ExcelJS.CellValue[] {
  const [lead, co] = ref.units;
  const values: Record<ImportKey, ExcelJS.CellValue> = {
    title: '城区新建公共停车位',
    source: SOURCE_LABELS.meeting,
    type: '项目建设类',
    assignedDate: dateCell(ref.quality.today),
    deadline: dateCell(`${ref.quality.today.slice(0, 4)}-12-31`),
    assigner: '县政府常务会议',
    area: '城关镇',
    leadUnit: lead?.name ?? '',
    coUnits: co?.name ?? '',
    leader: '',
    'target.indicator': '新建停车位',
    'target.measure': '个',
    'target.value': 1200,
    reportingPeriod: PERIOD_LABELS.monthly,
    tags: '民生实事、交通',
    processKey: DEFAULT_PROCESS_KEY,
  };
  return IMPORT_COLUMNS.map((c) => values[c.key]);
}

/**
 * The workbook to fill in: the sheet 督办事项 with its headers (and a note on each), drop-down lists
 * for source, reporting period, lead unit and process, and date formats; 说明 explaining each
 * column with an example row; 选项 listing the units and processes the lists offer.
 */
export async function buildMatterTemplate(ref: ImportReference): Promise<Buffer> {
  const processes = [...ref.processes.values()];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(MATTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: c.date ? { numFmt: DATE_FORMAT } : {} }));
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    cell.font = { bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    cell.fill = HEADER_FILL;
    cell.note = `${c.required ? '必填。' : ''}${c.note}`;
  });
  const position = (key: ImportKey) => IMPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
  listValidation(sheet, position('source'), `"${Object.values(SOURCE_LABELS).join(',')}"`, '请从列表中选择事项来源');
  listValidation(sheet, position('reportingPeriod'), `"${Object.values(PERIOD_LABELS).join(',')}"`, '请从列表中选择填报周期');
  if (ref.units.length > 0) listValidation(sheet, position('leadUnit'), `'${LISTS_SHEET}'!$A$2:$A$${ref.units.length + 1}`, `请选择“${LISTS_SHEET}”表中的单位`);
  if (processes.length > 0) listValidation(sheet, position('processKey'), `'${LISTS_SHEET}'!$D$2:$D$${processes.length + 1}`, `请选择“${LISTS_SHEET}”表中的流程`);

  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 8 }, { width: 14 }, { width: 8 }, { width: 80 }];
  const heading = notes.addRow(['列', '标题', '必填', '说明']);
  heading.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => notes.addRow([sheet.getColumn(i + 1).letter, c.header, c.required ? '是' : '', c.note]));
  notes.addRow([]);
  notes.addRow(['每行一个督办事项，从第 2 行起填写；空行不导入。任一行有错则整个文件都不导入，并逐一列出出错的行、列和原因。']);
  notes.addRow([`示例（可复制到“${MATTER_SHEET}”表）：`]).font = { bold: true };
  const exampleHeader = notes.addRow(IMPORT_COLUMNS.map((c) => c.header));
  exampleHeader.font = { bold: true };
  const example = notes.addRow(exampleRow(ref));
  IMPORT_COLUMNS.forEach((c, i) => {
    if (c.date) example.getCell(i + 1).numFmt = DATE_FORMAT;
  });

  const lists = workbook.addWorksheet(LISTS_SHEET);
  lists.columns = [
    { header: '单位名称', width: 28 },
    { header: '单位编码', width: 16 },
    { header: '', width: 4 },
    { header: '流程', width: 22 },
    { header: '流程名称', width: 24 },
  ];
  lists.getRow(1).font = { bold: true };
  const listRows = Math.max(ref.units.length, processes.length);
  for (let i = 0; i < listRows; i++) {
    lists.addRow([ref.units[i]?.name ?? null, ref.units[i]?.id ?? null, null, processes[i]?.key ?? null, processes[i]?.name ?? null]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function matterTemplate(knex: Knex, now: number): Promise<Buffer> {
  return buildMatterTemplate(await importReference(knex, now));
}
