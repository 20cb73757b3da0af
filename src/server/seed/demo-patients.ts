import { randomUUID } from 'node:crypto';
import type { Db } from '../db/dialect';
import { documentHash, ensureConsentTemplate, latestDocument } from '../features/consent/repository';
import {
  insertPatient,
  type PatientRow,
  replaceChildren,
  searchTextOf,
} from '../features/patients/repository';
import { appendAudit } from '../platform/audit';
import type { AuthContext } from '../platform/auth-context';
import type { Clock } from '../platform/clock';
import { permissionsFor, type Role } from '../platform/permissions';

/**
 * The demo clinic's patients and enquiries (UX.md "The demo clinic"): people at different points of care.
 * Every name, date and number is invented. Dates are relative to the day of seeding.
 */
const NO_HISTORY = {
  aneurysmal_vascular_disease: false,
  avm: false,
  intracerebral_haemorrhage: false,
  ketamine_hypersensitivity: false,
  active_psychosis_or_mania: false,
  past_psychosis: false,
  bipolar_disorder: false,
  hypertension: false,
  hypertension_uncontrolled: false,
  cardiovascular_disease: false,
  cerebrovascular_disease: false,
  substance_use_disorder: false,
  opioid_use_disorder_history: false,
  hepatic_impairment_moderate: false,
  cystitis_or_bladder_symptoms: false,
  recent_suicide_attempt_or_intent: false,
};

export interface DemoPatient {
  key: string;
  id?: string;
  first: string;
  last: string;
  dob: string;
  state: string;
  status: string;
  route?: string;
  setting?: string;
  weight?: number;
  history?: Record<string, boolean>;
  meds?: { name: string; dose?: string }[];
  diagnoses?: { code: string; display: string }[];
  consent?: boolean;
  cleared?: boolean;
  overrides?: boolean;
}

export const DEMO_PATIENTS: DemoPatient[] = [
  {
    key: 'robin',
    first: 'Robin',
    last: 'Example',
    dob: '1986-03-14',
    state: 'CA',
    status: 'active',
    route: 'im',
    setting: 'in_clinic',
    weight: 72,
    diagnoses: [
      { code: 'F33.2', display: 'Major depressive disorder, recurrent, severe without psychotic features' },
    ],
    meds: [{ name: 'Sertraline', dose: '100 mg daily' }],
    consent: true,
    cleared: true,
  },
  {
    key: 'sam',
    first: 'Sam',
    last: 'Sample',
    dob: '1979-11-02',
    state: 'CA',
    status: 'active',
    route: 'sublingual',
    setting: 'at_home',
    weight: 81,
    diagnoses: [{ code: 'F41.1', display: 'Generalized anxiety disorder' }],
    meds: [{ name: 'Escitalopram', dose: '10 mg daily' }],
    consent: true,
    cleared: true,
  },
  {
    key: 'avery',
    first: 'Avery',
    last: 'Intake',
    dob: '1992-07-21',
    state: 'CA',
    status: 'intake',
    route: 'im',
    setting: 'in_clinic',
    weight: 64,
    history: { hypertension: true },
    meds: [
      { name: 'Lamotrigine', dose: '100 mg daily' },
      { name: 'Lisinopril', dose: '10 mg daily' },
    ],
    diagnoses: [{ code: 'F33.1', display: 'Major depressive disorder, recurrent, moderate' }],
  },
  {
    key: 'jordan',
    first: 'Jordan',
    last: 'Nasal',
    dob: '1975-01-30',
    state: 'CA',
    status: 'active',
    route: 'esketamine',
    setting: 'in_clinic',
    weight: 88,
    diagnoses: [
      { code: 'F33.2', display: 'Major depressive disorder, recurrent, severe without psychotic features' },
    ],
    meds: [{ name: 'Bupropion XL', dose: '300 mg daily' }],
    consent: true,
    cleared: true,
  },
  {
    key: 'riley',
    first: 'Riley',
    last: 'Followup',
    dob: '1969-09-09',
    state: 'OR',
    status: 'maintenance',
    route: 'iv',
    setting: 'in_clinic',
    weight: 77,
    diagnoses: [{ code: 'F43.10', display: 'Post-traumatic stress disorder, unspecified' }],
    consent: true,
    cleared: true,
  },
  {
    key: 'casey',
    first: 'Casey',
    last: 'Infusion',
    dob: '1990-05-05',
    state: 'CA',
    status: 'active',
    route: 'iv',
    setting: 'in_clinic',
    weight: 69,
    diagnoses: [
      {
        code: 'F32.2',
        display: 'Major depressive disorder, single episode, severe without psychotic features',
      },
    ],
    consent: true,
    cleared: true,
  },
  {
    key: 'drew',
    first: 'Drew',
    last: 'Prepare',
    dob: '1983-12-12',
    state: 'CA',
    status: 'active',
    route: 'im',
    setting: 'in_clinic',
    weight: 90,
    diagnoses: [{ code: 'F42.2', display: 'Mixed obsessional thoughts and acts' }],
    meds: [{ name: 'Clonazepam', dose: '0.5 mg at night' }],
    consent: true,
    cleared: true,
    overrides: true,
  },
  {
    key: 'emery',
    first: 'Emery',
    last: 'Waiting',
    dob: '1997-02-17',
    state: 'OR',
    status: 'intake',
    route: 'im',
    setting: 'in_clinic',
    weight: 58,
    diagnoses: [{ code: 'F41.1', display: 'Generalized anxiety disorder' }],
  },
  {
    key: 'finley',
    first: 'Finley',
    last: 'Declined',
    dob: '1988-08-08',
    state: 'CA',
    status: 'discharged',
    route: 'im',
    setting: 'in_clinic',
    weight: 70,
    history: { active_psychosis_or_mania: true },
  },
  {
    key: 'harper',
    first: 'Harper',
    last: 'Homecare',
    dob: '1971-04-01',
    state: 'CA',
    status: 'active',
    route: 'sublingual',
    setting: 'at_home',
    weight: 66,
    diagnoses: [{ code: 'F33.1', display: 'Major depressive disorder, recurrent, moderate' }],
    consent: true,
    cleared: true,
  },
  {
    key: 'jesse',
    first: 'Jesse',
    last: 'Maintenance',
    dob: '1965-10-23',
    state: 'CA',
    status: 'maintenance',
    route: 'im',
    setting: 'in_clinic',
    weight: 84,
    diagnoses: [
      { code: 'F33.2', display: 'Major depressive disorder, recurrent, severe without psychotic features' },
    ],
    consent: true,
    cleared: true,
  },
  {
    key: 'kai',
    first: 'Kai',
    last: 'Newstart',
    dob: '2000-06-15',
    state: 'CA',
    status: 'intake',
    weight: 75,
  },
];

