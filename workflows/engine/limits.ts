/**
 * Bounds that keep a matter's state, and so its queries, Update answers and continue-as-new input,
 * far below Temporal's payload limits (2 MB a payload, 4 MB a gRPC message) whatever the diagram.
 * The interpreter opens an incident when a diagram or a service exceeds one; the application
 * refuses a request that would (see services/matters.ts).
 */

/** Items of one multi-instance activity: each becomes an instance, often a task, in the state. */
export const MAX_MULTI_INSTANCE_ITEMS = 1_000;
export const MAX_MULTI_INSTANCE_BYTES = 256 * 1024;
/** Variables one event may bring: a task completion, a message, an edit, a service's or called process's result. */
export const MAX_EVENT_VARIABLES_BYTES = 256 * 1024;
/** All of a matter's process variables. */
export const MAX_VARIABLES_BYTES = 1024 * 1024;
/** Completed elements the state keeps once projected (the history reads them all from the projections). */
export const KEPT_COMPLETED = 500;
/** Completed elements one projection reports: a runaway loop's first passes are left out of the history. */
export const MAX_PROJECTED_COMPLETED = 2_000;

/** Size of a value as JSON, in UTF-16 code units (near enough to bytes for a bound). */
export function jsonSize(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

export const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** Why these variables may not go into a matter whose variables are `current`; undefined when they may. */
export function variablesTooLarge(variables: Record<string, unknown>, current: Record<string, unknown> = {}): string | undefined {
  const size = jsonSize(variables);
  if (size > MAX_EVENT_VARIABLES_BYTES) return `the variables are ${kb(size)}, more than the ${kb(MAX_EVENT_VARIABLES_BYTES)} one change may bring`;
  const total = jsonSize({ ...current, ...variables });
  if (total > MAX_VARIABLES_BYTES) return `the matter's variables would be ${kb(total)}, more than the ${kb(MAX_VARIABLES_BYTES)} a matter may hold`;
  return undefined;
}
