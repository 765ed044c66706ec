/**
 * Authentication: every API route needs a valid token of a live session unless its config says
 * `public: true`. The check is attached to each route as it is registered, so it is decided on the
 * route that will run, whatever the spelling of the path that reached it (percent-encoding and all).
 * Roles gate what a user may do; units gate which tasks they see and complete.
 */
import fjwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AppContext } from '../services/context';
import { HttpError } from './errors';
import { notAllowed } from '../services/errors';
import { SESSION_HOURS, sessionIsLive } from '../services/sessions';
import { type User, type Permission, type Role, ACCESS, may } from '../supervision/access';

export { ROLES, UNIT_ROLES, type Role } from '../supervision/access';

/** A signed-in user: who acts, as the services see them. */
export type AuthUser = User;

/** A signed-in user as a request sees them: the token's claims, with the session they belong to. */
export type SessionUser = AuthUser & { sid: string };

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: SessionUser;
    user: SessionUser;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export const authPlugin = fp<{ secret: string; ctx: AppContext }>(async (app, { secret, ctx }) => {
  await app.register(fjwt, { secret, sign: { expiresIn: `${SESSION_HOURS}h` } });
  const authenticate: onRequestHookHandler = async (request) => {
    const signed = await request.jwtVerify().then(
      () => true,
      () => false,
    );
    // A database that does not answer is an outage, not a bad token: its error goes on as it is.
    if (!signed || !(await sessionIsLive(ctx.knex, request.user))) throw new HttpError(401, 'a valid bearer token of a live session is required');
  };
  // Every API route registered from here on authenticates first unless it is public.
  app.addHook('onRoute', (route) => {
    if (route.config?.public || !route.url.startsWith('/api')) return;
    const own = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [authenticate, ...own];
  });
});

/** A preValidation hook that lets only the roles the access map allows through (before the body is even checked). */
export function requireAccess(permission: Permission) {
  const roles: readonly Role[] = ACCESS[permission];
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!may(request.user.role, permission)) throw notAllowed(`this needs one of the roles: ${roles.join(', ')}`);
  };
}
