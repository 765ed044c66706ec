import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IncidentRoutes } from '../../contract/incidents';
import { requireAccess } from '../auth';
import { listIncidents, resolveIncident, retryIncident } from '../../services/incidents';
import type { AppContext } from '../../services/context';

/** Incidents across matters: supervisors follow them, administrators retry or resolve them. */
export const incidentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  const admin = { preValidation: requireAccess('incidents.repair') };

  app.get(
    '/incidents',
    { preValidation: requireAccess('incidents.read'), schema: IncidentRoutes.list },
    async (request) => ({ items: await listIncidents(knex, request.query) }),
  );

  app.post(
    '/incidents/:id/retry',
    { ...admin, schema: IncidentRoutes.retry },
    async (request) => retryIncident(knex, temporal, request.params.id, request.body?.variables, request.user),
  );

  app.post('/incidents/:id/resolve', { ...admin, schema: IncidentRoutes.resolve }, async (request) => resolveIncident(knex, temporal, request.params.id, request.user));
};
