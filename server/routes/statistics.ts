import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StatisticsRoutes } from '../../contract/statistics';
import { foundMatterView, matterStatistics, searchMatters } from '../../services/statistics';
import { refuseUnknown } from './matter-query';
import type { AppContext } from '../../services/context';

export const statisticsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  /** Matters matching any data element and computed state, a page at a time, with the total. */
  app.get(
    '/matters/search',
    { preValidation: refuseUnknown(StatisticsRoutes.search.querystring.properties), schema: StatisticsRoutes.search },
    async (request) => {
      const { limit = 50, offset = 0, ...query } = request.query;
      const { total, items } = await searchMatters(knex, request.user, query, { limit, offset }, app.now());
      return { total, limit, offset, items: items.map(foundMatterView) };
    },
  );

  /** Counts of matters, their states, lights and cards by unit, source, type or month assigned. */
  app.get(
    '/statistics',
    { preValidation: refuseUnknown(StatisticsRoutes.statistics.querystring.properties), schema: StatisticsRoutes.statistics },
    async (request) => {
      const { groupBy, ...query } = request.query;
      return matterStatistics(knex, request.user, groupBy, query, app.now());
    },
  );
};
