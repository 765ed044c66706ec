/**
 * What the written reports say, gathered from the ranking board and the read model: the period's
 * board, its red lights, cards and plan items, the matters in force, and who asked. Every figure
 * is the board's or is listed item by item beside it: a unit's red lights are the overdue tasks the
 * report names, its cards the cards it lists.
 *
 * A report describes its period as it stood at the period's last moment, or now while the period
 * runs: lights, lateness and the matters' lights are taken at that moment.
 */
import type { Knex } from 'knex';
import type { User } from '../../supervision/access';
import type { Board } from '../../supervision/board';
import { type LocalDate, type Period, type PeriodKind, daysBetween, localDateOf, periodContaining, periodInstants } from '../../supervision/calendar';
import type { Card, CardColor, CardReason, PlanItem } from '../../supervision/cards';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../../supervision/config';
import type { Light } from '../../supervision/lights';
import { cardsInPeriod, lightsInPeriod, planCompletionRate } from '../../supervision/rates';
import { buildBoard } from '../board';
import { invalidInput } from '../errors';
import { type NodeRow, matterLights, taskNode } from '../lights';
import type { MatterRow } from '../matters';
import { planItemsForPeriod } from '../plans';
import { overdueDays } from '../statistics';
import { existingUnitIds } from '../organisation';

export interface RedNode {
  matterId: string;
  matterTitle: string;
  node: string;
  unitId: string;
  dueDate: LocalDate;
  completedOn?: LocalDate;
  daysOverdue: number;
}

export interface CardEntry {
  unitId: string;
  matterId: string;
  matterTitle: string;
  month: string;
  color: CardColor;
  /** Why: the items met, the items missed, or the co-unit whose red card the lead answers for. */
  reason: CardReason;
}

export type PlanOutcome = 'onTime' | 'late' | 'missed' | 'pending';

export interface PlanEntry {
  unitId: string;
  title: string;
  matterTitle: string;
  plan: PeriodKind;
  dueDate: LocalDate;
  completedOn?: LocalDate;
  outcome: PlanOutcome;
}

export interface MatterEntry {
  id: string;
  title: string;
  status: string;
  leadUnit: string | null;
  coUnits: string[];
  deadline: LocalDate | null;
  light: Light;
  progress?: string;
  overdueDays?: number;
}

/** The period, the moment it is described at, its board, and its red lights, cards and plan items. */
export interface PeriodFacts {
  period: Period;
  /** The period's last moment, or now while it runs. */
  at: number;
  now: number;
  board: Board;
  units: Map<string, string>;
  /** Titles of the period's plan items and of the items its cards name as missed. */
  itemTitles: Map<string, string>;
  redNodes: RedNode[];
  cards: CardEntry[];
  plans: PlanEntry[];
}

/** Who asked for a report. */
export interface Author {
  username: string;
  displayName: string;
}

/**
 * How a plan item stands, by the plan-completion rule itself: on time when the rate counts it
 * done, pending while it does not count yet, and otherwise late or missed.
 */
export function planOutcome(item: PlanItem, period: Period, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): PlanOutcome {
  const rate = planCompletionRate([item], period, now, config);
  if (rate.denominator === 0) return 'pending';
  if (rate.numerator === 1) return 'onTime';
  return item.completedAt !== undefined && item.completedAt <= now ? 'late' : 'missed';
}

