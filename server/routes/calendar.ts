import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAccess } from '../auth';
import { notFound } from '../../services/errors';
import { calendarDays, calendarSettings, clearCalendarDay, setCalendarDay, setCalendarSettings } from '../../services/work-calendar';
import type { AppContext } from '../../services/context';

const DateParam = Type.Object({ date: Type.String({ format: 'date', pattern: '^(19|20|21)\\d{2}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false });

/** The working-day calendar (工作日历): everyone reads it, admins keep the office's own days. */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  app.get(
    '/calendar/days',
    { schema: { querystring: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2199 }) }, { additionalProperties: false }) } },
    async (request) => ({ items: await calendarDays(knex, request.query.year) }),
  );

  app.put(
    '/calendar/days/:date',
    {
      preValidation: requireAccess('settings.manage'),
      schema: {
        params: DateParam,
        body: Type.Object({ working: Type.Boolean(), note: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await setCalendarDay(knex, { date: request.params.date, ...request.body }, request.user.username);
      return { date: request.params.date, ...request.body, source: 'local' as const };
    },
  );

  app.delete('/calendar/days/:date', { preValidation: requireAccess('settings.manage'), schema: { params: DateParam } }, async (request) => {
    if (!(await clearCalendarDay(knex, request.params.date))) throw notFound(`the office's own entry for ${request.params.date}`);
    return { date: request.params.date, cleared: true };
  });

  app.get('/calendar/settings', async () => calendarSettings(knex));

  /** Whether deadlines and due dates on a day off move to the next working day, for matters registered from now on. */
  app.put(
    '/calendar/settings',
    { preValidation: requireAccess('settings.manage'), schema: { body: Type.Object({ dueOnWorkingDays: Type.Boolean() }, { additionalProperties: false }) } },
    async (request) => {
      await setCalendarSettings(knex, request.body, request.user.username);
      return request.body;
    },
  );
};
