import { type RawBuilder, sql } from 'kysely';
import type { ChangeRule } from '../../../domain/instruments/types';
import type { OutcomeCounts } from '../../../domain/measures';
import { type Executor, fromBool, isPostgres, lockDerived } from '../../db/dialect';

/** The rules an instrument's outcomes are counted with (from its definition). */
export interface OutcomeRules {
  instrumentId: string;
  min: number;
  max: number;
  response?: ChangeRule;
  remission?: ChangeRule;
}

/** A change rule as SQL over `baseline` and `latest` (the same arithmetic as ruleHolds in the domain). */
export function holds(rule: ChangeRule): RawBuilder<unknown> {
  switch (rule.kind) {
    case 'percentDrop':
      return sql`(baseline > 0 and (baseline - latest) * 100 >= cast(${rule.threshold} as real) * baseline)`;
    case 'absoluteDrop':
      return sql`(baseline - latest >= cast(${rule.value} as real))`;
    case 'below':
      return sql`(latest < cast(${rule.value} as real))`;
    case 'atOrBelow':
      return sql`(latest <= cast(${rule.value} as real))`;
  }
}

/** `case instrument_id when … then <that instrument's test> … else <otherwise> end`. */
export function perInstrument(
  rules: OutcomeRules[],
  test: (r: OutcomeRules) => RawBuilder<unknown> | null,
): RawBuilder<unknown> {
  const arms = rules.flatMap((r) => {
    const t = test(r);
    return t ? [sql`when ${r.instrumentId} then (case when ${t} then 1 else 0 end)`] : [];
  });
  return arms.length ? sql`(case instrument_id ${sql.join(arms, sql` `)} else 0 end)` : sql`0`;
}

/**
 * Counts per instrument across the clinic, from the per-patient summaries (patient_outcomes, one row per
 * patient and instrument with the baseline and latest totals, kept current by refreshPatientOutcome). The rows
 * are first grouped by instrument and totals (read in the order of the report's index, so no sort), then the
 * instrument's rules are applied to the few hundred groups, at read time: a newly imported version of an
 * instrument's rules counts at once. "Evaluable": a latest point other than the baseline, both totals inside
 * the instrument's score range.
 */
export async function outcomeCounts(
  db: Executor,
  rules: OutcomeRules[],
): Promise<Map<string, OutcomeCounts>> {
  if (!rules.length) return new Map();
  const inRange = perInstrument(
    rules,
    (r) => sql`baseline between ${r.min} and ${r.max} and latest between ${r.min} and ${r.max}`,
  );
  const comparable = sql`(latest_is_baseline = 0 and ${inRange} = 1)`;
  const response = perInstrument(rules, (r) => (r.response ? holds(r.response) : null));
  const remission = perInstrument(rules, (r) => (r.remission ? holds(r.remission) : null));
  const rows = await sql<{
    instrument_id: string;
    patients: number;
    evaluable: number;
    responders: number;
    remitters: number;
  }>`
    select instrument_id,
           sum(n) as patients,
           sum(case when ${comparable} then n else 0 end) as evaluable,
           sum(case when ${comparable} and ${response} = 1 then n else 0 end) as responders,
           sum(case when ${comparable} and ${remission} = 1 then n else 0 end) as remitters
    from (select instrument_id, latest_is_baseline, baseline_total as baseline, latest_total as latest, count(*) as n
          from patient_outcomes
          group by instrument_id, latest_is_baseline, baseline_total, latest_total) totals
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

/**
 * Recomputes one patient's summary for one instrument from their responses, in the caller's transaction, and
 * stores it (or removes it when no point is left). Called by every write that changes which completed, scored,
 * non-superseded responses the patient has (features/measures/repository.ts: a score inserted, an amendment
 * inserted), so no path can leave the summary behind.
 *
 * Points: completed, scored responses that no amendment supersedes; an amendment stands at the time of the
 * sheet it corrects (the root of its chain). A point's order key is `at|id` (fixed-width ISO instants, then
 * the id, as the chart's trend orders them), so the baseline (earliest intake point, else earliest point) and
 * the latest point are a min and a max; the id is the key's last 36 characters (response ids are UUIDs). Keys
 * compare byte by byte on both engines (PostgreSQL: collate "C", as JavaScript compares the trend's strings).
 * The same semantics as migration 0015's backfill.
 */
export async function refreshPatientOutcome(
  trx: Executor,
  patientId: string,
  instrumentId: string,
  now: string,
): Promise<void> {
  await lockDerived(trx, 'patient_outcome', `${patientId}|${instrumentId}`);
  const bytes = isPostgres(trx) ? sql` collate "C"` : sql``;
  // The id taken back out of a key compares in the column's own collation, so the response_id index serves it.
  const plain = isPostgres(trx) ? sql` collate "default"` : sql``;
  // The roots of the patient's amendment chains. `coalesce(amended_from, '') = ''` rather than `amended_from is
  // null`: SQLite (no statistics kept) would otherwise read the latter off the amended_from index, i.e. walk
  // every unamended response of the clinic (~2 ms at 1,000 patients) instead of this patient's few.
  const found = await sql<{ base_k: string; last_k: string; baseline: number; latest: number }>`
    with recursive roots (id, at) as (
      select o.id, o.completed_at from measure_responses o
      where o.patient_id = ${patientId} and o.instrument_id = ${instrumentId} and coalesce(o.amended_from, '') = ''
        and exists (select 1 from measure_responses x where x.amended_from = o.id)
      union all
      select r.id, roots.at from roots join measure_responses r on r.amended_from = roots.id
    ),
    points as (
      select coalesce(roots.at, r.completed_at, s.scored_at) || '|' || r.id as k,
             case when a.schedule_kind = 'intake' then 1 else 0 end as intake
      from measure_responses r
      join measure_scores s on s.response_id = r.id
      left join roots on roots.id = r.id
      left join measure_assignments a on a.id = r.assignment_id
      where r.status = 'completed' and r.patient_id = ${patientId} and r.instrument_id = ${instrumentId}
        and not exists (select 1 from measure_responses x where x.amended_from = r.id)
    ),
    ends as (
      select coalesce(min(case when intake = 1 then k end${bytes}), min(k${bytes})) as base_k, max(k${bytes}) as last_k
      from points
    )
    select e.base_k, e.last_k, b.total as baseline, l.total as latest
    from ends e
    join measure_scores b on b.response_id = substr(e.base_k, length(e.base_k) - 35)${plain}
    join measure_scores l on l.response_id = substr(e.last_k, length(e.last_k) - 35)${plain}`.execute(trx);
  const pair = found.rows[0];
  if (!pair) {
    await trx
      .deleteFrom('patient_outcomes')
      .where('patient_id', '=', patientId)
      .where('instrument_id', '=', instrumentId)
      .execute();
    return;
  }
  const split = (k: string) => ({ at: k.slice(0, -37), id: k.slice(-36) });
  const base = split(pair.base_k);
  const last = split(pair.last_k);
  const summary = {
    baseline_response_id: base.id,
    baseline_at: base.at,
    baseline_total: Number(pair.baseline),
    latest_response_id: last.id,
    latest_at: last.at,
    latest_total: Number(pair.latest),
    latest_is_baseline: fromBool(base.id === last.id),
    updated_at: now,
  };
  await trx
    .insertInto('patient_outcomes')
    .values({ patient_id: patientId, instrument_id: instrumentId, ...summary })
    .onConflict((oc) => oc.columns(['patient_id', 'instrument_id']).doUpdateSet(summary))
    .execute();
}