export async function periodFacts(knex: Knex, kind: PeriodKind, date: LocalDate, now: number, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Promise<PeriodFacts> {
  const period = periodContaining(kind, date);
  const { start, end } = periodInstants(period, config.timeZone);
  const at = Math.min(now, end - 1);
  const today = localDateOf(at, config.timeZone);
  const [board, unitRows, taskRows, cardRows, items, itemRows] = await Promise.all([
    buildBoard(knex, kind, date, now, config),
    knex('units').select('id', 'name'),
    // The board's nodes: started before the period ended, not finished before it began.
    knex('tasks as t')
      .join('matters as m', 'm.id', 't.matter_id')
      .whereNotNull('t.due_at')
      .whereNot('t.status', 'cancelled')
      .where('t.created_at', '<', new Date(end))
      .andWhere((q) => q.whereNull('t.completed_at').orWhere('t.completed_at', '>=', new Date(start)))
      .orderBy([{ column: 't.due_at' }, { column: 't.id' }])
      .select('t.*', 'm.title as matter_title'),
    knex('cards as c')
      .join('matters as m', 'm.id', 'c.matter_id')
      .whereBetween('c.month', [period.start.slice(0, 7), period.end.slice(0, 7)])
      .orderBy([{ column: 'c.month' }, { column: 'c.id' }])
      .select('c.*', 'm.title as matter_title'),
    planItemsForPeriod(knex, period),
    // Titles of the period's plan items and of the items a card of the period names as missed.
    knex('plan_items as p')
      .join('matters as m', 'm.id', 'p.matter_id')
      .where((q) =>
        q
          .whereBetween('p.due_date', [period.start, period.end])
          .orWhereIn('p.id', knex('cards').whereBetween('month', [period.start.slice(0, 7), period.end.slice(0, 7)]).select(knex.raw("jsonb_array_elements_text(reason->'missedItemIds')"))),
      )
      .select('p.id', 'p.title', 'm.title as matter_title'),
  ]);
  const units = new Map<string, string>(unitRows.map((u) => [u.id, u.name]));
  const itemTitles = new Map<string, string>(itemRows.map((r) => [r.id, r.title]));
  const matterOfItem = new Map<string, string>(itemRows.map((r) => [r.id, r.matter_title]));

  const redNodes: RedNode[] = [];
  for (const row of taskRows as Array<NodeRow & { name: string | null; element_id: string; matter_title: string }>) {
    const node = taskNode(row);
    // The period's light of this one node, by the same rule the board counts its lights with.
    if (!node || lightsInPeriod([node], period, now, config)[0] !== 'red') continue;
    const dueDate = localDateOf(node.dueDate as number, config.timeZone);
    const completedOn = node.completedAt !== undefined && node.completedAt <= at ? localDateOf(node.completedAt, config.timeZone) : undefined;
    redNodes.push({
      matterId: row.matter_id,
      matterTitle: row.matter_title,
      node: row.name ?? row.element_id,
      unitId: node.unitId,
      dueDate,
      completedOn,
      daysOverdue: daysBetween(dueDate, completedOn ?? today),
    });
  }

  type CardRow = Card & { row: { matter_title: string } };
  const cards: CardRow[] = cardRows.map((c) => ({ unitId: c.unit_id, matterId: c.matter_id, month: c.month, color: c.color, reason: c.reason, row: c }));
  const inPeriod = new Set(cardsInPeriod(cards, period));
  return {
    period,
    at,
    now,
    board,
    units,
    itemTitles,
    redNodes,
    cards: cards
      .filter((c) => inPeriod.has(c))
      .map((c) => ({ unitId: c.unitId, matterId: c.matterId, matterTitle: c.row.matter_title, month: c.month, color: c.color, reason: c.reason })),
    plans: items.map((item) => ({
      unitId: item.unitId,
      title: itemTitles.get(item.id) ?? item.id,
      matterTitle: matterOfItem.get(item.id) ?? item.matterId,
      plan: item.plan,
      dueDate: item.dueDate as LocalDate,
      completedOn: item.completedAt !== undefined && item.completedAt <= now ? localDateOf(item.completedAt, config.timeZone) : undefined,
      outcome: planOutcome(item, period, now, config),
    })),
  };
}

/** The matters in force during the period: handed out by its end and not ended before it began. */
function mattersInForce(knex: Knex, period: Period, config: SupervisionConfig): Knex.QueryBuilder {
  const { start, end } = periodInstants(period, config.timeZone);
  return knex('matters as m')
    .whereNot('m.status', 'draft')
    .where((w) => w.where('m.assigned_date', '<=', period.end).orWhere((a) => a.whereNull('m.assigned_date').andWhere('m.created_at', '<', new Date(end))))
    .where((w) => w.whereNull('m.ended_at').orWhere('m.ended_at', '>=', new Date(start)));
}

/** The matters of the query as they stood at the facts' moment: light, lateness and latest progress. */
async function matterEntries(knex: Knex, query: Knex.QueryBuilder, facts: PeriodFacts, order: string, config: SupervisionConfig): Promise<MatterEntry[]> {
  const late = overdueDays(facts.at, config);
  const [rows, lights] = await Promise.all([
    query
      .clone()
      .select('m.id', 'm.title', 'm.status', 'm.lead_unit', 'm.co_units', 'm.deadline', knex.raw("m.variables->>'progress' as progress"), knex.raw(`(${late.sql}) as overdue_days`, late.bindings))
      .orderByRaw(order),
    matterLights(knex, query.clone().select('m.id'), facts.at, config),
  ]);
  type Row = Pick<MatterRow, 'id' | 'title' | 'status' | 'lead_unit' | 'co_units' | 'deadline'> & { progress: string | null; overdue_days: number | null };
  return (rows as Row[]).map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    leadUnit: r.lead_unit,
    coUnits: r.co_units,
    deadline: r.deadline,
    light: lights.get(r.id) ?? 'white',
    progress: r.progress ?? undefined,
    overdueDays: r.overdue_days ?? undefined,
  }));
}

