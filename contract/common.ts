/**
 * The building blocks of the contract. For requests: ids, dates, months and numbers within what
 * PostgreSQL's columns and JavaScript's dates hold, so a bad value is a 400 before any query runs.
 * For answers: lists, free values, files, and the one shape of every error.
 */
import { type Static, type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { LIGHTS } from './values';

/** PostgreSQL `integer` (serial ids, versions, counts). */
export const PG_INT_MAX = 2_147_483_647;

/** A serial id: 1..2147483647. */
export const IntId = Type.Integer({ minimum: 1, maximum: PG_INT_MAX });

/** A matter, plan item or other random id. */
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });

/** A short free identifier (task ids, process keys, message names, external ids). */
export const Key = (options: { maxLength?: number } = {}) => Type.String({ minLength: 1, maxLength: options.maxLength ?? 200 });

/** Years a supervision calendar date may fall in. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const YEAR = '(19\\d{2}|2[01]\\d{2}|2200)';

/** A calendar date YYYY-MM-DD in 1900–2200 (ajv-formats' formatMinimum/formatMaximum). */
export const Day = Type.String({ format: 'date', formatMinimum: `${MIN_YEAR}-01-01`, formatMaximum: `${MAX_YEAR}-12-31`, maxLength: 10 });

/** A month YYYY-MM in 1900–2200. */
export const Month = Type.String({ pattern: `^${YEAR}-(0[1-9]|1[0-2])$` });

/** A finite quantity a numeric column holds comfortably. */
export const Amount = (options: { exclusiveMinimum?: number; minimum?: number } = {}) => Type.Number({ maximum: 1e15, ...options });

/** Free JSON values (variables, data elements): at most this many entries at the top. */
export const FreeRecord = (options: { minProperties?: number } = {}) =>
  Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.Unknown(), { maxProperties: 500, ...options });

/** A body that refuses fields it does not know. */
export const Body = <T extends TProperties>(properties: T, options: { minProperties?: number } = {}): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A PATCH body: known fields only, and at least one of them. */
export const Patch = <T extends TProperties>(properties: T): TObject<T> => Body(properties, { minProperties: 1 });

/** A querystring that refuses parameters it does not know (a misspelt filter would widen the query). */
export const Query = <T extends TProperties>(properties: T): TObject<T> => Type.Object(properties, { additionalProperties: false });

/** The querystring of a route that takes no parameters. */
export const NoQuery = Query({});

/* ───────────────────────────── answers ───────────────────────────── */

/** An instant in an answer: ISO 8601 in UTC. */
export const Instant = Type.String({ description: 'ISO 8601 instant' });

/** A calendar date in an answer, YYYY-MM-DD. */
export const LocalDate = Type.String({ description: 'calendar date YYYY-MM-DD' });

/** A task's or a matter's five-colour light. */
export const Light = Type.Enum(LIGHTS);
export type Light = Static<typeof Light>;

/** Free JSON values in an answer, sent as they are: process variables. */
export const Variables = Type.Record(Type.String(), Type.Unknown());
export type Variables = Static<typeof Variables>;

/** A list answer. */
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
/** The answer of Items(schema), for the type T of its items. */
export type Items<T> = { items: T[] };

/** One problem of a refused request: a diagram element, a field, or a cell of an uploaded workbook. */
export const ProblemDetail = Type.Object({
  /** A deployment of several files: the file at fault. */
  file: Type.Optional(Type.String()),
  elementId: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  /** A form's field, by its key. */
  field: Type.Optional(Type.String()),
  sheet: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.String()),
  message: Type.String(),
});

/** Every refusal and failure, 4xx and 5xx alike: what went wrong, and where when it is the request's fault. */
export const ApiErrorBody = Type.Object({
  error: Type.String({ description: 'the status name, e.g. Bad Request' }),
  message: Type.String(),
  errors: Type.Optional(Type.Array(ProblemDetail)),
});

export type ProblemDetail = Static<typeof ProblemDetail>;
export type ApiErrorBody = Static<typeof ApiErrorBody>;

/** The error answers of every route. */
export const Errors = { '4xx': ApiErrorBody, '5xx': ApiErrorBody };

/** The answer of a route that answers with no body. */
export const NoContent = Type.Null({ description: 'no content' });

/**
 * An answer that is a file or a stream, not JSON: documented by its content type and sent as it is
 * (the serializer never touches it).
 */
export const FileAnswer = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) } },
});

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A resource's routes, tagged with its name for the OpenAPI document. */
export const routes = <R extends Record<string, object>>(tag: string, entries: R): { [K in keyof R]: R[K] & { tags: string[] } } =>
  Object.fromEntries(Object.entries(entries).map(([name, schema]) => [name, { ...schema, tags: [tag] }])) as { [K in keyof R]: R[K] & { tags: string[] } };
