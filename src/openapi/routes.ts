// GET /api/v1/openapi.json (the document, no authentication) and GET /docs (the reference pages:
// Swagger UI from the swagger-ui-dist package, served from this process, no CDN, under the
// dashboard's Content-Security-Policy). Registered outside the authenticated /api/v1 scope.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { SECURITY_HEADERS } from '../dashboard/serve-dashboard.ts';
import { openApiJson } from './document.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/docs';

const PAGE_DIR = fileURLToPath(new URL('./docs-page/', import.meta.url));
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The reference page's files: path → [media type, file]. Read once, on first request. */
const ASSETS: Record<string, [string, string]> = {
  [DOCS_PATH]: ['text/html; charset=utf-8', join(PAGE_DIR, 'index.html')],
  [`${DOCS_PATH}/docs.js`]: ['text/javascript; charset=utf-8', join(PAGE_DIR, 'docs.js')],
  [`${DOCS_PATH}/docs.css`]: ['text/css; charset=utf-8', join(PAGE_DIR, 'docs.css')],
  [`${DOCS_PATH}/swagger-ui.css`]: ['text/css; charset=utf-8', join(SWAGGER_DIR, 'swagger-ui.css')],
  [`${DOCS_PATH}/swagger-ui-bundle.js`]: [
    'text/javascript; charset=utf-8',
    join(SWAGGER_DIR, 'swagger-ui-bundle.js'),
  ],
};

/** Paths of the page's static files (not operations: the route check leaves them out). */
export const DOCS_ASSET_PATHS = Object.keys(ASSETS).filter((p) => p !== DOCS_PATH);

export function registerOpenApiRoutes(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, async (_request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('access-control-allow-origin', '*')
      .send(openApiJson()),
  );
  const cache = new Map<string, Buffer>();
  for (const [path, [type, file]] of Object.entries(ASSETS)) {
    app.get(path, async (_request, reply) => {
      let body = cache.get(path);
      if (!body) {
        body = readFileSync(file);
        cache.set(path, body);
      }
      return reply
        .headers(SECURITY_HEADERS)
        .type(type)
        .header('cache-control', path === DOCS_PATH ? 'no-cache' : 'public, max-age=3600')
        .send(body);
    });
  }
}
