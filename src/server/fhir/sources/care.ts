import type { Observation } from '@medplum/fhirtypes';
import type { Executor } from '../../db/dialect';
import { dosedAtHomeSessionsOfCourses } from '../../features/athome';
import { coursesWhere, notesOfCourses, notesWhere } from '../../features/courses';
import { containerLots } from '../../features/ledger';
import { diagnosisIdsOf } from '../../features/patients';
import { consultationsWhere, participantsOf } from '../../features/scheduling';
import {
  correctionsIn,
  type EntryFilter,
  type EntryOutline,
  entryTallyOf,
  patientEntryOutlines,
  patientEntryTally,
  sessionEntries,
  sessionEntriesWithRoute,
  sessionEntryRecords,
  sessionsOfCourses,
  sessionsWhere,
} from '../../features/sessions';
import { deepFreeze, KeptRenderings, keptPerDatabase } from '../kept';
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
  presentVitalObservation,
  VITAL_KINDS,
  type VitalKind,
  type VitalsRecord,
  vitalCodings,
  vitalKindsOf,
  vitalObservationId,
  vitalsOf,
  vitalsRecordOf,
} from '../present/vitals';
import { matches } from '../search/params';
import {
  codeTest,
  dateBounds,
  type Loaded,
  type LoadedList,
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
  const sessions = await sessionsWhere(db, pids, ids);
  const notes = await notesWhere(db, pids, ids);
  const visits = await consultationsWhere(db, pids, ids);
  const staff = await participantsOf(
    db,
    visits.map((v) => v.id),
  );
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
 * Which session entries of a kind to read: whole sessions (corrections and infusion stops need their siblings) —
 * those of the entries named by id, if any — `at` optionally bounded (a date search: the caller then finds
 * corrections outside the bounds itself). Doses are read with their session's route, vital signs without.
 */
async function wholeSessions(
  db: Executor,
  kind: 'vitals' | 'administration',
  f: LoadFilter,
  entryIds: string[] | null,
  at: { from?: string; to?: string } = {},
): Promise<EntryFilter> {
  const sessionIds = !entryIds
    ? undefined
    : entryIds.length
      ? [...new Set((await sessionEntries(db, { ids: entryIds, kinds: [kind] })).map((r) => r.session_id))]
      : []; // an empty list matches nothing
  return { kinds: [kind], patientIds: f.patientIds, ...(sessionIds ? { sessionIds } : {}), ...at };
}

/**
 * Vital-sign Observations. A search's `code` picks the kinds worth rendering (a heart-rate search renders heart
 * rates only) and its `date` bounds the entries read; corrections recorded outside those bounds are looked up
 * on their own, so a reading in range still shows as entered-in-error.
 */
export async function loadVitalObservations(db: Executor, f: LoadFilter): Promise<LoadedList> {
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
  // One patient's whole record (no ids, no dates): what it rendered to last time, while its entries are the same.
  const whole = f.patientIds?.length === 1 && !f.ids && !bounded ? (f.patientIds[0] as string) : null;
  const kept = whole ? keptRecordsOf(db) : null;
  const key = whole ? `${whole} ${kinds ? [...kinds].join(',') : '*'}` : '';
  const counted = whole ? (f.facts?.vitals ?? (await patientEntryTally(db, whole, 'vitals'))) : null;
  const tally = counted?.tally ?? '';
  const known = kept?.get(key);
  if (known && known.tally === tally) return [...known.loaded];
  // A long record, searched for a first page (at most 1,000 Observations deep: the page's entries are then read
  // by a list of ids of that size at most) with filters this loader applies exactly: page by id.
  const paged = f.upTo !== undefined && f.upTo <= KEEP_PER_LOAD && pagedExactly(f);
  if (whole && counted && counted.count > PAGE_BEYOND && paged)
    return longRecordPage(db, whole, tally, kinds, f);
  const rows = await sessionEntryRecords(db, await wholeSessions(db, 'vitals', f, entryIds, at));
  const correctedBy = correctionsIn(bounded ? await correctionsOf(db, f, rows) : rows);
  const keep = rows.length <= KEEP_PER_LOAD;
  const out: Loaded[] = [];
  for (const e of rows) {
    for (const o of safely(() => keptVitals(e, correctedBy.get(e.id) ?? null, kinds, keep)) ?? []) {
      if (!wanted || wanted.has(o.id as string)) out.push({ resource: o, patientId: e.patient_id });
    }
  }
  // Kept only if the entries read are the ones tallied (an entry saved in between: the next search reads again).
  if (kept && keep && tally === entryTallyOf(rows)) kept.set(key, { tally, loaded: deepFreeze([...out]) });
  return out;
}

/**
 * Filters that hold for every vital sign of a patient's record or for none (`patient`, `subject`), or that pick
 * whole kinds (`code`, by `kinds`): a load may then count what it leaves out instead of rendering it.
 */
const EXACT_HERE = new Set(['patient', 'subject', 'code']);
const pagedExactly = (f: LoadFilter) => (f.search ?? []).every((x) => EXACT_HERE.has(x.name) && !x.modifier);

/**
 * One patient's vital signs of `kinds` in the default order (by id, `<entry>-<kind>`), for a search that needs
 * only its first `upTo` (LoadFilter.upTo): the record's outline (outlineOf) says which entries come first and
 * what each yields, the entries of the first `upTo` Observations are read whole and rendered, and the rest are
 * counted in `omitted`. A record of thousands of readings was read, rendered and sorted whole to answer with
 * 50 (bench/README.md item 23).
 */
async function longRecordPage(
  db: Executor,
  patientId: string,
  tally: string,
  kinds: ReadonlySet<VitalKind> | undefined,
  f: LoadFilter,
): Promise<LoadedList> {
  const upTo = f.upTo ?? 0;
  const outline = await outlineOf(db, patientId, tally);
  const want = kinds ? VITAL_KINDS.reduce((m, k, i) => (kinds.has(k) ? m | (1 << i) : m), 0) : ALL_KINDS;
  let total = 0;
  let shown = 0;
  const page: string[] = [];
  for (let i = 0; i < outline.ids.length; i++) {
    const n = bitsIn((outline.kinds[i] as number) & want);
    total += n;
    // Entries in id order until the page is full; at least one, to check the patient filters against below.
    if (n && (shown < upTo || !page.length)) {
      page.push(outline.ids[i] as string);
      shown += n;
    }
  }
  const out: LoadedList = [];
  if (!page.length) return out;
  // By id alone (the primary key): with the patient too, SQLite walks the patient's whole index range instead.
  const rows = (await sessionEntryRecords(db, { ids: page, kinds: ['vitals'] })).filter(
    (e) => e.patient_id === patientId,
  );
  const keep = rows.length <= KEEP_PER_LOAD;
  for (const e of rows) {
    const by = outline.correctedBy.get(e.id) ?? null;
    for (const o of safely(() => keptVitals(e, by, kinds, keep)) ?? [])
      out.push({ resource: o, patientId: e.patient_id });
  }
  // Every reading of the record has the same subject: if one fails the patient filters, all of them do.
  const refs = (f.search ?? []).filter((x) => x.name !== 'code');
  if (out[0] && !matches(out[0], refs)) return [];
  out.omitted = total - shown;
  return out;
}

/** A record's entries in id order, each with the kinds it yields (bit i: VITAL_KINDS[i]), and its corrections. */
interface Outline {
  tally: string;
  ids: readonly string[];
  kinds: readonly number[];
  correctedBy: ReadonlyMap<string, string>;
}
const ALL_KINDS = (1 << VITAL_KINDS.length) - 1;
const bitsIn = (mask: number) => {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
};

/**
 * A long record's outline, kept per database and patient while its tally is the same (entries are insert-only:
 * see keptRecordsOf), so that polling it reads the tally and one page of entries. ~70 bytes an entry; bounded
 * at 100,000 entries (~7 MB), the oldest outlines going first.
 */
const keptOutlinesOf = keptPerDatabase<Outline>(100_000, (o) => Math.max(1, o.ids.length));
async function outlineOf(db: Executor, patientId: string, tally: string): Promise<Outline> {
  const kept = keptOutlinesOf(db);
  const known = kept.get(patientId);
  if (known && known.tally === tally) return known;
  const rows = await patientEntryOutlines(db, patientId, 'vitals');
  // The engine's collation may order ids otherwise than the search does (strings compared by code unit).
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1] as EntryOutline).id > (rows[i] as EntryOutline).id) {
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      break;
    }
  }
  const kinds = rows.map((r) =>
    vitalKindsOf(vitalsOf(r)).reduce((m, k) => m | (1 << VITAL_KINDS.indexOf(k)), 0),
  );
  const outline: Outline = { tally, ids: rows.map((r) => r.id), kinds, correctedBy: correctionsIn(rows) };
  // Kept only if the entries read are the ones tallied (an entry saved in between: the next search reads again).
  if (entryTallyOf(rows) === tally) kept.set(patientId, outline);
  return outline;
}

