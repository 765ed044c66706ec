/**
 * One HTTP contract: the OpenAPI document at /docs/json, made from the routes' schemas
 * (contract/), describes every route of the API with its answers; /docs shows it to anyone, with
 * no token and no script the Content-Security-Policy would block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../server/http/input-guard';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let spec: any;

beforeAll(async () => {
  stack = await startStack();
  const res = await stack.app.inject({ method: 'GET', url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  spec = res.json();
});
afterAll(() => stack?.close());

/** /api/matters/:id/messages/:name → /api/matters/{id}/messages/{name} */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** Every `$ref` in the document. */
function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refs(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 with the bearer token as the default security', () => {
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
  });

  it('lists every route of the API under its method, and nothing else', () => {
    const routes = registeredRoutes(stack.app);
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes.filter((r) => !spec.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const documented = Object.entries(spec.paths).flatMap(([path, operations]) => Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.url)}`).sort());
  });

  it('gives every route its success answer, with a schema unless it has no body, and the error answers', () => {
    const undocumented: string[] = [];
    for (const route of registeredRoutes(stack.app)) {
      const responses = spec.paths[openApiPath(route.url)][route.method.toLowerCase()].responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status)) as [string, any][];
      const described = success.length > 0 && success.every(([status, answer]) => status === '204' || Object.values(answer.content ?? {}).some((c: any) => c.schema));
      if (!described || !responses['4XX'] || !responses['5XX']) undocumented.push(`${route.method} ${route.url}: ${Object.keys(responses).join(', ')}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('defines every schema it refers to', () => {
    const dangling = refs(spec.paths).filter((ref) => !spec.components.schemas?.[ref.replace('#/components/schemas/', '')]);
    expect(dangling).toEqual([]);
  });

  it('names the public routes and how a superior system signs its calls', () => {
    expect(spec.paths['/api/auth/login'].post.security).toEqual([]);
    expect(spec.paths['/api/health'].get.security).toEqual([]);
    expect(spec.paths['/api/intake/matters'].post.security).toEqual([{ superiorSystemKey: [] }]);
  });
});

describe('/docs', () => {
  it('answers anyone, without a token', async () => {
    for (const url of ['/docs', '/docs/json', '/docs/yaml']) {
      const res = await stack.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('is a page whose scripts are all files of its own, so the policy that forbids inline scripts lets them run', async () => {
    const res = await stack.app.inject({ method: 'GET', url: '/docs' });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)?.[1];
      expect(src).toMatch(/^\/docs\/static\//);
      const script = await stack.app.inject({ method: 'GET', url: src! });
      expect(script.statusCode, src).toBe(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
  });
});
