import type { FastifyError, FastifyInstance } from 'fastify';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

export interface ErrorDetail {
  elementId?: string;
  path?: string;
  /** Excel: the sheet, row and column (letter or header) of a bad cell. */
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

/** An error with its HTTP status, mapped to a JSON body by the one error handler below. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors?: ErrorDetail[]) => new HttpError(400, message, errors);
export const forbidden = (message = 'not allowed') => new HttpError(403, message);
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const conflict = (message: string) => new HttpError(409, message);

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let status = err.statusCode ?? 500;
    let message = err.message;
    let errors: ErrorDetail[] | undefined;
    if (err instanceof HttpError) {
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
    }
    if (status >= 500) request.log.error(err);
    reply.status(status).send({ error: NAMES[status] ?? 'Error', message, ...(errors ? { errors } : {}) });
  });
}
