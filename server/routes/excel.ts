/** Matters in Excel: the import template, the import itself and the ledger (台账) of any matter query. */
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ExcelRoutes } from '../../contract/excel';
import type { FastifyReply } from 'fastify';
import { requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import { readUpload } from '../http/upload';
import { importMatters } from '../../services/excel/import';
import { matterLedger } from '../../services/excel/ledger';
import { matterTemplate } from '../../services/excel/template';
import { refuseUnknown } from './matter-query';
import type { AppContext } from '../../services/context';

/** An import of a thousand matters is a few hundred kilobytes; a file near this is not one. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook to be saved under a Chinese name (with an ASCII fallback for old clients). */
function attachment(reply: FastifyReply, asciiName: string, name: string): FastifyReply {
  return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

export const excelRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex, temporal } = ctx;
  const supervises = { preValidation: requireAccess('matters.manage') };

  app.get('/matters/template.xlsx', { ...supervises, schema: ExcelRoutes.template }, async (_request, reply) => {
    attachment(reply, 'matters-template.xlsx', '督办事项导入模板.xlsx');
    return matterTemplate(knex, app.now());
  });

  /** The filled-in template as a multipart file: every matter registered (and started unless `draft`), or none with every error. */
  app.post(
    '/matters/import',
    { ...supervises, bodyLimit: MAX_IMPORT_BYTES * 2, schema: ExcelRoutes.import },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalidInput('send the workbook (.xlsx) as a multipart file');
      const file = await readUpload(request, MAX_IMPORT_BYTES);
      if (!file) throw invalidInput('the upload has no file');
      const result = await importMatters(knex, temporal, file, request.user, { draft: request.query.draft ?? false });
      reply.status(201);
      return result;
    },
  );

  /** The same query as GET /matters, and the same visibility: a unit's people get their unit's matters. */
  app.get('/matters/ledger.xlsx', { preValidation: refuseUnknown(ExcelRoutes.ledger.querystring.properties), schema: ExcelRoutes.ledger }, async (request, reply) => {
    const { file, today } = await matterLedger(knex, request.user, request.query, app.now());
    attachment(reply, `ledger-${today}.xlsx`, `督办事项台账-${today}.xlsx`);
    return file;
  });
};
