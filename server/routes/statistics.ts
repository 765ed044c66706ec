import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { LIGHTS } from '../../supervision/lights';
import { MATTER_SOURCES, REPORTING_PERIODS } from '../../supervision/matter-data';
import { badRequest } from '../errors';
import { GROUP_BYS, MATTER_STATUSES, foundMatterView, matterStatistics, searchMatters } from '../services/statistics';

const Text = Type.String({ minLength: 1, maxLength: 200 });
const Day = Type.String({ format: 'date' });

/** The filters of an ad-hoc query, shared by the search and the statistics. */
const filters = {
  source: Type.Optional(Type.Enum(MATTER_SOURCES)),
  type: Type.Optional(Text),
  assigner: Type.Optional(Text),
  reportingPeriod: Type.Optional(Type.Enum(REPORTING_PERIODS)),
  leadUnit: Type.Optional(Text),
  unit: Type.Optional(Text),
  leader: Type.Optional(Text),
  area: Type.Optional(Text),
  tag: Type.Optional(Text),
  status: Type.Optional(Type.Enum(MATTER_STATUSES)),
  light: Type.Optional(Type.Enum(LIGHTS)),
  overdue: Type.Optional(Type.Boolean()),
  deadlineFrom: Type.Optional(Day),
  deadlineTo: Type.Optional(Day),
  assignedFrom: Type.Optional(Day),
  assignedTo: Type.Optional(Day),
  text: Type.Optional(Text),
  period: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('year')])),
  date: Type.Optional(Day),
  card: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])),
  cardMonth: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
};

const SearchQuery = Type.Object({
  ...filters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

const StatisticsQuery = Type.Object({ ...filters, groupBy: Type.Enum(GROUP_BYS) });

/** A misspelt filter would silently widen the query: refuse parameters the route does not know, by name. */
function refuseUnknown(known: object) {
  return async (request: FastifyRequest) => {
    const unknown = Object.keys(request.query as object).filter((name) => !(name in known));
    if (unknown.length > 0) throw badRequest(`unknown query parameter: ${unknown.join(', ')}`, unknown.map((name) => ({ path: name, message: 'not a parameter of this query' })));
  };
}

export const statisticsRoutes: FastifyPluginAsyncTypebox<{ knex: Knex }> = async (app, { knex }) => {
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
