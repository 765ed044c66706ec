/**
 * Matters in Excel: the import template (批量导入模板), its import — every row checked by the
 * data-quality rules, all rows registered or none — and the ledger (台账) of any matter query.
 *
 * The sheet 督办事项 has one column per standard data element, found by its header title in any
 * order; unknown columns are ignored. Units are given by id or name, leaders by username or name,
 * sources and reporting periods by their Chinese label or their code. Errors name the row as Excel
 * numbers it, the column by its letter (`column`) and the data element (`path`), and start their
 * message with the column's title.
 *
 * Dates: Excel stores a date as a day count with no time zone, and exceljs hands it over as the Date
 * whose UTC fields are what the cell shows. A date cell therefore reads as the UTC calendar date of
 * that Date — what the user sees in Excel. Reading it in Asia/Shanghai instead would move every
 * cell showing a time after 16:00 to the next day.
 *
 * Beyond the rules of checkMatterData, the import refuses a title that appears twice in one file:
 * that is a row entered twice, not two matters.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { type LocalDate, daysBetween, isLocalDate, localDateOf } from '../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config';
import type { Light } from '../supervision/lights';
import {
  type DataQualityContext,
  type MatterData,
  type MatterSource,
  type ReportingPeriod,
  type Target,
  checkMatterData,
} from '../supervision/matter-data';
import type { User } from '../supervision/access';
import { type ErrorDetail, invalidInput } from './errors';
import { type SheetRow, type StreamedWorkbook, columnLetter, openWorkbook, tooMuch } from './workbook-stream';
import { type DefinitionRow, listDefinitions } from './definitions';
import { clockNow } from './clock';
import { CARD_LABELS, LIGHT_LABELS, PERIOD_LABELS, SOURCE_LABELS, STATUS_LABELS } from './labels';
import {
  type MatterDraft,
  type MatterRow,
  type TemporalContext,
  dataQualityContext,
  flowVariables,
  insertDrafts,
  seesAllMatters,
  startMatter,
} from './matters';
import { workingDays } from './work-calendar';
import { type MatterQuery, searchMatters } from './statistics';

export const MATTER_SHEET = '督办事项';
export const NOTES_SHEET = '说明';
export const LISTS_SHEET = '选项';
export const DEFAULT_PROCESS_KEY = 'supervision-basic';
/**
 * One import registers at most this many matters: each starts a workflow while the request waits
 * (about 35 s for a thousand at the measured 28.8 starts/s). The reader stops at the matter after it.
 */
export const MAX_IMPORT_ROWS = 1000;
/** Rows read in the sheet, blank ones included: a sheet of a million blank rows is refused at this row. */
export const MAX_SCANNED_ROWS = 10 * MAX_IMPORT_ROWS;
/** A ledger beyond this is no longer a register anyone reads; narrow the query. */
export const MAX_LEDGER_ROWS = 20_000;

const LIGHT_COLOURS: Record<Light, string | undefined> = { white: undefined, blue: 'FF91CAFF', green: 'FFB7EB8F', yellow: 'FFFFE58F', red: 'FFFFA39E' };

const LIST_SEPARATORS = /[,，、;；\n]/;
const SEPARATOR_NOTE = '多个用 、 , ， ; ； 分隔';

/** A column of the import sheet; `key` is the data element's field path as the rules name it. */
export interface ImportColumn {
  key: ImportKey;
  header: string;
  required: boolean;
  width: number;
  note: string;
  date?: boolean;
}

export type ImportKey =
  | 'title'
  | 'source'
  | 'type'
  | 'assignedDate'
  | 'deadline'
  | 'assigner'
  | 'area'
  | 'leadUnit'
  | 'coUnits'
  | 'leader'
  | 'target.indicator'
  | 'target.measure'
  | 'target.value'
  | 'reportingPeriod'
  | 'tags'
  | 'processKey';

