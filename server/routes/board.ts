import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CardRoutes } from '../../contract/cards';
import { BoardRoutes } from '../../contract/board';
import { requireAccess } from '../auth';
import { notAllowed } from '../../services/errors';
import { buildBoard, cardsOfMonth, closeMonth } from '../../services/board';
import { seesAllMatters } from '../../services/matters';
import type { AppContext } from '../../services/context';

export const boardRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  /** The ranking board for the week, month or year containing `date` (default today). */
  app.get(
    '/board',
    { schema: BoardRoutes.board },
    async (request) => buildBoard(knex, request.query.period ?? 'month', request.query.date, app.now()),
  );

  app.get('/cards', { schema: CardRoutes.list }, async (request) => {
    // A unit sees its own cards and the titles of its own matters, nobody else's.
    const unitId = seesAllMatters(request.user) ? request.query.unitId : request.user.unitId;
    if (request.query.unitId && request.query.unitId !== unitId) throw notAllowed("another unit's cards are not yours to see");
    return { items: await cardsOfMonth(knex, request.query.month, unitId) };
  });

  /** Closes a month by hand (the nightly schedule does it on the 1st): for a backfill or a re-run. */
  app.post('/cards/close-month', { preValidation: requireAccess('cards.close'), schema: CardRoutes.closeMonth }, async (request) => {
    const cards = await closeMonth(knex, request.body.month);
    return { month: request.body.month, cards: cards.length };
  });
};
