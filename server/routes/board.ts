import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Knex } from 'knex';
import { requireAccess } from '../auth';
import { BoardRoutes } from '../../contract/board';
import { CardRoutes } from '../../contract/cards';
import { notAllowed } from '../../services/errors';
import { buildBoard, closeMonth } from '../../services/board';
import { seesAllMatters } from '../../services/matters';

export const boardRoutes: FastifyPluginAsyncTypebox<{ knex: Knex }> = async (app, { knex }) => {
  /** The ranking board for the week, month or year containing `date` (default today). */
  app.get(
    '/board',
    { schema: BoardRoutes.board },
    async (request) => buildBoard(knex, request.query.period ?? 'month', request.query.date, app.now()),
  );

  app.get('/cards', { schema: CardRoutes.list }, async (request) => {
    const query = knex('cards as c').join('matters as m', 'm.id', 'c.matter_id').join('units as u', 'u.id', 'c.unit_id').where('c.month', request.query.month);
    // A unit sees its own cards and the titles of its own matters, nobody else's.
    const unitId = seesAllMatters(request.user) ? request.query.unitId : request.user.unitId;
    if (request.query.unitId && request.query.unitId !== unitId) throw notAllowed("another unit's cards are not yours to see");
    if (unitId) query.where('c.unit_id', unitId);
    const rows = await query.orderBy(['c.unit_id', 'c.matter_id', 'c.id']).select('c.*', 'm.title as matter_title', 'u.name as unit_name');
    return {
      items: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, matterId: r.matter_id, matterTitle: r.matter_title, month: r.month, color: r.color, reason: r.reason, issuedAt: r.issued_at.toISOString() })),
    };
  });

  /** Closes a month by hand (the nightly schedule does it on the 1st): for a backfill or a re-run. */
  app.post('/cards/close-month', { preValidation: requireAccess('cards.close'), schema: CardRoutes.closeMonth }, async (request) => {
    const cards = await closeMonth(knex, request.body.month);
    return { month: request.body.month, cards: cards.length };
  });
};
