import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SubMatterRoutes } from '../../contract/sub-matters';
import { requireAccess } from '../auth';
import { createSubMatter, rollup } from '../../services/sub-matters';
import type { AppContext } from '../../services/context';

export const subMatterRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  /** Decomposes a matter: the body is a new matter's, elements left out are inherited from the parent. */
  app.post(
    '/matters/:id/sub-matters',
    { preValidation: requireAccess('matters.manage'), schema: SubMatterRoutes.create },
    async (request, reply) => {
      const created = await createSubMatter(knex, temporal, request.params.id, { ...request.body, variables: request.body.variables ?? {} }, request.user);
      reply.status(201);
      return created;
    },
  );

  /** The matter and its sub-matters as a tree: targets and achievements summed upwards, lights worst-of. */
  app.get('/matters/:id/rollup', { schema: SubMatterRoutes.rollup }, async (request) => rollup(knex, request.params.id, request.user, app.now()));
};
