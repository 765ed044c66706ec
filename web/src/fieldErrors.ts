import type { FormInstance } from 'antd';
import { ApiError } from './api/client';
import type { ProblemDetail } from './api/types';

/** Where a refused request's problem belongs in a form: a field's name path, or null for none of its fields. */
export type FieldOf = (path: string | undefined) => string[] | null;

/**
 * The form field a server's problem path names — `dueDate`, `target.value`, or a schema path such as
 * `body/dueDate` or `/body/data/deadline` with the wrappers around the fields left out — or null when
 * it names none of `fields`.
 */
export function fieldPathOf(path: string | undefined, fields: readonly string[], wrappers: readonly string[] = ['body']): string[] | null {
  if (!path) return null;
  const parts = path.split(/[./]/).filter(Boolean);
  while (parts.length > 0 && wrappers.includes(parts[0])) parts.shift();
  return parts.length > 0 && fields.includes(parts[0]) ? parts : null;
}

/** A refusal's problems: those naming a field, gathered per field in the order they came, and the rest. */
export function splitFieldErrors(details: readonly ProblemDetail[], fieldOf: FieldOf): { fields: { name: string[]; errors: string[] }[]; rest: ProblemDetail[] } {
  const fields = new Map<string, { name: string[]; errors: string[] }>();
  const rest: ProblemDetail[] = [];
  for (const detail of details) {
    const name = fieldOf(detail.path);
    if (!name) {
      rest.push(detail);
      continue;
    }
    const key = name.join('.');
    const field = fields.get(key) ?? { name, errors: [] };
    field.errors.push(detail.message);
    fields.set(key, field);
  }
  return { fields: [...fields.values()], rest };
}

/**
 * Puts a 400's field problems on the fields they name and brings the first into view; returns the
 * error with only the problems that name no field, for the alert beside the form.
 */
export function placeFieldErrors<T>(error: ApiError, form: FormInstance<T>, fieldOf: FieldOf): ApiError {
  const details = error.body?.errors ?? [];
  if (error.status !== 400 || details.length === 0) return error;
  const { fields, rest } = splitFieldErrors(details, fieldOf);
  if (fields.length === 0) return error;
  form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  // Centred, so the phone's sticky header does not cover it.
  form.scrollToField(fields[0].name, { block: 'center' });
  return new ApiError(error.status, { ...error.body!, errors: rest });
}
