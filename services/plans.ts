/**
 * Plans (年度/月度/周 计划): the annual, monthly and weekly plan items of a matter's responsible
 * units. Supervisors set them; the unit completes its own with evidence. The cards, the
 * plan-completion rate and the ranking board read them through planItemsForPeriod.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Period, PeriodKind } from '../supervision/calendar';
import type { PlanItem } from '../supervision/cards';
import { type User, may } from '../supervision/access';
import { type ErrorDetail, invalidInput, conflict, notAllowed, notFound } from './errors';
import { type MatterRow, findVisibleMatter, seesAllMatters } from './matters';

export const PLANS = ['year', 'month', 'week'] as const satisfies readonly PeriodKind[];

export interface EvidenceFile {
  name: string;
  url: string;
}

export interface PlanItemRow {
  id: string;
  matter_id: string;
  unit_id: string;
  plan: PeriodKind;
  title: string;
  due_date: string;
  /** numeric columns come back from pg as strings. */
  quantity: string | null;
  achieved: string | null;
  completed_at: Date | null;
  completed_by: string | null;
  evidence: string | null;
  evidence_files: EvidenceFile[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const numberOrUndefined = (value: string | null) => (value === null ? undefined : Number(value));

export function planItemView(row: PlanItemRow) {
  return {
    id: row.id,
    matterId: row.matter_id,
    unitId: row.unit_id,
    plan: row.plan,
    title: row.title,
    dueDate: row.due_date,
    quantity: numberOrUndefined(row.quantity),
    achieved: numberOrUndefined(row.achieved),
    completedAt: row.completed_at?.toISOString(),
    completedBy: row.completed_by ?? undefined,
    evidence: row.evidence ?? undefined,
    evidenceFiles: row.evidence_files,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The matter's plan items; a unit user sees them when the unit is responsible for the matter or has a task in it. */
export async function matterPlanItems(knex: Knex, matterId: string, user: User, filter: { unitId?: string; plan?: PeriodKind }): Promise<PlanItemRow[]> {
  const matter = await knex<MatterRow>('matters').where({ id: matterId }).first();
  if (!matter) throw notFound(`matter ${matterId}`);
  const responsible = matter.status !== 'draft' && (matter.lead_unit === user.unitId || matter.co_units.includes(user.unitId));
  if (!seesAllMatters(user) && !responsible) await findVisibleMatter(knex, matterId, user);
  const query = knex<PlanItemRow>('plan_items').where({ matter_id: matterId }).orderBy([{ column: 'due_date' }, { column: 'created_at' }]);
  if (filter.unitId) query.where({ unit_id: filter.unitId });
  if (filter.plan) query.where({ plan: filter.plan });
  return query;
}

export interface PlanItemFields {
  unitId: string;
  plan: PeriodKind;
  title: string;
  dueDate: string;
  quantity?: number | null;
}

/** A plan item belongs to one of the matter's responsible units and falls within the matter's dates. */
function checkAgainstMatter(matter: MatterRow, item: PlanItemFields): void {
  if (!matter.lead_unit || !matter.assigned_date || !matter.deadline) {
    throw invalidInput(`matter ${matter.id} has no lead unit and dates yet; plans need them`);
  }
  const errors: ErrorDetail[] = [];
  if (item.unitId !== matter.lead_unit && !matter.co_units.includes(item.unitId)) {
    errors.push({ path: 'unitId', message: `${item.unitId} is neither the lead unit (${matter.lead_unit}) nor a co-unit of the matter` });
  }
  if (item.dueDate < matter.assigned_date || item.dueDate > matter.deadline) {
    errors.push({ path: 'dueDate', message: `the due date must be within the matter's ${matter.assigned_date} … ${matter.deadline}` });
  }
  if (errors.length > 0) throw invalidInput('the plan item does not fit the matter', errors);
}

/** Matters that have ended take no new plans. */
const ENDED = ['completed', 'terminated', 'failed'];

export async function addPlanItem(knex: Knex, matterId: string, item: PlanItemFields, user: User): Promise<PlanItemRow> {
  const matter = await knex<MatterRow>('matters').where({ id: matterId }).first();
  if (!matter) throw notFound(`matter ${matterId}`);
  if (ENDED.includes(matter.status)) throw conflict(`matter ${matterId} is ${matter.status}`);
  checkAgainstMatter(matter, item);
  const [row] = await knex<PlanItemRow>('plan_items')
    .insert({
      id: randomUUID(),
      matter_id: matterId,
      unit_id: item.unitId,
      plan: item.plan,
      title: item.title,
      due_date: item.dueDate,
      quantity: item.quantity === undefined || item.quantity === null ? null : String(item.quantity),
      created_by: user.username,
    })
    .returning('*');
  return row;
}

async function openPlanItem(trx: Knex.Transaction, id: string): Promise<PlanItemRow> {
  const row = await trx<PlanItemRow>('plan_items').where({ id }).forUpdate().first();
  if (!row) throw notFound(`plan item ${id}`);
  if (row.completed_at) throw conflict(`plan item ${id} was completed by ${row.completed_by}; it can no longer change`);
  return row;
}

/** Changes a plan item the unit has not completed yet, checked against its matter again. */
export async function changePlanItem(knex: Knex, id: string, changes: Partial<PlanItemFields>): Promise<PlanItemRow> {
  return knex.transaction(async (trx) => {
    const row = await openPlanItem(trx, id);
    const matter = (await trx<MatterRow>('matters').where({ id: row.matter_id }).first())!;
    const quantity = changes.quantity === undefined ? numberOrUndefined(row.quantity) : changes.quantity;
    const item = { unitId: row.unit_id, plan: row.plan, title: row.title, dueDate: row.due_date, ...changes, quantity };
    checkAgainstMatter(matter, item);
    const [updated] = await trx<PlanItemRow>('plan_items')
      .where({ id })
      .update({
        unit_id: item.unitId,
        plan: item.plan,
        title: item.title,
        due_date: item.dueDate,
        quantity: item.quantity === undefined || item.quantity === null ? null : String(item.quantity),
        updated_at: trx.fn.now(),
      })
      .returning('*');
    return updated;
  });
}

export async function removePlanItem(knex: Knex, id: string): Promise<void> {
  await knex.transaction(async (trx) => {
    await openPlanItem(trx, id);
    await trx('plan_items').where({ id }).delete();
  });
}

/** Drafts have not been handed to the units yet, and terminated matters ended early: their plans do not bind. */
const NOT_BINDING = ['draft', 'terminated'];

export interface Completion {
  evidence: string;
  achieved?: number;
  evidenceFiles?: EvidenceFile[];
}

/**
 * The unit marks its plan item done, with evidence; only its handlers and head may. The first
 * completion stands: a repeat (a retry, a second click) returns the item as it was completed.
 */
export async function completePlanItem(knex: Knex, id: string, completion: Completion, user: User, now: number): Promise<PlanItemRow> {
  const row = await knex<PlanItemRow>('plan_items').where({ id }).first();
  if (!row) throw notFound(`plan item ${id}`);
  if (!may(user.role, 'plans.complete') || user.unitId !== row.unit_id) throw notAllowed(`plan item ${id} is ${row.unit_id}'s to complete`);
  if (row.completed_at) return row;
  const { status } = (await knex<MatterRow>('matters').where({ id: row.matter_id }).first('status'))!;
  if (NOT_BINDING.includes(status)) throw conflict(`matter ${row.matter_id} is ${status}; its plan is not in force`);
  const [completed] = await knex<PlanItemRow>('plan_items')
    .where({ id })
    .whereNull('completed_at')
    .update({
      completed_at: new Date(now),
      completed_by: user.username,
      evidence: completion.evidence,
      evidence_files: knex.raw('?::jsonb', [JSON.stringify(completion.evidenceFiles ?? [])]),
      achieved: completion.achieved === undefined ? row.achieved : String(completion.achieved),
      updated_at: knex.fn.now(),
    })
    .returning('*');
  return completed ?? (await knex<PlanItemRow>('plan_items').where({ id }).first())!;
}

/**
 * The plan items due in the period, of every plan (year, month, week), as the supervision rules
 * take them: for the cards (issueCards), the plan-completion rate and the ranking board.
 */
export async function planItemsForPeriod(knex: Knex, period: Period): Promise<PlanItem[]> {
  const rows = await knex<PlanItemRow>('plan_items')
    .join('matters', 'matters.id', 'plan_items.matter_id')
    .whereBetween('plan_items.due_date', [period.start, period.end])
    .whereNotIn('matters.status', NOT_BINDING)
    .orderBy([{ column: 'plan_items.due_date' }, { column: 'plan_items.id' }])
    .select('plan_items.*');
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unit_id,
    matterId: row.matter_id,
    plan: row.plan,
    dueDate: row.due_date,
    ...(row.completed_at ? { completedAt: row.completed_at.getTime() } : {}),
    ...(row.quantity !== null ? { quantity: Number(row.quantity) } : {}),
    ...(row.achieved !== null ? { achieved: Number(row.achieved) } : {}),
  }));
}
