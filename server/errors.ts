import type { FastifyError, FastifyInstance } from 'fastify';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DomainError, type ErrorDetail, type RefusalKind } from '../services/errors';
import { classifyOutage } from './outage';

export type { ErrorDetail };

/** The one place a service's refusal becomes an HTTP status. */
export const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400,
  unidentified: 401,
  'not-allowed': 403,
  'not-found': 404,
  conflict: 409,
  upstream: 422,
  'timed-out': 504,
};

/** A refusal that only HTTP knows (no token, too many attempts), mapped by the one error handler below. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message);
  }
}


const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let status = err.statusCode ?? 500;
    let message = err.message;
    let errors: ErrorDetail[] | undefined;
    const refusal = err instanceof HttpError || err instanceof DomainError;
    const outage = refusal ? undefined : classifyOutage(err);
    if (outage) {
      // PostgreSQL or Temporal is down or restarting: retry shortly (server/outage.ts).
      status = 503;
      message = outage.message;
      reply.header('retry-after', String(outage.retryAfter));
    } else if (err instanceof DomainError) {
      status = STATUS_OF[err.kind];
      errors = err.errors;
    } else if (err instanceof HttpError) {
      errors = err.errors;
    } else if (err.validation) {
      status = 400;
      errors = err.validation.map((v) => ({ path: `${err.validationContext ?? ''}${v.instancePath}`, message: v.message ?? 'invalid' }));
    } else if (err instanceof WorkflowUpdateFailedError || (err as Error).name === 'WorkflowUpdateFailedError') {
      // The workflow refused: its validator says why (task no longer open, not the caller's…).
      status = 409;
      message = (err as Error & { cause?: Error }).cause?.message ?? err.message;
    } else if (err instanceof WorkflowNotFoundError) {
      status = 404;
    } else {
      const refused = databaseRefusal(err);
      if (refused) ({ status, message } = refused);
    }
    if (status >= 500) request.log.error(err);
    // SQL, stack traces and library internals stay in the log: the caller learns only that it failed.
    if (status >= 500 && !outage && !refusal) message = 'internal error: the request could not be completed (it has been logged)';
    reply.status(status).send({ error: NAMES[status] ?? 'Error', message, ...(errors ? { errors } : {}) });
  });
}

/** What PostgreSQL says about a statement it refused (pg's DatabaseError), found on the error or its causes. */
interface PgError {
  code: string;
  table?: string;
  constraint?: string;
  detail?: string;
}

function pgErrorOf(err: unknown): PgError | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, severity } = e as { code?: unknown; severity?: unknown };
    // pg's DatabaseError: a five-character SQLSTATE and a severity.
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') return e as PgError;
  }
  return undefined;
}

/** "plan_items" → "plan item". */
const singular = (table: string | undefined) => (table ?? 'record').replace(/_/g, ' ').replace(/ies$/, 'y').replace(/s$/, '');

/** The columns a key names in pg's detail ("Key (key, version)=(…) already exists."), without the values. */
const keyColumns = (detail: string | undefined) => /^Key \(([^)]*)\)=/.exec(detail ?? '')?.[1].replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * A statement PostgreSQL refused, by SQLSTATE: a duplicate is a 409 that names the field, a broken
 * reference a 400 (or 409 when something still refers to the row), a data exception a 400.
 * Anything else stays a 500. The message never carries SQL or the values.
 */
export function databaseRefusal(err: unknown): { status: number; message: string } | undefined {
  const pg = pgErrorOf(err);
  if (!pg) return undefined;
  const what = singular(pg.table);
  const columns = keyColumns(pg.detail);
  switch (pg.code) {
    case '23505':
      return { status: 409, message: `a ${what} with this ${columns ?? 'key'} already exists` };
    case '23503':
      return /still referenced/.test(pg.detail ?? '')
        ? { status: 409, message: `this ${what} is still referred to by other records` }
        : { status: 400, message: `${columns ?? 'a reference'} names a record that does not exist` };
    case '23502':
      return { status: 400, message: `a required value of the ${what} is missing` };
    case '23514':
    case '23P01':
      return { status: 400, message: `a value breaks a rule of the ${what}` };
    default:
      if (pg.code.startsWith('22')) return { status: 400, message: 'a value is out of range or malformed' };
      return undefined;
  }
}
