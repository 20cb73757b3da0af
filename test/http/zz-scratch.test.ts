import { it } from 'vitest';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { safeEncode } from 'zod';
import { patientChart } from '../../src/contracts/patients';
import { seedDemo } from '../../src/server/seed/demo';
import { buildTestApp } from '../support/app';

it('scratch: chart read costs', async () => {
  const t = await buildTestApp({ SESSION_IDLE_MINUTES: '240' });
  await seedDemo(t.ctx.db, t.clock);
  const p = await t.loginAs('prescriber');
  const ids = (await t.ctx.db.selectFrom('patients').select('id').execute()).map((r) => r.id);
  const N = 3000;
  for (let i = 0; i < 300; i++) await p.get(`/api/patients/${ids[i % ids.length]}`);
  const sq = (t.ctx as unknown as { sqlite?: unknown }).sqlite;
  const stats = new Map<string, { n: number; ms: number }>();
  const Database = (await import('better-sqlite3-multiple-ciphers')).default;
  const Database2 = (await import('better-sqlite3')).default;
  for (const D of [Database, Database2]) {
    const tmp = new D(':memory:');
    const proto = Object.getPrototypeOf(tmp.prepare('select 1'));
    tmp.close();
    for (const m of ['all', 'run', 'get', 'iterate'] as const) {
      const orig = proto[m];
      if (orig.__w) continue;
      proto[m] = function (this: { source: string }, ...a: unknown[]) {
        const st = performance.now();
        try { return orig.apply(this, a); } finally {
          const k = this.source.slice(0, 160);
          const e = stats.get(k) ?? { n: 0, ms: 0 };
          e.n++; e.ms += performance.now() - st; stats.set(k, e);
        }
      };
      proto[m].__w = true;
    }
  }
  void sq;
  const ses = new Session();
  ses.connect();
  await ses.post('Profiler.enable');
  await ses.post('Profiler.setSamplingInterval', { interval: 100 });
  await ses.post('Profiler.start');
  let s = performance.now();
  const what = process.env.WHAT ?? 'chart';
  for (let i = 0; i < N; i++) await p.get(what === 'chart' ? `/api/patients/${ids[i % ids.length]}` : what === 'fhir' ? `/fhir/R4/Patient/${ids[i % ids.length]}` : `/fhir/R4/Observation?patient=${ids[i % ids.length]}&code=8867-4`);
  const { profile } = await ses.post('Profiler.stop');
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log((v.ms / N).toFixed(4), 'ms/req', (v.n / N).toFixed(2), 'per req', k);
  stats.clear();
  writeFileSync(`/tmp/scratch-${what}.cpuprofile`, JSON.stringify(profile));
  const whole = (performance.now() - s) / N;
  const body = JSON.parse((await p.get(`/api/patients/${ids[1]}`)).body);
  s = performance.now();
  for (let i = 0; i < N; i++) JSON.stringify(safeEncode(patientChart, body).data);
  const enc = (performance.now() - s) / N;
  s = performance.now();
  for (let i = 0; i < N; i++) JSON.stringify(body);
  const str = (performance.now() - s) / N;
  s = performance.now();
  for (let i = 0; i < N; i++) await p.get(`/fhir/R4/Patient/${ids[i % ids.length]}`);
  const fhir = (performance.now() - s) / N;
  console.log({ wholeMs: whole, zodEncodeAndStringifyMs: enc, stringifyMs: str, fhirPatientMs: fhir, bytes: JSON.stringify(body).length });
  await t.close();
}, 300_000);
