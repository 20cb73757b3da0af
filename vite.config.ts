import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { moduleMap } from './scripts/module-map.mjs';
import { precompress } from './scripts/precompress.mjs';

const API = 'http://127.0.0.1:3000';

/**
 * The web app is built from `index.html` → `src/web/main.tsx` into `dist/web`, which the server serves.
 * In development the API and FHIR routes are proxied to the server on port 3000. The proxy drops the
 * browser's Origin header because the server's anti-forgery check compares it with its own public URL
 * (the dev server's origin differs); the CSRF token header is still required and sent.
 */
const proxy = {
  target: API,
  changeOrigin: true,
  configure: (p: { on: (event: 'proxyReq', cb: (req: { removeHeader(name: string): void }) => void) => void }) => {
    p.on('proxyReq', (req) => req.removeHeader('origin'));
  },
};

/**
 * `vite build --ssr src/web/ssr.tsx` (the second step of `npm run build:web`): the public pages' server renderer,
 * one ES module in dist/web-ssr that the server imports (packages stay in node_modules, as for the server itself).
 */
const ssrBuild: UserConfig = {
  root: '.',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: 'dist/web-ssr',
    emptyOutDir: true,
    copyPublicDir: false,
    rolldownOptions: { output: { entryFileNames: 'ssr.mjs' } },
  },
};

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? ssrBuild : clientBuild));

const clientBuild: UserConfig = {
  root: '.',
  // Files served as-is (the pre-paint colour-scheme script); kept under src/web with the rest of the UI.
  publicDir: 'src/web/public',
  // precompress: brotli and gzip copies of every asset, served by the server with Content-Encoding. moduleMap:
  // which source modules each built file holds (.vite/modules.json, for the bundle-budget test).
  plugins: [react(), moduleMap(), precompress()],
  server: {
    port: 5173,
    proxy: { '/api': proxy, '/fhir': proxy },
  },
  build: {
    outDir: 'dist/web',
    // The manifest lets the bundle-budget test follow each page's static imports.
    manifest: true,
    emptyOutDir: true,
    // Above the entry file (everything the first page needs, 190 KB brotli) and the charts chunk.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Pages are split with React.lazy + dynamic import (the admin area, and anything with charts, load
        // on demand). The charting libraries go in one shared chunk so every chart page reuses it, and the
        // sign-in page never downloads them.
        codeSplitting: {
          // Shared chunks under 12 kB (before minifying) are copied into the files that use them instead of
          // being files of their own: the portal home loaded 49 files and Today 60, a round trip each on a
          // phone; now 13 and 17. A registry in rolldown's runtime keeps one execution, one state and one set of
          // exports per module across the copies (React contexts stay one). Also turns on strict execution
          // order. Experimental in rolldown: if a build misbehaves, remove this line first.
          experimentalInlineCommonChunks: { maxSize: 12_000 },
          // Not recursive: by default a group also captures its modules' dependencies, which pulls React and
          // @mantine/core into the charts chunk and so into the sign-in page.
          groups: [
            // Everything the entry loads before the first page can show goes in one file: over HTTP/1.1 the
            // browser opens six connections per server, and thirty small files cost a round trip each.
            { name: 'app', tags: ['$initial'], priority: 2 },
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-|victory-vendor|@mantine[\\/]charts)/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
};