/**
 * Each database's patients' vital-sign Observations as a search of their whole record loaded them, with the
 * tally of entries they came from (`patientEntryTally`: their number and latest time). Entries are insert-only,
 * so while the tally is the same the entries are, and so is what they render to (keptVitals): a search of a
 * record that has not changed reads the tally from the index instead of every entry (issue #23). Kept per
 * database (`databaseOf`) and by patient and kinds; bounded at 25,000 Observations in all, the oldest records
 * going first. Their Observations are those KEPT_VITALS made (~2.4 kB each with their JSON, the rows they came
 * from not counted, measured with --expose-gc); the lists add ~50 bytes an Observation, but keep alive those
 * KEPT_VITALS has let go, so the two hold at most ~35,000 (~85 MB) between them. The bound is above KEPT_VITALS's
 * because a hit here saves the whole load, not only the rendering: in the bench (16,400 heart rates searched in
 * turn) 10,000 left the search at 2,750 req/s on SQLite, 20,000 at 3,400; once its clinic had grown to 21,260
 * heart rates in the records searched, 20,000 left it at 1,783–2,224 req/s and 25,000 at 2,704–2,737 (issue #23,
 * 7 December).
 */
type KeptRecord = { tally: string; loaded: readonly Loaded[] };
const keptRecordsOf = keptPerDatabase<KeptRecord>(25_000, (r) => Math.max(1, r.loaded.length));