const DATE_NOTE = '日期单元格，或文本 2026-12-31、2026/12/31、2026年12月31日';

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { key: 'title', header: '事项名称', required: true, width: 36, note: '2 至 200 字；同一文件中不得重复' },
  { key: 'source', header: '事项来源', required: true, width: 12, note: `可选：${Object.values(SOURCE_LABELS).join('、')}` },
  { key: 'type', header: '事项类型', required: true, width: 14, note: '如 项目建设类、指标类（至多 50 字）' },
  { key: 'assignedDate', header: '交办日期', required: true, width: 13, note: `${DATE_NOTE}；不晚于今天`, date: true },
  { key: 'deadline', header: '办结时限', required: true, width: 13, note: `${DATE_NOTE}；不早于交办日期`, date: true },
  { key: 'assigner', header: '交办人', required: true, width: 18, note: '交办的会议、领导或文件，如 县政府常务会议' },
  { key: 'area', header: '责任区域', required: false, width: 12, note: '如 城关镇；可空' },
  { key: 'leadUnit', header: '牵头单位', required: true, width: 24, note: `单位名称或编码（见“${LISTS_SHEET}”表）` },
  { key: 'coUnits', header: '配合单位', required: false, width: 30, note: `单位名称或编码，${SEPARATOR_NOTE}；不含牵头单位；可空` },
  { key: 'leader', header: '分管领导', required: false, width: 14, note: '领导的用户名或姓名；可空' },
  { key: 'target.indicator', header: '量化指标', required: false, width: 16, note: '如 新建停车位；量化指标、计量单位、目标值三列都填或都空' },
  { key: 'target.measure', header: '计量单位', required: false, width: 10, note: '如 个、公里、万元' },
  { key: 'target.value', header: '目标值', required: false, width: 10, note: '大于 0 的数' },
  { key: 'reportingPeriod', header: '填报周期', required: true, width: 10, note: `可选：${Object.values(PERIOD_LABELS).join('、')}` },
  { key: 'tags', header: '标签', required: false, width: 18, note: `至多 10 个，每个至多 20 字，${SEPARATOR_NOTE}；可空` },
  { key: 'processKey', header: '流程', required: false, width: 18, note: `督办流程的编码（见“${LISTS_SHEET}”表）；留空为 ${DEFAULT_PROCESS_KEY}` },
];

const COLUMN_OF = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));

/* ───────────────────────────── cells ───────────────────────────── */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The calendar date Excel shows for a Date exceljs read from a date cell: its UTC fields (see the file comment). */
export const excelDate = (value: Date): LocalDate => value.toISOString().slice(0, 10);

/** A cell's content as trimmed text, whatever Excel stored: numbers, dates, rich text, links, formula results. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return excelDate(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('hyperlink' in value) return cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  return value.error;
}

/** The value of a formula cell is its result. */
function resultOf(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return value.result ?? null;
  return value;
}

const DASHED_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE_DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
/** Day 1 and the last day Excel can show (9999-12-31). */
const EXCEL_SERIALS = { first: 1, last: 2_958_465 };
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date cell, an Excel day number, or text as 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日; blank is undefined. */
export function parseDate(cell: ExcelJS.CellValue): Parsed<LocalDate | undefined> {
  const value = resultOf(cell);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? refused('not a date') : ok(excelDate(value));
  if (typeof value === 'number') {
    // A date whose cell lost its date format reads as its day number.
    if (value < EXCEL_SERIALS.first || value >= EXCEL_SERIALS.last + 1) return refused(`${value} is not a date`);
    return ok(excelDate(new Date(EXCEL_EPOCH + Math.floor(value) * 86_400_000)));
  }
  const text = cellText(value);
  if (text === '') return ok(undefined);
  const match = DASHED_DATE.exec(text) ?? CHINESE_DATE.exec(text);
  if (!match) return refused(`"${text}" is not a date: use a date cell or 2026-12-31, 2026/12/31, 2026年12月31日`);
  const [year, month, day] = match.length === 5 ? [match[1], match[3], match[4]] : [match[1], match[2], match[3]];
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isLocalDate(date) ? ok(date) : refused(`"${text}" is not a calendar date`);
}

/** A number cell or a number as text; blank is undefined. */
export function parseNumber(cell: ExcelJS.CellValue): Parsed<number | undefined> {
  const value = resultOf(cell);
  if (typeof value === 'number') return ok(value);
  const text = cellText(value);
  if (text === '') return ok(undefined);
  const number = Number(text);
  return Number.isFinite(number) ? ok(number) : refused(`"${text}" is not a number`);
}

