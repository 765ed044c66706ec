/** The filters of a matter query, as query parameters: one schema for the list, the search, the statistics and the ledger. */
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { LIGHTS } from '../../supervision/lights';
import { MATTER_SOURCES, REPORTING_PERIODS } from '../../supervision/matter-data';
import { invalidInput } from '../../services/errors';
import { Day, Month } from '../http/schemas';
import { MATTER_STATUSES } from '../../services/statistics';

const Text = Type.String({ minLength: 1, maxLength: 200 });

export const matterQueryFilters = {
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
  cardMonth: Type.Optional(Month),
};

/** A misspelt filter would silently widen the query: refuse parameters the route does not know, by name. */
export function refuseUnknown(known: object) {
  return async (request: FastifyRequest) => {
    const unknown = Object.keys(request.query as object).filter((name) => !(name in known));
    if (unknown.length > 0) throw invalidInput(`unknown query parameter: ${unknown.join(', ')}`, unknown.map((name) => ({ path: name, message: 'not a parameter of this query' })));
  };
}
