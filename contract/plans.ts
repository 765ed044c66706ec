/** Plans (年度/月度/周 计划): the plan items of a matter's responsible units, set by supervisors and completed by the units. */
import { type Static, Type } from 'typebox';
import { Amount, Body, Day, Errors, Instant, Items, LocalDate, NoContent, Patch, Query, Uuid, routes } from './common';
import { PLANS } from './values';

export const PlanItem = Type.Object({
  id: Type.String(),
  matterId: Type.String(),
  unitId: Type.String(),
  plan: Type.Enum(PLANS),
  title: Type.String(),
  dueDate: LocalDate,
  /** For a quantified item: the amount planned and the amount reached. */
  quantity: Type.Optional(Type.Number()),
  achieved: Type.Optional(Type.Number()),
  completedAt: Type.Optional(Instant),
  completedBy: Type.Optional(Type.String()),
  evidence: Type.Optional(Type.String()),
  evidenceFiles: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  createdBy: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});

const Id = Type.Object({ id: Uuid });
const UnitId = Type.String({ minLength: 1, maxLength: 200 });
const Plan = Type.Enum(PLANS);
const Title = Type.String({ minLength: 1, maxLength: 500 });
const DueDate = Day;
const Quantity = Amount({ exclusiveMinimum: 0 });

export const PlanRoutes = routes('plans', {
  list: { params: Id, querystring: Query({ unitId: Type.Optional(UnitId), plan: Type.Optional(Plan) }), response: { 200: Items(PlanItem), ...Errors } },
  add: {
    params: Id,
    body: Body({ unitId: UnitId, plan: Plan, title: Title, dueDate: DueDate, quantity: Type.Optional(Quantity) }),
    response: { 201: PlanItem, ...Errors },
  },
  /** Supervisors change or remove an item until the unit has completed it. */
  change: {
    params: Id,
    body: Patch({
      unitId: Type.Optional(UnitId),
      plan: Type.Optional(Plan),
      title: Type.Optional(Title),
      dueDate: Type.Optional(DueDate),
      quantity: Type.Optional(Type.Union([Quantity, Type.Null()])),
    }),
    response: { 200: PlanItem, ...Errors },
  },
  remove: { params: Id, response: { 204: NoContent, ...Errors } },
  /** The unit's handler or head marks the item done; repeating it changes nothing. */
  complete: {
    params: Id,
    body: Body({
      evidence: Type.String({ minLength: 1, maxLength: 5000 }),
      achieved: Type.Optional(Amount({ minimum: 0 })),
      evidenceFiles: Type.Optional(Type.Array(Body({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ minLength: 1, maxLength: 2000 }) }), { maxItems: 20 })),
    }),
    response: { 200: PlanItem, ...Errors },
  },
});

export type PlanItem = Static<typeof PlanItem>;

/** What adds a plan item, changes one, and completes one. */
export type NewPlanItem = Static<typeof PlanRoutes.add.body>;
export type PlanItemChanges = Static<typeof PlanRoutes.change.body>;
export type PlanItemCompletion = Static<typeof PlanRoutes.complete.body>;
