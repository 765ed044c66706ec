import { text } from '../i18n';
import { expireSession, getToken } from './session';
import type { ApiErrorBody } from './types';

const summaries: Record<number, string> = {
  0: text.error.network,
  400: text.error.badRequest,
  401: text.error.unauthorized,
  403: text.error.forbidden,
  404: text.error.notFound,
  409: text.error.conflict,
};

/**
 * An HTTP error answered by the API; status 0 when the server could not be reached, -1 when its answer could not be read.
 * `message` is the UI's own summary for the status; the server's words are in `body`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body?: ApiErrorBody;

  constructor(status: number, body?: ApiErrorBody) {
    super(summaries[status] ?? text.error.unexpected);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  // A FormData body sets its own multipart Content-Type, boundary included.
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0);
  }
  if (response.ok) return response;

  const body = (await response.json().catch(() => undefined)) as ApiErrorBody | undefined;
  // A rejected token anywhere but the login call itself ends the session.
  if (response.status === 401 && path !== '/api/auth/login') expireSession();
  throw new ApiError(response.status, body);
}

export function asApiError(caught: unknown): ApiError {
  if (caught instanceof ApiError) return caught;
  return new ApiError(-1, { error: 'client', message: caught instanceof Error ? caught.message : String(caught) });
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

/** A request whose answer the caller does not read (204, or an acknowledgement). */
export async function request(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

export async function requestText(path: string, options: RequestOptions = {}): Promise<string> {
  const response = await send(path, options);
  return response.text();
}

/** The file name a download is offered under: the UTF-8 name of Content-Disposition when there is one. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** Hands the browser a file to save, through an object URL. */
export function saveAs(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has started the save; the URL can go once this task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Saves a file the API sends. A plain link would not carry the bearer token, so the file is fetched
 * as a blob and handed to the browser.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await send(path, {});
  saveAs(await response.blob(), attachmentName(response.headers.get('Content-Disposition'), fallbackName));
}

/** Sends one file as the multipart field `file`. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  return requestJson<T>(path, { method: 'POST', body: form });
}

/** A random v4 UUID; crypto.randomUUID exists only on secure origins, and phones may reach the server over plain http. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
