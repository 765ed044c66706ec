import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PG_INT_MAX, Query } from '../http/schemas';
import { GROUP_BYS, foundMatterView, matterStatistics, searchMatters } from '../../services/statistics';
import { matterQueryFilters, refuseUnknown } from './matter-query';
import type { AppContext } from '../../services/context';

const SearchQuery = Query({
  ...matterQueryFilters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: PG_INT_MAX })),
});

const StatisticsQuery = Query({ ...matterQueryFilters, groupBy: Type.Enum(GROUP_BYS) });

export const statisticsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  /** Matters matching any data element and computed state, a page at a time, with the total. */
  app.get(
    '/matters/search',
    { preValidation: refuseUnknown(SearchQuery.properties), schema: { querystring: SearchQuery } },
    async (request) => {
      const { limit = 50, offset = 0, ...query } = request.query;
      const { total, items } = await searchMatters(knex, request.user, query, { limit, offset }, app.now());
      return { total, limit, offset, items: items.map(foundMatterView) };
    },
  );

  /** Counts of matters, their states, lights and cards by unit, source, type or month assigned. */
  app.get(
    '/statistics',
    { preValidation: refuseUnknown(StatisticsQuery.properties), schema: { querystring: StatisticsQuery } },
    async (request) => {
      const { groupBy, ...query } = request.query;
      return matterStatistics(knex, request.user, groupBy, query, app.now());
    },
  );
};
