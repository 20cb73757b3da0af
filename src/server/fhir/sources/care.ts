import type { Executor } from '../../db/dialect';
import {
  administrationOf,
  type LotInfo,
  parseMedicationId,
  presentAdministration,
  presentCarePlan,
  presentConsultationEncounter,
  presentDosingEncounter,
  presentMedication,
  presentNoteEncounter,
} from '../present/care';
import {
  type EntryRow,
  parseVitalObservationId,
  presentVitals,
  VITAL_KINDS,
  vitalCodings,
} from '../present/vitals';
import {
  codeTest,
  dateBounds,
  type Loaded,
  type LoadFilter,
  matchesNothing,
  safely,
  uuidsOf,
} from './common';

/** Encounters, doses, vital signs and courses: the dosing-session record and the therapy around it. */

export async function loadEncounters(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const pids = f.patientIds;
  const sessions = await db
    .selectFrom('dosing_sessions')
    .selectAll()
    .$if(pids !== null, (q) => q.where('patient_id', 'in', pids as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();
  const notes = await db
    .selectFrom('therapy_notes')
    .selectAll()
    .$if(pids !== null, (q) => q.where('patient_id', 'in', pids as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();
  const visits = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_types as t', 't.id', 'a.type_id')
    .select([
      'a.id',
      'a.patient_id',
      'a.starts_at',
      'a.ends_at',
      'a.location_id',
      'a.modality',
      'a.status',
      'a.updated_at',
    ])
    .where('t.category', '=', 'consultation')
    .where('a.patient_id', 'is not', null)
    .$if(pids !== null, (q) => q.where('a.patient_id', 'in', pids as string[]))
    .$if(ids !== null, (q) => q.where('a.id', 'in', ids as string[]))
    .orderBy('a.id')
    .execute();
  const staff = visits.length
    ? await db
        .selectFrom('appointment_staff')
        .select(['appointment_id', 'user_id'])
        .where(
          'appointment_id',
          'in',
          visits.map((v) => v.id),
        )
        .execute()
    : [];
  return [
    ...sessions.map((s) => ({ resource: presentDosingEncounter(s), patientId: s.patient_id })),
    ...notes.map((n) => ({ resource: presentNoteEncounter(n), patientId: n.patient_id })),
    ...visits.map((v) => ({
      resource: presentConsultationEncounter({
        ...v,
        staff: staff.filter((x) => x.appointment_id === v.id).map((x) => x.user_id),
      }),
      patientId: v.patient_id as string,
    })),
  ];
}

type EntryWithRoute = EntryRow & { route: string };

/**
 * Session entries of a kind, for whole sessions (corrections and infusion stops need their siblings); `at`
 * optionally bounded (a date search: the caller then finds corrections outside the bounds itself).
 */
async function entriesOf(
  db: Executor,
  kind: 'vitals' | 'administration',
  f: LoadFilter,
  entryIds: string[] | null,
  at: { from?: string; to?: string } = {},
): Promise<EntryWithRoute[]> {
  let sessionIds: string[] | null = null;
  if (entryIds) {
    if (!entryIds.length) return [];
    sessionIds = [
      ...new Set(
        (
          await db
            .selectFrom('session_entries')
            .select('session_id')
            .where('id', 'in', entryIds)
            .where('kind', '=', kind)
            .execute()
        ).map((r) => r.session_id),
      ),
    ];
    if (!sessionIds.length) return [];
  }
  return db
    .selectFrom('session_entries as e')
    .innerJoin('dosing_sessions as s', 's.id', 'e.session_id')
    .select([
      'e.id',
      'e.session_id',
      'e.patient_id',
      'e.kind',
      'e.at',
      'e.data',
      'e.corrects_id',
      'e.recorded_by',
      'e.recorded_at',
      's.route',
    ])
    .where('e.kind', '=', kind)
    .$if(f.patientIds !== null, (q) => q.where('e.patient_id', 'in', f.patientIds as string[]))
    .$if(sessionIds !== null, (q) => q.where('e.session_id', 'in', sessionIds as string[]))
    .$if(at.from !== undefined, (q) => q.where('e.at', '>=', at.from as string))
    .$if(at.to !== undefined, (q) => q.where('e.at', '<=', at.to as string))
    .orderBy('e.at')
    .orderBy('e.recorded_at')
    .orderBy('e.id')
    .execute();
}

/**
 * Vital-sign Observations. A search's `code` picks the kinds worth rendering (a heart-rate search renders heart
 * rates only) and its `date` bounds the entries read; corrections recorded outside those bounds are looked up
 * on their own, so a reading in range still shows as entered-in-error.
 */
export async function loadVitalObservations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const code = codeTest(f);
  const kinds = code ? new Set(VITAL_KINDS.filter((k) => code(vitalCodings(k)))) : undefined;
  if (kinds?.size === 0) return [];
  const wanted = f.ids ? new Set(f.ids) : null;
  const entryIds = f.ids
    ? [
        ...new Set(
          f.ids.map((i) => parseVitalObservationId(i)?.entryId).filter((x): x is string => Boolean(x)),
        ),
      ]
    : null;
  const at = dateBounds(f);
  const bounded = at.from !== undefined || at.to !== undefined;
  const rows = await entriesOf(db, 'vitals', f, entryIds, at);
  const corrections = bounded ? await correctionsOf(db, f, rows) : rows;
  const correctedBy = new Map(
    corrections.filter((r) => r.corrects_id).map((r) => [r.corrects_id as string, r.id]),
  );
  const out: Loaded[] = [];
  for (const e of rows) {
    for (const o of safely(() => presentVitals(e, correctedBy.get(e.id) ?? null, kinds)) ?? []) {
      if (!wanted || wanted.has(o.id as string)) out.push({ resource: o, patientId: e.patient_id });
    }
  }
  return out;
}

/** The vitals entries that correct any of `rows`, wherever their own time falls. */
async function correctionsOf(db: Executor, f: LoadFilter, rows: EntryRow[]) {
  if (!rows.length) return [];
  const sessions = [...new Set(rows.map((r) => r.session_id))];
  const found: { id: string; corrects_id: string | null }[] = [];
  for (let i = 0; i < sessions.length; i += 500) {
    found.push(
      ...(await db
        .selectFrom('session_entries')
        .select(['id', 'corrects_id'])
        .where('kind', '=', 'vitals')
        .where('corrects_id', 'is not', null)
        .where('session_id', 'in', sessions.slice(i, i + 500))
        .$if(f.patientIds !== null, (q) => q.where('patient_id', 'in', f.patientIds as string[]))
        .execute()),
    );
  }
  return found;
}

/** Administrations with the stop that ends an IV infusion; the stop itself is part of its start's record. */
async function doses(db: Executor, f: LoadFilter, entryIds: string[] | null) {
  const rows = await entriesOf(db, 'administration', f, entryIds);
  const out: { entry: EntryWithRoute; stop: EntryWithRoute | null }[] = [];
  for (const e of rows) {
    const d = administrationOf(e);
    if (d.phase === 'infusion_stop') continue;
    const stop =
      d.phase === 'infusion_start'
        ? (rows.find(
            (x) =>
              x.session_id === e.session_id &&
              x.at >= e.at &&
              administrationOf(x).phase === 'infusion_stop' &&
              x.id !== e.id,
          ) ?? null)
        : null;
    if (!entryIds || entryIds.includes(e.id)) out.push({ entry: e, stop });
  }
  return out;
}

export async function loadAdministrations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  return (await doses(db, f, uuidsOf(f.ids))).map(({ entry, stop }) => ({
    resource: presentAdministration(entry, entry.route, stop),
    patientId: entry.patient_id,
  }));
}

export async function loadMedications(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const entryIds = f.ids ? f.ids.map(parseMedicationId).filter((x): x is string => Boolean(x)) : null;
  const list = await doses(db, f, entryIds);
  const containers = [
    ...new Set(list.map((d) => administrationOf(d.entry).containerId).filter((x): x is string => Boolean(x))),
  ];
  const lots = new Map<string, LotInfo>();
  if (containers.length) {
    const rows = await db
      .selectFrom('ledger_containers as c')
      .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
      .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
      .select(['c.id', 'l.lot_number', 'l.expires_on', 'p.name', 'p.ndc'])
      .where('c.id', 'in', containers)
      .execute();
    for (const r of rows)
      lots.set(r.id, { lotNumber: r.lot_number, expiresOn: r.expires_on, productName: r.name, ndc: r.ndc });
  }
  return list.map(({ entry }) => {
    const containerId = administrationOf(entry).containerId;
    return {
      resource: presentMedication(entry, entry.route, (containerId && lots.get(containerId)) || null),
      patientId: entry.patient_id,
    };
  });
}

export async function loadCarePlans(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const courses = await db
    .selectFrom('courses as c')
    .leftJoin('course_templates as t', 't.key', 'c.template_key')
    .selectAll('c')
    .select('t.name as template_name')
    .$if(f.patientIds !== null, (q) => q.where('c.patient_id', 'in', f.patientIds as string[]))
    .$if(ids !== null, (q) => q.where('c.id', 'in', ids as string[]))
    .orderBy('c.id')
    .execute();
  if (!courses.length) return [];
  const courseIds = courses.map((c) => c.id);
  const patientIds = [...new Set(courses.map((c) => c.patient_id))];
  const notes = await db
    .selectFrom('therapy_notes')
    .select(['id', 'course_id', 'kind'])
    .where('course_id', 'in', courseIds)
    .orderBy('session_date')
    .orderBy('id')
    .execute();
  const sessions = await db
    .selectFrom('dosing_sessions')
    .select(['id', 'course_id'])
    .where('course_id', 'in', courseIds)
    .orderBy('number')
    .execute();
  const conditions = await db
    .selectFrom('patient_diagnoses')
    .select(['id', 'patient_id'])
    .where('patient_id', 'in', patientIds)
    .orderBy('id')
    .execute();
  return courses.map((c) => ({
    resource: presentCarePlan(c, {
      templateName: c.template_name ?? c.template_key,
      preparation: notes.filter((n) => n.course_id === c.id && n.kind === 'preparation').map((n) => n.id),
      integration: notes.filter((n) => n.course_id === c.id && n.kind === 'integration').map((n) => n.id),
      dosing: sessions.filter((s) => s.course_id === c.id).map((s) => s.id),
      conditionIds: conditions.filter((d) => d.patient_id === c.patient_id).map((d) => d.id),
    }),
    patientId: c.patient_id,
  }));
}
