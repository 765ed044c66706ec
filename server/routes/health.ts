import type { FastifyPluginAsync } from 'fastify';
import { HealthRoutes } from '../../contract/health';
import type { AppContext } from '../../services/context';
import { databaseAnswers } from '../../services/health';
import { probe, RETRY_AFTER_SECONDS, type ServiceName, serviceStatus } from '../outage';

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
export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext; info: HealthInfo }> = async (app, { ctx, info }) => {
  app.get('/health', { config: { public: true }, schema: HealthRoutes.health }, async (_request, reply) => {
    const connection = ctx.temporal.client.connection;
    const [database, temporalOk] = await Promise.all([
      serviceStatus.isDown('database') ? false : probe(() => databaseAnswers(ctx.knex)),
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
