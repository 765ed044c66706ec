/** Reading the one file of a multipart upload, with a 4xx for a form that is not one. */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { invalidInput } from '../../services/errors';

/**
 * The uploaded file's bytes, or undefined when the form has no file. A body that says it is
 * multipart but is not (no boundary, cut short, malformed) is a 400; a file past `maxBytes` a 413.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer | undefined> {
  try {
    const file = await request.file({ limits: { fileSize: maxBytes } });
    return file ? await file.toBuffer() : undefined;
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof HttpError || (typeof status === 'number' && status >= 400 && status < 500)) throw err;
    throw invalidInput('the upload is not a readable multipart form', [{ path: 'body', message: 'not a readable multipart form' }]);
  }
}

/**
 * Every file of a multipart upload, with its file name, in the order sent. Malformed forms are a
 * 400; a file past `maxBytes`, or more than `maxFiles` files, a 413.
 */
export async function readUploads(request: FastifyRequest, maxBytes: number, maxFiles: number): Promise<Array<{ name: string; content: Buffer }>> {
  const files: Array<{ name: string; content: Buffer }> = [];
  try {
    for await (const part of request.files({ limits: { fileSize: maxBytes, files: maxFiles } })) {
      files.push({ name: part.filename, content: await part.toBuffer() });
    }
    return files;
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof HttpError || (typeof status === 'number' && status >= 400 && status < 500)) throw err;
    throw invalidInput('the upload is not a readable multipart form', [{ path: 'body', message: 'not a readable multipart form' }]);
  }
}