async function authorOf(knex: Knex, user: User): Promise<Author> {
  const row = await knex('users').where({ username: user.username }).first('display_name');
  return { username: user.username, displayName: row?.display_name ?? user.username };
}

/** The facts of an evaluation report: the period's, its author, and the matters in force of the unit asked for (of every unit without one). */
export interface EvaluationFacts extends PeriodFacts {
  author: Author;
  /** The unit asked for; every unit on the board when undefined. */
  unitId?: string;
  matters: MatterEntry[];
}

export async function evaluationFacts(
  knex: Knex,
  request: { kind: PeriodKind; date: LocalDate; unitId?: string },
  user: User,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<EvaluationFacts> {
  if (request.unitId && (await existingUnitIds(knex, [request.unitId])).length === 0) {
    throw invalidInput(`no unit "${request.unitId}"`, [{ path: 'unitId', message: `no unit "${request.unitId}"` }]);
  }
  const [facts, author] = await Promise.all([periodFacts(knex, request.kind, request.date, now, config), authorOf(knex, user)]);
  const inForce = mattersInForce(knex, facts.period, config);
  if (request.unitId) {
    const unitId = request.unitId;
    inForce.where((w) => w.where('m.lead_unit', unitId).orWhereRaw('m.co_units @> ?', [[unitId]]));
  }
  const matters = await matterEntries(knex, inForce, facts, 'm.deadline nulls last, m.title, m.id', config);
  return { ...facts, author, unitId: request.unitId, matters };
}

/** The facts of a bulletin: the period's, its author, the matters in force by type, and the late ones. */
export interface BulletinFacts extends PeriodFacts {
  author: Author;
  /** How many matters in force have each type (null: none given), most first. */
  types: Array<[string | null, number]>;
  /** The matters in force that are late at the facts' moment, latest first. */
  lateMatters: MatterEntry[];
}

export async function bulletinFacts(
  knex: Knex,
  request: { kind: PeriodKind; date: LocalDate },
  user: User,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<BulletinFacts> {
  const [facts, author] = await Promise.all([periodFacts(knex, request.kind, request.date, now, config), authorOf(knex, user)]);
  const inForce = mattersInForce(knex, facts.period, config);
  const lateness = overdueDays(facts.at, config);
  const [typeRows, lateMatters] = await Promise.all([
    inForce.clone().groupBy('m.type').orderByRaw('count(*) desc, m.type').select('m.type', knex.raw('count(*)::int as n')),
    matterEntries(knex, inForce.clone().whereRaw(`(${lateness.sql}) is not null`, lateness.bindings), facts, 'overdue_days desc, m.deadline, m.title, m.id', config),
  ]);
  return { ...facts, author, types: typeRows.map((t: { type: string | null; n: number }) => [t.type, t.n]), lateMatters };
}