/**
 * Vital-sign Observations rendered once and kept (fhir/kept.ts): a search renders a patient's readings, and the
 * next search of that patient the same ones. Kept by Observation id (entry and kind) with the columns their
 * rendering read and the entry that corrected it; a hit is one whose columns and correction are all the same as
 * the row's (entries are insert-only: a correction is a new entry, which changes `correctedBy`), so it is what
 * rendering would give. A kept heart rate with its row and JSON took 3–4 kB (0.8 kB the Observation, 1.8 kB
 * its JSON and its bundle entry's as strings, measured with --expose-gc); the JSON is now kept once, as the
 * bytes of its bundle entry (fhir/kept.ts), and the same measure gives ~2.4 kB without the row: 10,000 take
 * ~40 MB at the most.
 */
const KEPT_VITALS = new KeptRenderings<{
  row: EntryRow;
  correctedBy: string | null;
  observation: Observation | null; // null: the entry has no reading of this kind
}>(10_000);

const sameRendering = (
  k: { row: EntryRow; correctedBy: string | null },
  e: EntryRow,
  correctedBy: string | null,
) =>
  k.correctedBy === correctedBy &&
  k.row.data === e.data &&
  k.row.at === e.at &&
  k.row.recorded_at === e.recorded_at &&
  k.row.recorded_by === e.recorded_by &&
  k.row.patient_id === e.patient_id &&
  k.row.session_id === e.session_id &&
  k.row.corrects_id === e.corrects_id;

/**
 * A load of more entries than this (a search of a long record, an export) uses the kept renderings it finds but
 * keeps none of its own: it would sweep out every other patient's, and freezing thousands of Observations costs
 * more than it saves once they are swept out again.
 */
const KEEP_PER_LOAD = 1_000;

/**
 * A record of more entries than this is paged by id (longRecordPage) when its search allows, not loaded whole:
 * in the 5,000-patient bench the ~43 patients with a session under way held ~600 readings each after the
 * writes, too many to keep for all of them, and PostgreSQL read and rendered each such record whole.
 */
const PAGE_BEYOND = 200;

/** presentVitalObservations of an entry (`only`: just these kinds), kept ones reused; `keep`: keep new ones. */
export function keptVitals(
  e: EntryRow,
  correctedBy: string | null,
  only?: ReadonlySet<VitalKind>,
  keep = true,
): Observation[] {
  let record: VitalsRecord | undefined;
  let present: ReadonlySet<VitalKind> | undefined;
  const out: Observation[] = [];
  for (const kind of VITAL_KINDS) {
    if (only && !only.has(kind)) continue;
    const id = vitalObservationId(e.id, kind);
    let kept = KEPT_VITALS.get(id);
    if (!kept || !sameRendering(kept, e, correctedBy)) {
      record ??= vitalsRecordOf(e, correctedBy);
      present ??= new Set(vitalKindsOf(record.values));
      if (!keep) {
        if (present.has(kind)) out.push(presentVitalObservation(record, kind));
        continue;
      }
      const observation = present.has(kind) ? deepFreeze(presentVitalObservation(record, kind)) : null;
      kept = KEPT_VITALS.set(id, { row: e, correctedBy, observation });
    }
    if (kept.observation) out.push(kept.observation);
  }
  return out;
}

/** The vitals entries that correct any of `rows`, wherever their own time falls. */
async function correctionsOf(db: Executor, f: LoadFilter, rows: EntryRow[]) {
  if (!rows.length) return [];
  const sessions = [...new Set(rows.map((r) => r.session_id))];
  const found: EntryRow[] = [];
  for (let i = 0; i < sessions.length; i += 500) {
    found.push(
      ...(await sessionEntryRecords(db, {
        kinds: ['vitals'],
        correctionsOnly: true,
        sessionIds: sessions.slice(i, i + 500),
        patientIds: f.patientIds,
      })),
    );
  }
  return found;
}

/** Administrations with the stop that ends an IV infusion; the stop itself is part of its start's record. */
async function doses(db: Executor, f: LoadFilter, entryIds: string[] | null) {
  const rows = await sessionEntriesWithRoute(db, await wholeSessions(db, 'administration', f, entryIds));
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
    for (const r of await containerLots(db, containers))
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
  const courses = await coursesWhere(db, f.patientIds, ids);
  if (!courses.length) return [];
  const courseIds = courses.map((c) => c.id);
  const patientIds = [...new Set(courses.map((c) => c.patient_id))];
  const notes = await notesOfCourses(db, courseIds);
  // Dosing sessions in the clinic, then the at-home sessions whose dose was taken.
  const sessions = [
    ...(await sessionsOfCourses(db, courseIds)),
    ...(await dosedAtHomeSessionsOfCourses(db, courseIds)),
  ];
  const conditions = await diagnosisIdsOf(db, patientIds);
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
