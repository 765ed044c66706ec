import type { FastifyPluginAsync } from 'fastify';
import type { DrillClock } from '../../workflows/clock';
import { ClockRoutes } from '../../contract/clock';

/** Business time now and, in a drill, the drill's settings: the UI says so in a banner. */
export const clockRoutes: FastifyPluginAsync<{ drill?: DrillClock }> = async (app, { drill }) => {
  app.get('/clock', { schema: ClockRoutes.clock }, async () => ({
    now: new Date(app.now()).toISOString(),
    drill: drill && { start: new Date(drill.origin).toISOString(), dayMs: 86_400_000 / drill.factor },
  }));
};
