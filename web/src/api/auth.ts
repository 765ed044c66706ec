/** Signing in and out, and who is signed in; the token itself is kept by ./session. */
import { request, requestJson } from './client';
import type { Credentials, LoginResult, Preferences, User } from './types';

export type { Credentials };

export const login = (credentials: Credentials) => requestJson<LoginResult>('/api/auth/login', { method: 'POST', body: credentials });

/** Ends the session on the server, so the token is worth nothing even if it was copied. */
export const logout = () => request('/api/auth/logout', { method: 'POST' });

/** The user the stored token belongs to. */
export const currentUser = () => requestJson<User>('/api/me');

/** The signed-in user's own preferences (their interface language). */
export const savePreferences = (preferences: Preferences) => requestJson<User>('/api/me/preferences', { method: 'PUT', body: preferences });
