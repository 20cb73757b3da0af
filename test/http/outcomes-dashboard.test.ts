import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_N, rateCell } from '../../src/domain/outcomes-stats';
import { rebuildCourseOutcomes } from '../../src/server/features/outcomes';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import {
  applyFilters,
  EXPERIENCE_ID,
  type OracleFilters,
  oracleBreakdown,
  oracleCourses,
  oracleDropout,
  oracleKm,
  oracleWeekly,
  type Plan,
  writeRandomClinic,
} from './dashboard-support';
import { ok } from './outcomes-support';

/**
 * The clinic outcomes dashboard (issue #21) on a random clinic written straight into the record, its
 * summaries rebuilt as migration 0026's backfill does: every breakdown, the time to response, the change by
 * week and the drop-out must equal a brute-force count over the plan the clinic was written from
 * (dashboard-support.ts), with and without filters; small groups show no rate; the patients behind a figure
 * leave out confidential records; every role; bad filters name the field; the CSV and the PDF.
 */
let t: TestApp;
let prescriber: Agent;
let plan: Plan;
let codes: Map<string, string | null>;

beforeAll(async () => {
  t = await buildTestApp();
  prescriber = await t.loginAs('prescriber');
  const a = await t.createUser({ role: 'prescriber' });
  const b = await t.createUser({ role: 'prescriber' });
  const now = t.clock.now().toISOString();
  plan = await writeRandomClinic(t.ctx.db, now, [a.id, b.id], 21, 90);
  await rebuildCourseOutcomes(t.ctx.db, now);
  const rows = await t.ctx.db.selectFrom('patient_diagnoses').select(['patient_id', 'code']).execute();
  codes = new Map(plan.patients.map((p) => [p, rows.find((r) => r.patient_id === p)?.code ?? null]));
}, 120_000);
afterAll(async () => {
  await t.close();
});

const qs = (o: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => Boolean(e[1]))).toString();

async function compare(instrument: string, f: OracleFilters) {
  const d = await ok(
    prescriber.get(`/api/outcomes/dashboard?${qs({ instrument, experience: EXPERIENCE_ID, ...f })}`),
  );
  const courses = applyFilters(oracleCourses(plan, instrument, codes), f);
  expect(d.instrument.id).toBe(instrument);
  expect(d.courses).toBe(courses.length);
  for (const dim of ['all', 'route', 'indication', 'dose', 'experience']) {
    const expected = oracleBreakdown(courses, dim);
    const got = d.breakdowns.find((b: { dimension: string }) => b.dimension === dim);
    expect(got, dim).toBeDefined();
    const gotMap = new Map(
      got.rows.map(
        (r: { key: string; courses: number; evaluable: number; response: unknown; remission: unknown }) => [
          r.key,
          { courses: r.courses, evaluable: r.evaluable, response: r.response, remission: r.remission },
        ],
      ),
    );
    expect(gotMap, `${instrument} ${dim} ${JSON.stringify(f)}`).toEqual(expected);
  }
  for (const curve of d.timeToResponse.curves) {
    const steps = oracleKm(courses, curve.key);
    expect(curve.courses).toBe(steps[0]?.atRisk ?? 0);
    expect(curve.steps.map((s: { week: number }) => s.week)).toEqual(steps.map((s) => s.time));
    curve.steps.forEach((s: { responded: number }, k: number) => {
      expect(s.responded).toBeCloseTo(1 - (steps[k]?.survival ?? 1), 4);
    });
    expect(curve.tooFew).toBe(curve.courses < MIN_N);
  }
  expect(d.weekly).toEqual(oracleWeekly(courses));
  const drop = oracleDropout(courses);
  expect(d.dropout.courses).toBe(drop.ended);
  expect(d.dropout.stoppedEarly).toEqual(rateCell(drop.early, drop.ended));
  expect(new Map(d.dropout.reasons.map((r: { key: string; n: number }) => [r.key, r.n]))).toEqual(
    drop.reasons,
  );
  return d;
}

