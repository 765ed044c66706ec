import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { TEXT_LENGTH, columnLetter, openWorkbook } from './stream';

const rowsOf = async (file: Buffer, sheet: string, columns: number) => {
  const read: Array<[number, ExcelJS.CellValue[]]> = [];
  for await (const row of (await openWorkbook(file)).rows(sheet, { scannedRows: 100 })) read.push([row.row, Array.from({ length: columns }, (_, i) => row.cell(i + 1))]);
  return read;
};

describe('openWorkbook', () => {
  it('reads a workbook as Excel and exceljs write it: shared strings after the sheets, dates, rich text, Chinese split across chunks', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('督办事项');
    sheet.addRow(['事项名称', '日期']);
    const long = '城区新建公共停车位'.repeat(3000);
    sheet.addRow([long, new Date('2026-12-31T00:00:00Z')]).getCell(2).numFmt = 'yyyy-mm-dd';
    sheet.addRow([{ richText: [{ text: '县住建' }, { text: '局', font: { bold: true } }] }, null]);
    book.addWorksheet('说明').addRow(['x']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    expect((await openWorkbook(file)).sheetNames).toEqual(['督办事项', '说明']);
    const rows = await rowsOf(file, '督办事项', 2);
    expect(rows.map(([n]) => n)).toEqual([1, 2, 3]);
    expect(rows[1][1]).toEqual([long, new Date('2026-12-31T00:00:00Z')]);
    expect(rows[2][1][0]).toMatchObject({ richText: [{ text: '县住建' }, { text: '局' }] });
  });

  it("refuses a shared string longer than Excel's limit, and files that are not workbooks", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('S').addRow(['x'.repeat(TEXT_LENGTH + 1)]);
    await expect(openWorkbook(Buffer.from(await book.xlsx.writeBuffer()))).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('shared string 0 is longer than 32767') });
    await expect(openWorkbook(Buffer.from('PK\x05\x06'))).rejects.toMatchObject({ kind: 'invalid', message: 'the file is not an Excel workbook (.xlsx)' });
    await expect(openWorkbook(Buffer.alloc(1000))).rejects.toMatchObject({ kind: 'invalid', message: 'the file is not an Excel workbook (.xlsx)' });
  });

  it('names columns as Excel does', () => {
    expect([1, 16, 26, 27, 52, 703, 16384].map(columnLetter)).toEqual(['A', 'P', 'Z', 'AA', 'AZ', 'AAA', 'XFD']);
  });
});