/** The entries of a list cell, separated by 、 , ， ; ； or line breaks. */
export function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A code given as itself or by its label (会议交办 → meeting); blank is undefined. */
export function parseChoice<T extends string>(text: string, labels: Record<T, string>): Parsed<T | undefined> {
  if (text === '') return ok(undefined);
  if (Object.hasOwn(labels, text)) return ok(text as T);
  const code = (Object.keys(labels) as T[]).find((c) => labels[c] === text);
  return code ? ok(code) : refused(`"${text}" is not one of ${Object.values<string>(labels).join('、')}`);
}

export interface Named {
  id: string;
  name: string;
}

/**
 * Resolves what a file calls a unit or a leader: its id, or its name when exactly one has that
 * name. Text that is neither stays as it is, for the data-quality rules to refuse by name.
 */
export function byIdOrName(entries: readonly Named[]): (text: string) => Parsed<string> {
  const ids = new Set(entries.map((e) => e.id));
  const byName = new Map<string, string[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e.id]);
  return (text) => {
    if (ids.has(text)) return ok(text);
    const matches = byName.get(text) ?? [];
    if (matches.length > 1) return refused(`"${text}" names ${matches.length} (${matches.join(', ')}); give the id`);
    return ok(matches[0] ?? text);
  };
}

/* ───────────────────────────── import ───────────────────────────── */

/** What a workbook is checked against: the organisation, the deployed processes, the rules' context. */
export interface ImportReference {
  units: readonly Named[];
  /** Leaders by username (id) and display name. */
  leaders: readonly Named[];
  /** The latest version of each deployed process, by key. */
  processes: ReadonlyMap<string, Pick<DefinitionRow, 'id' | 'key' | 'version' | 'name'>>;
  quality: DataQualityContext;
}

export interface ImportedMatter {
  /** The row as Excel numbers it. */
  row: number;
  processKey: string;
  data: MatterData;
}

export interface CellError extends ErrorDetail {
  row?: number;
  /** The column's letter, as Excel shows it. */
  column?: string;
  /** The data element (as in the matters API), or processKey. */
  path?: string;
  message: string;
}

/** In reading order: row by row, left to right (B before AA); sheet-wide errors first. */
function byRowAndColumn(a: CellError, b: CellError): number {
  const column = (e: CellError) => e.column ?? '';
  return (a.row ?? 0) - (b.row ?? 0) || column(a).length - column(b).length || column(a).localeCompare(column(b));
}

/**
 * Reads the sheet 督办事项 of an uploaded workbook as a stream and checks every row; returns the
 * matters to register or every error. Blank rows are skipped (they count only towards the rows
 * scanned, MAX_SCANNED_ROWS); the matter beyond MAX_IMPORT_ROWS stops the reading with a refusal
 * naming its row. Cells beyond the template's columns are never read.
 */
