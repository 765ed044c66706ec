/**
 * What PostgreSQL refuses for good, and the same data made storable. A refused write is
 * deterministic when PostgreSQL says the data is wrong (SQLSTATE class 22, data exception: a NUL
 * character, an invalid byte sequence, a number or date out of range; class 54, a value past a
 * limit): retrying it only repeats the refusal. Anything else (a lost connection, a deadlock)
 * may go through next time.
 */
import type { Projection } from '../workflows/activities';

const DETERMINISTIC_CLASSES = ['22', '54'];

/** The refusal's message when it is deterministic; undefined for failures worth retrying. */
export function deterministicFailure(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || !DETERMINISTIC_CLASSES.includes(code.slice(0, 2))) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  // knex prefixes the statement, which may be long and holds the data itself: keep PostgreSQL's words.
  const words = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  return `PostgreSQL refused the data (${code}): ${words}`;
}

/** A string PostgreSQL stores: no NUL characters, no lone surrogates. */
export function storableString(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Every string in a JSON value (keys too) made storable, numbers that JSON cannot carry dropped to null. */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableString(value) as T;
  if (typeof value === 'number') return (Number.isFinite(value) ? value : null) as T;
  if (Array.isArray(value)) return value.map((v) => storable(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableString(k), storable(v)])) as T;
  }
  return value;
}

/** Milliseconds PostgreSQL takes as a timestamp (years 1 to 9999); else none. */
const storableTime = (ms: number | undefined): number | undefined =>
  ms !== undefined && Number.isFinite(ms) && ms > -62_135_596_800_000 && ms < 253_402_300_799_000 ? ms : undefined;

/** A projection with what PostgreSQL cannot store stripped: what the read model shows while an incident is open. */
export function sanitizeProjection(p: Projection): Projection {
  const clean = storable(p);
  return {
    ...clean,
    tasks: clean.tasks.map((t) => ({ ...t, dueAt: storableTime(t.dueAt), createdAt: storableTime(t.createdAt) ?? 0, completedAt: storableTime(t.completedAt) })),
    incidents: clean.incidents?.map((i) => ({ ...i, at: storableTime(i.at) ?? 0, resolvedAt: storableTime(i.resolvedAt) })),
  };
}
