import { randomUUID } from 'node:crypto';
import type { Db } from '../db/dialect';
import { PatientsService } from '../features/patients/service';
import { appendAudit } from '../platform/audit';
import { SYSTEM_META } from '../platform/auth-context';
import type { Clock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { hashPassword } from '../platform/passwords';
import { setSetting } from '../platform/settings';
import { seedDemoAtHome } from './demo-athome';
import { seedDemoBilling } from './demo-billing';
import { seedDemoCare } from './demo-care';
import { seedDemoClaims } from './demo-claims';
import { seedDemoJournal } from './demo-journal';
import { seedDemoMessages } from './demo-messages';
import { DEMO_PATIENTS, seedDemoPatients, systemActor } from './demo-patients';
import { seedDemoSchedule } from './demo-schedule';

/**
 * The demo clinic: one account per staff role and two portal patients. Everything is fictional.
 * Seeded only into an empty database; the password is the same for every demo account and printed at start.
 */
export const DEMO_PASSWORD = 'liminal-demo-2026';
export const DEMO_PATIENT_IDS = [
  '5a1d0d0e-0000-4000-8000-000000000001',
  '5a1d0d0e-0000-4000-8000-000000000002',
];

export const DEMO_USERS = [
  { email: 'admin@demo.liminal.test', name: 'Ada Admin', role: 'admin' },
  { email: 'prescriber@demo.liminal.test', name: 'Dr. Priya Prescott', role: 'prescriber' },
  { email: 'nurse@demo.liminal.test', name: 'Noah Nightingale, RN', role: 'nurse' },
  { email: 'therapist@demo.liminal.test', name: 'Theo Thorne, LMFT', role: 'therapist' },
  { email: 'frontdesk@demo.liminal.test', name: 'Frankie Desk', role: 'front_desk' },
  { email: 'biller@demo.liminal.test', name: 'Bea Biller', role: 'biller' },
  {
    email: 'patient1@demo.liminal.test',
    name: 'Robin Example',
    role: 'patient',
    patientId: DEMO_PATIENT_IDS[0],
  },
  {
    email: 'patient2@demo.liminal.test',
    name: 'Sam Sample',
    role: 'patient',
    patientId: DEMO_PATIENT_IDS[1],
  },
] as const;

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function seedDemo(db: Db, clock: Clock): Promise<{ seeded: boolean }> {
  if (!(await isEmpty(db))) return { seeded: false };
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = clock.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await setSetting(trx, 'clinic.name', 'Liminal Demo Clinic', null, now);
    await setSetting(trx, 'clinic.phone', '(555) 010-0100', null, now);
    await setSetting(trx, 'clinic.email', 'hello@demo.liminal.test', null, now);
    for (const u of DEMO_USERS) {
      const id = randomUUID();
      await trx
        .insertInto('users')
        .values({
          id,
          email: u.email,
          name: u.name,
          role: u.role,
          status: 'active',
          password_hash: hash,
          mfa_enabled: 0,
          mfa_secret_enc: null,
          mfa_pending_secret_enc: null,
          mfa_last_step: null,
          patient_id: 'patientId' in u ? u.patientId : null,
          can_break_glass: u.role === 'prescriber' ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendAudit(trx, clock, SYSTEM_META, {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        detail: { role: u.role, via: 'demo_seed' },
      });
    }
  });
  const ids = await seedDemoPatients(db, clock, {
    robin: DEMO_PATIENT_IDS[0] as string,
    sam: DEMO_PATIENT_IDS[1] as string,
  });
  await clearDemoScreening(db, clock, ids);
  await seedDemoCare(db, clock.now(), ids);
  await seedDemoSchedule(db, clock.now(), ids);
  await seedDemoAtHome(db, clock.now(), ids);
  await seedDemoMessages(db, clock.now(), ids);
  await seedDemoJournal(db, clock.now(), ids);
  await seedDemoBilling(db, clock.now());
  await seedDemoClaims(db, clock.now(), DEMO_PATIENT_IDS[0] as string);
  return { seeded: true };
}

/** The prescriber's screening decisions for the demo patients marked cleared, made through the real rules. */
async function clearDemoScreening(db: Db, clock: Clock, ids: Map<string, string>): Promise<void> {
  const prescriber = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '=', 'prescriber')
    .executeTakeFirstOrThrow();
  const auth = systemActor(prescriber);
  // Screening needs only the database and the clock.
  const patients = new PatientsService({ db, clock } as unknown as AppContext);
  for (const p of DEMO_PATIENTS.filter((x) => x.cleared)) {
    const id = ids.get(p.key) as string;
    const { evaluation } = await patients.screening(auth, id);
    const overrides = evaluation.reasons
      .filter((r) => r.level !== 'absolute')
      .map((r) => ({
        ruleId: r.ruleId,
        reason: 'Reviewed with the patient; accepted with the monitoring plan (demo data).',
      }));
    await patients.decide(auth, id, { decision: 'cleared', overrides, note: null });
  }
}
