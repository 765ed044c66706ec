/**
 * Cell values of the workbooks the server reads and writes (matters, the organisation): text, dates,
 * numbers, lists and choices read from whatever Excel stored; dates and fills written.
 *
 * Dates: Excel stores a date as a day count with no time zone, and exceljs hands it over as the Date
 * whose UTC fields are what the cell shows. A date cell therefore reads as the UTC calendar date of
 * that Date — what the user sees in Excel. Reading it in Asia/Shanghai instead would move every
 * cell showing a time after 16:00 to the next day.
 */
import type ExcelJS from 'exceljs';
import { type LocalDate, isLocalDate } from '../../supervision/calendar';
import { HEADER_SHADE } from '../format';

/* ───────────────────────────── reading ───────────────────────────── */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const refused = <T>(message: string): Parsed<T> => ({ ok: false, message });

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

export const DATE_NOTE = '日期单元格，或文本 2026-12-31、2026/12/31、2026年12月31日';
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

const LIST_SEPARATORS = /[,，、;；\n]/;
export const SEPARATOR_NOTE = '多个用 、 , ， ; ； 分隔';

/** The entries of a list cell, separated by 、 , ， ; ； or line breaks. */
export function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATORS)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A code given as itself or by its label (会议交办 → meeting, 部门 → department); undefined when it is neither. */
export function byCodeOrLabel<T extends string>(text: string, labels: Record<T, string>): T | undefined {
  if (Object.hasOwn(labels, text)) return text as T;
  return (Object.keys(labels) as T[]).find((code) => labels[code] === text);
}

/** A code given as itself or by its label; blank is undefined. */
export function parseChoice<T extends string>(text: string, labels: Record<T, string>): Parsed<T | undefined> {
  if (text === '') return ok(undefined);
  const code = byCodeOrLabel(text, labels);
  return code ? ok(code) : refused(`"${text}" is not one of ${Object.values<string>(labels).join('、')}`);
}

/* ───────────────────────────── writing ───────────────────────────── */

export const DATE_FORMAT = 'yyyy-mm-dd';

/** A calendar date as the cell value Excel shows as that date. */
export const dateCell = (date: LocalDate): Date => new Date(`${date}T00:00:00Z`);

/** A cell filled with a colour given as RGB hex. */
export const solidFill = (rgb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb}` } });

export const HEADER_FILL = solidFill(HEADER_SHADE);