describe('outcomes dashboard', () => {
  it('every breakdown, the time to response, change by week and drop-out match the oracle', async () => {
    const d = await compare('phq9', {});
    // The random clinic has groups on both sides of the small-number line.
    const rows = d.breakdowns.flatMap(
      (b: { rows: { evaluable: number; response: { rate: number | null } }[] }) => b.rows,
    );
    expect(rows.some((r: { evaluable: number }) => r.evaluable >= MIN_N)).toBe(true);
    const few = rows.filter((r: { evaluable: number }) => r.evaluable < MIN_N);
    expect(few.length).toBeGreaterThan(0);
    for (const r of few) expect(r.response.rate).toBeNull();
    expect(d.instruments.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['phq9', 'gad7']));
    expect(d.instruments.map((i: { id: string }) => i.id)).not.toContain(EXPERIENCE_ID);
    expect(d.experienceInstruments.map((i: { id: string }) => i.id)).toEqual([EXPERIENCE_ID]);
    await compare('gad7', {});
  });

  it('filters: date range, site, prescriber, program', async () => {
    const [site] = plan.sites;
    const starts = plan.courses.map((c) => (c.doses[0]?.at ?? c.createdAt).slice(0, 10)).sort();
    const mid = starts[Math.floor(starts.length / 2)] as string;
    await compare('phq9', { from: mid });
    await compare('phq9', { to: mid });
    await compare('phq9', { site: site?.id });
    await compare('phq9', { clinician: plan.clinicians[1] });
    await compare('phq9', { program: 'iv_series', from: starts[0] as string, to: mid });
    const none = await ok(prescriber.get('/api/outcomes/dashboard?from=1990-01-01&to=1990-12-31'));
    expect(none.courses).toBe(0);
  });

  it('bad filter input names the field', async () => {
    for (const [query, field] of [
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-06-01&to=2026-01-01', 'to'],
      ['instrument=no-such-questionnaire', 'instrument'],
    ] as const) {
      const r = await prescriber.get(`/api/outcomes/dashboard?${query}`);
      expect(r.statusCode, query).toBe(422);
      expect(JSON.stringify(JSON.parse(r.body).errors), query).toContain(field);
    }
    const r = await prescriber.get('/api/outcomes/dashboard/patients?dimension=route&key=teleport');
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body).errors[0].field).toBe('key');
    const d = await prescriber.get('/api/outcomes/dashboard/patients?dimension=everything');
    expect(d.statusCode).toBe(422);
    expect(JSON.stringify(JSON.parse(d.body).errors)).toContain('dimension');
  });

  it('the patients behind a figure: the same courses, confidential records counted but not listed', async () => {
    const courses = oracleCourses(plan, 'phq9', codes).filter(
      (c) => c.baseline !== null && c.routeGroup === 'im',
    );
    const secret = courses[0]?.course.patientId as string;
    await t.ctx.db
      .insertInto('patient_confidentiality')
      .values({ patient_id: secret, set_by: prescriber.userId, set_at: t.clock.now().toISOString() })
      .execute();
    const list = await ok(
      prescriber.get('/api/outcomes/dashboard/patients?instrument=phq9&dimension=route&key=im'),
    );
    const hiddenCourses = courses.filter((c) => c.course.patientId === secret).length;
    expect(list.hidden).toBe(hiddenCourses);
    expect(list.patients).toHaveLength(courses.length - hiddenCourses);
    expect(list.patients.map((p: { patientId: string }) => p.patientId)).not.toContain(secret);
    expect(list.title).toContain('Intramuscular');
    // On the care team, the record is listed.
    await t.ctx.db
      .insertInto('care_team')
      .values({
        patient_id: secret,
        user_id: prescriber.userId,
        role: 'prescriber',
        created_at: t.clock.now().toISOString(),
      })
      .execute();
    const mine = await ok(
      prescriber.get('/api/outcomes/dashboard/patients?instrument=phq9&dimension=route&key=im'),
    );
    expect(mine.hidden).toBe(0);
    expect(mine.patients).toHaveLength(courses.length);
    // A stop reason and a week are figures too.
    const stopped = await ok(prescriber.get('/api/outcomes/dashboard/patients?dimension=stopped'));
    expect(stopped.patients.length + stopped.hidden).toBe(
      oracleDropout(oracleCourses(plan, 'phq9', codes)).early,
    );
    const week = await ok(
      prescriber.get('/api/outcomes/dashboard/patients?instrument=phq9&dimension=week&key=2'),
    );
    const inWeek = oracleCourses(plan, 'phq9', codes).filter((c) => c.weeks.has(2)).length;
    expect(week.patients.length + week.hidden).toBe(inWeek);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', '=', 'outcomes.patients')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });

  it('every role: prescribers and admins see the figures; only those who may open charts see the patients', async () => {
    for (const role of ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk', 'patient'] as const) {
      const a = await t.loginAs(role);
      const d = await a.get('/api/outcomes/dashboard');
      const p = await a.get('/api/outcomes/dashboard/patients?dimension=all');
      const csv = await a.get('/api/outcomes/dashboard.csv');
      const allowed = role === 'admin' || role === 'prescriber';
      expect(d.statusCode, role).toBe(allowed ? 200 : 403);
      expect(csv.statusCode, role).toBe(allowed ? 200 : 403);
      expect(p.statusCode, role).toBe(role === 'prescriber' ? 200 : 403);
    }
    expect((await t.anon.get('/api/outcomes/dashboard')).statusCode).toBe(401);
  });

  it('CSV of the aggregated table and a PDF report with the method and the not-a-trial note', async () => {
    const csv = await prescriber.get('/api/outcomes/dashboard.csv?instrument=phq9');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('"Response 95% CI low %"');
    const d = await ok(prescriber.get('/api/outcomes/dashboard?instrument=phq9'));
    const rows = d.breakdowns.flatMap((b: { rows: unknown[] }) => b.rows);
    expect(lines).toHaveLength(rows.length + 1);
    expect(csv.body).not.toContain('Board0'); // no patient named
    expect(csv.body).toContain('too few');

    const pdf = await prescriber.get('/api/outcomes/dashboard.pdf?instrument=phq9');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    for (const words of [
      'Not a clinical trial',
      'Baseline',
      'Latest',
      'Wilson',
      'Kaplan',
      'quartiles',
      'By route',
      'Intramuscular',
    ])
      expect(text, words).toContain(words);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'outcomes.export')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

/** The text of a pdfkit PDF: its content streams inflated, the hex strings of TJ/Tj operators decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null = re.exec(raw);
  while (m) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      const body = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
      for (const line of body.split('\n')) {
        const hex = [...line.matchAll(/<([0-9a-fA-F]+)>/g)].map((h) =>
          Buffer.from(h[1] as string, 'hex').toString('latin1'),
        );
        if (hex.length && /T[Jj]/.test(line)) out += `${hex.join('')}\n`;
      }
    } catch {
      // not a compressed content stream (fonts, images)
    }
    re.lastIndex = end + 'endstream'.length;
    m = re.exec(raw);
  }
  return out;
}
