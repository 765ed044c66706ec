/**
 * Uploaded workbooks read as streams, with their work bounded: an upload of a few megabytes can
 * inflate to gigabytes of XML (a million blank rows, a sheet dimension of a million rows, styled
 * empty cells), which exceljs's in-memory `xlsx.load` would turn into a minute of blocked event loop
 * and gigabytes of memory before anything could refuse it.
 *
 * The zip's central directory gives random access to its entries, so only what is needed is inflated,
 * in the order it is needed: the workbook and its relationships (sheet names), the styles (date cells),
 * the shared strings (capped in number and length), then the rows of the wanted sheets, streamed
 * through exceljs's WorkbookReader / WorksheetReader chunk by chunk (inflate runs on libuv's threads;
 * the XML is parsed a chunk at a time, so the event loop keeps turning). Excel writes the shared strings
 * after the sheets; read straight from the upload, exceljs would copy each sheet to a temporary file
 * first. Every entry's inflated bytes are counted, and the reader refuses, with the sheet and the row
 * it had reached:
 *   - a sheet with more than `scannedRows` rows (blank ones included) — the caller refuses data rows
 *     beyond its own, smaller cap as it reads them;
 *   - a row whose XML is beyond ROW_BYTES (thousands of cells), a cell text beyond TEXT_LENGTH;
 *   - shared strings beyond SHARED_STRINGS in number or SHARED_STRINGS_BYTES of XML.
 * A file that is not a zip, or not a workbook, is refused as not an Excel workbook.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { DomainError, type ErrorDetail, invalidInput } from '../errors';

/** Excel's own limit on a cell's text. */
export const TEXT_LENGTH = 32_767;
/** Distinct strings in a workbook: far beyond what the largest allowed import holds. */
export const SHARED_STRINGS = 200_000;
export const SHARED_STRINGS_BYTES = 32 * 1024 * 1024;
/** The XML of one row: sixteen full cells of Chinese text are about 1.5 MiB. */
export const ROW_BYTES = 2 * 1024 * 1024;
/** A sheet's XML: the largest allowed import is a few MiB. */
export const SHEET_BYTES = 64 * 1024 * 1024;
/** workbook.xml, its relationships, styles.xml. */
const META_BYTES = 4 * 1024 * 1024;
/** Entries in the zip: a workbook has a few dozen. */
const MAX_ENTRIES = 1000;

const STORED_CHUNK = 16 * 1024;

const NOT_A_WORKBOOK = 'the file is not an Excel workbook (.xlsx)';

/** The refusal of a workbook beyond a limit: 400, naming the sheet and the row where it was hit. */
export function tooMuch(detail: ErrorDetail): never {
  throw invalidInput(`the workbook is beyond what one import reads (${detail.message}); nothing was imported`, [detail]);
}

/* ───────────────────────────── zip ───────────────────────────── */

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataOffset: number;
}

/** The entries listed in a zip's central directory (no zip64, no encryption: a workbook of a few MB needs neither). */
export function zipEntries(file: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  const fail = (): never => {
    throw invalidInput(NOT_A_WORKBOOK);
  };
  if (file.length < 22) fail();
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail();
  const count = file.readUInt16LE(eocd + 10);
  let at = file.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw invalidInput(`the workbook has ${count} parts; a workbook has a few dozen`);
  for (let n = 0; n < count; n++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== 0x02014b50) fail();
    const flags = file.readUInt16LE(at + 8);
    const method = file.readUInt16LE(at + 10);
    const compressedSize = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    const commentLength = file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > file.length || file.readUInt32LE(local) !== 0x04034b50) fail();
    const dataOffset = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    if (flags & 1 || (method !== 0 && method !== 8) || dataOffset + compressedSize > file.length) fail();
    entries.set(name.replace(/^\//, ''), { name, method, compressedSize, dataOffset });
  }
  return entries;
}

