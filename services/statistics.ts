/**
 * Ad-hoc queries over matters (即席查询) and their statistics (统计分析): filters on every data
 * element and on what is computed from the read model — the light, lateness, activity in a period,
 * the cards of a month — under the matter list's visibility rule.
 *
 * Lateness, "overdue", is one rule everywhere here and in the reports: a started matter that had
 * not ended by the moment asked, past its deadline or with a task open past its due date.
 */
import type { Knex } from 'knex';
import { type LocalDate, type Month, type Period, type PeriodKind, localDateOf, periodContaining, periodInstants, startOfDay } from '../supervision/calendar';
import type { Card, CardColor } from '../supervision/cards';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config';
import type { Light } from '../supervision/lights';
import { MATTER_SOURCES, type MatterSource, type ReportingPeriod } from '../supervision/matter-data';
import { cardsInPeriod } from '../supervision/rates';
import type { User } from '../supervision/access';
import { type ErrorDetail, invalidInput, notAllowed } from './errors';
import { monthLabel } from './format';
import { SOURCE_LABELS, labelOrCode } from './labels';
import { matterLights } from './lights';
import { type MatterRow, matterView, seesAllMatters } from './matters';
import { mattersOfUnit } from './tasks';

export const MATTER_STATUSES = ['draft', 'running', 'completed', 'terminated', 'failed'] as const;
export const GROUP_BYS = ['unit', 'source', 'type', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Filters on a matter's data elements and on what is computed from the read model; all optional, all ANDed. */
export interface MatterQuery {
  source?: MatterSource;
  type?: string;
  assigner?: string;
  reportingPeriod?: ReportingPeriod;
  leadUnit?: string;
  /** Lead unit or co-unit. */
  unit?: string;
  leader?: string;
  area?: string;
  tag?: string;
  status?: (typeof MATTER_STATUSES)[number];
  /** The matter's light now. */
  light?: Light;
  overdue?: boolean;
  /** Calendar dates, both ends included. */
  deadlineFrom?: LocalDate;
  deadlineTo?: LocalDate;
  assignedFrom?: LocalDate;
  assignedTo?: LocalDate;
  /** Part of the title. */
  text?: string;
  /** The week, month or year containing `date` (default today) in which the matter had activity or its deadline. */
  period?: PeriodKind;
  date?: LocalDate;
  /** Matters holding a card of this colour (any colour without it) in `cardMonth`. */
  card?: CardColor;
  cardMonth?: Month;
}

/** The parameters that only make sense together, or in order; each error names the parameter at fault. */
export function checkMatterQuery(query: MatterQuery): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (query.deadlineFrom && query.deadlineTo && query.deadlineFrom > query.deadlineTo) {
    errors.push({ path: 'deadlineTo', message: `deadlineTo (${query.deadlineTo}) is before deadlineFrom (${query.deadlineFrom})` });
  }
  if (query.assignedFrom && query.assignedTo && query.assignedFrom > query.assignedTo) {
    errors.push({ path: 'assignedTo', message: `assignedTo (${query.assignedTo}) is before assignedFrom (${query.assignedFrom})` });
  }
  if (query.date && !query.period) errors.push({ path: 'period', message: 'a date needs the period (week, month or year) that contains it' });
  if (query.card && !query.cardMonth) errors.push({ path: 'cardMonth', message: 'a card colour needs the month of the cards (cardMonth=YYYY-MM)' });
  return errors;
}

