import { randomInt, randomUUID } from 'node:crypto';
import { type Expression, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom as pgJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import { compiledOnce } from '../../db/compiled-once';
import { type Executor, isPostgres } from '../../db/dialect';
import type {
  PatientAllergiesTable,
  PatientDiagnosesTable,
  PatientMedicationsTable,
  PatientsTable,
  ScreeningDecisionsTable,
} from '../../db/schema';
import type { AuthContext } from '../../platform/auth-context';
import { PatientFirstRead } from '../../platform/first-read';
import { type AccessCheckRow, accessCheckQuery } from '../../platform/repository/patients';
import { refreshCourseOutcomes } from '../outcomes';

/** All SQL about patient records. */
export type PatientRow = PatientsTable;
export type ScreeningDecisionRow = ScreeningDecisionsTable;

export const getPatient = (db: Executor, id: string) =>
  db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();

export async function countPatients(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('patients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A page of patient ids in id order, after `after` (for work that pages through every record). */
export const patientIdsAfter = async (db: Executor, after: string, limit: number): Promise<string[]> =>
  (
    await db.selectFrom('patients').select('id').where('id', '>', after).orderBy('id').limit(limit).execute()
  ).map((p) => p.id);

export function searchTextOf(
  p: Pick<PatientRow, 'first_name' | 'last_name' | 'preferred_name' | 'date_of_birth' | 'chart_number'>,
): string {
  return [p.first_name, p.last_name, p.preferred_name ?? '', p.date_of_birth, p.chart_number]
    .join(' ')
    .toLowerCase();
}

/** Chart numbers are random (never sequential) and short enough to read aloud. */
export async function newChartNumber(db: Executor): Promise<string> {
  for (;;) {
    const n = `LIM-${randomInt(0, 36 ** 6)
      .toString(36)
      .toUpperCase()
      .padStart(6, '0')}`;
    const taken = await db
      .selectFrom('patients')
      .select('id')
      .where('chart_number', '=', n)
      .executeTakeFirst();
    if (!taken) return n;
  }
}

export async function insertPatient(db: Executor, row: PatientRow): Promise<void> {
  await db.insertInto('patients').values(row).execute();
}

export async function updatePatient(db: Executor, id: string, patch: Partial<PatientRow>): Promise<void> {
  await db.updateTable('patients').set(patch).where('id', '=', id).execute();
}

/**
 * Search by name tokens, chart number or date of birth (YYYY-MM-DD or MM/DD/YYYY). `visible` (on `id`) is the
 * caller's confidentiality condition (platform/confidential.ts); the count and the page share it.
 */
export async function listPatients(
  db: Executor,
  q: { q?: string; status?: string; limit: number; offset: number },
  visible: Expression<SqlBool>,
): Promise<{ rows: PatientRow[]; total: number }> {
  let query = db.selectFrom('patients').where(visible);
  if (q.status) query = query.where('status', '=', q.status);
  const text = (q.q ?? '').trim().toLowerCase();
  if (text) {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    const tokens = us
      ? [`${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`]
      : text.split(/\s+/).slice(0, 5);
    for (const token of tokens) {
      query = query.where('search_text', 'like', `%${token.replace(/[%_\\]/g, '')}%`);
    }
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function replaceChildren(
  db: Executor,
  patientId: string,
  now: string,
  kids: {
    diagnoses?: { code: string; display: string }[];
    medications?: { name: string; dose?: string | null; medClass?: string | null }[];
    allergies?: { substance: string; reaction?: string | null }[];
  },
): Promise<void> {
  if (kids.diagnoses) {
    await db.deleteFrom('patient_diagnoses').where('patient_id', '=', patientId).execute();
    if (kids.diagnoses.length)
      await db
        .insertInto('patient_diagnoses')
        .values(
          kids.diagnoses.map((d) => ({
            id: randomUUID(),
            patient_id: patientId,
            code: d.code.toUpperCase(),
            display: d.display,
            created_at: now,
          })),
        )
        .execute();
    // The indication group of the patient's courses on the outcomes dashboard.
    await refreshCourseOutcomes(db, patientId, now);
  }
  if (kids.medications) {
    await db.deleteFrom('patient_medications').where('patient_id', '=', patientId).execute();
    if (kids.medications.length)
      await db
        .insertInto('patient_medications')
        .values(
          kids.medications.map((m) => ({
            id: randomUUID(),
            patient_id: patientId,
            name: m.name,
            dose: m.dose ?? null,
            med_class: m.medClass ?? null,
            created_at: now,
          })),
        )
        .execute();
  }
  if (kids.allergies) {
    await db.deleteFrom('patient_allergies').where('patient_id', '=', patientId).execute();
    if (kids.allergies.length)
      await db
        .insertInto('patient_allergies')
        .values(
          kids.allergies.map((a) => ({
            id: randomUUID(),
            patient_id: patientId,
            substance: a.substance,
            reaction: a.reaction ?? null,
            created_at: now,
          })),
        )
        .execute();
  }
}

// The chart's hot reads are compiled once (db/compiled-once.ts). Each list comes back as a JSON array built by the
// database (json_group_array on SQLite, json_agg on PostgreSQL), in the order it is shown. The lists are built
// for a patient id given as an expression: a parameter when read on their own, the patient row's own id when
// read in the same statement as the access check (`chartRowOf`).
const jsonArrayFor = (db: Executor) => (isPostgres(db) ? pgJsonArrayFrom : sqliteJsonArrayFrom);

/** Intake's three lists: diagnoses, medications, allergies. */
const intakeLists = (db: Executor, patientId: Expression<string>) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return [
    jsonArrayFrom(
      db
        .selectFrom('patient_diagnoses')
        .select(['id', 'patient_id', 'code', 'display', 'created_at'])
        .where('patient_id', '=', patientId)
        .orderBy('created_at')
        .orderBy('code'),
    ).as('diagnoses'),
    jsonArrayFrom(
      db
        .selectFrom('patient_medications')
        .select(['id', 'patient_id', 'name', 'dose', 'med_class', 'created_at'])
        .where('patient_id', '=', patientId)
        .orderBy('name'),
    ).as('medications'),
    jsonArrayFrom(
      db
        .selectFrom('patient_allergies')
        .select(['id', 'patient_id', 'substance', 'reaction', 'created_at'])
        .where('patient_id', '=', patientId)
        .orderBy('substance'),
    ).as('allergies'),
  ] as const;
};
const childLists = compiledOnce((db: Executor, patientId: string) =>
  db.selectNoFrom(intakeLists(db, sql.val(patientId))),
);
/** SQLite answers the JSON as text; PostgreSQL's driver has parsed it already. */
const jsonRows = <T>(v: unknown): T[] =>
  typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v ?? []) as T[]);
type IntakeListsRow = { diagnoses: unknown; medications: unknown; allergies: unknown };
const intakeListsOf = (row: IntakeListsRow | undefined) => ({
  diagnoses: jsonRows<PatientDiagnosesTable>(row?.diagnoses),
  medications: jsonRows<PatientMedicationsTable>(row?.medications),
  allergies: jsonRows<PatientAllergiesTable>(row?.allergies),
});
export async function childrenOf(db: Executor, patientId: string) {
  return intakeListsOf((await childLists(db, patientId))[0]);
}

/**
 * Everything else the chart shows about one patient (issue #23): the care team, the portal account's status, the
 * latest screening decision, the clinicians of the team licensed in the patient's state on `today`, and the
 * latest unrevoked consent signature of `consentKind` with the latest document of that kind (its text too:
 * consent/repository.ts checks the signed hash against it). Read with the patient row itself (`p`).
 */
const chartLists = (db: Executor, today: Expression<string>, consentKind: Expression<string>) => {
  const jsonArrayFrom = jsonArrayFor(db);
  const patientId = sql.ref<string>('p.id');
  return [
    jsonArrayFrom(
      db
        .selectFrom('care_team as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['c.user_id', 'c.role', 'u.name', 'u.status'])
        .where('c.patient_id', '=', patientId)
        .orderBy('c.role'),
    ).as('team'),
    jsonArrayFrom(db.selectFrom('users').select('status').where('patient_id', '=', patientId).limit(1)).as(
      'portal',
    ),
    jsonArrayFrom(
      db
        .selectFrom('screening_decisions')
        .select(['decision', 'evaluation'])
        .where('patient_id', '=', patientId)
        .orderBy('decided_at', 'desc')
        .limit(1),
    ).as('decision'),
    jsonArrayFrom(
      db
        .selectFrom('staff_licences')
        .select('user_id')
        .where('user_id', 'in', (q) =>
          q
            .selectFrom('care_team')
            .select('user_id')
            .where('patient_id', '=', patientId)
            .where('role', 'in', ['prescriber', 'nurse', 'therapist']),
        )
        .where('state', '=', sql.ref<string>('p.state'))
        .where('removed_at', 'is', null)
        .where('expires_on', '>=', today),
    ).as('licensed'),
    jsonArrayFrom(
      db
        .selectFrom('consent_signatures as s')
        .innerJoin('consent_documents as d', 'd.id', 's.document_id')
        .select([
          's.id',
          's.document_id',
          's.text_hash',
          's.signed_at',
          's.method',
          'd.version as document_version',
        ])
        .where('s.patient_id', '=', patientId)
        .where('d.kind', '=', consentKind)
        .where('s.revoked_at', 'is', null)
        .orderBy('s.signed_at', 'desc')
        .limit(1),
    ).as('signature'),
    jsonArrayFrom(
      db
        .selectFrom('consent_documents')
        .select(['id', 'version', 'title', 'body'])
        .where('kind', '=', consentKind)
        .orderBy('version', 'desc')
        .limit(1),
    ).as('document'),
  ] as const;
};

// The access check's row (platform/repository/patients.ts) with the chart's lists, and intake's lists for a
// caller who sees clinical data: the chart read in one statement (on PostgreSQL, one round trip instead of three).
const chartRow = compiledOnce((db: Executor, patientId: string, today: string, consentKind: string) =>
  accessCheckQuery(db, patientId).select(chartLists(db, sql.val(today), sql.val(consentKind))),
);

export interface ChartLists {
  team: { user_id: string; role: string; name: string; status: string }[];
  portalStatus: string | null;
  lastDecision: { decision: string; evaluation: string } | null;
  licensedUserIds: string[];
  signature: {
    id: string;
    document_id: string;
    text_hash: string;
    signed_at: string;
    method: string;
    document_version: number;
  } | null;
  document: { id: string; version: number; title: string; body: string } | null;
}

/** The patient row as the access check reads it, with the chart's lists (and intake's, when `clinical`). */
export type ChartRow = AccessCheckRow & {
  lists: ChartLists;
  intake: ReturnType<typeof intakeListsOf> | null;
};

/** Reads one patient's chart in one statement, for `withPatientRead` to check access on (scope.ts). */
export async function chartRowOf(
  db: Executor,
  patientId: string,
  today: string,
  consentKind: string,
  clinical: boolean,
): Promise<ChartRow | undefined> {
  if (clinical) return clinicalChartRead.read(db, patientId, today, consentKind);
  const [row] = await chartRow(db, patientId, today, consentKind);
  return row ? chartRowFrom(row, false) : undefined;
}

/**
 * The chart of a caller who sees clinical data (with intake's lists): the route folds it into the statement that
 * reads the session (platform/first-read.ts), so that on PostgreSQL the whole chart read is one round trip.
 */
export const clinicalChartRead = new PatientFirstRead({
  query: (db: Executor, patientId: string, today: string, consentKind: string) =>
    accessCheckQuery(db, patientId)
      .select(chartLists(db, sql.val(today), sql.val(consentKind)))
      .select(intakeLists(db, sql.ref<string>('p.id'))),
  decode: (row) => chartRowFrom(row, true),
  permission: 'clinical.read',
});

function chartRowFrom(row: Record<string, unknown>, clinical: boolean): ChartRow {
  const {
    team,
    portal,
    decision,
    licensed,
    signature,
    document,
    diagnoses,
    medications,
    allergies,
    ...patient
  } = row as typeof row & Partial<IntakeListsRow>;
  return {
    ...(patient as unknown as AccessCheckRow),
    lists: {
      team: jsonRows<ChartLists['team'][number]>(team),
      portalStatus: jsonRows<{ status: string }>(portal)[0]?.status ?? null,
      lastDecision: jsonRows<NonNullable<ChartLists['lastDecision']>>(decision)[0] ?? null,
      licensedUserIds: jsonRows<{ user_id: string }>(licensed).map((l) => l.user_id),
      signature: jsonRows<NonNullable<ChartLists['signature']>>(signature)[0] ?? null,
      document: jsonRows<NonNullable<ChartLists['document']>>(document)[0] ?? null,
    },
    intake: clinical ? intakeListsOf({ diagnoses, medications, allergies }) : null,
  };
}

/** The care team becomes exactly these members. */
export async function replaceCareTeam(
  db: Executor,
  patientId: string,
  members: { userId: string; role: string }[],
  now: string,
): Promise<void> {
  await db.deleteFrom('care_team').where('patient_id', '=', patientId).execute();
  if (members.length) {
    await db
      .insertInto('care_team')
      .values(
        members.map((m) => ({ patient_id: patientId, user_id: m.userId, role: m.role, created_at: now })),
      )
      .execute();
  }
}

export async function insertScreeningDecision(db: Executor, row: ScreeningDecisionRow): Promise<void> {
  await db.insertInto('screening_decisions').values(row).execute();
}

export const decisionsFor = compiledOnce((db: Executor, patientId: string) =>
  db
    .selectFrom('screening_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.decided_by')
    .selectAll('d')
    .select('u.name as decided_by_name')
    .where('d.patient_id', '=', patientId)
    .orderBy('d.decided_at', 'desc'),
);

// ── Read by the FHIR interface (fhir/sources) ───────────────────────────────────────────────────────
/** Patients by id (null: any; both lists must hold when given), in id order. */
// One patient by id (a FHIR read, the commonest case), compiled once (db/compiled-once.ts).
const onePatient = compiledOnce((db: Executor, id: string) =>
  db.selectFrom('patients').selectAll().where('id', '=', id),
);
export const patientsWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  patientIds === null && ids?.length === 1
    ? onePatient(db, ids[0] as string)
    : db
        .selectFrom('patients')
        .selectAll()
        .$if(patientIds !== null, (q) => q.where('id', 'in', patientIds as string[]))
        .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
        .orderBy('id')
        .execute();

const oneCareTeam = compiledOnce((db: Executor, patientId: string) =>
  db
    .selectFrom('care_team')
    .select(['patient_id', 'user_id', 'role'])
    .where('patient_id', '=', patientId)
    .orderBy('role'),
);
/** The care teams of these patients, by role. */
export const careTeamsOf = (db: Executor, patientIds: readonly string[]) =>
  patientIds.length === 1
    ? oneCareTeam(db, patientIds[0] as string)
    : db
        .selectFrom('care_team')
        .select(['patient_id', 'user_id', 'role'])
        .where('patient_id', 'in', [...patientIds])
        .orderBy('role')
        .execute();

type CareTeamRow = { patient_id: string; user_id: string; role: string };
type PatientWithTeam = { patient: PatientRow; team: CareTeamRow[]; accessRow?: AccessCheckRow };
/**
 * One patient with its care team, read with the access check's row (the confidentiality mark) in one statement:
 * a FHIR Patient read, the commonest case (issue #23); the check then needs no read of its own (fhir/service.ts).
 * Its route folds it into the statement that reads the session (platform/first-read.ts).
 */
export const patientWithTeamRead = new PatientFirstRead<[], PatientWithTeam>({
  query: (db: Executor, id: string) =>
    accessCheckQuery(db, id).select(
      jsonArrayFor(db)(
        db
          .selectFrom('care_team')
          .select(['care_team.patient_id', 'care_team.user_id', 'care_team.role'])
          .where('care_team.patient_id', '=', sql.ref<string>('p.id'))
          .orderBy('care_team.role'),
      ).as('care_team_json'),
    ),
  decode: ({ care_team_json, confidential, ...patient }) => ({
    patient: patient as unknown as PatientRow,
    team: jsonRows<CareTeamRow>(care_team_json),
    accessRow: { ...(patient as unknown as PatientRow), confidential: confidential as string | null },
  }),
  permission: 'patients.read',
});
/**
 * Patients (as `patientsWhere`) each with its care team by role (as `careTeamsOf`). One patient by id comes
 * with the access check's row (`accessRow`), read in the same statement (or with the session of `request`).
 */
export async function patientsWithTeams(
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
  request?: AuthContext,
): Promise<PatientWithTeam[]> {
  if (patientIds === null && ids?.length === 1) {
    const id = ids[0] as string;
    const one = await (request
      ? patientWithTeamRead.readFor(request)(db, id)
      : patientWithTeamRead.read(db, id));
    return one ? [one] : [];
  }
  const rows = await patientsWhere(db, patientIds, ids);
  if (!rows.length) return [];
  const team = await careTeamsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((patient) => ({ patient, team: team.filter((m) => m.patient_id === patient.id) }));
}

/** Intake's lists about patients: problems, allergies and medicines. */
export type PatientListTable = 'patient_diagnoses' | 'patient_allergies' | 'patient_medications';

/** Rows of one of intake's lists by patient and id (null: any), in id order. */
export const listRowsWhere = (
  db: Executor,
  table: PatientListTable,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom(table)
    .selectAll()
    .$if(patientIds !== null, (q) => q.where('patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** The ids of these patients' problems, in id order. */
export const diagnosisIdsOf = (db: Executor, patientIds: readonly string[]) =>
  db
    .selectFrom('patient_diagnoses')
    .select(['id', 'patient_id'])
    .where('patient_id', 'in', [...patientIds])
    .orderBy('id')
    .execute();
