import { randomUUID } from 'node:crypto';
import { AuthRoutes } from '../../contract/auth';
import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import argon2 from 'argon2';
import type { SessionUser } from '../auth';
import { HttpError } from '../errors';
import { notFound } from '../../services/errors';
import { type UserRow, activeUserForLogin, findUser } from '../../services/organisation';
import { setLocale } from '../../services/preferences';
import { createSession, revokeSession } from '../../services/sessions';
import type { AppContext } from '../../services/context';

const userView = (u: UserRow) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, unitId: u.unit_id, unitName: u.unit_name, locale: u.locale });

/** Login attempts allowed in each window: all attempts per client address, wrong passwords per username. */
export interface LoginLimits {
  perAddress: number;
  perUser: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 30, perUser: 10, windowMs: 15 * 60_000 };

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; loginLimits?: LoginLimits }> = async (app, { ctx, loginLimits }) => {
  const { knex } = ctx;
  const limits = loginLimits ?? DEFAULT_LOGIN_LIMITS;
  // Wrong passwords for one username, from any address: counted only when they fail.
  const wrongPasswords = app.createRateLimit({
    max: limits.perUser,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `user:${(request.body as { username: string }).username.toLowerCase()}`,
  });
  // Unknown usernames are verified against this too, so timing does not tell which names exist.
  const dummyHash = argon2.hash(randomUUID());

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: limits.perAddress, timeWindow: limits.windowMs } },
      schema: AuthRoutes.login,
    },
    async (request, reply) => {
      const held = await wrongPasswords(request, { increment: false });
      if (!held.isAllowed && held.remaining === 0) {
        reply.header('retry-after', held.ttlInSeconds);
        throw new HttpError(429, `too many wrong passwords for ${request.body.username}; try again in ${held.ttlInSeconds} s`);
      }
      // A deactivated user is refused like an unknown one.
      const user = await activeUserForLogin(knex, request.body.username);
      const valid = await argon2.verify(user?.password_hash ?? (await dummyHash), request.body.password).catch(() => false);
      if (!user || !valid) {
        await wrongPasswords(request);
        throw new HttpError(401, 'wrong username or password');
      }
      const sid = await createSession(knex, user, new Date());
      const payload: SessionUser = { sid, id: user.id, username: user.username, role: user.role, unitId: user.unit_id };
      return { token: app.jwt.sign(payload), user: userView(user) };
    },
  );

  /** Ends the caller's session on the server: its token no longer opens anything. */
  app.post('/auth/logout', { schema: AuthRoutes.logout }, async (request) => {
    await revokeSession(knex, request.user.sid);
    return { loggedOut: true };
  });

  app.get('/me', { schema: AuthRoutes.me }, async (request) => {
    const user = await findUser(knex, request.user.id);
    if (!user) throw notFound('user');
    return userView(user);
  });

  /** Every user sets their own preferences, whatever their role. */
  app.put('/me/preferences', { schema: AuthRoutes.preferences }, async (request) => {
    await setLocale(knex, request.user.id, request.body.locale);
    const user = await findUser(knex, request.user.id);
    if (!user) throw notFound('user');
    return userView(user);
  });
};
