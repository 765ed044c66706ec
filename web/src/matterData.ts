import dayjs, { type Dayjs } from 'dayjs';
import { MATTER_FIELDS } from '../../supervision/matter-data';
import type { NewMatter } from './api/matters';
import type { Matter, MatterData, MatterSource, ReportingPeriod, Target } from './api/types';
import { fieldPathOf } from './fieldErrors';
import { formatDate } from './format';
import { text } from './i18n';
import type { Names } from './names';

/** What the matter form holds: the data elements as antd inputs give them, and the process. */
export interface MatterFormValues {
  processKey: string;
  title: string;
  source?: MatterSource;
  type?: string;
  assignedDate?: Dayjs | null;
  deadline?: Dayjs | null;
  assigner?: string;
  area?: string;
  leadUnit?: string;
  coUnits?: string[];
  leader?: string;
  target?: { indicator?: string; measure?: string; value?: number | null };
  reportingPeriod?: ReportingPeriod;
  tags?: string[];
}

/** The data elements as the API takes them; optional ones left blank are absent. */
export type MatterDataInput = Partial<MatterData>;

/** The form's fields in the order the page shows them: the standard data elements. */
export { MATTER_FIELDS };

const DATE = 'YYYY-MM-DD';

const trimmed = (value: string | undefined) => value?.trim() || undefined;

/** A quantified target when any of its parts is filled in; the server names the missing parts. */
function targetOf(target: MatterFormValues['target']): Partial<Target> | undefined {
  const indicator = trimmed(target?.indicator);
  const measure = trimmed(target?.measure);
  const value = target?.value ?? undefined;
  if (indicator === undefined && measure === undefined && value === undefined) return undefined;
  return { indicator, measure, value };
}

/** The data elements of a filled-in form, trimmed; the lead unit is never also a co-unit. */
export function matterDataOf(values: MatterFormValues): MatterDataInput {
  const data: Record<string, unknown> = {
    title: values.title.trim(),
    source: values.source,
    type: trimmed(values.type),
    assignedDate: values.assignedDate?.format(DATE),
    deadline: values.deadline?.format(DATE),
    assigner: trimmed(values.assigner),
    area: trimmed(values.area),
    leadUnit: values.leadUnit,
    coUnits: (values.coUnits ?? []).filter((unit) => unit !== values.leadUnit),
    leader: trimmed(values.leader),
    target: targetOf(values.target),
    reportingPeriod: values.reportingPeriod,
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
  };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data as MatterDataInput;
}

/** The body that registers a matter: the title beside the data, as `POST /api/matters` takes it. */
export function newMatterBody(values: MatterFormValues, draft: boolean): NewMatter {
  const { title, ...data } = matterDataOf(values);
  // matterDataOf always sets the title: the form requires one.
  return { processKey: values.processKey, title: title!, data, draft };
}

/** The form filled with a matter's data, for editing. */
export function formValuesOf(data: MatterData, processKey: string): MatterFormValues {
  return {
    processKey,
    title: data.title,
    source: data.source,
    type: data.type,
    assignedDate: dayjs(data.assignedDate),
    deadline: dayjs(data.deadline),
    assigner: data.assigner,
    area: data.area,
    leadUnit: data.leadUnit,
    coUnits: data.coUnits,
    leader: data.leader,
    target: data.target,
    reportingPeriod: data.reportingPeriod,
    tags: data.tags,
  };
}

/**
 * The fields an edit changes, as `PATCH /api/matters/:id` takes them: only those that differ, and
 * an optional field that was cleared as null.
 */
export function changedData(before: MatterData, values: MatterFormValues): Record<string, unknown> {
  const after = matterDataOf(values);
  const changes: Record<string, unknown> = {};
  for (const field of MATTER_FIELDS) {
    const from = JSON.stringify(before[field] ?? null);
    const to = JSON.stringify(after[field] ?? null);
    if (from !== to) changes[field] = after[field] ?? null;
  }
  return changes;
}

const formFields: readonly string[] = [...MATTER_FIELDS, 'processKey'];

/**
 * Where a server's field error belongs in the matter form: `deadline`, `target.value`, or a schema
 * path such as `/body/data/deadline`. Null when it names no field of the form.
 */
export function formFieldOf(path: string | undefined): string[] | null {
  return fieldPathOf(path, formFields, ['body', 'data']);
}

/** A data element's value as people read it: names for units and the leader, Chinese for sources and periods. */
export function formatDataValue(field: string, value: unknown, { unitName, userName }: Names): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => (field === 'coUnits' ? unitName(String(item)) : String(item))).join(text.punctuation.list);
  }
  switch (field) {
    case 'source':
      return text.matterData.source[value as MatterSource] ?? String(value);
    case 'reportingPeriod':
      return text.matterData.reportingPeriod[value as ReportingPeriod] ?? String(value);
    case 'leadUnit':
      return unitName(String(value));
    case 'leader':
      return userName(String(value));
    case 'assignedDate':
    case 'deadline':
      return formatDate(String(value));
    case 'target': {
      const target = value as Target;
      return text.matterData.target(target.indicator, target.value, target.measure);
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** A data element's Chinese name; a field the UI does not know keeps its own. */
export function fieldLabel(field: string): string {
  return (text.matterData.field as Record<string, string>)[field] ?? field;
}

/** The units a matter is assigned to: its lead unit and co-units, from its data or, lacking that, its variables. */
export function matterUnits(matter: Pick<Matter, 'data' | 'variables'>): string[] {
  if (matter.data) return [matter.data.leadUnit, ...matter.data.coUnits];
  const { units, leadUnit, coUnits } = matter.variables;
  const ids = Array.isArray(units) ? units : [leadUnit, ...(Array.isArray(coUnits) ? coUnits : [])];
  return ids.filter((id): id is string => typeof id === 'string');
}
