/**
 * The API described: the OpenAPI document built from the routes' schemas (contract/) at
 * /docs/json, and Swagger UI to read it at /docs. Both are public: the API's shape is no secret,
 * its answers stay behind the token. The UI's scripts are its own static files, so the app's
 * Content-Security-Policy holds.
 * Register before the routes: the document is made from the routes registered after it.
 */
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export const DOCS_PREFIX = '/docs';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export const docsPlugin = fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'duban API',
        description: 'Supervision of government work (督查督办). Every route needs a bearer token from POST /api/auth/login unless it says otherwise.',
        version,
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          superiorSystemKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, theme: { title: 'duban API' } });
});
