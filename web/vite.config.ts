// Builds the dashboard (web/src) into web/dist, which the service serves at `/`. Everything is
// bundled: no CDN at run time.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Keep inline data: URIs out so the CSP can stay strict.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1_000,
  },
  server: {
    // `vite --config web/vite.config.ts` during development: the API runs on PORT (3000).
    proxy: Object.fromEntries(
      ['/api', '/auth', '/r/'].map((p) => [p, { target: 'http://127.0.0.1:3000', changeOrigin: false }]),
    ),
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
