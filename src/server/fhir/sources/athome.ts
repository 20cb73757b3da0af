import type { Executor } from '../../db/dialect';
import {
  atHomeEventsOfSessions,
  atHomeEventsWhere,
  atHomeRecordSignatures,
  atHomeSessionsWhere,
} from '../../features/athome';
import {
  type AtHomeSession,
  HOME_KINDS,
  parseHomeObservationId,
  presentAtHomeAdministration,
  presentAtHomeEncounter,
  presentAtHomeMedication,
  presentHomeReadings,
} from '../present/athome';
import {
  atHomeQuestionnaires,
  CHECK_EVENTS,
  CHECK_IN_EVENTS,
  parseResponseId,
  presentCheckInResponse,
  presentCheckOutResponses,
  presentCheckResponse,
  responseId,
} from '../present/athome-forms';
import { parseMedicationId } from '../present/care';
import { parseProvenanceId, presentSignedRecordProvenance } from '../present/consent';
import { vitalCodings } from '../present/vitals';
import { codeTest, type Loaded, type LoadFilter, matchesNothing, safely, uuidsOf } from './common';

/**
 * At-home sessions (issue #16), read through the at-home feature's record repository: the session as an
 * Encounter (class HH), the dose taken as a MedicationAdministration with its Medication, home readings as
 * vital-sign Observations, the check-in, checks and check-outs as QuestionnaireResponses, and the signed record
 * as a Provenance. The registry adds each loader's resources to the clinic's own of the same type.
 */

/** The sessions a filter names (by session ids derived from its FHIR ids; null: every session it allows). */
async function sessionsOf(
  db: Executor,
  f: LoadFilter,
  sessionIds: readonly string[] | null,
  o: { dosedOnly?: boolean } = {},
): Promise<AtHomeSession[]> {
  // The patient's record has no at-home session (read with the search's access check: sources/facts.ts).
  if (matchesNothing(f) || sessionIds?.length === 0 || f.facts?.atHomeSessions === 0) return [];
  return atHomeSessionsWhere(db, f.patientIds, sessionIds ? [...new Set(sessionIds)] : null, o);
}

const loaded = (s: AtHomeSession, r: Loaded['resource'] | null): Loaded[] =>
  r ? [{ resource: r, patientId: s.patient_id }] : [];

export async function loadAtHomeEncounters(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const rows = await sessionsOf(db, f, uuidsOf(f.ids));
  if (!rows.length) return [];
  const signed = new Map(
    (await atHomeRecordSignatures(db, f.patientIds, uuidsOf(f.ids))).map((r) => [r.session_id, r]),
  );
  return rows.flatMap((s) => {
    const sig = signed.get(s.id);
    return loaded(
      s,
      safely(() => presentAtHomeEncounter(s, sig ? { by: sig.actor_id, at: sig.at } : null)),
    );
  });
}

export async function loadAtHomeAdministrations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const rows = await sessionsOf(db, f, uuidsOf(f.ids), { dosedOnly: true });
  return rows.flatMap((s) =>
    loaded(
      s,
      safely(() => presentAtHomeAdministration(s)),
    ),
  );
}

export async function loadAtHomeMedications(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const ids = f.ids ? f.ids.map(parseMedicationId).filter((x): x is string => Boolean(x)) : null;
  const rows = await sessionsOf(db, f, ids, { dosedOnly: true });
  return rows.flatMap((s) =>
    loaded(
      s,
      safely(() => presentAtHomeMedication(s)),
    ),
  );
}

/** Home readings; a search's `code` picks the kinds (a respiratory-rate search reads no session at all). */
export async function loadHomeReadingObservations(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  const code = codeTest(f);
  const kinds = new Set(HOME_KINDS.filter((k) => !code || code(vitalCodings(k))));
  if (!kinds.size) return [];
  const wanted = f.ids ? new Set(f.ids) : null;
  const ids = f.ids
    ? f.ids.map((i) => parseHomeObservationId(i)?.sessionId).filter((x): x is string => Boolean(x))
    : null;
  const out: Loaded[] = [];
  for (const s of await sessionsOf(db, f, ids)) {
    for (const o of safely(() => presentHomeReadings(s, responseId.checkIn(s.id), kinds)) ?? [])
      if (!wanted || wanted.has(o.id as string)) out.push({ resource: o, patientId: s.patient_id });
  }
  return out;
}

export async function loadAtHomeQuestionnaires(_db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (f.ids?.length === 0) return [];
  return atHomeQuestionnaires()
    .filter((q) => !f.ids || f.ids.includes(q.id as string))
    .map((q) => ({ resource: q, patientId: null }));
}

/** The check-in, each check and the check-outs of the sessions a filter allows. */
export async function loadAtHomeResponses(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  let sessionIds: string[] | null = null;
  if (f.ids) {
    const named = f.ids.map(parseResponseId).filter((x) => x !== null);
    const eventIds = named.filter((n) => n.kind === 'event').map((n) => n.id);
    const events = eventIds.length ? await atHomeEventsWhere(db, f.patientIds, eventIds, CHECK_EVENTS) : [];
    sessionIds = [
      ...named.filter((n) => n.kind === 'session').map((n) => n.id),
      ...events.map((e) => e.session_id),
    ];
  }
  const rows = await sessionsOf(db, f, sessionIds);
  if (!rows.length) return [];
  const events = await atHomeEventsOfSessions(
    db,
    rows.map((s) => s.id),
    [...CHECK_IN_EVENTS, ...CHECK_EVENTS],
  );
  const bySession = new Map<string, typeof events>();
  for (const e of events) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  const wanted = f.ids ? new Set(f.ids) : null;
  const out: Loaded[] = [];
  for (const s of rows) {
    const mine = bySession.get(s.id) ?? [];
    const responses = [
      safely(() => presentCheckInResponse(s, mine)),
      ...mine
        .filter((e) => (CHECK_EVENTS as readonly string[]).includes(e.kind))
        .map((e) => safely(() => presentCheckResponse(s, e))),
      ...(safely(() => presentCheckOutResponses(s)) ?? []),
    ];
    for (const r of responses)
      if (r && (!wanted || wanted.has(r.id as string))) out.push({ resource: r, patientId: s.patient_id });
  }
  return out;
}

/** The prescriber's signature on an at-home session's record (after it was closed). */
export async function loadAtHomeProvenance(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = f.ids
    ? f.ids.flatMap((i) => {
        const p = parseProvenanceId(i);
        return p?.kind === 'athome' ? [p.id] : [];
      })
    : null;
  if (ids?.length === 0) return [];
  return (await atHomeRecordSignatures(db, f.patientIds, ids)).map((r) => ({
    resource: presentSignedRecordProvenance('athome', r.session_id, r.actor_id, r.at),
    patientId: r.patient_id,
  }));
}
