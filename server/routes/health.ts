import type { FastifyPluginAsync } from 'fastify';
import type { Knex } from 'knex';
import { HealthRoutes } from '../../contract/health';
import { probe, RETRY_AFTER_SECONDS, type ServiceName, serviceStatus } from '../outage';
import type { TemporalContext } from '../../services/matters';

export interface HealthInfo {
  address: string;
  namespace: string;
  uiUrl?: string;
}

/**
 * Public: load balancers and the start script ask it; it tells nothing beyond which service is up.
 * Answers within a second either way: each probe has a short deadline, and a service the
 * supervisors saw die (infra/) is reported down without being asked.
 */
export const healthRoutes: FastifyPluginAsync<{ knex: Knex; temporal: TemporalContext; info: HealthInfo }> = async (app, { knex, temporal, info }) => {
  app.get('/health', { config: { public: true }, schema: HealthRoutes.health }, async (_request, reply) => {
    const connection = temporal.client.connection;
    const [database, temporalOk] = await Promise.all([
      serviceStatus.isDown('database') ? false : probe(() => knex.raw('select 1')),
      serviceStatus.isDown('temporal')
        ? false
        : probe(() => connection.withDeadline(Date.now() + 700, () => connection.workflowService.getSystemInfo({}))),
    ]);
    const ok = database && temporalOk;
    const down: ServiceName[] = [...(database ? [] : ['database' as const]), ...(temporalOk ? [] : ['temporal' as const])];
    if (!ok) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', down, database: { ok: database }, temporal: { ok: temporalOk, ...info } };
  });
};
