import { type RawBuilder, sql } from 'kysely';
import type { ChangeRule } from '../../../domain/instruments/types';
import type { OutcomeCounts } from '../../../domain/measures';
import { type Executor, isPostgres } from '../../db/dialect';

/** The rules an instrument's outcomes are counted with (from its definition). */
export interface OutcomeRules {
  instrumentId: string;
  min: number;
  max: number;
  response?: ChangeRule;
  remission?: ChangeRule;
}

/** A change rule as SQL over `baseline` and `latest` (the same arithmetic as ruleHolds in the domain). */
function holds(rule: ChangeRule): RawBuilder<unknown> {
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
function perInstrument(rules: OutcomeRules[], test: (r: OutcomeRules) => RawBuilder<unknown> | null): RawBuilder<unknown> {
  const arms = rules.flatMap((r) => {
    const t = test(r);
    return t ? [sql`when ${r.instrumentId} then (case when ${t} then 1 else 0 end)`] : [];
  });
  return arms.length ? sql`(case instrument_id ${sql.join(arms, sql` `)} else 0 end)` : sql`0`;
}

/**
 * Counts per instrument across the clinic, in one query (both engines): each patient's points (completed,
 * scored, not superseded by an amendment; an amendment at the time of the sheet it corrects), their baseline
 * (earliest intake point, else earliest) and latest point, then the instrument's rules applied to the pair.
 * A point's order key is `at|id` (fixed-width ISO instants, then the id, as the chart's trend orders them),
 * so baseline and latest are a min and a max per patient and instrument (one grouping, no window sorts); the
 * id is the key's last 36 characters (response ids are UUIDs). Keys compare byte by byte on both engines
 * (PostgreSQL: collate "C", as JavaScript compares the trend's strings).
 */
export async function outcomeCounts(db: Executor, rules: OutcomeRules[]): Promise<Map<string, OutcomeCounts>> {
  if (!rules.length) return new Map();
  const bytes = isPostgres(db) ? sql` collate "C"` : sql``;
  // The id taken back out of a key compares in the column's own collation, so the response_id index serves it.
  const plain = isPostgres(db) ? sql` collate "default"` : sql``;
  const inRange = perInstrument(rules, (r) => sql`baseline between ${r.min} and ${r.max} and latest between ${r.min} and ${r.max}`);
  const comparable = sql`(last_k <> base_k and ${inRange} = 1)`;
  const response = perInstrument(rules, (r) => (r.response ? holds(r.response) : null));
  const remission = perInstrument(rules, (r) => (r.remission ? holds(r.remission) : null));
  const rows = await sql<{ instrument_id: string; patients: number; evaluable: number; responders: number; remitters: number }>`
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
      { patients: Number(r.patients), evaluable: Number(r.evaluable), responders: Number(r.responders), remitters: Number(r.remitters) },
    ]),
  );
}
