import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ReportRoutes } from '../../contract/reports';
import type { FastifyReply } from 'fastify';
import { localDateOf } from '../../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../../supervision/config';
import { UNIT_ROLES, requireAccess } from '../auth';
import { notAllowed } from '../../services/errors';
import { bulletinReport, evaluationReport } from '../../services/reports';
import { DOCX_TYPE, type ReportFile, contentDisposition } from '../../services/reports/document';
import type { AppContext } from '../../services/context';

function sendDocument(reply: FastifyReply, report: ReportFile) {
  return reply.type(DOCX_TYPE).header('content-disposition', contentDisposition(report.filename, report.asciiFilename)).send(report.file);
}

export const reportRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const today = () => localDateOf(app.now(), DEFAULT_SUPERVISION_CONFIG.timeZone);
  /** The evaluation report (考评报告) of one unit, or of every rated unit when unitId is left out. */
  app.get(
    '/reports/evaluation.docx',
    { preValidation: requireAccess('reports.unit'), schema: ReportRoutes.evaluation },
    async (request, reply) => {
      const { period, date, unitId } = request.query;
      if (UNIT_ROLES.includes(request.user.role) && unitId !== request.user.unitId) {
        throw notAllowed(`a unit may fetch only its own report (unitId=${request.user.unitId})`);
      }
      return sendDocument(reply, await evaluationReport(knex, { kind: period, date: date ?? today(), unitId }, request.user, app.now()));
    },
  );

  /** The bulletin (情况通报) of the period's late and red items. */
  app.get(
    '/reports/bulletin.docx',
    { preValidation: requireAccess('reports.all'), schema: ReportRoutes.bulletin },
    async (request, reply) => {
      const { period, date } = request.query;
      return sendDocument(reply, await bulletinReport(knex, { kind: period, date: date ?? today() }, request.user, app.now()));
    },
  );
};
