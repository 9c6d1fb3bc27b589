// `npm start` runs this first (prestart, through bin/ensure-dashboard.js): builds the dashboard when
// web/dist is missing or stale.
import { dashboardIsStale, ensureDashboardBuilt } from './build-dashboard.ts';

if (await dashboardIsStale()) {
  console.log('Building the dashboard (web/ → web/dist)…');
  try {
    await ensureDashboardBuilt();
  } catch (error) {
    const missingVite = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    console.error(
      missingVite
        ? 'Vite is not installed (npm install --omit=dev?); the dashboard cannot be built here. The API still runs.'
        : `The dashboard build failed: ${(error as Error).message}`,
    );
    if (!missingVite) process.exitCode = 1;
  }
}
