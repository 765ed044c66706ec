import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PlanRoutes } from '../../contract/plans';
import { requireAccess } from '../auth';
import { addPlanItem, changePlanItem, completePlanItem, matterPlanItems, planItemView, removePlanItem } from '../../services/plans';
import type { AppContext } from '../../services/context';

export const planRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const supervises = { preValidation: requireAccess('matters.manage') };

  app.get(
    '/matters/:id/plans',
    { schema: PlanRoutes.list },
    async (request) => ({ items: (await matterPlanItems(knex, request.params.id, request.user, request.query)).map(planItemView) }),
  );

  app.post(
    '/matters/:id/plans',
    { ...supervises, schema: PlanRoutes.add },
    async (request, reply) => {
      const row = await addPlanItem(knex, request.params.id, request.body, request.user);
      reply.status(201);
      return planItemView(row);
    },
  );

  /** Supervisors change or remove an item until the unit has completed it. */
  app.patch(
    '/plans/:id',
    { ...supervises, schema: PlanRoutes.change },
    async (request) => planItemView(await changePlanItem(knex, request.params.id, request.body)),
  );

  app.delete('/plans/:id', { ...supervises, schema: PlanRoutes.remove }, async (request, reply) => {
    await removePlanItem(knex, request.params.id);
    reply.status(204);
  });

  /** The unit's handler or head marks the item done; repeating it changes nothing. */
  app.post(
    '/plans/:id/complete',
    { schema: PlanRoutes.complete },
    async (request) => planItemView(await completePlanItem(knex, request.params.id, request.body, request.user, app.now())),
  );
};
