import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DecisionRoutes } from '../../contract/decisions';
import { requireAccess } from '../auth';
import { findDecision, listDecisions } from '../../services/decisions';
import type { AppContext } from '../../services/context';

/** Deployed DMN decisions, for those who design and deploy processes. */
export const decisionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const preValidation = requireAccess('processes.deploy');

  app.get('/decisions', { preValidation, schema: DecisionRoutes.list }, async () => {
    const rows = await listDecisions(knex);
    return {
      items: rows.map((r) => ({
        id: r.id,
        key: r.key,
        version: r.version,
        name: r.name ?? undefined,
        requirementsKey: r.requirements_key,
        deployedAt: r.deployed_at.toISOString(),
        deployedBy: r.deployed_by ?? undefined,
      })),
    };
  });

  app.get('/decisions/:key/xml', { preValidation, schema: DecisionRoutes.xml }, async (request, reply) => {
    const row = await findDecision(knex, request.params.key, request.query.version);
    reply.type('application/xml');
    return row.xml;
  });
};