export async function readMatterWorkbook(file: Buffer | StreamedWorkbook, ref: ImportReference): Promise<{ ok: true; matters: ImportedMatter[] } | { ok: false; errors: CellError[] }> {
  const workbook = Buffer.isBuffer(file) ? await openWorkbook(file) : file;
  const errors: CellError[] = [];
  const refuse = () => ({ ok: false as const, errors: errors.sort(byRowAndColumn) });
  if (!workbook.hasSheet(MATTER_SHEET)) {
    errors.push({ message: `the workbook has no sheet ${MATTER_SHEET}` });
    return refuse();
  }

  const positions = new Map<ImportKey, number>();
  const readHeader = (header: SheetRow | undefined) => {
    for (const number of header?.columns() ?? []) {
      const column = IMPORT_COLUMNS.find((c) => c.header === cellText(header!.cell(number)));
      if (!column) continue;
      if (positions.has(column.key)) errors.push({ row: 1, column: columnLetter(number), message: `the column ${column.header} appears twice` });
      else positions.set(column.key, number);
    }
    for (const column of IMPORT_COLUMNS) {
      if (column.required && !positions.has(column.key)) errors.push({ row: 1, message: `no column ${column.header}` });
    }
  };

  const letter = (key: ImportKey) => {
    const position = positions.get(key);
    return position === undefined ? undefined : columnLetter(position);
  };
  const unit = byIdOrName(ref.units);
  const leader = byIdOrName(ref.leaders);
  const matters: ImportedMatter[] = [];
  const titleRows = new Map<string, number>();
  let rows = 0;
  let rowsAtYield = 0;
  let headerRead = false;

  const checkRow = (excelRow: SheetRow) => {
    const row = excelRow.row;
    const cell = (key: ImportKey): ExcelJS.CellValue => {
      const position = positions.get(key);
      return position === undefined ? null : excelRow.cell(position);
    };
    const text = (key: ImportKey) => cellText(cell(key));
    if (IMPORT_COLUMNS.every((c) => text(c.key) === '')) return;
    rows++;
    if (rows > MAX_IMPORT_ROWS) {
      tooMuch({ sheet: MATTER_SHEET, row, message: `${MATTER_SHEET} row ${row}: more than ${MAX_IMPORT_ROWS} matters; import at most ${MAX_IMPORT_ROWS} at a time` });
    }

    const refusedFields = new Set<string>();
    const fail = (key: string, message: string) => {
      refusedFields.add(key);
      const column = COLUMN_OF.get(key as ImportKey);
      errors.push({ row, column: letter(key as ImportKey), path: key, message: column ? `${column.header}: ${message}` : message });
    };
    const take = <T>(key: ImportKey, parsed: Parsed<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      fail(key, parsed.message);
      return undefined;
    };

    const indicator = text('target.indicator');
    const measure = text('target.measure');
    const value = take('target.value', parseNumber(cell('target.value')));
    const targetGiven = indicator !== '' || measure !== '' || text('target.value') !== '';
    const coUnits = splitList(text('coUnits')).map((u) => take('coUnits', unit(u)));
    const input: Record<string, unknown> = {
      title: text('title'),
      source: take('source', parseChoice(text('source'), SOURCE_LABELS)),
      type: text('type'),
      assignedDate: take('assignedDate', parseDate(cell('assignedDate'))),
      deadline: take('deadline', parseDate(cell('deadline'))),
      assigner: text('assigner'),
      area: text('area'),
      leadUnit: take('leadUnit', unit(text('leadUnit'))),
      coUnits: coUnits.filter((u): u is string => u !== undefined),
      leader: take('leader', leader(text('leader'))),
      target: targetGiven ? { indicator, measure, value } : undefined,
      reportingPeriod: take('reportingPeriod', parseChoice(text('reportingPeriod'), PERIOD_LABELS)),
      tags: splitList(text('tags')),
    };

    const processKey = text('processKey') || DEFAULT_PROCESS_KEY;
    if (!ref.processes.has(processKey)) fail('processKey', `no process "${processKey}" is deployed`);

    const title = text('title');
    const firstRow = titleRows.get(title);
    if (firstRow !== undefined && title !== '') fail('title', `the same title as row ${firstRow}`);
    else titleRows.set(title, row);

    const checked = checkMatterData(input, ref.quality);
    if (!checked.ok) {
      for (const e of checked.errors) if (!refusedFields.has(e.field)) fail(e.field, e.message);
    } else if (refusedFields.size === 0) {
      matters.push({ row, processKey, data: checked.data });
    }
  };

  for await (const excelRow of workbook.rows(MATTER_SHEET, { scannedRows: MAX_SCANNED_ROWS })) {
    // A chunk of the sheet holds dozens of matters, each checked by the rules: let other requests in between.
    if (rows - rowsAtYield >= YIELD_EVERY) {
      rowsAtYield = rows;
      await yieldToLoop();
    }
    if (!headerRead) {
      headerRead = true;
      readHeader(excelRow.row === 1 ? excelRow : undefined);
      if (errors.length > 0) return refuse();
      if (excelRow.row === 1) continue;
    }
    checkRow(excelRow);
  }
  if (!headerRead) {
    readHeader(undefined);
    return refuse();
  }

  if (rows === 0) errors.push({ message: `the sheet ${MATTER_SHEET} has no matters below its header` });
  if (errors.length > 0) return refuse();
  return { ok: true, matters };
}

/** The organisation, processes and rules' context as they stand. */
export async function importReference(knex: Knex, now: number): Promise<ImportReference> {
  const [units, leaders, definitions, quality] = await Promise.all([
    knex('units').orderBy([{ column: 'sort' }, { column: 'id' }]).select('id', 'name'),
    knex('users').where({ role: 'leader' }).orderBy('username').select('username as id', 'display_name as name'),
    listDefinitions(knex),
    dataQualityContext(knex, now),
  ]);
  return { units, leaders, processes: new Map(definitions.map((d) => [d.key, d])), quality };
}

