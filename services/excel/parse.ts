/**
 * Reading a matters workbook: the sheet 督办事项 row by row, each row's cells into the data of a
 * matter checked by the data-quality rules. Nothing here reads or writes the database: what the
 * rows are checked against (units, leaders, processes) comes in as an ImportReference.
 *
 * Columns are found by their header title in any order; unknown columns are ignored. Units are
 * given by id or name, leaders by username or name, sources and reporting periods by their Chinese
 * label or their code. Errors name the row as Excel numbers it, the column by its letter (`column`)
 * and the data element (`path`), and start their message with the column's title.
 *
 * Beyond the rules of checkMatterData, the import refuses a title that appears twice in one file:
 * that is a row entered twice, not two matters.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { type DataQualityContext, type MatterData, checkMatterData } from '../../supervision/matter-data';
import type { DefinitionRow } from '../definitions';
import type { ErrorDetail } from '../errors';
import { PERIOD_LABELS, SOURCE_LABELS } from '../labels';
import { type Parsed, cellText, ok, parseChoice, parseDate, parseNumber, refused, splitList } from './cells';
import { COLUMN_OF, DEFAULT_PROCESS_KEY, IMPORT_COLUMNS, type ImportKey, MATTER_SHEET, MAX_IMPORT_ROWS, MAX_SCANNED_ROWS } from './columns';
import { type SheetRow, type StreamedWorkbook, columnLetter, compareColumns, openWorkbook, tooMuch } from './stream';

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
  return (a.row ?? 0) - (b.row ?? 0) || compareColumns(a.column ?? '', b.column ?? '');
}

/** Rows checked (or drafts built) between two turns of the event loop. */
export const YIELD_EVERY = 20;

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
