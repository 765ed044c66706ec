import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProcessDefinitionRoutes } from '../../contract/process-definitions';
import { requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import { readUpload } from '../http/upload';
import { deployDefinition, findDefinition, listDefinitions, listVersions } from '../../services/definitions';
import type { AppContext } from '../../services/context';
import { scheduleTimerStarts } from '../../services/start-schedules';

/** Uploads past this are refused by the compiler with a 400 that says so; the transport allows a little more. */
export const MAX_DIAGRAM_BYTES = 5 * 1024 * 1024;

export const definitionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  for (const type of ['application/xml', 'text/xml', 'application/bpmn+xml', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_DIAGRAM_BYTES * 2 }, (_req, body, done) => done(null, body));
  }

  /** Deploy: the XML as the body, or a .bpmn file in a multipart upload. */
  app.post('/process-definitions', { preValidation: requireAccess('processes.deploy'), bodyLimit: MAX_DIAGRAM_BYTES * 2, schema: ProcessDefinitionRoutes.deploy }, async (request, reply) => {
    let xml: unknown = request.body;
    if (request.isMultipart()) {
      const file = await readUpload(request, MAX_DIAGRAM_BYTES * 2);
      if (!file) throw invalidInput('the upload has no file');
      xml = file.toString('utf8');
    }
    if (typeof xml !== 'string' || xml.length === 0) throw invalidInput('send the BPMN XML as the body (Content-Type: application/xml) or as a multipart file');
    const deployment = await deployDefinition(knex, xml, request.user.username);
    // A timer start event starts matters on its schedule; a new version replaces the schedules of the last.
    await scheduleTimerStarts(ctx, deployment);
    reply.status(deployment.created ? 201 : 200);
    return deployment;
  });

  app.get('/process-definitions', { schema: ProcessDefinitionRoutes.list }, async () => {
    const rows = await listDefinitions(knex);
    return { items: rows.map((r) => ({ id: r.id, key: r.key, version: r.version, name: r.name ?? undefined, deployedAt: r.deployed_at.toISOString() })) };
  });

  app.get('/process-definitions/:key/versions', { schema: ProcessDefinitionRoutes.versions }, async (request) => {
    const rows = await listVersions(knex, request.params.key);
    return {
      items: rows.map((r) => ({ id: r.id, key: r.key, version: r.version, name: r.name ?? undefined, deployedAt: r.deployed_at.toISOString(), deployedBy: r.deployed_by ?? undefined })),
    };
  });

  app.get(
    '/process-definitions/:key/xml',
    { schema: ProcessDefinitionRoutes.xml },
    async (request, reply) => {
      const row = await findDefinition(knex, request.params.key, request.query.version);
      reply.type('application/xml');
      return row.xml;
    },
  );
};
