import type { Questionnaire } from '@medplum/fhirtypes';
import {
  type InstrumentDefinition,
  isSessionRating,
  SHIPPED_INSTRUMENTS,
  toQuestionnaire,
} from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import { sessionsOfResponses } from '../../features/experience';
import {
  DefinitionCache,
  listCatalogue,
  listImported,
  questionnaireResponseOf,
  responsesWhere,
  scoreObservationOf,
  scoresWhere,
} from '../../features/measures';
import { isFhirId, meta } from '../present/common';
import type { TokenValue } from '../search/match';
import {
  codeTest,
  dateBounds,
  type Loaded,
  type LoadFilter,
  matchesNothing,
  safely,
  uuidsOf,
} from './common';

/**
 * Measures: the instrument library as Questionnaires, answers as QuestionnaireResponses and scores as survey
 * Observations. The renderings themselves are the measures feature's (src/domain/instruments/fhir.ts).
 */

/** Imported instruments keep the clinic's own questionnaire; its logical id here is the instrument id. */
export function presentQuestionnaire(def: InstrumentDefinition, updatedAt: string | null): Questionnaire {
  const q = toQuestionnaire(def);
  const id = isFhirId(def.id) ? def.id : def.id.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64);
  const { meta: _m, ...rest } = q;
  return { ...rest, id, ...(updatedAt ? { meta: meta(updatedAt) } : {}) } as Questionnaire;
}

export async function loadQuestionnaires(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (f.ids?.length === 0) return [];
  const out: Loaded[] = [];
  for (const { def, imported } of await listCatalogue(db)) {
    const q = safely(() => presentQuestionnaire(def, imported?.created_at ?? null));
    if (q && (!f.ids || f.ids.includes(q.id as string))) out.push({ resource: q, patientId: null });
  }
  return out;
}

export async function loadQuestionnaireResponses(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const rows = await responsesWhere(db, f.patientIds, ids);
  const defs = new DefinitionCache(db);
  const sessions = await ratedSessions(db, rows);
  const out: Loaded[] = [];
  for (const r of rows) {
    const entry = await defs.get(r.instrument_id, r.instrument_version);
    const qr = entry ? safely(() => questionnaireResponseOf(entry.def, r)) : null;
    if (qr)
      out.push({
        resource: { ...qr, ...encounterOf(sessions, r.id), meta: meta(r.updated_at) },
        patientId: r.patient_id,
      });
  }
  return out;
}

/** The session (dosing or at home) of each end-of-session rating among these responses, by response id. */
const ratedSessions = (db: Executor, rows: { id: string; instrument_id: string }[]) =>
  sessionsOfResponses(
    db,
    rows.filter((r) => isSessionRating(r.instrument_id)).map((r) => r.id),
  );

/** An end-of-session rating's QuestionnaireResponse and Observation name the session's Encounter. */
const encounterOf = (sessions: Map<string, string>, responseId: string) => {
  const id = sessions.get(responseId);
  return id ? { encounter: { reference: `Encounter/${id}` } } : {};
};

/** A score Observation's codings: the instrument's LOINC total code, if it has one (else text only). */
const scoreCodings = (def: InstrumentDefinition) => (def.loinc?.total ? [def.loinc.total] : []);

/**
 * The instruments (any version, shipped or imported) whose score Observations can pass a `code` test; a search
 * for a vital sign's code then reads no scores at all.
 */
async function instrumentsWhere(
  db: Executor,
  code: (t: TokenValue[]) => boolean,
  f: LoadFilter,
): Promise<string[]> {
  const ids = new Set(SHIPPED_INSTRUMENTS.filter((d) => code(scoreCodings(d))).map((d) => d.id));
  // None imported (read with the search's access check: sources/facts.ts): nothing more to read.
  const imported = f.facts?.importedInstruments === 0 ? [] : await listImported(db);
  for (const row of imported) {
    const def = safely(() => JSON.parse(row.definition) as InstrumentDefinition);
    if (!def || code(scoreCodings(def))) ids.add(row.instrument_id);
  }
  return [...ids];
}

/** Scores as survey Observations; a search's `code` and `date` narrow the rows read (see LoadFilter.search). */
export async function loadScoreObservations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const code = codeTest(f);
  const instruments = code ? await instrumentsWhere(db, code, f) : null;
  if (instruments?.length === 0) return [];
  const at = dateBounds(f);
  const rows = await scoresWhere(db, { patientIds: f.patientIds, ids, instruments, ...at });
  const defs = new DefinitionCache(db);
  const sessions = await ratedSessions(
    db,
    rows.map((s) => ({ id: s.response_id, instrument_id: s.instrument_id })),
  );
  const out: Loaded[] = [];
  for (const s of rows) {
    const entry = await defs.get(s.instrument_id, s.instrument_version);
    if (code && entry && !code(scoreCodings(entry.def))) continue; // this version's code does not match
    const obs = entry
      ? safely(() => scoreObservationOf(entry.def, s, { amended_from: s.amended_from } as never))
      : null;
    if (obs)
      out.push({
        resource: { ...obs, ...encounterOf(sessions, s.response_id), meta: meta(s.scored_at) },
        patientId: s.patient_id,
      });
  }
  return out;
}
