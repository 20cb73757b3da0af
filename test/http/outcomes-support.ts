import { sql } from 'kysely';
import { expect } from 'vitest';
import type { OutcomeCounts } from '../../src/domain/measures';
import { outcomeRange } from '../../src/domain/measures';
import { type Executor, isPostgres } from '../../src/server/db/dialect';
import { listCatalogue } from '../../src/server/features/measures/catalogue';
import { holds, type OutcomeRules, perInstrument } from '../../src/server/features/outcomes/repository';

/**
 * Shared by the outcomes tests. `wholeClinicCounts` is the report's original query, kept here as an oracle:
 * it counts from every scored answer of the clinic on each call (recursive amendment chains, baseline =
 * earliest intake point else earliest, latest = last point), as GET /api/outcomes did before the per-patient
 * summary (patient_outcomes, migration 0015). The summary, its backfill and the endpoint must agree with it.
 * It applies the rules with the report's own SQL (holds, perInstrument): what it checks is where the baseline and
 * latest points come from.
 */

/** A request that must succeed (200 or 201; the body in the failure message): its JSON. */
export const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
  const r = await p;
  expect([200, 201], r.body).toContain(r.statusCode);
  return JSON.parse(r.body);
};

const DAY = 86_400_000;
/** An instant `daysAgo` days before the tests' fixed "now" (the FakeClock's day, at noon). */
export const at = (daysAgo: number) =>
  new Date(Date.parse('2026-11-25T12:00:00.000Z') - daysAgo * DAY).toISOString();

/** Answers giving a total (item 9 of the PHQ-9 left at 0: no safety task). */
export function answers(instrument: 'phq9' | 'gad7', total: number): Record<string, number> {
  const items = instrument === 'phq9' ? 8 : 7;
  const out: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= items; i++) {
    const v = Math.min(3, left);
    out[`${instrument}-${i}`] = v;
    left -= v;
  }
  if (instrument === 'phq9') out['phq9-9'] = 0;
  return out;
}

/** The rules the service counts with: every instrument of the catalogue, as OutcomesService builds them. */
export async function catalogueRules(db: Executor): Promise<OutcomeRules[]> {
  return (await listCatalogue(db)).map(({ def }) => ({
    instrumentId: def.id,
    ...outcomeRange(def),
    response: def.scoring.response,
    remission: def.scoring.remission,
  }));
}

export async function wholeClinicCounts(
  db: Executor,
  rules: OutcomeRules[],
): Promise<Map<string, OutcomeCounts>> {
  const bytes = isPostgres(db) ? sql` collate "C"` : sql``;
  const plain = isPostgres(db) ? sql` collate "default"` : sql``;
  const inRange = perInstrument(
    rules,
    (r) => sql`baseline between ${r.min} and ${r.max} and latest between ${r.min} and ${r.max}`,
  );
  const comparable = sql`(last_k <> base_k and ${inRange} = 1)`;
  const response = perInstrument(rules, (r) => (r.response ? holds(r.response) : null));
  const remission = perInstrument(rules, (r) => (r.remission ? holds(r.remission) : null));
  const rows = await sql<{
    instrument_id: string;
    patients: number;
    evaluable: number;
    responders: number;
    remitters: number;
  }>`
    with recursive roots (id, at) as (
      select o.id, o.completed_at from measure_responses o
      where o.amended_from is null
        and o.id in (select x.amended_from from measure_responses x where x.amended_from is not null)
      union all
      select r.id, roots.at from roots join measure_responses r on r.amended_from = roots.id
    ),
    points as (
      select r.patient_id, r.instrument_id,
             coalesce(roots.at, r.completed_at, s.scored_at) || '|' || r.id as k,
             case when a.schedule_kind = 'intake' then 1 else 0 end as intake
      from measure_responses r
      join measure_scores s on s.response_id = r.id
      left join roots on roots.id = r.id
      left join measure_assignments a on a.id = r.assignment_id
      where r.status = 'completed'
        and not exists (select 1 from measure_responses x where x.amended_from = r.id)
    ),
    ends as (
      select instrument_id,
             coalesce(min(case when intake = 1 then k end${bytes}), min(k${bytes})) as base_k,
             max(k${bytes}) as last_k
      from points
      group by patient_id, instrument_id
    ),
    pairs as (
      select e.instrument_id, e.base_k, e.last_k, b.total as baseline, l.total as latest
      from ends e
      join measure_scores b on b.response_id = substr(e.base_k, length(e.base_k) - 35)${plain}
      join measure_scores l on l.response_id = substr(e.last_k, length(e.last_k) - 35)${plain}
    )
    select instrument_id,
           count(*) as patients,
           sum(case when ${comparable} then 1 else 0 end) as evaluable,
           sum(case when ${comparable} and ${response} = 1 then 1 else 0 end) as responders,
           sum(case when ${comparable} and ${remission} = 1 then 1 else 0 end) as remitters
    from pairs
    group by instrument_id`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      r.instrument_id,
      {
        patients: Number(r.patients),
        evaluable: Number(r.evaluable),
        responders: Number(r.responders),
        remitters: Number(r.remitters),
      },
    ]),
  );
}

/** Every summary row, without updated_at, in a stable order (to compare the maintained table with a rebuild). */
export async function summaryRows(db: Executor) {
  const rows = await db
    .selectFrom('patient_outcomes')
    .selectAll()
    .orderBy('patient_id')
    .orderBy('instrument_id')
    .execute();
  return rows.map(({ updated_at: _u, ...r }) => ({
    ...r,
    baseline_total: Number(r.baseline_total),
    latest_total: Number(r.latest_total),
  }));
}
