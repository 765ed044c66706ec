import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FormRoutes } from '../../contract/forms';
import { requireAccess } from '../auth';
import { findForm, listForms } from '../../services/forms';
import type { AppContext } from '../../services/context';

/** Deployed forms, for those who design and deploy processes (a task's own form: GET /tasks/:id/form). */
export const formRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const preValidation = requireAccess('processes.deploy');

  app.get('/forms', { preValidation, schema: FormRoutes.list }, async () => {
    const rows = await listForms(knex);
    return { items: rows.map((r) => ({ id: r.id, key: r.key, version: r.version, name: r.name ?? undefined, deployedAt: r.deployed_at.toISOString(), deployedBy: r.deployed_by ?? undefined })) };
  });

  app.get('/forms/:key', { preValidation, schema: FormRoutes.get }, async (request) => (await findForm(knex, request.params.key, request.query.version)).schema);
};
