/** A user's own preferences: the interface language is stored per user and comes back with /me and at login. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../runtime/seed';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
// The database is shared with the other test files, which expect the default language.
afterAll(async () => {
  await stack?.knex('users').update({ locale: 'zh-CN' });
  await stack?.close();
});

const put = (token: string, payload: unknown) => stack.call(token, { method: 'PUT', url: '/api/me/preferences', payload: payload as object });

describe('PUT /api/me/preferences', () => {
  it('stores the language for the user, who sees it in /me and at the next login, without ending their session', async () => {
    const token = await stack.login('supervisor');
    expect((await stack.call(token, { method: 'GET', url: '/api/me' })).body.locale).toBe('zh-CN');

    const saved = await put(token, { locale: 'en-US' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ username: 'supervisor', locale: 'en-US' });
    expect((await stack.call(token, { method: 'GET', url: '/api/me' })).body.locale).toBe('en-US');

    const login = await stack.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: DEMO_PASSWORD } });
    expect(login.json().user.locale).toBe('en-US');

    // Another user keeps their own.
    const other = await stack.login('admin');
    expect((await stack.call(other, { method: 'GET', url: '/api/me' })).body.locale).toBe('zh-CN');

    expect((await put(token, { locale: 'zh-CN' })).body.locale).toBe('zh-CN');
  });

  it.each([
    ['an unknown language', { locale: 'fr-FR' }, 'locale'],
    ['a missing language', {}, 'locale'],
    ['a field it does not know', { locale: 'en-US', theme: 'dark' }, 'theme'],
  ])('refuses %s with a 400 naming the field', async (_how, payload, field) => {
    const token = await stack.login('fagai');
    const answer = await put(token, payload);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(field);
    expect((await stack.call(token, { method: 'GET', url: '/api/me' })).body.locale).toBe('zh-CN');
  });

  it('refuses an anonymous caller', async () => {
    expect((await stack.app.inject({ method: 'PUT', url: '/api/me/preferences', payload: { locale: 'en-US' } })).statusCode).toBe(401);
  });
});
