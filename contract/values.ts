/**
 * The closed lists of values the API speaks in (lights, statuses, roles, kinds…), as plain arrays:
 * the schemas enumerate them, and the web may import them without bundling TypeBox. Where the
 * supervision rules own the type, the compiler checks that a list names every value and no other;
 * the lists the services own are compared with them by server/http/contract-values.test.ts.
 */
import type * as access from '../supervision/access';
import type * as calendar from '../supervision/calendar';
import type * as cards from '../supervision/cards';
import type * as lights from '../supervision/lights';
import type * as matterData from '../supervision/matter-data';
import type * as progress from '../supervision/progress';

/** `values`, which must name every member of T and nothing else. */
const valuesOf =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L =>
    values;

export const LIGHTS = valuesOf<lights.Light>()(['white', 'blue', 'green', 'yellow', 'red']);
export const CARD_COLORS = valuesOf<cards.CardColor>()(['green', 'yellow', 'red']);
export const PERIOD_KINDS = valuesOf<calendar.PeriodKind>()(['week', 'month', 'year']);
/** The plans a unit keeps, longest first. */
export const PLANS = valuesOf<calendar.PeriodKind>()(['year', 'month', 'week']);
export const MATTER_SOURCES = valuesOf<matterData.MatterSource>()(['meeting', 'instruction', 'document', 'superior', 'other']);
export const REPORTING_PERIODS = valuesOf<matterData.ReportingPeriod>()(['weekly', 'monthly', 'quarterly']);
export const PROGRESS_MARKS = valuesOf<progress.ProgressMark>()(['ahead', 'onSchedule', 'lagging']);
export const ROLES = valuesOf<access.Role>()(['admin', 'designer', 'supervisor', 'leader', 'handler', 'head']);
/** A matter's standard data elements (督办事项要素), in the order the forms show them. */
export const MATTER_FIELDS = valuesOf<keyof matterData.MatterData>()([
  'title',
  'source',
  'type',
  'assignedDate',
  'deadline',
  'assigner',
  'area',
  'leadUnit',
  'coUnits',
  'leader',
  'target',
  'reportingPeriod',
  'tags',
]);

/** A draft is registered but not started: it has no workflow yet. */
export const MATTER_STATUSES = ['draft', 'running', 'completed', 'terminated', 'failed'] as const;
export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;
export const GROUP_BYS = ['unit', 'source', 'type', 'month'] as const;
export const UNIT_KINDS = ['province', 'city', 'county', 'township', 'department', 'branch', 'office', 'leadership'] as const;
/** What the shipped flows and the API itself notify with; a flow's notify task may name others. */
/** The interface languages a user may choose; the first is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export const NOTIFICATION_KINDS = ['info', 'task', 'warning', 'overdue', 'urge', 'instruction'] as const;
export const INCIDENT_KINDS = ['projection', 'service', 'job', 'element'] as const;
export const INCIDENT_STATUSES = ['open', 'resolved'] as const;
export const INCIDENT_RESOLUTIONS = ['retried', 'accepted', 'cancelled'] as const;

export type CardColor = (typeof CARD_COLORS)[number];
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type MatterSource = (typeof MATTER_SOURCES)[number];
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];
export type ProgressMark = (typeof PROGRESS_MARKS)[number];
export type Role = (typeof ROLES)[number];
export type MatterStatus = (typeof MATTER_STATUSES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type GroupBy = (typeof GROUP_BYS)[number];
export type UnitKind = (typeof UNIT_KINDS)[number];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
