import type { Executor } from '../../db/dialect';
import { signaturesWhere } from '../../features/consent';
import { signedNotesWhere } from '../../features/courses';
import { listRowsWhere, type PatientListTable, patientsWithTeams } from '../../features/patients';
import { signedSessionsWhere } from '../../features/sessions';
import {
  parseProvenanceId,
  presentConsent,
  presentConsentProvenance,
  presentSignedRecordProvenance,
  type SignatureRow,
} from '../present/consent';
import {
  presentAllergy,
  presentCondition,
  presentMedicationStatement,
  presentPatient,
} from '../present/patient';
import { type Loaded, type LoadFilter, matchesNothing, uuidsOf } from './common';

/** A Patient read by id, folded by its route into the statement that reads the session (TypeDef.readById). */
export { patientWithTeamRead } from '../../features/patients';

/** Patients and what intake recorded about them: problems, allergies, medications, consents and signatures. */

export async function loadPatients(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const rows = await patientsWithTeams(db, f.patientIds, ids, f.request);
  return rows.map(({ patient, team, accessRow }) => ({
    resource: presentPatient(patient, team),
    patientId: patient.id,
    ...(accessRow ? { accessRow } : {}),
  }));
}

async function children(db: Executor, table: PatientListTable, f: LoadFilter) {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  return listRowsWhere(db, table, f.patientIds, ids);
}

export const loadConditions = async (db: Executor, f: LoadFilter): Promise<Loaded[]> =>
  (await children(db, 'patient_diagnoses', f)).map((r) => ({
    resource: presentCondition(r as never),
    patientId: r.patient_id,
  }));

export const loadAllergies = async (db: Executor, f: LoadFilter): Promise<Loaded[]> =>
  (await children(db, 'patient_allergies', f)).map((r) => ({
    resource: presentAllergy(r as never),
    patientId: r.patient_id,
  }));

export const loadMedicationStatements = async (db: Executor, f: LoadFilter): Promise<Loaded[]> =>
  (await children(db, 'patient_medications', f)).map((r) => ({
    resource: presentMedicationStatement(r as never),
    patientId: r.patient_id,
  }));

async function signatures(
  db: Executor,
  patientIds: readonly string[] | null,
  ids: string[] | null,
): Promise<SignatureRow[]> {
  if (ids?.length === 0 || patientIds?.length === 0) return [];
  const rows = await signaturesWhere(db, patientIds, ids);
  return rows as SignatureRow[];
}

export async function loadConsents(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  return (await signatures(db, f.patientIds, uuidsOf(f.ids))).map((s) => ({
    resource: presentConsent(s),
    patientId: s.patient_id,
  }));
}

/** Signatures: on consents (patient and witness), on therapy notes and on dosing-session records. */
export async function loadProvenance(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const wanted = f.ids ? f.ids.map(parseProvenanceId).filter((x) => x !== null) : null;
  const idsOf = (kind: string) => (wanted ? wanted.filter((w) => w.kind === kind).map((w) => w.id) : null);
  const out: Loaded[] = [];
  for (const s of await signatures(db, f.patientIds, idsOf('consent'))) {
    out.push({ resource: presentConsentProvenance(s), patientId: s.patient_id });
  }
  const noteIds = idsOf('note');
  if (noteIds?.length !== 0) {
    const notes = await signedNotesWhere(db, f.patientIds, noteIds);
    for (const n of notes)
      out.push({
        resource: presentSignedRecordProvenance('note', n.id, n.author_id, n.signed_at as string),
        patientId: n.patient_id,
      });
  }
  const sessionIds = idsOf('session');
  if (sessionIds?.length !== 0) {
    const sessions = await signedSessionsWhere(db, f.patientIds, sessionIds);
    for (const s of sessions)
      out.push({
        resource: presentSignedRecordProvenance(
          'session',
          s.id,
          s.signed_by as string,
          s.signed_at as string,
        ),
        patientId: s.patient_id,
      });
  }
  return out;
}
