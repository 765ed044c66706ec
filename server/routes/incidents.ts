import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAccess } from '../auth';
import { listIncidents, resolveIncident, retryIncident } from '../../services/incidents';
import type { AppContext } from '../../services/context';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** Incidents across matters: supervisors follow them, administrators retry or resolve them. */
export const incidentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  const admin = { preValidation: requireAccess('incidents.repair') };

  app.get(
    '/incidents',
    {
      preValidation: requireAccess('incidents.read'),
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])),
          matterId: Type.Optional(Type.String({ minLength: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (request) => ({ items: await listIncidents(knex, request.query) }),
  );

  app.post(
    '/incidents/:id/retry',
    { ...admin, schema: { params: Id, body: Type.Optional(Type.Object({ variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())) })) } },
    async (request) => retryIncident(knex, temporal, request.params.id, request.body?.variables, request.user),
  );

  app.post('/incidents/:id/resolve', { ...admin, schema: { params: Id } }, async (request) => resolveIncident(knex, temporal, request.params.id, request.user));
};
