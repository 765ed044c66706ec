/** Leaders' instructions (批示) on a matter or one of its nodes, and following (关注) matters. */
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InstructionRoutes } from '../../contract/instructions';
import type { AppContext } from '../../services/context';
import { addInstruction, follow, followed, instructionView, matterInstructions, unfollow } from '../../services/instructions';
import { requireAccess } from '../auth';
import { findVisibleMatter } from '../../services/matters';

export const instructionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  app.post(
    '/matters/:id/instructions',
    { preValidation: requireAccess('matters.instruct'), schema: InstructionRoutes.instruct },
    async (request, reply) => {
      const matter = await findVisibleMatter(knex, request.params.id, request.user);
      reply.status(201);
      return addInstruction(knex, matter, request.body, request.user);
    },
  );

  app.get('/matters/:id/instructions', { schema: InstructionRoutes.list }, async (request) => {
    const matter = await findVisibleMatter(knex, request.params.id, request.user);
    return { items: (await matterInstructions(knex, matter.id)).map(instructionView) };
  });

  app.put('/matters/:id/follow', { schema: InstructionRoutes.follow }, async (request) => {
    const matter = await findVisibleMatter(knex, request.params.id, request.user);
    await follow(knex, matter.id, request.user);
    return { following: true };
  });

  app.delete('/matters/:id/follow', { schema: InstructionRoutes.unfollow }, async (request) => {
    await unfollow(knex, request.params.id, request.user);
    return { following: false };
  });

  app.get('/follows', { schema: InstructionRoutes.follows }, async (request) => ({ items: await followed(knex, request.user) }));
};