export interface ImportResult {
  created: number;
  /** The new matters' ids, in the order of their rows. */
  ids: string[];
  started: number;
  /** Matters registered but not started (the workflow service refused): they stay drafts to start later. */
  notStarted: Array<{ row: number; id: string; message: string }>;
}

/** Rows checked (or drafts built) between two turns of the event loop. */
const YIELD_EVERY = 20;

/** How many workflows start at once: each start waits for the matter's first tasks. */
const START_CONCURRENCY = 4;

/**
 * Imports a workbook: every row checked, then every matter registered in one transaction (or, with
 * a 400 listing every error, none); then, unless `draft`, each one started.
 */
export async function importMatters(
  knex: Knex,
  temporal: TemporalContext,
  file: Buffer,
  user: User,
  options: { draft: boolean },
): Promise<ImportResult> {
  const workbook = await openWorkbook(file);
  const ref = await importReference(knex, clockNow(temporal.drill));
  const result = await readMatterWorkbook(workbook, ref);
  if (!result.ok) {
    const count = result.errors.length;
    throw invalidInput(`the workbook has ${count} error${count === 1 ? '' : 's'}; nothing was imported`, result.errors);
  }

  const calendar = await workingDays(knex);
  const drafts: Array<MatterDraft & { row: number }> = [];
  for (const m of result.matters) {
    // The flow's variables read the calendar (time zones): a thousand of them at once would hold the loop.
    if (drafts.length % YIELD_EVERY === 0) await yieldToLoop();
    drafts.push({
      id: randomUUID(),
      row: m.row,
      definition: ref.processes.get(m.processKey)!,
      title: m.data.title,
      data: m.data,
      variables: flowVariables(m.data, calendar),
      audit: { importedFromRow: m.row },
    });
  }
  await knex.transaction((trx) => insertDrafts(trx, drafts, user));

  const notStarted: ImportResult['notStarted'] = [];
  if (!options.draft) {
    let next = 0;
    const startNext = async (): Promise<void> => {
      while (next < drafts.length) {
        const draft = drafts[next++];
        try {
          await startMatter(knex, temporal, draft.id, user);
        } catch (err) {
          notStarted.push({ row: draft.row, id: draft.id, message: (err as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, drafts.length) }, startNext));
    notStarted.sort((a, b) => a.row - b.row);
  }
  return {
    created: drafts.length,
    ids: drafts.map((d) => d.id),
    started: options.draft ? 0 : drafts.length - notStarted.length,
    notStarted,
  };
}

/* ───────────────────────────── template ───────────────────────────── */

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
const DATE_FORMAT = 'yyyy-mm-dd';

/** A calendar date as the cell value Excel shows as that date. */
const dateCell = (date: LocalDate): Date => new Date(`${date}T00:00:00Z`);

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

/* ───────────────────────────── ledger ───────────────────────────── */

export interface LedgerMatter {
  row: MatterRow;
  light?: Light;
  openTasks: Array<{ name: string; unitIds: string[] }>;
}

export interface LedgerNames {
  units: ReadonlyMap<string, string>;
  leaders: ReadonlyMap<string, string>;
}

/**
 * Days a matter is or was past its deadline: a running matter as of today, a completed one on the
 * day it closed; undefined when it is not late (or has no deadline, or has not started).
 */
export function daysOverdue(row: Pick<MatterRow, 'status' | 'deadline' | 'ended_at'>, today: LocalDate, timeZone: string): number | undefined {
  if (!row.deadline) return undefined;
  const asOf = row.status === 'running' ? today : row.status === 'completed' && row.ended_at ? localDateOf(row.ended_at.getTime(), timeZone) : undefined;
  const days = asOf === undefined ? 0 : daysBetween(row.deadline, asOf);
  return days > 0 ? days : undefined;
}

interface LedgerContext {
  names: LedgerNames;
  today: LocalDate;
  timeZone: string;
}

interface LedgerColumn {
  header: string;
  width: number;
  value(m: LedgerMatter, ctx: LedgerContext, index: number): ExcelJS.CellValue;
  date?: boolean;
  wrap?: boolean;
}

const header = (key: ImportKey) => COLUMN_OF.get(key)!.header;
const joined = (values: readonly string[]) => values.join('、') || null;
const targetOf = (row: MatterRow) => (row.target ?? undefined) as Target | undefined;

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '序号', width: 6, value: (_m, _ctx, index) => index + 1 },
  { header: header('title'), width: 36, value: (m) => m.row.title, wrap: true },
  { header: header('source'), width: 10, value: (m) => (m.row.source ? (SOURCE_LABELS[m.row.source as MatterSource] ?? m.row.source) : null) },
  { header: header('type'), width: 12, value: (m) => m.row.type },
  { header: header('assignedDate'), width: 12, value: (m) => m.row.assigned_date && dateCell(m.row.assigned_date), date: true },
  { header: header('deadline'), width: 12, value: (m) => m.row.deadline && dateCell(m.row.deadline), date: true },
  { header: header('assigner'), width: 16, value: (m) => m.row.assigner },
  { header: header('area'), width: 10, value: (m) => m.row.area },
  { header: header('leadUnit'), width: 22, value: (m, { names }) => m.row.lead_unit && (names.units.get(m.row.lead_unit) ?? m.row.lead_unit) },
  { header: header('coUnits'), width: 26, value: (m, { names }) => joined(m.row.co_units.map((u) => names.units.get(u) ?? u)), wrap: true },
  { header: header('leader'), width: 14, value: (m, { names }) => m.row.leader && (names.leaders.get(m.row.leader) ?? m.row.leader) },
  { header: header('target.indicator'), width: 14, value: (m) => targetOf(m.row)?.indicator ?? null },
  { header: header('target.measure'), width: 8, value: (m) => targetOf(m.row)?.measure ?? null },
  { header: header('target.value'), width: 10, value: (m) => targetOf(m.row)?.value ?? null },
  { header: header('reportingPeriod'), width: 8, value: (m) => (m.row.reporting_period ? (PERIOD_LABELS[m.row.reporting_period as ReportingPeriod] ?? m.row.reporting_period) : null) },
  { header: header('tags'), width: 14, value: (m) => joined(m.row.tags) },
  { header: header('processKey'), width: 16, value: (m) => m.row.process_key },
  { header: '状态', width: 8, value: (m) => STATUS_LABELS[m.row.status] ?? m.row.status },
  { header: '亮灯', width: 6, value: (m) => (m.light ? LIGHT_LABELS[m.light] : null) },
  { header: '当前环节', width: 20, value: (m) => joined([...new Set(m.openTasks.map((t) => t.name))]), wrap: true },
  {
    header: '当前办理单位',
    width: 26,
    value: (m, { names }) => joined([...new Set(m.openTasks.flatMap((t) => t.unitIds))].map((u) => names.units.get(u) ?? u)),
    wrap: true,
  },
  { header: '逾期天数', width: 8, value: (m, { today, timeZone }) => daysOverdue(m.row, today, timeZone) ?? null },
  { header: '最新进展', width: 40, value: (m) => (typeof m.row.variables?.progress === 'string' ? m.row.variables.progress : null), wrap: true },
  { header: '办结日期', width: 12, value: (m, { timeZone }) => (m.row.ended_at ? dateCell(localDateOf(m.row.ended_at.getTime(), timeZone)) : null), date: true },
];

