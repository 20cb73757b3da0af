import type { Executor } from '../../db/dialect';
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

/** Patients and what intake recorded about them: problems, allergies, medications, consents and signatures. */

export async function loadPatients(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const rows = await db
    .selectFrom('patients')
    .selectAll()
    .$if(f.patientIds !== null, (q) => q.where('id', 'in', f.patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();
  if (!rows.length) return [];
  const team = await db
    .selectFrom('care_team')
    .select(['patient_id', 'user_id', 'role'])
    .where(
      'patient_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('role')
    .execute();
  return rows.map((p) => ({
    resource: presentPatient(
      p,
      team.filter((m) => m.patient_id === p.id),
    ),
    patientId: p.id,
  }));
}

type ChildTable = 'patient_diagnoses' | 'patient_allergies' | 'patient_medications';

async function children(db: Executor, table: ChildTable, f: LoadFilter) {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  return db
    .selectFrom(table)
    .selectAll()
    .$if(f.patientIds !== null, (q) => q.where('patient_id', 'in', f.patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();
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
  const rows = await db
    .selectFrom('consent_signatures as s')
    .innerJoin('consent_documents as d', 'd.id', 's.document_id')
    .selectAll('s')
    .select(['d.title', 'd.version as document_version'])
    .$if(patientIds !== null, (q) => q.where('s.patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('s.id', 'in', ids as string[]))
    .orderBy('s.id')
    .execute();
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
    const notes = await db
      .selectFrom('therapy_notes')
      .select(['id', 'patient_id', 'author_id', 'signed_at'])
      .where('signed_at', 'is not', null)
      .$if(f.patientIds !== null, (q) => q.where('patient_id', 'in', f.patientIds as string[]))
      .$if(noteIds !== null, (q) => q.where('id', 'in', noteIds as string[]))
      .orderBy('id')
      .execute();
    for (const n of notes)
      out.push({
        resource: presentSignedRecordProvenance('note', n.id, n.author_id, n.signed_at as string),
        patientId: n.patient_id,
      });
  }
  const sessionIds = idsOf('session');
  if (sessionIds?.length !== 0) {
    const sessions = await db
      .selectFrom('dosing_sessions')
      .select(['id', 'patient_id', 'signed_by', 'signed_at'])
      .where('signed_at', 'is not', null)
      .where('signed_by', 'is not', null)
      .$if(f.patientIds !== null, (q) => q.where('patient_id', 'in', f.patientIds as string[]))
      .$if(sessionIds !== null, (q) => q.where('id', 'in', sessionIds as string[]))
      .orderBy('id')
      .execute();
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
