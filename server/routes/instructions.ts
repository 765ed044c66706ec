/** Leaders' instructions (批示) on a matter or one of its nodes, and following (关注) matters. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireAccess } from '../auth';
import { InstructionRoutes } from '../../contract/instructions';
import { findVisibleMatter } from '../../services/matters';

export const instructionRoutes: FastifyPluginAsyncTypebox<{ knex: Knex }> = async (app, { knex }) => {
  app.post(
    '/matters/:id/instructions',
    { preValidation: requireAccess('matters.instruct'), schema: InstructionRoutes.instruct },
    async (request, reply) => {
      const matter = await findVisibleMatter(knex, request.params.id, request.user);
      const { text, elementId } = request.body;
      const instruction = await knex.transaction(async (trx) => {
        const [row] = await trx('instructions').insert({ matter_id: matter.id, element_id: elementId ?? null, by: request.user.username, text }).returning('*');
        // Delivered to the units responsible: those named on the matter and those holding its tasks.
        const taskUnits = await trx('tasks').where({ matter_id: matter.id }).select(trx.raw('distinct unnest(candidate_units) as unit'));
        const units = [...new Set([matter.lead_unit, ...(matter.co_units ?? []), ...taskUnits.map((t: { unit: string }) => t.unit)].filter(Boolean))] as string[];
        await trx('notifications').insert({
          unit_ids: units,
          matter_id: matter.id,
          element_id: elementId ?? null,
          kind: 'instruction',
          message: `领导批示：${text}`,
          dedupe_key: `instruction:${row.id}`,
        });
        return row;
      });
      reply.status(201);
      return instructionView(instruction);
    },
  );

  app.get('/matters/:id/instructions', { schema: InstructionRoutes.list }, async (request) => {
    const matter = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: (await knex('instructions').where({ matter_id: matter.id }).orderBy('id')).map(instructionView) };
  });

  app.put('/matters/:id/follow', { schema: InstructionRoutes.follow }, async (request) => {
    const matter = await findVisibleMatter(knex, request.params.id, request.user);
    await knex('matter_followers').insert({ matter_id: matter.id, username: request.user.username }).onConflict(['matter_id', 'username']).ignore();
    return { following: true };
  });

  app.delete('/matters/:id/follow', { schema: InstructionRoutes.unfollow }, async (request) => {
    await knex('matter_followers').where({ matter_id: request.params.id, username: request.user.username }).delete();
    return { following: false };
  });

  app.get('/follows', { schema: InstructionRoutes.follows }, async (request) => {
    const rows = await knex('matter_followers as f').join('matters as m', 'm.id', 'f.matter_id').where('f.username', request.user.username).select('m.id', 'm.title', 'm.status', 'f.since');
    return { items: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, since: r.since.toISOString() })) };
  });
};

export function instructionView(row: { id: number; matter_id: string; element_id: string | null; by: string; text: string; created_at: Date }) {
  return { id: row.id, matterId: row.matter_id, elementId: row.element_id ?? undefined, by: row.by, text: row.text, createdAt: row.created_at.toISOString() };
}
