// Builds the dashboard (web/src) into web/dist, which the service serves at `/`. Everything is
// bundled: no CDN at run time. Every text asset is also written precompressed (.br and .gz) so
// the service sends the smallest encoding the browser accepts without compressing per request.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** Smaller than this, compression saves less than a packet: the plain file is served. */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (brotli, best) and `<file>.gz` (gzip -9) beside each text file of the build,
 * from the files as written (after every other plugin's last word on them).
 */
function precompress(): Plugin {
  return {
    name: 'refundry-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? join(webDir, 'dist');
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const path = join(dir, fileName);
        const data = await readFile(path);
        if (data.length < MIN_BYTES) continue;
        const br = brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        });
        await writeFile(`${path}.br`, br);
        await writeFile(`${path}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react(), precompress()],
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
