/**
 * A matter's standard data elements (督办事项要素) and the data-quality rules every entry is
 * checked against — by the form, the Excel import and the superior system's intake alike.
 * Pure: the caller supplies what exists (units, leaders) and today's date.
 */
import { Temporal } from 'temporal-polyfill';
import type { WorkingDays } from '../bpmn/working-days';
import { type LocalDate, isLocalDate, startOfDay } from './calendar';

export const MATTER_SOURCES = ['meeting', 'instruction', 'document', 'superior', 'other'] as const;
export const REPORTING_PERIODS = ['weekly', 'monthly', 'quarterly'] as const;

export type MatterSource = (typeof MATTER_SOURCES)[number];
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];

export interface Target {
  /** What is measured, e.g. 新建停车位. */
  indicator: string;
  /** Its unit of measure, e.g. 个. */
  measure: string;
  value: number;
}

export interface MatterData {
  title: string;
  source: MatterSource;
  /** Free classification, e.g. 项目建设类 / 指标类. */
  type: string;
  /** Calendar dates, YYYY-MM-DD. */
  assignedDate: string;
  deadline: string;
  assigner: string;
  area?: string;
  leadUnit: string;
  coUnits: string[];
  /** Username of the leader in charge. */
  leader?: string;
  target?: Target;
  reportingPeriod: ReportingPeriod;
  tags: string[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface DataQualityContext {
  units: ReadonlySet<string>;
  leaders: ReadonlySet<string>;
  /** Today in the organisation's zone, YYYY-MM-DD. */
  today: string;
  /** Given where the office moves deadlines off days off: a deadline on one becomes the next working day. */
  workingDays?: WorkingDays;
}

export const MATTER_FIELDS = [
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
] as const;

const MAX_YEARS_AHEAD = 5;

/** A calendar date of a year government work can be about: 1900 to 2200, as the HTTP schemas take them. */
const isCalendarDate = (value: unknown): value is string => typeof value === 'string' && isLocalDate(value) && value >= '1900-01-01' && value <= '2200-12-31';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Checks raw input (a form, an Excel row, an intake call) and returns clean data or every field error. */
export function checkMatterData(input: Record<string, unknown>, ctx: DataQualityContext): { ok: true; data: MatterData } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const title = text(input.title);
  if (title.length < 2 || title.length > 200) fail('title', 'title must be 2 to 200 characters');

  const source = input.source as MatterSource;
  if (!MATTER_SOURCES.includes(source)) fail('source', `source must be one of ${MATTER_SOURCES.join(', ')}`);

  const type = text(input.type);
  if (!type || type.length > 50) fail('type', 'type is required (at most 50 characters)');

  const assignedDate = input.assignedDate;
  if (!isCalendarDate(assignedDate)) fail('assignedDate', 'assigned date must be a date YYYY-MM-DD from 1900 to 2200');
  else if (assignedDate > ctx.today) fail('assignedDate', 'assigned date cannot be in the future');

  const deadline = input.deadline;
  if (!isCalendarDate(deadline)) fail('deadline', 'deadline must be a date YYYY-MM-DD from 1900 to 2200');
  else if (isCalendarDate(assignedDate) && deadline < assignedDate) fail('deadline', 'deadline cannot be before the assigned date');
  else if (Number(deadline.slice(0, 4)) > Number(ctx.today.slice(0, 4)) + MAX_YEARS_AHEAD) fail('deadline', `deadline is more than ${MAX_YEARS_AHEAD} years ahead`);

  const assigner = text(input.assigner);
  if (!assigner || assigner.length > 100) fail('assigner', 'assigner is required (who assigned the matter)');

  const area = text(input.area) || undefined;
  if (area && area.length > 100) fail('area', 'area is at most 100 characters');

  const leadUnit = text(input.leadUnit);
  if (!leadUnit) fail('leadUnit', 'lead unit is required');
  else if (!ctx.units.has(leadUnit)) fail('leadUnit', `no unit "${leadUnit}"`);

  const coUnits = input.coUnits === undefined || input.coUnits === null ? [] : input.coUnits;
  if (!Array.isArray(coUnits) || coUnits.some((u) => typeof u !== 'string')) fail('coUnits', 'co-units must be a list of unit ids');
  else {
    const unknown = coUnits.filter((u) => !ctx.units.has(u));
    if (unknown.length > 0) fail('coUnits', `no unit ${unknown.map((u) => `"${u}"`).join(', ')}`);
    if (new Set(coUnits).size !== coUnits.length) fail('coUnits', 'a co-unit is listed twice');
    if (coUnits.includes(leadUnit)) fail('coUnits', 'the lead unit cannot also be a co-unit');
  }

  const leader = text(input.leader) || undefined;
  if (leader && !ctx.leaders.has(leader)) fail('leader', `"${leader}" is not a leader`);

  let target: Target | undefined;
  if (input.target !== undefined && input.target !== null) {
    const t = input.target as Record<string, unknown>;
    const indicator = text(t.indicator);
    const measure = text(t.measure);
    const value = typeof t.value === 'string' && t.value.trim() !== '' ? Number(t.value) : t.value;
    if (!indicator) fail('target.indicator', 'a quantified target needs its indicator');
    if (!measure) fail('target.measure', 'a quantified target needs its unit of measure');
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail('target.value', 'target value must be a number above zero');
    else target = { indicator, measure, value };
  }

  const reportingPeriod = input.reportingPeriod as ReportingPeriod;
  if (!REPORTING_PERIODS.includes(reportingPeriod)) fail('reportingPeriod', `reporting period must be one of ${REPORTING_PERIODS.join(', ')}`);

  const tags = input.tags === undefined || input.tags === null ? [] : input.tags;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t.trim() === '' || t.length > 20) || tags.length > 10) {
    fail('tags', 'tags are up to 10 words of at most 20 characters');
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      title,
      source,
      type,
      assignedDate: assignedDate as string,
      deadline: ctx.workingDays ? ctx.workingDays.onOrAfter(deadline as string) : (deadline as string),
      assigner,
      area,
      leadUnit,
      coUnits: coUnits as string[],
      leader,
      target,
      reportingPeriod,
      tags: (tags as string[]).map((t) => t.trim()),
    },
  };
}

