/**
 * Why the application refuses a request, in its own terms. Services throw these; the worker's
 * activities and the HTTP layer (server/errors.ts, the one place that maps them to status codes)
 * each decide what a refusal means to them.
 */
export interface ErrorDetail {
  /** A deployment of several files: the file at fault. */
  file?: string;
  elementId?: string;
  path?: string;
  /** A form's field, by its key (a task completed through a form-js form). */
  field?: string;
  /** Excel: the sheet, row and column (letter or header) of a bad cell. */
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

export type RefusalKind =
  /** The input is malformed or breaks a rule; `errors` says where. */
  | 'invalid'
  /** The caller could not be identified (a superior system's key). */
  | 'unidentified'
  /** The caller may not do this. */
  | 'not-allowed'
  | 'not-found'
  /** The state of things forbids it now (already done, still referred to…). */
  | 'conflict'
  /** A system the request depends on could not deliver (a superior system's feed). */
  | 'upstream'
  /** What the caller asked to wait for did not happen in the time it gave (a matter to complete). */
  | 'timed-out';

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (message: string, errors?: ErrorDetail[]) => new DomainError('invalid', message, errors);
export const notAllowed = (message = 'not allowed') => new DomainError('not-allowed', message);
export const notFound = (what: string) => new DomainError('not-found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const unidentified = (message: string) => new DomainError('unidentified', message);
export const upstreamFailed = (message: string) => new DomainError('upstream', message);
