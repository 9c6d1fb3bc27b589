// Builds the dashboard with Vite when web/dist is missing or older than its sources, so `npm start`
// on a fresh checkout shows the dashboard, and tests build it once. Vite is a dev dependency: a
// production install ships a prebuilt web/dist instead.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const SHARED_SOURCES = [fileURLToPath(new URL('../shared/money.ts', import.meta.url))];

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** True when web/dist/index.html is missing or older than anything it is built from. */
export async function dashboardIsStale(webDir = WEB_DIR): Promise<boolean> {
  const built = await stat(join(webDir, 'dist', 'index.html')).catch(() => undefined);
  if (!built) return true;
  const sources = await Promise.all(
    [join(webDir, 'src'), join(webDir, 'public'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts')]
      .concat(SHARED_SOURCES)
      .map(newestMtime),
  );
  return Math.max(...sources) > built.mtimeMs;
}

/** Runs Vite's production build of web/ into web/dist. */
export async function buildDashboard(webDir = WEB_DIR): Promise<void> {
  const { build } = await import('vite');
  // Vite takes React's build from NODE_ENV when it is set: under a test runner (NODE_ENV=test)
  // that would bundle React's development build, twice the size. The dashboard is always built
  // for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds when stale; returns whether it built. */
export async function ensureDashboardBuilt(webDir = WEB_DIR): Promise<boolean> {
  if (!(await dashboardIsStale(webDir))) return false;
  await buildDashboard(webDir);
  return true;
}
