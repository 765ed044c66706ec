import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { matterWorkflowId, messageUpdate } from '../../workflows/api';
import { UNIT_ROLES, requireAccess } from '../auth';
import { notAllowed } from '../../services/errors';
import { MatterRoutes } from '../../contract/matters';
import {
  type TemporalContext,
  createMatter,
  deleteMatter,
  editMatter,
  findVisibleMatter,
  matterState,
  matterView,
  projected,
  startMatter,
  terminateMatter,
} from '../../services/matters';
import { matterHistory } from '../../services/history';
import { matterIncidents } from '../../services/incidents';
import { matterLights } from '../../services/lights';
import { foundMatterView, searchMatters } from '../../services/statistics';
import { refuseUnknown } from './matter-query';
import { taskView } from './tasks';

export const matterRoutes: FastifyPluginAsyncTypebox<{ knex: Knex; temporal: TemporalContext }> = async (app, { knex, temporal }) => {
  app.get(
    '/matters',
    { preValidation: refuseUnknown(MatterRoutes.list.querystring.properties), schema: MatterRoutes.list },
    async (request) => {
      // The newest first page of the search (GET /matters/search pages through all of them).
      const { limit = 200, ...query } = request.query;
      return { items: (await searchMatters(knex, request.user, query, { limit, offset: 0 }, app.now())).items.map(foundMatterView) };
    },
  );

  app.post(
    '/matters',
    { preValidation: requireAccess('matters.manage'), schema: MatterRoutes.create },
    async (request, reply) => {
      const { id } = await createMatter(knex, temporal, { ...request.body, variables: request.body.variables ?? {} }, request.user);
      reply.status(201);
      return { id };
    },
  );

  const supervises = { preValidation: requireAccess('matters.manage') };

  app.post('/matters/:id/start', { ...supervises, schema: MatterRoutes.start }, async (request) => {
    await startMatter(knex, temporal, request.params.id, request.user);
    return { started: true };
  });

  app.patch('/matters/:id', { ...supervises, schema: MatterRoutes.edit }, async (request) =>
    editMatter(knex, temporal, request.params.id, request.body, request.user),
  );

  app.delete('/matters/:id', { ...supervises, schema: MatterRoutes.delete }, async (request, reply) => {
    await deleteMatter(knex, request.params.id);
    reply.status(204);
  });

  app.post(
    '/matters/:id/terminate',
    { ...supervises, schema: MatterRoutes.terminate },
    async (request) => {
      await terminateMatter(knex, temporal, request.params.id, request.body.reason, request.user);
      return { terminated: true };
    },
  );

  app.get('/matters/:id/audit', { schema: MatterRoutes.audit }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    const items = await knex('matter_audit').where({ matter_id: row.id }).orderBy('id');
    return { items: items.map((a) => ({ action: a.action, by: a.by, at: a.at.toISOString(), details: a.details })) };
  });

  app.get('/matters/:id', { schema: MatterRoutes.get }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    const state = await matterState(knex, temporal, row);
    await projected(knex, row.id, state.seq);
    const tasks = await knex('tasks').join('matters', 'matters.id', 'tasks.matter_id').where('tasks.matter_id', row.id).andWhere('tasks.status', 'open').select('tasks.*', 'matters.title as matter_title');
    const lights = await matterLights(knex, [row.id], app.now());
    const incidents = await matterIncidents(knex, row.id);
    return {
      ...matterView(row),
      light: lights.get(row.id),
      status: state.status,
      variables: state.variables,
      activeElements: state.activeElements,
      completedElements: state.completedElements.map((c) => ({ ...c, startedAt: new Date(c.startedAt).toISOString(), completedAt: new Date(c.completedAt).toISOString() })),
      openTasks: tasks.map((task) => taskView(task, app.now())),
      failure: state.failure,
      incidents,
      stale: 'stale' in state ? state.stale : undefined,
    };
  });

  app.get('/matters/:id/history', { schema: MatterRoutes.history }, async (request) => {
    const row = await findVisibleMatter(knex, request.params.id, request.user);
    const [events, instructions, tasks] = await Promise.all([
      row.first_run_id ? matterHistory(temporal.client, row.id, row.first_run_id) : [],
      knex('instructions').where({ matter_id: row.id }).orderBy('id'),
      knex('tasks').where({ matter_id: row.id }).select('id', 'element_id', 'name'),
    ]);
    // The event history names tasks by id; the reader wants to know which step it was.
    const taskNames = new Map(tasks.map((t) => [t.id, { elementId: t.element_id, taskName: t.name ?? undefined }]));
    const named = events.map((e) => ('taskId' in e ? { ...e, ...taskNames.get(e.taskId) } : e));
    const notes = instructions.map((i) => ({ at: i.created_at.toISOString(), kind: 'instruction' as const, by: i.by, text: i.text, elementId: i.element_id ?? undefined }));
    return { items: mergeByTime(named, notes) };
  });

  app.post(
    '/matters/:id/messages/:name',
    { preValidation: requireAccess('matters.requestChange'), schema: MatterRoutes.message },
    async (request) => {
      const row = await findVisibleMatter(knex, request.params.id, request.user);
      // A unit speaks only for itself: its messages reach the events waiting for that unit.
      const unitOnly = UNIT_ROLES.includes(request.user.role);
      const correlationKey = unitOnly ? request.user.unitId : request.body?.correlationKey;
      if (unitOnly && request.body?.correlationKey && request.body.correlationKey !== correlationKey) throw notAllowed('a unit sends messages for itself only');
      const result = await temporal.client.workflow
        .getHandle(matterWorkflowId(row.id))
        .executeUpdate(messageUpdate, { args: [{ name: request.params.name, correlationKey, variables: request.body?.variables ?? {} }] });
      return { delivered: true, elementId: result.elementId };
    },
  );
};

/** Inserts b's entries among a's by time, keeping each list's own order (a is the workflow's event order). */
function mergeByTime<A extends { at: string }, B extends { at: string }>(a: A[], b: B[]): Array<A | B> {
  const merged: Array<A | B> = [];
  let j = 0;
  for (const entry of a) {
    while (j < b.length && b[j].at < entry.at) merged.push(b[j++]);
    merged.push(entry);
  }
  return merged.concat(b.slice(j));
}
