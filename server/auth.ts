/**
 * Authentication: every route needs a valid token unless its config says `public: true`.
 * Roles gate what a user may do; units gate which tasks they see and complete.
 */
import fjwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, forbidden } from './errors';

/** A responsible unit's people are its handlers (承办人) and its head (单位负责人). */
export const ROLES = ['admin', 'designer', 'supervisor', 'leader', 'handler', 'head'] as const;
export const UNIT_ROLES: readonly Role[] = ['handler', 'head'];
export type Role = (typeof ROLES)[number];

export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  unitId: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AuthUser;
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export const authPlugin = fp<{ secret: string }>(async (app, { secret }) => {
  await app.register(fjwt, { secret, sign: { expiresIn: '12h' } });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.public || !request.url.startsWith('/api/')) return;
    try {
      await request.jwtVerify();
    } catch {
      throw new HttpError(401, 'a valid bearer token is required');
    }
  });
});

/** A preValidation hook that lets only the given roles through (before the body is even checked). */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!roles.includes(request.user.role)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
  };
}
