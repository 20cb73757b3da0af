// Precompression of the built web app: next to every compressible file in dist/web (scripts, styles, the HTML,
// SVG, the web-app manifest, the icon), a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy, written
// only when smaller than the file. The server (@fastify/static with `preCompressed`, and the SPA fallback in
// platform/error-handler.ts) sends the copy the browser accepts, with `Content-Encoding` and `Vary`.
// Runs as a Vite plugin at the end of `vite build` (vite.config.ts), or alone: `node scripts/precompress.mjs [dir]`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|ico|txt|map)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function* walk(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.vite') yield* walk(full);
    } else if (COMPRESSIBLE.test(entry.name)) yield full;
  }
}

/** Writes `.br` and `.gz` beside each compressible file under `dir`; returns the totals, in bytes. */
export async function precompressDir(dir) {
  const totals = { files: 0, raw: 0, br: 0, gz: 0 };
  const jobs = [];
  for await (const file of walk(dir)) {
    jobs.push(
      (async () => {
        const raw = await fs.readFile(file);
        const [br, gz] = await Promise.all([
          brotli(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            },
          }),
          gzip(raw, { level: 9 }),
        ]);
        totals.files++;
        totals.raw += raw.length;
        if (br.length < raw.length) {
          await fs.writeFile(`${file}.br`, br);
          totals.br += br.length;
        } else totals.br += raw.length;
        if (gz.length < raw.length) {
          await fs.writeFile(`${file}.gz`, gz);
          totals.gz += gz.length;
        } else totals.gz += raw.length;
      })(),
    );
  }
  await Promise.all(jobs);
  return totals;
}

/** Vite plugin: precompresses the output folder once the bundle is written (production builds only). */
export function precompress() {
  let outDir = 'dist';
  return {
    name: 'liminal-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompressDir(outDir);
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? 'dist/web');
  const t = await precompressDir(dir);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  process.stdout.write(`${t.files} files: ${kb(t.raw)} → brotli ${kb(t.br)}, gzip ${kb(t.gz)}\n`);
}
