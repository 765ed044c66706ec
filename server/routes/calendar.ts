import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CalendarRoutes } from '../../contract/calendar';
import { requireAccess } from '../auth';
import { notFound } from '../../services/errors';
import { calendarDays, calendarSettings, clearCalendarDay, setCalendarDay, setCalendarSettings } from '../../services/work-calendar';
import type { AppContext } from '../../services/context';

/** The working-day calendar (工作日历): everyone reads it, admins keep the office's own days. */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  app.get(
    '/calendar/days',
    { schema: CalendarRoutes.days },
    async (request) => ({ items: await calendarDays(knex, request.query.year) }),
  );

  app.put(
    '/calendar/days/:date',
    { preValidation: requireAccess('settings.manage'), schema: CalendarRoutes.setDay },
    async (request) => {
      await setCalendarDay(knex, { date: request.params.date, ...request.body }, request.user.username);
      return { date: request.params.date, ...request.body, source: 'local' as const };
    },
  );

  app.delete('/calendar/days/:date', { preValidation: requireAccess('settings.manage'), schema: CalendarRoutes.clearDay }, async (request) => {
    if (!(await clearCalendarDay(knex, request.params.date))) throw notFound(`the office's own entry for ${request.params.date}`);
    return { date: request.params.date, cleared: true };
  });

  app.get('/calendar/settings', { schema: CalendarRoutes.settings }, async () => calendarSettings(knex));

  /** Whether deadlines and due dates on a day off move to the next working day, for matters registered from now on. */
  app.put(
    '/calendar/settings',
    { preValidation: requireAccess('settings.manage'), schema: CalendarRoutes.setSettings },
    async (request) => {
      await setCalendarSettings(knex, request.body, request.user.username);
      return request.body;
    },
  );
};
