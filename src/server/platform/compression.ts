import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { chooseEncoding } from './error-handler';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Below this many bytes a response goes as it is: the saving is a few dozen bytes at most (less than one TCP
 * packet), and compressing still costs time on both ends.
 */
export const COMPRESS_MIN_BYTES = 1024;

/** JSON in its several dressings (plain, problem details, FHIR) and the other text the API answers with. */
const COMPRESSIBLE = /^(application\/([\w.+-]*\+)?json|application\/(x-)?ndjson|text\/[\w.+-]+)\s*(;|$)/i;

/**
 * Compresses the API's JSON answers (issue #19): brotli when the browser takes it, else gzip, for bodies of at
 * least `COMPRESS_MIN_BYTES`. A Today page loads six lists and a portal home five; on a phone network the larger
 * ones (the day's visits, the worklist, the audit log) shrink to a fifth.
 *
 * Only answers held whole in memory are touched (a string or a buffer): streamed downloads (the FHIR bulk export,
 * archives) go out as they are, chunk by chunk. The built web app is not concerned either: its files were
 * compressed at build time (scripts/precompress.mjs) and already carry their Content-Encoding. Brotli runs at
 * quality 5 (a dynamic answer is compressed once per request: the default 11 costs ten times as long for a few
 * percent less).
 *
 * Registered last among the `onSend` hooks, so that what they see (the idempotency record keeps the response
 * text for a retry) is the plain body.
 */
export function registerApiCompression(app: FastifyInstance, prefixes: readonly string[]): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!prefixes.some((p) => request.url.startsWith(p))) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding') || !compressibleType(reply)) return payload;
    // Whether or not this answer is compressed, another request for it may be: caches must keep them apart.
    addVary(reply, 'Accept-Encoding');
    // The coding first: a client that takes none is answered without encoding the body one more time.
    const coding = chooseEncoding(request.headers['accept-encoding'], ['br', 'gzip']);
    if (!coding) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < COMPRESS_MIN_BYTES) return payload;
    const compressed =
      coding === 'br'
        ? await brotli(body, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            },
          })
        : await gzip(body);
    reply.header('content-encoding', coding);
    reply.removeHeader('content-length');
    return compressed;
  });
}

function compressibleType(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && COMPRESSIBLE.test(type);
}

function addVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.some((v) => v === '*' || v.toLowerCase() === name.toLowerCase())) return;
  reply.header('vary', [...list, name].join(', '));
}
