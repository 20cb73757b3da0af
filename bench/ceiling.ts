/**
 * The ceiling of the HTTP stack on this machine: a bare Fastify 5 app with one JSON route and nothing else
 * (no logging, hooks, database or validation). Every scenario is reported as a ratio of its requests/s.
 * `node --import tsx bench/ceiling.ts <port>`; prints "ready" when listening, stops on SIGTERM.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
