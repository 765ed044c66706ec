/** The filters of a matter query, as query parameters: one schema for the list, the search, the statistics and the ledger. */
import { type Static, Type } from 'typebox';
import { Day, Month } from './common';
import { LIGHTS, MATTER_SOURCES, MATTER_STATUSES, REPORTING_PERIODS } from './values';

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

/** The filters as one object schema: a matter query's filters, all optional, all ANDed. */
export const MatterFilterQuery = Type.Object(matterQueryFilters);
export type MatterQueryFilters = Static<typeof MatterFilterQuery>;
