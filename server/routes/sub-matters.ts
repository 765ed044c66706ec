import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAccess } from '../auth';
import { Body, FreeRecord, Key, NoQuery, Uuid } from '../http/schemas';
import { createSubMatter, rollup } from '../../services/sub-matters';
import type { AppContext } from '../../services/context';

const Id = Type.Object({ id: Uuid });

export const subMatterRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  /** Decomposes a matter: the body is a new matter's, elements left out are inherited from the parent. */
  app.post(
    '/matters/:id/sub-matters',
    {
      preValidation: requireAccess('matters.manage'),
      schema: {
        params: Id,
        body: Body({
          processKey: Key(),
          title: Type.String({ minLength: 1, maxLength: 500 }),
          variables: Type.Optional(FreeRecord()),
          data: Type.Optional(FreeRecord()),
          draft: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request, reply) => {
      const created = await createSubMatter(knex, temporal, request.params.id, { ...request.body, variables: request.body.variables ?? {} }, request.user);
      reply.status(201);
      return created;
    },
  );

  /** The matter and its sub-matters as a tree: targets and achievements summed upwards, lights worst-of. */
  app.get('/matters/:id/rollup', { schema: { params: Id, querystring: NoQuery } }, async (request) => rollup(knex, request.params.id, request.user, app.now()));
};
