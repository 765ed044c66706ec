/** Signing in and out, and who the caller is. */
import { type Static, Type } from 'typebox';
import { Body, Errors, routes } from './common';
import { LOCALES, ROLES } from './values';

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  unitId: Type.String(),
  unitName: Type.String(),
  /** The interface language the user chose. */
  locale: Type.Enum(LOCALES),
});

/** What a user may set for themselves. */
export const Preferences = Body({ locale: Type.Enum(LOCALES) });

/** A bearer token for the Authorization header, good for one session. */
export const LoginResult = Type.Object({ token: Type.String(), user: User });

export const AuthRoutes = routes('auth', {
  /** Public; attempts are limited per address and per username. */
  login: {
    security: [],
    body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
    response: { 200: LoginResult, ...Errors },
  },
  /** Ends the caller's session on the server: its token no longer opens anything. */
  logout: { response: { 200: Type.Object({ loggedOut: Type.Boolean() }), ...Errors } },
  me: { response: { 200: User, ...Errors } },
  /** The caller's own preferences; answers with the caller as /me does. */
  preferences: { body: Preferences, response: { 200: User, ...Errors } },
});

export type User = Static<typeof User>;
export type LoginResult = Static<typeof LoginResult>;
export type Preferences = Static<typeof Preferences>;

/** What a login sends. */
export type Credentials = Static<typeof AuthRoutes.login.body>;
