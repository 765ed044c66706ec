/**
 * The edge guard: what PostgreSQL, JSONB and Temporal's payloads cannot hold is refused with a 400
 * that names where it is, before validation and before any handler runs.
 *
 * - strings (and object keys) with NUL (PostgreSQL text and JSONB refuse it) or lone UTF-16 surrogates;
 * - numbers that are not finite (`1e400` parses to Infinity) or integers past 2^53 (no longer exact);
 * - nesting deeper than MAX_DEPTH;
 * - task and matter variables (and data elements) larger than MAX_VARIABLES_BYTES, well under
 *   Temporal's payload limits (a warning at 512 KB, refused at 2 MB);
 * - fields and query parameters a route's schema does not know (`additionalProperties: false`).
 *
 * It also keeps the catalogue of the API's routes and their schemas (for its own tests and tools):
 * every route the OpenAPI document describes, not the pages hidden from it (the documentation's own,
 * the web UI's files).
 */
import type { FastifyInstance, FastifyRequest, HTTPMethods, RouteOptions } from 'fastify';
import { HttpError, type ErrorDetail } from '../errors';

export const MAX_DEPTH = 32;
export const MAX_VARIABLES_BYTES = 256 * 1024;
/** Body fields that become workflow variables or matter data (and so Temporal payloads). */
const VARIABLE_FIELDS = ['variables', 'data'] as const;
/** Routes whose whole body becomes a matter's data. */
const WHOLE_BODY_IS_DATA = new Set(['/api/intake/matters']);

export interface RouteEntry {
  method: HTTPMethods;
  url: string;
  schema?: RouteOptions['schema'];
  public: boolean;
}

const catalogues = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route registered on the app (after registerInputGuard), with its schema. */
export function registeredRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return catalogues.get(app) ?? [];
}

const pointer = (segments: readonly (string | number)[]) => segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (a lone surrogate)';
  return undefined;
}

/** What the stores cannot hold in this value, with JSON pointer paths under `part`. */
export function inspectValue(value: unknown, part: string, limit = 20): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (segments: (string | number)[], message: string) => {
    if (problems.length < limit) problems.push({ path: `${part}${pointer(segments)}`, message });
  };
  const visit = (v: unknown, segments: (string | number)[], depth: number): void => {
    if (problems.length >= limit) return;
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) add(segments, problem);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) add(segments, 'must be a finite number');
      else if (Number.isInteger(v) && !Number.isSafeInteger(v)) add(segments, `must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
    } else if (typeof v === 'bigint') {
      add(segments, 'must be a JSON number');
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) {
        add(segments, `nests deeper than ${MAX_DEPTH} levels`);
        return;
      }
      if (Array.isArray(v)) {
        v.forEach((item, i) => visit(item, [...segments, i], depth + 1));
      } else {
        for (const [key, item] of Object.entries(v)) {
          const problem = stringProblem(key);
          if (problem) add([...segments, key], `the field name ${problem}`);
          else visit(item, [...segments, key], depth + 1);
        }
      }
    }
  };
  visit(value, [], 0);
  return problems;
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fields the schema refuses (`additionalProperties: false`), found by walking the value alongside it. */
export function unknownFields(schema: unknown, value: unknown, part: string, segments: (string | number)[] = []): ErrorDetail[] {
  if (!isObject(schema)) return [];
  const s = schema as Schema;
  if (Array.isArray(s.anyOf)) {
    // A union: the branch for objects (when there is exactly one) says which fields there are.
    const objects = (s.anyOf as Schema[]).filter((b) => isObject(b) && b.type === 'object');
    return objects.length === 1 && isObject(value) ? unknownFields(objects[0], value, part, segments) : [];
  }
  if (s.type === 'array' && Array.isArray(value) && isObject(s.items)) {
    return value.flatMap((item, i) => unknownFields(s.items, item, part, [...segments, i]));
  }
  if (s.type !== 'object' || !isObject(value) || !isObject(s.properties)) return [];
  const properties = s.properties as Record<string, unknown>;
  const found: ErrorDetail[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(properties, key)) {
      if (s.additionalProperties === false) found.push({ path: `${part}${pointer([...segments, key])}`, message: part === 'querystring' ? 'not a parameter of this query' : 'not a field of this request' });
    } else {
      found.push(...unknownFields(properties[key], item, part, [...segments, key]));
    }
  }
  return found;
}

function byteSize(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Infinity;
  }
}

function tooLarge(request: FastifyRequest): ErrorDetail[] {
  const body = request.body;
  if (!isObject(body)) return [];
  const url = request.routeOptions.url ?? '';
  const kb = MAX_VARIABLES_BYTES / 1024;
  if (WHOLE_BODY_IS_DATA.has(url) && byteSize(body) > MAX_VARIABLES_BYTES) return [{ path: 'body', message: `must be at most ${kb} KB as JSON` }];
  return VARIABLE_FIELDS.filter((field) => body[field] !== undefined && byteSize(body[field]) > MAX_VARIABLES_BYTES).map((field) => ({
    path: `body/${field}`,
    message: `must be at most ${kb} KB as JSON`,
  }));
}

/** The 400 for a request's values, or undefined when the stores can hold them. */
export function guardRequest(request: FastifyRequest, schema: RouteOptions['schema'] | undefined): HttpError | undefined {
  const problems = [
    ...inspectValue(request.params, 'params'),
    ...inspectValue(request.query, 'querystring'),
    ...(request.body !== undefined ? inspectValue(request.body, 'body') : []),
  ];
  if (problems.length === 0) problems.push(...tooLarge(request));
  if (problems.length === 0 && schema) {
    problems.push(...unknownFields(schema.querystring, request.query, 'querystring'));
    problems.push(...unknownFields(schema.body, request.body, 'body'));
  }
  if (problems.length === 0) return undefined;
  const unknown = problems.every((p) => p.message.startsWith('not a '));
  const message = unknown
    ? `unknown ${problems[0].path!.startsWith('querystring') ? 'query parameter' : 'field'}: ${problems.map((p) => p.path!.replace(/^(body|querystring)\//, '')).join(', ')}`
    : `the request has values that cannot be stored: ${problems.map((p) => p.path).join(', ')}`;
  return new HttpError(400, message, problems);
}

/** Installs the guard (one preValidation hook for every route) and the route catalogue; call before the routes. */
export function registerInputGuard(app: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  catalogues.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' && route.exposeHeadRoute !== false && routes.some((r) => r.url === route.url && r.method === 'GET')) continue;
      routes.push({ method, url: route.url, schema: route.schema, public: route.config?.public === true });
    }
  });
  app.addHook('preValidation', async (request) => {
    const error = guardRequest(request, request.routeOptions.schema);
    if (error) throw error;
  });
}