/** The first day of the reporting period after the one `date` falls in: a Monday, a 1st, a quarter's 1st. */
export function nextPeriodStart(period: ReportingPeriod, date: LocalDate): LocalDate {
  const day = Temporal.PlainDate.from(date, { overflow: 'reject' });
  if (period === 'weekly') return day.add({ days: 8 - day.dayOfWeek }).toString();
  const monthStart = day.with({ day: 1 });
  if (period === 'monthly') return monthStart.add({ months: 1 }).toString();
  return monthStart.with({ month: Math.floor((day.month - 1) / 3) * 3 + 1 }).add({ months: 3 }).toString();
}

/**
 * The ISO 8601 cycle that opens each reporting period, for the flow's report timer: at the first
 * moment of every period in the organisation's zone, from the period after the assigned date on.
 */
export function periodCycle(period: ReportingPeriod, assignedDate: LocalDate, timeZone: string): string {
  const start = new Date(startOfDay(nextPeriodStart(period, assignedDate), timeZone)).toISOString();
  return `R/${start}/${{ weekly: 'P7D', monthly: 'P1M', quarterly: 'P3M' }[period]}`;
}

/**
 * How long after its period opens a report is due (the report task's due date): Friday of the week,
 * the 25th of the month, the 25th of a quarter's last month.
 */
export function reportDue(period: ReportingPeriod): string {
  return { weekly: 'P4D', monthly: 'P24D', quarterly: 'P2M24D' }[period];
}

/** A returned report is due again this long after it was returned. */
export const RESUBMISSION_DUE = 'P3D';

/** What changed between two versions of a matter's data: the audit record of an edit. */
export function diffMatterData(before: MatterData, after: MatterData): Array<{ field: string; from: unknown; to: unknown }> {
  return MATTER_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null)).map((field) => ({
    field,
    from: before[field] ?? null,
    to: after[field] ?? null,
  }));
}
