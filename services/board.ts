/** The ranking board (天工榜) and the monthly cards, assembled from the read model for the pure rules. */
import type { Knex } from 'knex';
import { type Board, supervisionBoard, type UnitNode } from '../supervision/board';
import { type LocalDate, type PeriodKind, localDateOf, periodContaining, periodInstants } from '../supervision/calendar';
import { type Card, issueCards, type MatterRoles } from '../supervision/cards';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../supervision/config';
import { type NodeRow, taskNode } from './lights';
import { leadersInCharge } from './organisation';
import { planItemsForPeriod } from './plans';

/** Units that answer for work: everything but the supervision office, the leadership and the top of the tree. */
const RATED_KINDS = ['department', 'branch', 'city', 'county-department', 'district'];

export async function buildBoard(
  knex: Knex,
  kind: PeriodKind,
  date: LocalDate | undefined,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<Board> {
  const period = periodContaining(kind, date ?? localDateOf(now, config.timeZone));
  const { start, end } = periodInstants(period, config.timeZone);
  const [units, leaders, taskRows, planItems, cardRows] = await Promise.all([
    knex('units').select('id', 'name', 'kind'),
    leadersInCharge(knex),
    // Nodes that could be lit during the period: started before it ended, not finished before it began.
    knex<NodeRow>('tasks')
      .whereNotNull('due_at')
      .whereNot('status', 'cancelled')
      .where('created_at', '<', new Date(end))
      .andWhere((q) => q.whereNull('completed_at').orWhere('completed_at', '>=', new Date(start))),
    planItemsForPeriod(knex, period),
    knex('cards').whereBetween('month', [period.start.slice(0, 7), period.end.slice(0, 7)]),
  ]);
  const nodes = taskRows.map(taskNode).filter((n): n is UnitNode => n !== undefined);
  const rated = units.filter((u) => RATED_KINDS.includes(u.kind) || nodes.some((n) => n.unitId === u.id) || planItems.some((p) => p.unitId === u.id));
  return supervisionBoard(
    {
      period,
      now,
      units: rated.map((u) => ({ id: u.id, name: u.name })),
      leaders,
      nodes,
      planItems,
      cards: cardRows.map(cardFromRow),
    },
    config,
  );
}

function cardFromRow(row: { unit_id: string; matter_id: string; month: string; color: Card['color']; reason: Card['reason'] }): Card {
  return { unitId: row.unit_id, matterId: row.matter_id, month: row.month, color: row.color, reason: row.reason };
}

/** Issues the cards of a closed month; closing it again adds nothing. Returns the cards of the month. */
export async function closeMonth(knex: Knex, month: string, config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG): Promise<Card[]> {
  const period = periodContaining('month', `${month}-01`);
  const items = await planItemsForPeriod(knex, period);
  const matterIds = [...new Set(items.map((i) => i.matterId))];
  const roles: MatterRoles[] = (await knex('matters').whereIn('id', matterIds).select('id', 'lead_unit', 'co_units')).map((m) => ({
    matterId: m.id,
    leadUnitId: m.lead_unit,
    coUnitIds: m.co_units ?? [],
  }));
  const cards = issueCards(month, items, roles, config);
  if (cards.length > 0) {
    await knex('cards')
      .insert(
        cards.map((c) => ({
          unit_id: c.unitId,
          matter_id: c.matterId,
          month: c.month,
          color: c.color,
          reason: JSON.stringify(c.reason),
          dedupe_key: [c.unitId, c.matterId, c.month, c.color, c.reason.kind === 'jointResponsibility' ? c.reason.coUnitId : ''].join('/'),
        })),
      )
      .onConflict('dedupe_key')
      .ignore();
  }
  return cards;
}

/** The cards of a month, of one unit or all, with the matters' titles and the units' names. */
export async function cardsOfMonth(knex: Knex, month: string, unitId?: string) {
  const query = knex('cards as c').join('matters as m', 'm.id', 'c.matter_id').join('units as u', 'u.id', 'c.unit_id').where('c.month', month);
  if (unitId) query.where('c.unit_id', unitId);
  const rows = await query.orderBy(['c.unit_id', 'c.matter_id', 'c.id']).select('c.*', 'm.title as matter_title', 'u.name as unit_name');
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, matterId: r.matter_id, matterTitle: r.matter_title, month: r.month, color: r.color, reason: r.reason, issuedAt: r.issued_at.toISOString() }));
}
