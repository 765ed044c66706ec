/**
 * Superior systems: the admin registers them (an API key is issued once); they hand matters down
 * through the intake with that key and read progress back; or their feed is pulled on a schedule.
 */
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SuperiorRoutes } from '../../contract/superior';
import { requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import {
  type SuperiorSystem,
  createSuperiorSystem,
  intakeMatter,
  listSuperiorSystems,
  pullNow,
  progressFor,
  syncPullSchedule,
  systemByKey,
  updateSuperiorSystem,
} from '../../services/superior';
import type { AppContext } from '../../services/context';

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

export const superiorRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  const admin = { preValidation: requireAccess('settings.manage') };

  app.get('/superior-systems', { ...admin, schema: SuperiorRoutes.list }, async () => ({ items: (await listSuperiorSystems(knex)).map(systemView) }));

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
      const system = await updateSuperiorSystem(knex, request.params.id, { feedUrl: feedUrl === undefined ? undefined : (checkedUrl(feedUrl) ?? null), pullEveryMinutes, active });
      await syncPullSchedule(temporal.client, temporal.taskQueue, system);
      return systemView(system);
    },
  );

  /** Pulls the feed now (the schedule does it every pullEveryMinutes) and answers with what it took in. */
  app.post('/superior-systems/:id/pull', { ...admin, schema: SuperiorRoutes.pull }, async (request) => pullNow(ctx, request.params.id));

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