/** The ledger as a workbook: a title row naming the query and the export time, then one row per matter. */
export async function buildLedger(
  matters: readonly LedgerMatter[],
  names: LedgerNames,
  heading: { query: string; exportedAt: string },
  today: LocalDate,
  timeZone: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
  const width = LEDGER_COLUMNS.length;
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width, style: c.date ? { numFmt: DATE_FORMAT } : {} }));

  const title = sheet.getRow(1);
  title.getCell(1).value = `督办事项台账（${heading.query}）  导出时间：${heading.exportedAt}`;
  title.font = { bold: true, size: 13 };
  title.height = 24;
  sheet.mergeCells(1, 1, 1, width);

  const headers = sheet.getRow(2);
  headers.values = LEDGER_COLUMNS.map((c) => c.header);
  headers.font = { bold: true };
  headers.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });

  const ctx: LedgerContext = { names, today, timeZone };
  const lightColumn = LEDGER_COLUMNS.findIndex((c) => c.header === '亮灯') + 1;
  matters.forEach((m, i) => {
    const row = sheet.addRow(LEDGER_COLUMNS.map((c) => c.value(m, ctx, i)));
    LEDGER_COLUMNS.forEach((c, j) => {
      if (c.wrap) row.getCell(j + 1).alignment = { vertical: 'top', wrapText: true };
    });
    const colour = m.light && LIGHT_COLOURS[m.light];
    if (colour) row.getCell(lightColumn).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colour } };
  });
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + matters.length, column: width } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The filters in words, for the ledger's title row. */
export function describeQuery(query: MatterQuery, names: LedgerNames, scopeUnit?: string): string {
  const unit = (id: string) => names.units.get(id) ?? id;
  const range = (from?: string, to?: string) => (from && to ? `${from} 至 ${to}` : from ? `${from} 起` : `至 ${to}`);
  const parts: Array<string | false | undefined> = [
    scopeUnit && `范围：${unit(scopeUnit)}参与的事项`,
    query.text && `标题含“${query.text}”`,
    query.status && `状态：${STATUS_LABELS[query.status] ?? query.status}`,
    query.light && `亮灯：${LIGHT_LABELS[query.light]}`,
    query.leadUnit && `牵头单位：${unit(query.leadUnit)}`,
    query.unit && `责任单位：${unit(query.unit)}`,
    query.source && `来源：${SOURCE_LABELS[query.source]}`,
    query.type && `类型：${query.type}`,
    query.assigner && `交办人：${query.assigner}`,
    query.leader && `分管领导：${names.leaders.get(query.leader) ?? query.leader}`,
    query.area && `区域：${query.area}`,
    query.tag && `标签：${query.tag}`,
    query.reportingPeriod && `填报周期：${PERIOD_LABELS[query.reportingPeriod]}`,
    (query.deadlineFrom || query.deadlineTo) && `办结时限：${range(query.deadlineFrom, query.deadlineTo)}`,
    (query.assignedFrom || query.assignedTo) && `交办日期：${range(query.assignedFrom, query.assignedTo)}`,
    query.period && `${{ week: '周', month: '月', year: '年' }[query.period]}内有进展：${query.date ?? '本期'}`,
    query.cardMonth && `${query.cardMonth} ${query.card ? CARD_LABELS[query.card] : '亮牌'}`,
    query.overdue !== undefined && (query.overdue ? '仅逾期' : '未逾期'),
  ];
  const said = parts.filter((part): part is string => typeof part === 'string' && part !== '');
  return said.length > 0 ? said.join('；') : '全部事项';
}