export const DEMO_ENQUIRIES = [
  {
    first: 'Lane',
    last: 'Enquirer',
    email: 'lane.enquirer@example.test',
    phone: '(555) 010-4411',
    state: 'CA',
    dob: '1994-03-03',
    concerns: ['depression', 'anxiety'],
    flags: [],
    urgent: false,
  },
  {
    first: 'Morgan',
    last: 'Urgent',
    email: 'morgan.urgent@example.test',
    phone: '(555) 010-4412',
    state: 'CA',
    dob: '1985-12-01',
    concerns: ['suicidal_thoughts', 'depression'],
    flags: ['recent_suicide_attempt'],
    urgent: true,
  },
  {
    first: 'Parker',
    last: 'Curious',
    email: 'parker.curious@example.test',
    phone: '(555) 010-4413',
    state: 'WA',
    dob: '1978-07-07',
    concerns: ['ptsd'],
    flags: ['current_substance_use'],
    urgent: false,
  },
];

export function systemActor(user: { id: string; role: string; name: string; email: string }): AuthContext {
  return {
    userId: user.id,
    role: user.role as Role,
    name: user.name,
    email: user.email,
    permissions: new Set(permissionsFor(user.role)),
    patientId: null,
    sessionId: 'seed',
    mfaVerified: true,
    emergency: false,
    ip: null,
    requestId: 'demo-seed',
  };
}

