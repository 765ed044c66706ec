import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MatterRoutes } from '../../contract/matters';
import type { AppContext } from '../../services/context';
import { requireAccess } from '../auth';
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
import { refuseUnknown } from './matter-query';

/** The data elements an edit may change (the data-quality rules check their values). */

export const matterRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  app.get(
    '/matters',
    { preValidation: refuseUnknown(MatterRoutes.list.querystring.properties), schema: MatterRoutes.list },
    async (request) => {
      // The newest first page of the search (GET /matters/search pages through all of them).
      const { limit = 200, ...query } = request.query;
      return { items: (await searchMatters(knex, request.user, query, { limit, offset: 0 }, app.now())).items.map(foundMatterView) };
    },
  );

  app.post(
    '/matters',
    { preValidation: requireAccess('matters.manage'), schema: MatterRoutes.create },
    async (request, reply) => {
      const { id } = await createMatter(knex, temporal, { ...request.body, variables: request.body.variables ?? {} }, request.user);
      reply.status(201);
      return { id };
    },
  );

  const supervises = { preValidation: requireAccess('matters.manage') };

  app.post('/matters/:id/start', { ...supervises, schema: MatterRoutes.start }, async (request) => {
    await startMatter(knex, temporal, request.params.id, request.user);
    return { started: true };
  });

  app.patch('/matters/:id', { ...supervises, schema: MatterRoutes.edit }, async (request) =>
    editMatter(knex, temporal, request.params.id, request.body, request.user),
  );

  app.delete('/matters/:id', { ...supervises, schema: MatterRoutes.delete }, async (request, reply) => {
    await deleteMatter(knex, request.params.id);
    reply.status(204);
  });

  app.post(
    '/matters/:id/terminate',
    { ...supervises, schema: MatterRoutes.terminate },
    async (request) => {
      await terminateMatter(knex, temporal, request.params.id, request.body.reason, request.user);
      return { terminated: true };
    },
  );

  app.get('/matters/:id/audit', { schema: MatterRoutes.audit }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: await matterAudit(knex, row.id) };
  });

  app.get('/matters/:id', { schema: MatterRoutes.get }, async (request) => matterPage(ctx, await findVisibleMatter(knex, request.params.id, request.user)));

  app.get('/matters/:id/history', { schema: MatterRoutes.history }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: await matterTimeline(knex, temporal.client, row) };
  });

  app.post(
    '/matters/:id/messages/:name',
    { preValidation: requireAccess('matters.requestChange'), schema: MatterRoutes.message },
    async (request) => {
      const row = await findVisibleMatter(knex, request.params.id, request.user);
      return sendMessage(temporal, row, request.user, { name: request.params.name, correlationKey: request.body?.correlationKey, variables: request.body?.variables ?? {} });
    },
  );
};
