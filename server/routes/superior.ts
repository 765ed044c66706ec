/**
 * Superior systems: the admin registers them (an API key is issued once); they hand matters down
 * through the intake with that key and read progress back; or their feed is pulled on a schedule.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { requireAccess } from '../auth';
import { HttpError } from '../errors';
import { invalidInput, notFound } from '../../services/errors';
import { SuperiorRoutes } from '../../contract/superior';
import type { TemporalContext } from '../../services/matters';
import { PULL_WORKFLOW, type SuperiorSystem, createSuperiorSystem, intakeMatter, progressFor, syncPullSchedule, systemByKey } from '../../services/superior';

function checkedUrl(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // fall through
  }
  throw invalidInput('feedUrl must be an http(s) URL', [{ path: '/body/feedUrl', message: 'not an http(s) URL' }]);
}

const systemView = (s: SuperiorSystem) => ({ id: s.id, name: s.name, feedUrl: s.feed_url ?? undefined, pullEveryMinutes: s.pull_every_minutes, active: s.active });

export const superiorRoutes: FastifyPluginAsyncTypebox<{ knex: Knex; temporal: TemporalContext }> = async (app, { knex, temporal }) => {
  const admin = { preValidation: requireAccess('settings.manage') };

  app.get('/superior-systems', { ...admin, schema: SuperiorRoutes.list }, async () => ({ items: (await knex<SuperiorSystem>('superior_systems').orderBy('id')).map(systemView) }));

  app.post(
    '/superior-systems',
    { ...admin, schema: SuperiorRoutes.create },
    async (request, reply) => {
      const { system, apiKey } = await createSuperiorSystem(knex, { ...request.body, feedUrl: checkedUrl(request.body.feedUrl) });
      await syncPullSchedule(temporal.client, temporal.taskQueue, system);
      reply.status(201);
      return { ...systemView(system), apiKey };
    },
  );

  app.patch(
    '/superior-systems/:id',
    { ...admin, schema: SuperiorRoutes.update },
    async (request) => {
      const { feedUrl, pullEveryMinutes, active } = request.body;
      const [system] = await knex<SuperiorSystem>('superior_systems')
        .where({ id: request.params.id })
        .update({
          ...(feedUrl !== undefined && { feed_url: checkedUrl(feedUrl) ?? null }),
          ...(pullEveryMinutes !== undefined && { pull_every_minutes: pullEveryMinutes }),
          ...(active !== undefined && { active }),
        })
        .returning('*');
      if (!system) throw notFound(`superior system ${request.params.id}`);
      await syncPullSchedule(temporal.client, temporal.taskQueue, system);
      return systemView(system);
    },
  );

  /** Pulls the feed now (the schedule does it every pullEveryMinutes) and answers with what it took in. */
  app.post('/superior-systems/:id/pull', { ...admin, schema: SuperiorRoutes.pull }, async (request) => {
    const system = await knex<SuperiorSystem>('superior_systems').where({ id: request.params.id }).first();
    if (!system?.feed_url) throw notFound(`a feed for superior system ${request.params.id}`);
    try {
      return await temporal.client.workflow.execute(PULL_WORKFLOW, {
        workflowId: `superior-pull-${system.id}-${Date.now()}`,
        taskQueue: temporal.taskQueue,
        args: [{ systemId: system.id }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      // The feed is the system's, not ours: unreachable or not a feed is a refusal of this pull, not our fault.
      let cause: Error | undefined = err;
      while (cause?.cause instanceof Error) cause = cause.cause;
      throw new HttpError(422, `the feed of superior system ${system.id} could not be pulled: ${cause?.message ?? 'it failed'}`);
    }
  });

  /** Intake: a superior system hands a matter down (idempotent by its externalId). */
  app.post(
    '/intake/matters',
    { config: { public: true }, schema: SuperiorRoutes.intake },
    async (request, reply) => {
      const system = await systemByKey(knex, request.headers['x-api-key'] as string | undefined);
      const result = await intakeMatter(knex, temporal, system, request.body);
      reply.status(result.created ? 201 : 200);
      return result;
    },
  );

  app.get('/intake/matters/:externalId', { config: { public: true }, schema: SuperiorRoutes.progress }, async (request) => {
    const system = await systemByKey(knex, request.headers['x-api-key'] as string | undefined);
    return progressFor(knex, system, request.params.externalId, app.now());
  });
};
