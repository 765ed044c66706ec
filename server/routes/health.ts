import type { FastifyPluginAsync } from 'fastify';
import type { Knex } from 'knex';
import type { TemporalContext } from '../services/matters';

export interface HealthInfo {
  address: string;
  namespace: string;
  uiUrl?: string;
}

/** Public: load balancers and the start script ask it; it tells nothing beyond up or down. */
export const healthRoutes: FastifyPluginAsync<{ knex: Knex; temporal: TemporalContext; info: HealthInfo }> = async (app, { knex, temporal, info }) => {
  app.get('/health', { config: { public: true } }, async (_request, reply) => {
    const [database, temporalOk] = await Promise.all([
      knex.raw('select 1').then(() => true, () => false),
      temporal.client.workflowService.getSystemInfo({}).then(() => true, () => false),
    ]);
    const ok = database && temporalOk;
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database: { ok: database }, temporal: { ok: temporalOk, ...info } };
  });
};
