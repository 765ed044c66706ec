/**
 * The ledger (台账) of any matter query as a workbook: a title row naming the query and the export
 * time, then one row per matter with its data elements, status, light, open tasks and lateness.
 */
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { User } from '../../supervision/access';
import { type LocalDate, daysBetween, localDateOf } from '../../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../../supervision/config';
import type { Light } from '../../supervision/lights';
import type { Target } from '../../supervision/matter-data';
import { invalidInput } from '../errors';
import { SHADES, localDateTime } from '../format';
import { CARD_LABELS, LIGHT_LABELS, PERIOD_LABELS, SOURCE_LABELS, STATUS_LABELS, labelOrCode } from '../labels';
import { type MatterRow, seesAllMatters } from '../matters';
import { type MatterQuery, searchMatters } from '../statistics';
import { DATE_FORMAT, HEADER_FILL, dateCell, solidFill } from './cells';
import { COLUMN_OF, type ImportKey } from './columns';

/** A ledger beyond this is no longer a register anyone reads; narrow the query. */
export const MAX_LEDGER_ROWS = 20_000;

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
  { header: header('source'), width: 10, value: (m) => (m.row.source ? labelOrCode(SOURCE_LABELS, m.row.source) : null) },
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
  { header: header('reportingPeriod'), width: 8, value: (m) => (m.row.reporting_period ? labelOrCode(PERIOD_LABELS, m.row.reporting_period) : null) },
  { header: header('tags'), width: 14, value: (m) => joined(m.row.tags) },
  { header: header('processKey'), width: 16, value: (m) => m.row.process_key },
  { header: '状态', width: 8, value: (m) => labelOrCode(STATUS_LABELS, m.row.status) },
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
    const shade = m.light && SHADES[m.light];
    if (shade) row.getCell(lightColumn).fill = solidFill(shade);
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
    query.status && `状态：${labelOrCode(STATUS_LABELS, query.status)}`,
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
