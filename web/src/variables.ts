import type { Variables } from './api/types';
import { formatDataValue } from './matterData';
import { text } from './i18n';
import type { Names } from './names';

const variableLabels: Record<string, string> = text.variable;

/** A variable's Chinese name; variables the UI does not set keep their own. */
export function variableLabel(key: string): string {
  return variableLabels[key] ?? key;
}

/**
 * A variable's value as people read it: decisions in the forms' words, unit ids and the leader as
 * names, dates, periods and targets as the data elements show them.
 */
export function formatVariable(key: string, value: unknown, names: Names): string {
  if (key === 'returned' && typeof value === 'boolean') return value ? text.task.form.sign.return : text.task.form.sign.approve;
  if (key === 'approved' && typeof value === 'boolean') return value ? text.task.form.review.approve : text.task.form.review.return;
  if (key === 'verified' && typeof value === 'boolean') return value ? text.task.form.verify.approve : text.task.form.verify.return;
  if ((key === 'unit' || key === 'leadUnit') && typeof value === 'string') return names.unitName(value);
  if (key === 'units' && Array.isArray(value)) return formatDataValue('coUnits', value, names);
  if (typeof value === 'boolean') return value ? text.value.yes : text.value.no;
  if (/deadline$/i.test(key) && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDataValue('deadline', value, names);
  return formatDataValue(key, value, names);
}

/** What a task completion or a message carried, one "label：value" per variable that has a value. */
export function describeVariables(variables: Variables, names: Names): string[] {
  return Object.entries(variables)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${variableLabel(key)}${text.punctuation.colon}${formatVariable(key, value, names)}`);
}