/**
 * An entry's inflated text as it comes, counted in bytes: `onChunk` sees the running total and may
 * throw; beyond `limit` bytes, `overflow` throws. The text is decoded here, as one stream, because
 * exceljs decodes each chunk by itself and would break a character split between two chunks. The
 * inflate stream is destroyed when the reader stops early.
 */
async function* inflated(file: Buffer, entry: ZipEntry, limit: number, overflow: () => never, onChunk?: (total: number) => void): AsyncGenerator<string> {
  const data = file.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  // A stored (not deflated) entry is handed over in pieces too: exceljs parses each chunk it gets at once.
  const pieces = Array.from({ length: Math.ceil(data.length / STORED_CHUNK) }, (_, i) => data.subarray(i * STORED_CHUNK, (i + 1) * STORED_CHUNK));
  const source = entry.method === 0 ? Readable.from(pieces) : Readable.from([data]).pipe(createInflateRaw());
  const decoder = new StringDecoder('utf8');
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) overflow();
      onChunk?.(total);
      yield decoder.write(chunk);
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('Z_')) throw invalidInput(NOT_A_WORKBOOK);
    throw err;
  } finally {
    source.destroy();
  }
}

/* ───────────────────────────── workbook ───────────────────────────── */

// The parts of exceljs's streaming reader used here: its parsers of each part of the zip, fed with
// streams of our own so that entries are read in the order above and counted.
interface ReaderInternals {
  model?: { sheets?: Array<{ name: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  sharedStrings?: ExcelJS.CellValue[];
  // These four take a stream (they read it with its 'data' events); _parseWorksheet any async iterable.
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: ExcelJS.CellValue }>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetInternals }>;
}
interface WorksheetInternals {
  parse(): AsyncGenerator<Array<{ eventType: string; value: unknown }>>;
}

/** A row as read: its number as Excel shows it and its cells by column number (1 = A). */
export interface SheetRow {
  row: number;
  cell(column: number): ExcelJS.CellValue;
  /** Columns with a value, in order (for headers). */
  columns(): number[];
}

/** A workbook opened for reading: its sheet names, and the rows of a sheet as a stream. */
export interface StreamedWorkbook {
  sheetNames: string[];
  hasSheet(name: string): boolean;
  /** The rows of a sheet present in the file (blank ones included), refused beyond `scannedRows`. */
  rows(name: string, limits: RowLimits): AsyncGenerator<SheetRow>;
}

export interface RowLimits {
  /** Rows present in the sheet, blank ones included. */
  scannedRows: number;
  /** The sheet's XML (SHEET_BYTES by default). */
  bytes?: number;
}

const textLength = (value: ExcelJS.CellValue): number => {
  if (typeof value === 'string') return value.length;
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.reduce((n, part) => n + (part.text?.length ?? 0), 0);
  return 0;
};

