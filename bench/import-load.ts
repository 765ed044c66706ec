/**
 * `npx tsx bench/import-load.ts` (and part of `npm run bench`): Excel imports bounded by work, not bytes.
 *
 * Uploads, through the API listening on 127.0.0.1, the largest allowed workbooks (MAX_IMPORT_ROWS matters
 * registered as drafts — starting them is measured by bench/run.ts — and MAX_ORGANISATION_ROWS units) and
 * hostile ones of a few megabytes (a million blank rows under a dimension of a million rows, rows of styled
 * empty cells, one row of a million cells), while a client asks GET /api/health every 20 ms. For each upload
 * it prints the answer, how long it took, the event loop's delay (perf_hooks.monitorEventLoopDelay: p50, p99,
 * max), the health checks' latency and the process's peak RSS (the whole process: API, in-process Temporal
 * worker and the benchmark's client).
 *
 * Standalone it starts its own Temporal dev server and database (TEST_DATABASE_URL's server when set,
 * else embedded), like bench/run.ts.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { startTemporal } from '../infra/temporal-server';
import { IMPORT_COLUMNS, MATTER_SHEET, MAX_IMPORT_ROWS } from '../services/excel/columns';
import { MAX_ORGANISATION_ROWS, SHEETS } from '../services/excel/organisation';
import { migratedDatabase } from '../test/support/scratch-database';
import { type Stack, startStack } from '../test/support/stack';
import { blankRows, rawWorkbook, xmlRow } from '../test/support/xlsx';

type Recorder = (what: string, value: string) => void;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The largest allowed matters workbook, as exceljs writes it (shared strings, a date format), every row valid. */
async function largestMatters(today: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(MATTER_SHEET);
  sheet.addRow(IMPORT_COLUMNS.map((c) => c.header));
  const values: Partial<Record<string, ExcelJS.CellValue>> = {
    source: '会议交办',
    type: '项目建设类',
    assignedDate: new Date(`${today}T00:00:00Z`),
    deadline: '2030-12-31',
    assigner: '县政府常务会议',
    area: '城关镇',
    leadUnit: '县住房和城乡建设局',
    coUnits: '县交通运输局、县教育局',
    'target.indicator': '新建停车位',
    'target.measure': '个',
    'target.value': 1200,
    reportingPeriod: '每月',
    tags: '民生实事、交通',
  };
  for (let i = 0; i < MAX_IMPORT_ROWS; i++) {
    sheet.addRow(IMPORT_COLUMNS.map((c) => (c.key === 'title' ? `压测事项 ${Date.now()} 第 ${i + 1} 项：城区新建公共停车位` : (values[c.key] ?? null))));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function largestOrganisation(): Buffer {
  const rows = [xmlRow(1, ['编码', '名称', '上级编码', '类型', '排序'])];
  for (let i = 0; i < MAX_ORGANISATION_ROWS; i++) rows.push(xmlRow(i + 2, [`bench-unit-${i}`, `压测单位 ${i}`, 'county', '部门', i]));
  return rawWorkbook([{ name: SHEETS.units, rows }]);
}

const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

/** Hostile matters workbooks: a few megabytes zipped, hundreds of megabytes of XML. */
function hostileMatters(): Array<[string, Buffer]> {
  return [
    ['matters: 1,000,000 blank rows, dimension A1:P1048576', rawWorkbook([{ name: MATTER_SHEET, rows: [xmlRow(1, HEADERS), ...blankRows(2, 1_000_000)], dimension: 'A1:P1048576' }])],
    ['matters: 100,000 rows of 16 styled empty cells', rawWorkbook([{ name: MATTER_SHEET, rows: [xmlRow(1, HEADERS), ...blankRows(2, 100_000, 16)] }])],
    ['matters: one row of 1,000,000 styled cells', rawWorkbook([{ name: MATTER_SHEET, rows: [xmlRow(1, HEADERS), `<row r="2">${'<c r="Q2" s="1"/>'.repeat(1_000_000)}</row>`] }])],
  ];
}

function hostileOrganisation(): Buffer {
  return rawWorkbook([{ name: SHEETS.users, rows: [xmlRow(1, ['用户名', '姓名', '角色', '单位编码', '初始密码']), ...blankRows(2, 1_000_000)], dimension: 'A1:E1048576' }]);
}

interface Measured {
  status: number;
  message: string;
  ms: number;
  loop: { p50: number; p99: number; max: number };
  health: { count: number; p50: number; p99: number; max: number };
  rssPeak: number;
}

/** Uploads `file` while the event loop's delay, GET /api/health's latency and the RSS are watched. */
async function measureUpload(base: string, token: string, url: string, file: Buffer): Promise<Measured> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'upload.xlsx');
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let done = false;
  let rssPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10);
  const healthTimes: number[] = [];
  const healthLoop = (async () => {
    while (!done) {
      const s = performance.now();
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      healthTimes.push(performance.now() - s);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  histogram.enable();
  const started = performance.now();
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { message?: string; created?: number; units?: { created: number } };
  const ms = performance.now() - started;
  histogram.disable();
  done = true;
  await healthLoop;
  clearInterval(sampler);
  const toMs = (ns: number) => ns / 1e6;
  return {
    status: res.status,
    message: body.message ?? (body.created !== undefined ? `created ${body.created}` : JSON.stringify(body).slice(0, 80)),
    ms,
    loop: { p50: toMs(histogram.percentile(50)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max) },
    health: { count: healthTimes.length, p50: percentile(healthTimes, 50), p99: percentile(healthTimes, 99), max: Math.max(0, ...healthTimes) },
    rssPeak,
  };
}

/** The import measures on a running stack (bench/run.ts passes its own). */
export async function importLoadBench(stack: Stack, record: Recorder): Promise<void> {
  const address = await stack.app.listen({ host: '127.0.0.1', port: 0 });
  const supervisor = await stack.login('supervisor');
  const admin = await stack.login('admin');
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  // Idle: what the health check takes with nothing else going on.
  const idle = await measureUpload(address, supervisor, '/api/matters/import?draft=true', Buffer.from('not a workbook'));
  record('import: idle GET /api/health', `p50 ${idle.health.p50.toFixed(1)} ms`);

  const cases: Array<[string, string, string, Buffer]> = [
    // Twice: the first import after the server starts also compiles the code it runs.
    [`matters: largest allowed (${MAX_IMPORT_ROWS} rows, drafts), first`, supervisor, '/api/matters/import?draft=true', await largestMatters(today)],
    [`matters: largest allowed (${MAX_IMPORT_ROWS} rows, drafts), again`, supervisor, '/api/matters/import?draft=true', await largestMatters(today)],
    ...hostileMatters().map(([what, file]): [string, string, string, Buffer] => [what, supervisor, '/api/matters/import?draft=true', file]),
    [`organisation: largest allowed (${MAX_ORGANISATION_ROWS} units)`, admin, '/api/organisation/import', largestOrganisation()],
    ['organisation: 1,000,000 blank rows in 用户', admin, '/api/organisation/import', hostileOrganisation()],
  ];
  for (const [what, token, url, file] of cases) {
    // Each measure starts from a collected heap when the benchmark runs with --expose-gc.
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage.rss();
    const m = await measureUpload(address, token, url, file);
    record(
      `import: ${what}, ${mib(file.length)} file`,
      `${m.status} in ${m.ms.toFixed(0)} ms (${m.message.slice(0, 90)}); event loop delay p50 ${m.loop.p50.toFixed(1)} / p99 ${m.loop.p99.toFixed(1)} / max ${m.loop.max.toFixed(1)} ms; ` +
        `${m.health.count} GET /api/health p50 ${m.health.p50.toFixed(1)} / p99 ${m.health.p99.toFixed(1)} / max ${m.health.max.toFixed(1)} ms; peak RSS ${mib(m.rssPeak)} (+${mib(Math.max(0, m.rssPeak - rssBefore))})`,
    );
  }
}

async function standalone() {
  const temporal = await startTemporal({});
  const database = await migratedDatabase();
  const stack = await startStack({ temporalAddress: temporal.address, temporalNamespace: temporal.namespace, databaseUrl: database.url });
  const rows: Array<[string, string]> = [];
  try {
    await importLoadBench(stack, (what, value) => {
      rows.push([what, value]);
      console.log(`${what}: ${value}`);
    });
  } finally {
    await stack.close();
    await temporal.stop();
    await database.stop();
  }
  console.log('\n| measure | result |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  standalone().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
