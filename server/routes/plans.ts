import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAccess } from '../auth';
import { Amount, Body, Day, Patch, Query, Uuid } from '../http/schemas';
import { PLANS, addPlanItem, changePlanItem, completePlanItem, matterPlanItems, planItemView, removePlanItem } from '../../services/plans';
import type { AppContext } from '../../services/context';

const Id = Type.Object({ id: Uuid });
const UnitId = Type.String({ minLength: 1, maxLength: 200 });
const Plan = Type.Enum(PLANS);
const Title = Type.String({ minLength: 1, maxLength: 500 });
const DueDate = Day;
const Quantity = Amount({ exclusiveMinimum: 0 });

export const planRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const supervises = { preValidation: requireAccess('matters.manage') };

  app.get(
    '/matters/:id/plans',
    { schema: { params: Id, querystring: Query({ unitId: Type.Optional(UnitId), plan: Type.Optional(Plan) }) } },
    async (request) => ({ items: (await matterPlanItems(knex, request.params.id, request.user, request.query)).map(planItemView) }),
  );

  app.post(
    '/matters/:id/plans',
    {
      ...supervises,
      schema: {
        params: Id,
        body: Body({ unitId: UnitId, plan: Plan, title: Title, dueDate: DueDate, quantity: Type.Optional(Quantity) }),
      },
    },
    async (request, reply) => {
      const row = await addPlanItem(knex, request.params.id, request.body, request.user);
      reply.status(201);
      return planItemView(row);
    },
  );

  /** Supervisors change or remove an item until the unit has completed it. */
  app.patch(
    '/plans/:id',
    {
      ...supervises,
      schema: {
        params: Id,
        body: Patch({
          unitId: Type.Optional(UnitId),
          plan: Type.Optional(Plan),
          title: Type.Optional(Title),
          dueDate: Type.Optional(DueDate),
          quantity: Type.Optional(Type.Union([Quantity, Type.Null()])),
        }),
      },
    },
    async (request) => planItemView(await changePlanItem(knex, request.params.id, request.body)),
  );

  app.delete('/plans/:id', { ...supervises, schema: { params: Id } }, async (request, reply) => {
    await removePlanItem(knex, request.params.id);
    reply.status(204);
  });

  /** The unit's handler or head marks the item done; repeating it changes nothing. */
  app.post(
    '/plans/:id/complete',
    {
      schema: {
        params: Id,
        body: Body({
          evidence: Type.String({ minLength: 1, maxLength: 5000 }),
          achieved: Type.Optional(Amount({ minimum: 0 })),
          evidenceFiles: Type.Optional(Type.Array(Body({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ minLength: 1, maxLength: 2000 }) }), { maxItems: 20 })),
        }),
      },
    },
    async (request) => planItemView(await completePlanItem(knex, request.params.id, request.body, request.user, app.now())),
  );
};