/** The period a query's `period` and `date` name, if any. */
export function queryPeriod(query: Pick<MatterQuery, 'period' | 'date'>, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Period | undefined {
  return query.period && periodContaining(query.period, query.date ?? localDateOf(now, config.timeZone));
}

/** A SQL expression with its bindings. */
export interface SqlExpression {
  sql: string;
  bindings: Knex.RawBinding[];
}

/**
 * Days the matter aliased `m` is late as of `at`, or null when it is not: the larger of the days
 * past its deadline (if it had not ended by then) and the days past the due date of its oldest task
 * open at `at`. Drafts are never late: they have not been handed to anyone.
 */
export function overdueDays(at: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): SqlExpression {
  const today = localDateOf(at, config.timeZone);
  const dayStart = new Date(startOfDay(today, config.timeZone));
  const moment = new Date(at);
  return {
    sql: `case when m.status = 'draft' then null else greatest(
      case when m.deadline < ?::date and (m.ended_at is null or m.ended_at > ?) then ?::date - m.deadline end,
      (select max(?::date - (t.due_at at time zone ?)::date) from tasks t
        where t.matter_id = m.id and t.status <> 'cancelled' and t.due_at < ? and t.created_at <= ? and (t.completed_at is null or t.completed_at > ?))
    ) end`,
    bindings: [today, moment, today, today, config.timeZone, dayStart, moment, moment],
  };
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The visible matters (aliased `m`) that match the query's filters, all but the light, which is computed afterwards. */
export function matterQuery(knex: Knex, user: User, query: MatterQuery, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Knex.QueryBuilder {
  const q = knex('matters as m');
  if (!seesAllMatters(user)) {
    // The list's rule: a unit sees the matters it has tasks in.
    q.whereIn('m.id', mattersOfUnit(knex, user.unitId));
  }
  const equal = {
    source: 'm.source',
    type: 'm.type',
    assigner: 'm.assigner',
    reportingPeriod: 'm.reporting_period',
    leadUnit: 'm.lead_unit',
    leader: 'm.leader',
    area: 'm.area',
    status: 'm.status',
  } as const;
  for (const [key, column] of Object.entries(equal)) {
    const value = query[key as keyof typeof equal];
    if (value !== undefined) q.where(column, value);
  }
  if (query.unit) {
    const unit = query.unit;
    q.where((w) => w.where('m.lead_unit', unit).orWhereRaw('m.co_units @> ?', [[unit]]));
  }
  if (query.tag) q.whereRaw('m.tags @> ?', [[query.tag]]);
  if (query.text) q.whereRaw("m.title ilike ? escape '\\'", [likePattern(query.text)]);
  if (query.deadlineFrom) q.where('m.deadline', '>=', query.deadlineFrom);
  if (query.deadlineTo) q.where('m.deadline', '<=', query.deadlineTo);
  if (query.assignedFrom) q.where('m.assigned_date', '>=', query.assignedFrom);
  if (query.assignedTo) q.where('m.assigned_date', '<=', query.assignedTo);
  if (query.overdue !== undefined) {
    const late = overdueDays(now, config);
    q.whereRaw(`(${late.sql}) is ${query.overdue ? 'not ' : ''}null`, late.bindings);
  }
  const period = queryPeriod(query, now, config);
  if (period) whereActiveIn(knex, q, period, config);
  if (query.cardMonth) {
    const { cardMonth, card } = query;
    q.whereExists(
      knex('cards as c')
        .select(knex.raw('1'))
        .whereRaw('c.matter_id = m.id')
        .andWhere('c.month', cardMonth)
        .modify((c) => (card ? c.andWhere('c.color', card) : c)),
    );
  }
  return q;
}

/**
 * Activity in a period: the matter was assigned, ended or had its deadline in it, a task of it
 * opened or was completed in it, or a plan item of it was due or completed in it.
 */
function whereActiveIn(knex: Knex, q: Knex.QueryBuilder, period: Period, config: SupervisionConfig): void {
  const { start, end } = periodInstants(period, config.timeZone);
  const from = new Date(start);
  const until = new Date(end);
  const within = (column: string) => [`${column} >= ? and ${column} < ?`, [from, until]] as const;
  q.where((w) =>
    w
      .whereBetween('m.deadline', [period.start, period.end])
      .orWhereBetween('m.assigned_date', [period.start, period.end])
      .orWhereRaw(...within('m.ended_at'))
      .orWhereExists(
        knex('tasks as t')
          .select(knex.raw('1'))
          .whereRaw('t.matter_id = m.id')
          .andWhere((t) => t.whereRaw(...within('t.created_at')).orWhereRaw(...within('t.completed_at'))),
      )
      .orWhereExists(
        knex('plan_items as p')
          .select(knex.raw('1'))
          .whereRaw('p.matter_id = m.id')
          .andWhere((p) => p.whereBetween('p.due_date', [period.start, period.end]).orWhereRaw(...within('p.completed_at'))),
      ),
  );
}

const ORDER = [{ column: 'm.created_at', order: 'desc' }, { column: 'm.id' }];

export interface FoundMatter {
  row: MatterRow;
  light: Light;
  overdueDays?: number;
}

/** A page of the matters matching the query, newest first, and how many match in all. */
export async function searchMatters(
  knex: Knex,
  user: User,
  query: MatterQuery,
  page: { limit: number; offset: number },
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<{ total: number; items: FoundMatter[] }> {
  const errors = checkMatterQuery(query);
  if (errors.length > 0) throw invalidInput('the query has invalid parameters', errors);
  const matching = matterQuery(knex, user, query, now, config);
  let total: number;
  let pageIds: string[];
  if (query.light) {
    // The light is computed, not stored: light every match, then page through those of the colour.
    const ids: string[] = await matching.clone().orderBy(ORDER).pluck('m.id');
    const lights = await matterLights(knex, matching.clone().select('m.id'), now, config);
    const lit = ids.filter((id) => (lights.get(id) ?? 'white') === query.light);
    total = lit.length;
    pageIds = lit.slice(page.offset, page.offset + page.limit);
  } else {
    const [{ count }] = await matching.clone().count({ count: '*' });
    total = Number(count);
    pageIds = await matching.clone().orderBy(ORDER).offset(page.offset).limit(page.limit).pluck('m.id');
  }
  if (pageIds.length === 0) return { total, items: [] };
  const late = overdueDays(now, config);
  const [rows, lights] = await Promise.all([
    knex('matters as m').whereIn('m.id', pageIds).select('m.*', knex.raw(`(${late.sql}) as overdue_days`, late.bindings)),
    matterLights(knex, pageIds, now, config),
  ]);
  const byId = new Map(rows.map((r: MatterRow & { overdue_days: number | null }) => [r.id, r]));
  return {
    total,
    items: pageIds.map((id) => {
      const { overdue_days, ...row } = byId.get(id)!;
      return { row, light: lights.get(id) ?? 'white', overdueDays: overdue_days ?? undefined };
    }),
  };
}

/** A found matter as the API shows it: the shape of the matter list's items, with its lateness. */
export function foundMatterView({ row, light, overdueDays }: FoundMatter) {
  return { ...matterView(row), light, overdueDays };
}

/* ───────────────────────────── statistics ───────────────────────────── */

/** What the statistics count of one matter. */
export interface CountedMatter {
  id: string;
  leadUnit: string | null;
  coUnits: readonly string[];
  source: string | null;
  type: string | null;
  assignedDate: LocalDate | null;
  status: string;
  light: Light;
  overdue: boolean;
}

type LightTally = Record<Light, number>;
type CardTally = Record<CardColor, number>;

export interface Tally {
  matters: number;
  running: number;
  completed: number;
  terminated: number;
  overdue: number;
  lights: LightTally;
  cards: CardTally;
}

export interface StatisticsRow extends Tally {
  /** The unit id, source, type or month (YYYY-MM); null for matters without one. */
  key: string | null;
  label: string;
}

export interface Statistics {
  groupBy: GroupBy;
  rows: StatisticsRow[];
  /** Over the distinct matters of the rows: a matter with co-units is in several unit rows but counts once here. */
  totals: Tally;
}

export interface StatisticsNames {
  /** Unit id → name and its place in the organisation's order. */
  units: ReadonlyMap<string, { name: string; sort: number }>;
  collation: string;
}

const emptyTally = (): Tally => ({
  matters: 0,
  running: 0,
  completed: 0,
  terminated: 0,
  overdue: 0,
  lights: { white: 0, blue: 0, green: 0, yellow: 0, red: 0 },
  cards: { green: 0, yellow: 0, red: 0 },
});

function countMatter(tally: Tally, matter: CountedMatter): void {
  tally.matters += 1;
  if (matter.status === 'running' || matter.status === 'completed' || matter.status === 'terminated') tally[matter.status] += 1;
  if (matter.overdue) tally.overdue += 1;
  tally.lights[matter.light] += 1;
}

/** The groups a matter falls in: its lead and co-units by unit, else one. */
function keysOf(matter: CountedMatter, groupBy: GroupBy): Array<string | null> {
  switch (groupBy) {
    case 'unit':
      return matter.leadUnit ? [matter.leadUnit, ...matter.coUnits] : [null, ...matter.coUnits];
    case 'source':
      return [matter.source];
    case 'type':
      return [matter.type];
    case 'month':
      return [matter.assignedDate ? matter.assignedDate.slice(0, 7) : null];
  }
}

function labelOf(key: string | null, groupBy: GroupBy, names: StatisticsNames): string {
  if (key === null) return '未填写';
  switch (groupBy) {
    case 'unit':
      return names.units.get(key)?.name ?? key;
    case 'source':
      return labelOrCode(SOURCE_LABELS, key);
    case 'type':
      return key;
    case 'month':
      return monthLabel(key);
  }
}

/**
 * Counts matters and cards by group. A card counts in the row of its unit when grouping by unit
 * (and only if that unit has a row), otherwise in the row of its matter. `onlyUnit` keeps the one
 * unit's row when grouping by unit (what a unit's own people see).
 */
export function tally(groupBy: GroupBy, matters: readonly CountedMatter[], cards: readonly Pick<Card, 'unitId' | 'matterId' | 'color'>[], names: StatisticsNames, onlyUnit?: string): Statistics {
  const groups = new Map<string | null, { tally: Tally; matterIds: Set<string> }>();
  const matterKeys = new Map<string, Array<string | null>>();
  for (const matter of matters) {
    const keys = [...new Set(keysOf(matter, groupBy))].filter((key) => onlyUnit === undefined || key === onlyUnit);
    matterKeys.set(matter.id, keys);
    for (const key of keys) {
      const group = groups.get(key) ?? { tally: emptyTally(), matterIds: new Set<string>() };
      groups.set(key, group);
      countMatter(group.tally, matter);
      group.matterIds.add(matter.id);
    }
  }
  const totals = emptyTally();
  for (const matter of matters) if ((matterKeys.get(matter.id) ?? []).length > 0) countMatter(totals, matter);
  for (const card of cards) {
    const key = groupBy === 'unit' ? card.unitId : matterKeys.get(card.matterId)?.[0];
    const group = key === undefined ? undefined : groups.get(key);
    if (!group || !group.matterIds.has(card.matterId)) continue;
    group.tally.cards[card.color] += 1;
    totals.cards[card.color] += 1;
  }
  const collator = new Intl.Collator(names.collation);
  const rank = (key: string): [number, string] => {
    switch (groupBy) {
      case 'unit':
        return [names.units.get(key)?.sort ?? Number.MAX_SAFE_INTEGER, labelOf(key, groupBy, names)];
      case 'source':
        return [MATTER_SOURCES.indexOf(key as MatterSource), key];
      default:
        return [0, key];
    }
  };
  const rows = [...groups].map(([key, group]) => ({ key, label: labelOf(key, groupBy, names), ...group.tally }));
  rows.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
    const [ra, na] = rank(a.key);
    const [rb, nb] = rank(b.key);
    return ra - rb || (groupBy === 'month' ? (na < nb ? -1 : na > nb ? 1 : 0) : collator.compare(na, nb)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
  return { groupBy, rows, totals };
}

/**
 * Statistics of the matters matching the query, grouped. Lights and lateness are as of now; the
 * cards counted are those of the months closing in the query's period, or all when it has none.
 * A unit's handlers and head get their own unit's: its matters (as lead or co-unit, among those
 * it can see) and its cards.
 */
export async function matterStatistics(
  knex: Knex,
  user: User,
  groupBy: GroupBy,
  query: MatterQuery,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<Statistics> {
  const ownUnit = seesAllMatters(user) ? undefined : user.unitId;
  if (ownUnit && query.unit && query.unit !== ownUnit) throw notAllowed(`a unit sees only its own statistics (unit=${ownUnit})`);
  const scoped: MatterQuery = ownUnit ? { ...query, unit: ownUnit } : query;
  const errors = checkMatterQuery(scoped);
  if (errors.length > 0) throw invalidInput('the query has invalid parameters', errors);

  const matching = matterQuery(knex, user, scoped, now, config);
  const late = overdueDays(now, config);
  const period = queryPeriod(scoped, now, config);
  const cardQuery = knex('cards').whereIn('matter_id', matching.clone().select('m.id')).select('unit_id', 'matter_id', 'month', 'color', 'reason');
  if (period) cardQuery.whereBetween('month', [period.start.slice(0, 7), period.end.slice(0, 7)]);
  if (ownUnit) cardQuery.where('unit_id', ownUnit);
  const [rows, lights, cardRows, units] = await Promise.all([
    matching
      .clone()
      .select('m.id', 'm.lead_unit', 'm.co_units', 'm.source', 'm.type', 'm.assigned_date', 'm.status', knex.raw(`(${late.sql}) as overdue_days`, late.bindings)),
    matterLights(knex, matching.clone().select('m.id'), now, config),
    cardQuery,
    knex('units').select('id', 'name', 'sort'),
  ]);
  const counted: CountedMatter[] = (rows as Array<Pick<MatterRow, 'id' | 'lead_unit' | 'co_units' | 'source' | 'type' | 'assigned_date' | 'status'> & { overdue_days: number | null }>)
    .map((r) => ({
      id: r.id,
      leadUnit: r.lead_unit,
      coUnits: r.co_units,
      source: r.source,
      type: r.type,
      assignedDate: r.assigned_date,
      status: r.status,
      light: lights.get(r.id) ?? 'white',
      overdue: r.overdue_days !== null,
    }))
    .filter((m) => !query.light || m.light === query.light);
  const cards: Card[] = cardRows.map((c) => ({ unitId: c.unit_id, matterId: c.matter_id, month: c.month, color: c.color, reason: c.reason }));
  const names: StatisticsNames = { units: new Map(units.map((u) => [u.id, { name: u.name, sort: u.sort }])), collation: config.collation };
  return tally(groupBy, counted, period ? cardsInPeriod(cards, period) : cards, names, groupBy === 'unit' ? ownUnit : undefined);
}
