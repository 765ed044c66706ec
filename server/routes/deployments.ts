import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeploymentRoutes } from '../../contract/deployments';
import { requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import { MAX_DEPLOYMENT_FILES, checkFiles, deployFiles } from '../../services/deployments';
import type { AppContext } from '../../services/context';
import { scheduleTimerStarts } from '../../services/start-schedules';
import { readUploads } from '../http/upload';
import { MAX_DIAGRAM_BYTES } from './process-definitions';

export const deploymentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** Deploy several files at once (.bpmn, .dmn, .form) as a multipart form: all or nothing. */
  app.post(
    '/deployments',
    { preValidation: requireAccess('processes.deploy'), bodyLimit: MAX_DIAGRAM_BYTES * 4, schema: DeploymentRoutes.deploy },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalidInput('send the .bpmn, .dmn and .form files as a multipart form (Content-Type: multipart/form-data)');
      const uploads = await readUploads(request, MAX_DIAGRAM_BYTES * 2, MAX_DEPLOYMENT_FILES);
      const files = uploads.map((upload) => ({ name: upload.name, content: upload.content.toString('utf8') }));
      const result = await deployFiles(ctx.knex, files, request.user.username);
      // A process with a timer start event starts matters on its schedule from now on.
      for (const process of result.processes) await scheduleTimerStarts(ctx, process);
      const created = [...result.processes, ...result.decisions, ...result.forms].some((deployment) => deployment.created);
      reply.status(created ? 201 : 200);
      return result;
    },
  );

  /** The same form checked as deploying it would, nothing stored: the modeler's check as the designer draws. */
  app.post(
    '/deployments/check',
    { preValidation: requireAccess('processes.deploy'), bodyLimit: MAX_DIAGRAM_BYTES * 4, schema: DeploymentRoutes.check },
    async (request) => {
      if (!request.isMultipart()) throw invalidInput('send the .bpmn, .dmn and .form files as a multipart form (Content-Type: multipart/form-data)');
      const uploads = await readUploads(request, MAX_DIAGRAM_BYTES * 2, MAX_DEPLOYMENT_FILES);
      return checkFiles(
        ctx.knex,
        uploads.map((upload) => ({ name: upload.name, content: upload.content.toString('utf8') })),
      );
    },
  );
};