/** Opens an uploaded workbook: reads its sheet names, styles and shared strings, not its rows. */
export async function openWorkbook(file: Buffer): Promise<StreamedWorkbook> {
  const entries = zipEntries(file);
  const part = (name: string) => entries.get(name);
  const workbookEntry = part('xl/workbook.xml');
  const relsEntry = part('xl/_rels/workbook.xml.rels');
  if (!workbookEntry || !relsEntry) throw invalidInput(NOT_A_WORKBOOK);
  const metaOverflow = (): never => tooMuch({ message: 'workbook.xml, styles.xml or its relationships are beyond 4 MiB' });

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  try {
    await reader._parseRels(Readable.from(inflated(file, relsEntry, META_BYTES, metaOverflow)));
    await reader._parseWorkbook(Readable.from(inflated(file, workbookEntry, META_BYTES, metaOverflow)));
    const styles = part('xl/styles.xml');
    if (styles) await reader._parseStyles(Readable.from(inflated(file, styles, META_BYTES, metaOverflow)));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalidInput(NOT_A_WORKBOOK);
  }

  const strings: ExcelJS.CellValue[] = [];
  const stringsEntry = part('xl/sharedStrings.xml');
  if (stringsEntry) {
    const overflow = (): never => tooMuch({ message: `the shared strings are beyond ${SHARED_STRINGS_BYTES / 1024 / 1024} MiB` });
    try {
      for await (const { text } of reader._parseSharedStrings(Readable.from(inflated(file, stringsEntry, SHARED_STRINGS_BYTES, overflow)))) {
        if (strings.length >= SHARED_STRINGS) tooMuch({ message: `more than ${SHARED_STRINGS} distinct texts (shared strings)` });
        if (textLength(text) > TEXT_LENGTH) tooMuch({ message: `shared string ${strings.length} is longer than ${TEXT_LENGTH} characters, Excel's limit for a cell` });
        strings.push(text);
      }
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw invalidInput(NOT_A_WORKBOOK);
    }
  }
  reader.sharedStrings = strings;

  // Sheet name → its part in the zip.
  const sheets = new Map<string, string>();
  for (const sheet of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target;
    const path = target && (target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    if (path && entries.has(path)) sheets.set(sheet.name, path);
  }

  async function* rows(name: string, limits: RowLimits): AsyncGenerator<SheetRow> {
    const path = sheets.get(name);
    if (path === undefined) return;
    const entry = entries.get(path)!;
    const sheetNo = /(\d+)\.xml$/.exec(path)?.[1] ?? '1';
    const sheetBytes = limits.bytes ?? SHEET_BYTES;
    let lastRow = 0;
    let inflatedBytes = 0;
    let bytesAtLastRow = 0;
    const sheetTooLarge = (): never =>
      tooMuch({ sheet: name, row: lastRow + 1, message: `${name} row ${lastRow + 1}: the sheet is beyond ${sheetBytes / 1024 / 1024} MiB of cells` });
    const rowTooLarge = (): never =>
      tooMuch({ sheet: name, row: lastRow + 1, message: `${name} row ${lastRow + 1}: more than ${ROW_BYTES / 1024 / 1024} MiB of XML before the row ends` });
    // The chunks are counted as the sheet's parser takes them: a chunk's rows come out once it is
    // parsed, so a row (or anything between rows) beyond ROW_BYTES is refused before exceljs builds it.
    const chunks = inflated(file, entry, sheetBytes, sheetTooLarge, (total) => {
      inflatedBytes = total;
      if (total - bytesAtLastRow > ROW_BYTES) rowTooLarge();
    });
    let sheetReader: WorksheetInternals | undefined;
    for (const event of reader._parseWorksheet(chunks, sheetNo)) if (event.eventType === 'worksheet') sheetReader = event.value;
    if (!sheetReader) return;
    let scanned = 0;
    try {
      for await (const events of sheetReader.parse()) {
        for (const { eventType, value } of events) {
          if (eventType !== 'row') continue;
          const excelRow = value as ExcelJS.Row;
          const number = excelRow.number;
          scanned++;
          lastRow = number;
          bytesAtLastRow = inflatedBytes;
          if (scanned > limits.scannedRows) {
            tooMuch({ sheet: name, row: lastRow, message: `${name} row ${lastRow}: more than ${limits.scannedRows} rows (blank ones included) in one sheet` });
          }
          yield {
            row: number,
            cell: (column) => {
              const cellValue = excelRow.findCell(column)?.value ?? null;
              if (textLength(cellValue) > TEXT_LENGTH) {
                tooMuch({ sheet: name, row: number, column: columnLetter(column), message: `${name} row ${number}: a cell is longer than ${TEXT_LENGTH} characters, Excel's limit` });
              }
              return cellValue;
            },
            columns: () => {
              const found: number[] = [];
              excelRow.eachCell((_cell, column) => found.push(column));
              return found;
            },
          };
        }
      }
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw invalidInput(NOT_A_WORKBOOK);
    }
  }

  return { sheetNames: [...sheets.keys()], hasSheet: (name) => sheets.has(name), rows };
}

/** A column's letter as Excel shows it: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Column letters in Excel's order: B before AA. */
export function compareColumns(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}
