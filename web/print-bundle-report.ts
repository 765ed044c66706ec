/**
 * `npm run bundle-report`: after `npm run build:web`, prints what each page's first load fetches
 * and fails when a page other than the designer's carries the designer's editors.
 */
import { fileURLToPath } from 'node:url';
import { designerPackagesByPage, isDesignerPage, readReport } from './bundle-report';

const outDir = process.argv[2] ?? fileURLToPath(new URL('./dist', import.meta.url));
const rows = designerPackagesByPage(readReport(outDir));
const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`.padStart(8);
for (const row of rows) console.log(`${kB(row.bytes)}  ${row.page}${row.designer.length > 0 ? `  [${row.designer.join(', ')}]` : ''}`);
const leaks = rows.filter((row) => row.designer.length > 0 && !isDesignerPage(row.page));
if (leaks.length > 0) {
  console.error(`designer editors load on other pages: ${leaks.map((row) => row.page).join(', ')}`);
  process.exitCode = 1;
}
