/**
 * The building blocks of the routes' TypeBox schemas: ids, dates, months and numbers within what
 * PostgreSQL's columns and JavaScript's dates hold, so a bad value is a 400 before any query runs.
 */
import { type TObject, type TProperties, Type } from '@fastify/type-provider-typebox';

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
