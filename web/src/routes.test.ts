import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../supervision/access';
import { matchRoute, mayOpen, menuRoutes, routes } from './routes';

describe('matchRoute', () => {
  it.each([
    ['/inbox', '/inbox', {}],
    ['/tasks/t-1', '/tasks/:id', { id: 't-1' }],
    ['/matters/new', '/matters/new', {}],
    ['/matters/m%201', '/matters/:id', { id: 'm 1' }],
    ['/matters/m-1/edit', '/matters/:id/edit', { id: 'm-1' }],
    ['/process-definitions/supervision', '/process-definitions/:key', { key: 'supervision' }],
    ['/decisions/new', '/decisions/new', {}],
    ['/decisions/routing', '/decisions/:key', { key: 'routing' }],
    ['/modeler/supervision/diff', '/modeler/:key/diff', { key: 'supervision' }],
    ['/forms/new', '/forms/new', {}],
    ['/forms/report', '/forms/:key', { key: 'report' }],
  ])('%s → %s', (pathname, path, params) => {
    expect(matchRoute(pathname)).toMatchObject({ route: { path }, params });
  });

  it('finds nothing for an unknown address', () => {
    expect(matchRoute('/nowhere')).toBeUndefined();
    expect(matchRoute('/matters/m-1/history')).toBeUndefined();
  });
});

describe('the menu and the guarded pages', () => {
  const menuOf = (role: Role) => menuRoutes(role).map((route) => route.path);
  const everyone = ['/inbox', '/matters', '/board', '/search', '/notifications', '/process-definitions'];

  it.each([
    ['admin', [...everyone, '/modeler', '/decisions', '/forms', '/organisation']],
    ['designer', [...everyone, '/modeler', '/decisions', '/forms']],
    ['supervisor', everyone],
    ['leader', everyone],
    ['handler', everyone],
    ['head', everyone],
  ] as [Role, string[]][])("lists %s's pages", (role, paths) => {
    expect(menuOf(role)).toEqual(paths);
  });

  it.each([
    ['/matters/new', ['admin', 'supervisor']],
    ['/matters/m-1/edit', ['admin', 'supervisor']],
    ['/organisation', ['admin']],
    ['/modeler', ['admin', 'designer']],
    ['/modeler/supervision', ['admin', 'designer']],
    ['/decisions', ['admin', 'designer']],
    ['/decisions/new', ['admin', 'designer']],
    ['/decisions/routing', ['admin', 'designer']],
    ['/modeler/supervision/diff', ['admin', 'designer']],
    ['/forms', ['admin', 'designer']],
    ['/forms/new', ['admin', 'designer']],
    ['/forms/report', ['admin', 'designer']],
    ['/matters/m-1', ROLES],
  ] as [string, readonly Role[]][])('opens %s to %s', (pathname, allowed) => {
    const { route } = matchRoute(pathname)!;
    expect(ROLES.filter((role) => mayOpen(role, route))).toEqual(allowed);
  });

  it('selects a menu entry for every page without one of its own', () => {
    const entries = new Set(routes.filter((route) => route.menu).map((route) => route.path));
    for (const route of routes.filter((candidate) => !candidate.menu)) expect(entries).toContain(route.section);
  });
});