export async function seedDemoPatients(
  db: Db,
  clock: Clock,
  patientIds: Record<string, string>,
): Promise<Map<string, string>> {
  const now = clock.now();
  const iso = now.toISOString();
  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '!=', 'patient')
    .execute();
  const byRole = (r: string) => staff.find((s) => s.role === r) as (typeof staff)[number];
  const prescriber = byRole('prescriber');
  const ids = new Map<string, string>();
  await ensureConsentTemplate(db, iso);
  await db.transaction().execute(async (trx) => {
    const doc = await latestDocument(trx);
    for (const [i, s] of [
      ['prescriber', 'CA'],
      ['prescriber', 'OR'],
      ['nurse', 'CA'],
      ['therapist', 'CA'],
      ['therapist', 'OR'],
    ].entries()) {
      const u = byRole(s[0] as string);
      // one licence expires within two months, so the admin reminder has something to show
      const expires =
        i === 4 ? new Date(now.getTime() + 40 * 86_400_000) : new Date(now.getTime() + 700 * 86_400_000);
      await trx
        .insertInto('staff_licences')
        .values({
          id: randomUUID(),
          user_id: u.id,
          state: s[1] as string,
          licence_type: s[0] === 'prescriber' ? 'MD' : s[0] === 'nurse' ? 'RN' : 'LMFT',
          number: `${s[1]}-${100200 + i}`,
          expires_on: expires.toISOString().slice(0, 10),
          created_at: iso,
          removed_at: null,
        })
        .execute();
    }
    for (const p of DEMO_PATIENTS) {
      const id = patientIds[p.key] ?? randomUUID();
      ids.set(p.key, id);
      const row: PatientRow = {
        id,
        chart_number: `LIM-DEMO${String(DEMO_PATIENTS.indexOf(p) + 1).padStart(2, '0')}`,
        first_name: p.first,
        last_name: p.last,
        preferred_name: null,
        date_of_birth: p.dob,
        sex_at_birth: null,
        gender_identity: null,
        email: `${p.first.toLowerCase()}.${p.last.toLowerCase()}@example.test`,
        phone: '(555) 010-0000',
        address_line1: null,
        address_line2: null,
        city: null,
        state: p.state,
        postal_code: null,
        emergency_contact_name: 'Alex Example',
        emergency_contact_phone: '(555) 010-9999',
        emergency_contact_relation: 'Partner',
        weight_kg: p.weight ?? null,
        height_cm: 172,
        status: p.status,
        pregnancy_status: 'not_applicable',
        breastfeeding: 0,
        history: JSON.stringify({ ...NO_HISTORY, ...(p.history ?? {}) }),
        planned_route: p.route ?? null,
        planned_setting: p.setting ?? null,
        enquiry_id: null,
        search_text: '',
        version: 1,
        created_at: iso,
        updated_at: iso,
      };
      row.search_text = searchTextOf(row);
      await insertPatient(trx, row);
      await replaceChildren(trx, id, iso, {
        diagnoses: p.diagnoses ?? [],
        medications: p.meds ?? [],
        allergies: [],
      });
      for (const role of ['prescriber', 'nurse', 'therapist']) {
        await trx
          .insertInto('care_team')
          .values({ patient_id: id, user_id: byRole(role).id, role, created_at: iso })
          .execute();
      }
      if (p.consent && doc) {
        await trx
          .insertInto('consent_signatures')
          .values({
            id: randomUUID(),
            patient_id: id,
            document_id: doc.id,
            text_hash: documentHash(doc.title, doc.body),
            signed_name: `${p.first} ${p.last}`,
            method: 'in_clinic',
            witness_id: byRole('nurse').id,
            recorded_by: byRole('nurse').id,
            signed_at: iso,
            ip: null,
            revoked_at: null,
            revoked_by: null,
            revoke_reason: null,
          })
          .execute();
      }
      await appendAudit(trx, clock, systemActor(prescriber), {
        action: 'patient.create',
        patientId: id,
        objectType: 'patient',
        objectId: id,
        detail: { via: 'demo_seed' },
      });
    }
    for (const e of DEMO_ENQUIRIES) {
      const id = randomUUID();
      await trx
        .insertInto('enquiries')
        .values({
          id,
          status: 'new',
          urgent: e.urgent ? 1 : 0,
          first_name: e.first,
          last_name: e.last,
          email: e.email,
          phone: e.phone,
          state: e.state,
          date_of_birth: e.dob,
          concerns: JSON.stringify(e.concerns),
          red_flags: JSON.stringify(e.flags),
          preferred_contact_time: 'any',
          consent_to_contact: 1,
          patient_id: null,
          created_at: iso,
          updated_at: iso,
        })
        .execute();
      await appendAudit(trx, clock, null, {
        action: 'enquiry.create',
        objectType: 'enquiry',
        objectId: id,
        detail: { via: 'demo_seed' },
      });
    }
  });
  return ids;
}
