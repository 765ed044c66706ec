/** Ad-hoc queries over matters (即席查询) and their statistics (统计分析). */
import { type Static, Type } from 'typebox';
import { Errors, PG_INT_MAX, Query, routes } from './common';
import { FoundMatter } from './matters';
import { matterQueryFilters } from './matter-query';
import { GROUP_BYS } from './values';

/** A page of the matters that match, and how many match in all. */
export const SearchPage = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(FoundMatter) });

export const Tally = Type.Object({
  matters: Type.Integer(),
  running: Type.Integer(),
  completed: Type.Integer(),
  terminated: Type.Integer(),
  overdue: Type.Integer(),
  lights: Type.Object({ white: Type.Integer(), blue: Type.Integer(), green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
  cards: Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
});

export const Statistics = Type.Object({
  groupBy: Type.Enum(GROUP_BYS),
  /** One per unit, source, type or month (YYYY-MM); `key` is null for matters without one. */
  rows: Type.Array(Type.Object({ key: Type.Union([Type.String(), Type.Null()]), label: Type.String(), ...Tally.properties })),
  /** Over the distinct matters of the rows: a matter with co-units counts once here. */
  totals: Tally,
});

export const searchQuery = Query({
  ...matterQueryFilters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: PG_INT_MAX })),
});

export const statisticsQuery = Query({ ...matterQueryFilters, groupBy: Type.Enum(GROUP_BYS) });

export const StatisticsRoutes = routes('statistics', {
  /** Matters matching any data element and computed state, a page at a time, newest first. */
  search: { querystring: searchQuery, response: { 200: SearchPage, ...Errors } },
  /** Counts of matters, their states, lights and cards by unit, source, type or month assigned. */
  statistics: { querystring: statisticsQuery, response: { 200: Statistics, ...Errors } },
});

export type SearchPage = Static<typeof SearchPage>;
export type Tally = Static<typeof Tally>;
export type Statistics = Static<typeof Statistics>;
