// Serves the dashboard (web/dist, built by Vite) at `/`: hashed assets cached for a year, the HTML
// never cached, strict security headers (a CSP with no source but this service: nothing comes from
// a CDN), and the SPA fallback — client routes like /refunds/rf_1 get index.html — but never for
// the API, auth, customer pages, webhooks, health endpoints or the API reference (/docs), which keep their JSON 404s.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the server: a miss there is a real 404, never the dashboard's HTML. */
const SERVER_PREFIXES = [
  '/api',
  '/auth',
  '/r',
  '/webhooks',
  '/metrics',
  '/healthz',
  '/readyz',
  '/_sandbox',
  '/docs',
];

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Whether a request that matched no route is a dashboard page (answered with index.html). */
export function isClientRoute(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0]!;
  if (SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return false;
  // A missing file (/assets/x.js, /favicon.ico) is a 404, not a page.
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

export interface Dashboard {
  /** Sends index.html (or a "not built" page when web/dist is missing). */
  sendIndex(reply: FastifyReply): Promise<FastifyReply>;
}

export async function registerDashboard(
  app: FastifyInstance,
  opts: { dir?: string } = {},
): Promise<Dashboard> {
  const dir = opts.dir ?? DEFAULT_DASHBOARD_DIR;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: true,
    index: false,
    decorateReply: false,
    suppressWarning: true,
    cacheControl: false,
    // web/dist has .br and .gz beside each text file (written at build time): the best encoding
    // the browser accepts is sent, with Vary: Accept-Encoding.
    preCompressed: true,
    etag: true,
    lastModified: true,
    setHeaders(reply, path) {
      const r = reply as unknown as FastifyReply;
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) r.header(k, v);
      // Vite puts content hashes in every file name under assets/: safe to cache forever.
      const immutable = path.startsWith(join(dir, 'assets'));
      r.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const dashboard: Dashboard = {
    async sendIndex(reply) {
      reply.headers(SECURITY_HEADERS);
      reply.header('cache-control', 'no-cache');
      reply.type('text/html; charset=utf-8');
      try {
        return reply.code(200).send(await readFile(join(dir, 'index.html')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return reply.code(503).send(NOT_BUILT);
      }
    },
  };
  // The static plugin would answer the bare directory with 403.
  app.get('/', (_request, reply) => dashboard.sendIndex(reply));
  return dashboard;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Refundry</title></head>
<body><main><h1>The dashboard is not built yet</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it), then reload this page.
The API at <code>/api/v1</code> works meanwhile.</p></main></body></html>`;