/** A local date and time, 2026-11-23 21:30. */
function localDateTime(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(instant);
}

/** The ledger of the matters a user may see that match the query (the same query as the list and the search). */
export async function matterLedger(
  knex: Knex,
  user: User,
  query: MatterQuery,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<{ file: Buffer; today: LocalDate }> {
  const found = await searchMatters(knex, user, query, { limit: MAX_LEDGER_ROWS, offset: 0 }, now, config);
  if (found.total > MAX_LEDGER_ROWS) throw invalidInput(`the query matches ${found.total} matters, more than ${MAX_LEDGER_ROWS}; narrow it`);
  const rows = found.items.map((item) => item.row);
  const lights = new Map(found.items.map((item) => [item.row.id, item.light]));
  const ids = rows.map((r) => r.id);
  const [tasks, units, leaders] = await Promise.all([
    knex('tasks').whereRaw('matter_id = any(?)', [ids]).andWhere({ status: 'open' }).orderBy('created_at').select('matter_id', 'name', 'element_id', 'candidate_units'),
    knex('units').select('id', 'name'),
    knex('users').where({ role: 'leader' }).select('username', 'display_name'),
  ]);
  const openTasks = new Map<string, LedgerMatter['openTasks']>();
  for (const t of tasks) openTasks.set(t.matter_id, [...(openTasks.get(t.matter_id) ?? []), { name: t.name ?? t.element_id, unitIds: t.candidate_units }]);
  const names: LedgerNames = {
    units: new Map(units.map((u) => [u.id, u.name])),
    leaders: new Map(leaders.map((l) => [l.username, l.display_name])),
  };
  const today = localDateOf(now, config.timeZone);
  const matters = rows.map((row) => ({ row, light: lights.get(row.id), openTasks: openTasks.get(row.id) ?? [] }));
  const heading = { query: describeQuery(query, names, seesAllMatters(user) ? undefined : user.unitId), exportedAt: localDateTime(now, config.timeZone) };
  return { file: await buildLedger(matters, names, heading, today, config.timeZone), today };
}
