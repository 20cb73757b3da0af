import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

// Frozen once merged. Clinic outcomes (GET /api/outcomes, issue #8) counted every scored answer of the clinic
// on each request (60 k at 5,000 patients: ~0.5 s of CPU, on SQLite with the event loop blocked). This table
// keeps each patient's trend per instrument reduced to its baseline and latest points, maintained in the same
// transaction as the writes that change them (features/outcomes/repository.ts, refreshPatientOutcome), so the
// report reads one row per patient and instrument. It holds totals, not rule results: the rules are applied
// when the report is read, so importing a new version of an instrument's rules needs no rebuild.
//
// Derived data: no retention trigger (0012) guards it, rows are replaced and deleted as trends change. Needs
// only 0002 and 0003 (patients, measures), so it applies in any order with other later migrations.
//
// The backfill is the report's whole-clinic query as it stood when this table replaced it (copied here: a
// migration must not follow later changes to feature code). Points are completed, scored responses that no
// amendment supersedes; an amendment stands at the time of the sheet it corrects; a point's order key is
// `at|id`, compared byte by byte on both engines; the baseline is the earliest intake point, else the
// earliest point; the latest is the last point.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patient_outcomes')
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('baseline_response_id', 'text', (c) => c.notNull().references('measure_responses.id'))
    .addColumn('baseline_at', 'text', (c) => c.notNull())
    .addColumn('baseline_total', 'integer', (c) => c.notNull())
    .addColumn('latest_response_id', 'text', (c) => c.notNull().references('measure_responses.id'))
    .addColumn('latest_at', 'text', (c) => c.notNull())
    .addColumn('latest_total', 'integer', (c) => c.notNull())
    .addColumn('latest_is_baseline', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('patient_outcomes_pk', ['patient_id', 'instrument_id'])
    .execute();
  // The report groups by these columns and nothing else: read in index order, with no sort and no row
  // lookups, the rows collapse into a few hundred (instrument, totals) groups before any rule is applied.
  await db.schema
    .createIndex('patient_outcomes_report')
    .on('patient_outcomes')
    .columns(['instrument_id', 'latest_is_baseline', 'baseline_total', 'latest_total'])
    .execute();

  const pg = isPostgres(db);
  const bytes = pg ? sql` collate "C"` : sql``;
  const plain = pg ? sql` collate "default"` : sql``;
  const now = new Date().toISOString();
  await sql`
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
      select patient_id, instrument_id,
             coalesce(min(case when intake = 1 then k end${bytes}), min(k${bytes})) as base_k,
             max(k${bytes}) as last_k
      from points
      group by patient_id, instrument_id
    )
    insert into patient_outcomes (patient_id, instrument_id, baseline_response_id, baseline_at, baseline_total,
                                  latest_response_id, latest_at, latest_total, latest_is_baseline, updated_at)
    select e.patient_id, e.instrument_id,
           b.response_id, substr(e.base_k, 1, length(e.base_k) - 37), b.total,
           l.response_id, substr(e.last_k, 1, length(e.last_k) - 37), l.total,
           case when e.last_k = e.base_k then 1 else 0 end,
           ${now}
    from ends e
    join measure_scores b on b.response_id = substr(e.base_k, length(e.base_k) - 35)${plain}
    join measure_scores l on l.response_id = substr(e.last_k, length(e.last_k) - 35)${plain}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
