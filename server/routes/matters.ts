import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../services/context';
import { MATTER_FIELDS } from '../../supervision/matter-data';
import { requireAccess } from '../auth';
import { Body, FreeRecord, IntId, Key, NoQuery, Patch, Query, Uuid } from '../http/schemas';
import {
  createMatter,
  deleteMatter,
  editMatter,
  findVisibleMatter,
  matterAudit,
  sendMessage,
  startMatter,
  terminateMatter,
} from '../../services/matters';
import { matterTimeline } from '../../services/history';
import { matterPage } from '../../services/matter-page';
import { foundMatterView, searchMatters } from '../../services/statistics';
import { matterQueryFilters, refuseUnknown } from './matter-query';

const Id = Type.Object({ id: Uuid });

const ListQuery = Query({ ...matterQueryFilters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

/** The data elements an edit may change (the data-quality rules check their values). */
const MatterEdit = Patch(
  Object.fromEntries(
    MATTER_FIELDS.map((field) => [field, Type.Optional(Type.Unknown())]),
  ),
);

export const matterRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  app.get(
    '/matters',
    { preValidation: refuseUnknown(ListQuery.properties), schema: { querystring: ListQuery } },
    async (request) => {
      // The newest first page of the search (GET /matters/search pages through all of them).
      const { limit = 200, ...query } = request.query;
      return { items: (await searchMatters(knex, request.user, query, { limit, offset: 0 }, app.now())).items.map(foundMatterView) };
    },
  );

  app.post(
    '/matters',
    {
      preValidation: requireAccess('matters.manage'),
      schema: {
        body: Body({
          processKey: Key(),
          processVersion: Type.Optional(IntId),
          title: Type.String({ minLength: 1, maxLength: 500 }),
          variables: Type.Optional(FreeRecord()),
          data: Type.Optional(FreeRecord()),
          draft: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request, reply) => {
      const { id } = await createMatter(knex, temporal, { ...request.body, variables: request.body.variables ?? {} }, request.user);
      reply.status(201);
      return { id };
    },
  );

  const supervises = { preValidation: requireAccess('matters.manage') };

  app.post('/matters/:id/start', { ...supervises, schema: { params: Id } }, async (request) => {
    await startMatter(knex, temporal, request.params.id, request.user);
    return { started: true };
  });

  app.patch('/matters/:id', { ...supervises, schema: { params: Id, body: MatterEdit } }, async (request) =>
    editMatter(knex, temporal, request.params.id, request.body, request.user),
  );

  app.delete('/matters/:id', { ...supervises, schema: { params: Id } }, async (request, reply) => {
    await deleteMatter(knex, request.params.id);
    reply.status(204);
  });

  app.post(
    '/matters/:id/terminate',
    { ...supervises, schema: { params: Id, body: Body({ reason: Type.String({ minLength: 2, maxLength: 1000 }) }) } },
    async (request) => {
      await terminateMatter(knex, temporal, request.params.id, request.body.reason, request.user);
      return { terminated: true };
    },
  );

  app.get('/matters/:id/audit', { schema: { params: Id, querystring: NoQuery } }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: await matterAudit(knex, row.id) };
  });

  app.get('/matters/:id', { schema: { params: Id, querystring: NoQuery } }, async (request) => matterPage(ctx, await findVisibleMatter(knex, request.params.id, request.user)));

  app.get('/matters/:id/history', { schema: { params: Id, querystring: NoQuery } }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: await matterTimeline(knex, temporal.client, row) };
  });

  app.post(
    '/matters/:id/messages/:name',
    {
      preValidation: requireAccess('matters.requestChange'),
      schema: {
        params: Type.Object({ id: Uuid, name: Key() }),
        body: Type.Optional(Body({ correlationKey: Type.Optional(Key()), variables: Type.Optional(FreeRecord()) })),
      },
    },
    async (request) => {
      const row = await findVisibleMatter(knex, request.params.id, request.user);
      return sendMessage(temporal, row, request.user, { name: request.params.name, correlationKey: request.body?.correlationKey, variables: request.body?.variables ?? {} });
    },
  );
};
