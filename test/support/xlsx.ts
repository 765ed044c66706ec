/**
 * Workbooks written by hand, XML and all, for the uploads a spreadsheet program would rarely make but
 * anyone can: a million blank rows, a dimension of a million rows, rows of styled empty cells, all in
 * a few megabytes once zipped. Cells hold inline strings, so no shared strings are needed.
 */
import { crc32, deflateRawSync } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A column's letter: 1 → A. */
const letter = (column: number): string => (column > 26 ? letter(Math.floor((column - 1) / 26)) : '') + String.fromCharCode(65 + ((column - 1) % 26));

/** One row of values (text as inline strings, numbers as numbers, null left out). */
export function xmlRow(row: number, values: ReadonlyArray<string | number | null | undefined>): string {
  const cells = values.map((value, i) => {
    const ref = `${letter(i + 1)}${row}`;
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
  });
  return `<row r="${row}">${cells.join('')}</row>`;
}

/** Rows `from`.. with nothing in them: bare, or each with `styledCells` styled empty cells (as a formatted range leaves). */
export function* blankRows(from: number, count: number, styledCells = 0): Generator<string> {
  for (let row = from; row < from + count; row++) {
    if (styledCells === 0) yield `<row r="${row}" spans="1:16" s="1" customFormat="1"/>`;
    else yield `<row r="${row}">${Array.from({ length: styledCells }, (_, i) => `<c r="${letter(i + 1)}${row}" s="1"/>`).join('')}</row>`;
  }
}

export interface RawSheet {
  name: string;
  /** The XML of each row, in order. */
  rows: Iterable<string>;
  /** The sheet's declared dimension, e.g. A1:P1048576. */
  dimension?: string;
}

/** A minimal zip (deflated entries, no zip64). */
function zip(files: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An .xlsx of the given sheets, as Excel lays it out (sheets before the rest). */
export function rawWorkbook(sheets: RawSheet[]): Buffer {
  const files: Array<[string, Buffer]> = [];
  const sheetFiles = sheets.map((sheet, i): [string, Buffer] => {
    const parts = [HEAD, `<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`];
    if (sheet.dimension) parts.push(`<dimension ref="${sheet.dimension}"/>`);
    parts.push('<sheetData>');
    for (const row of sheet.rows) parts.push(row);
    parts.push('</sheetData></worksheet>');
    return [`xl/worksheets/sheet${i + 1}.xml`, Buffer.from(parts.join(''), 'utf8')];
  });
  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  files.push(
    [
      '[Content_Types].xml',
      Buffer.from(
        `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${overrides}</Types>`,
      ),
    ],
    ['_rels/.rels', Buffer.from(`${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)],
    [
      'xl/workbook.xml',
      Buffer.from(`${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    ],
    [
      'xl/_rels/workbook.xml.rels',
      Buffer.from(
        `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ),
    ],
    ...sheetFiles,
    // Two cell formats, so that s="1" names one (as a formatted range does).
    [
      'xl/styles.xml',
      Buffer.from(
        `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyFill="1"/></cellXfs></styleSheet>`,
      ),
    ],
  );
  return zip(files);
}
