import dayjs, { type Dayjs } from 'dayjs';
import { LIGHTS } from '../../supervision/lights';
import { MATTER_SOURCES, REPORTING_PERIODS } from '../../supervision/matter-data';
import { MATTER_STATUSES, type MatterQueryFilters } from './api/types';

export { MATTER_STATUSES };

/**
 * The filters of a matter query, named as `GET /api/matters/search` and `GET /api/statistics` name
 * their parameters; all optional, all ANDed.
 */
export type MatterFilters = Pick<
  MatterQueryFilters,
  'text' | 'source' | 'type' | 'leadUnit' | 'unit' | 'status' | 'light' | 'reportingPeriod' | 'overdue' | 'deadlineFrom' | 'deadlineTo'
>;

/** What the filter form holds: the filters as antd inputs give them. */
export type MatterFilterValues = Omit<MatterFilters, 'deadlineFrom' | 'deadlineTo'> & {
  deadline?: [Dayjs | null, Dayjs | null] | null;
};

const DATE = 'YYYY-MM-DD';
/** The server's limit on a text parameter. */
const TEXT_LIMIT = 200;

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined): T | undefined => values.find((known) => known === value);

function textOf(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= TEXT_LIMIT ? trimmed : undefined;
}

/** A calendar date as YYYY-MM-DD, and only a real one (not 2026-02-30). */
function dayOf(value: string | null | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).format(DATE) === value ? value : undefined;
}

/** Leaves out the filters that are not set, so equal filters have equal keys. */
function compact(filters: MatterFilters): MatterFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== false)) as MatterFilters;
}

/**
 * The filters an address's query string holds. A value the server would refuse (an unknown colour,
 * a malformed date, an over-long text) is left out, so a hand-edited link still opens the list.
 */
export function filtersOf(query: URLSearchParams): MatterFilters {
  return compact({
    text: textOf(query.get('text')),
    source: oneOf(MATTER_SOURCES, query.get('source')),
    type: textOf(query.get('type')),
    leadUnit: textOf(query.get('leadUnit')),
    unit: textOf(query.get('unit')),
    status: oneOf(MATTER_STATUSES, query.get('status')),
    light: oneOf(LIGHTS, query.get('light')),
    reportingPeriod: oneOf(REPORTING_PERIODS, query.get('reportingPeriod')),
    overdue: query.get('overdue') === 'true' || undefined,
    deadlineFrom: dayOf(query.get('deadlineFrom')),
    deadlineTo: dayOf(query.get('deadlineTo')),
  });
}

/** The order the parameters appear in an address, whatever order the filters were set in. */
const FILTER_NAMES = ['text', 'source', 'type', 'leadUnit', 'unit', 'status', 'light', 'reportingPeriod', 'overdue', 'deadlineFrom', 'deadlineTo'] as const;

/** The filters as query parameters; only those set (the server refuses empty and unknown ones). */
export function filterQuery(filters: MatterFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined && value !== false && value !== '') query.set(name, String(value));
  }
  return query;
}

/** How many filters are set. */
export function filterCount(filters: MatterFilters): number {
  return [...filterQuery(filters).keys()].length;
}

/** The page of a list an address shows: `page`, a whole number from 1, else the first. */
export function pageOf(query: URLSearchParams): number {
  const page = Number(query.get('page'));
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** An address's query string (with its `?`, or empty) for the filters and the page, the first page left implicit. */
export function listSearch(filters: MatterFilters, page = 1): string {
  const query = filterQuery(filters);
  if (page > 1) query.set('page', String(page));
  const search = query.toString();
  return search ? `?${search}` : '';
}

/** The search API's query for one page of the filtered matters. */
export function pageQuery(filters: MatterFilters, page: number, pageSize: number): URLSearchParams {
  const query = filterQuery(filters);
  query.set('limit', String(pageSize));
  query.set('offset', String((page - 1) * pageSize));
  return query;
}

/** The form filled with the filters. */
export function filterValuesOf({ deadlineFrom, deadlineTo, ...filters }: MatterFilters): MatterFilterValues {
  const deadline: MatterFilterValues['deadline'] =
    deadlineFrom || deadlineTo ? [deadlineFrom ? dayjs(deadlineFrom) : null, deadlineTo ? dayjs(deadlineTo) : null] : undefined;
  return { ...filters, deadline };
}

/** The filters a filled-in form sets. */
export function filtersOfValues({ deadline, ...values }: MatterFilterValues): MatterFilters {
  return compact({
    text: textOf(values.text),
    source: values.source ?? undefined,
    type: values.type ?? undefined,
    leadUnit: values.leadUnit ?? undefined,
    unit: values.unit ?? undefined,
    status: values.status ?? undefined,
    light: values.light ?? undefined,
    reportingPeriod: values.reportingPeriod ?? undefined,
    overdue: values.overdue || undefined,
    deadlineFrom: deadline?.[0]?.format(DATE),
    deadlineTo: deadline?.[1]?.format(DATE),
  });
}
