import { randomBytes, randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../src/server/db/connection';
import { LedgerService } from '../../src/server/features/ledger/service';
import { MeasuresService } from '../../src/server/features/measures/service';
import { appendAudit } from '../../src/server/platform/audit';
import { SYSTEM_META } from '../../src/server/platform/auth-context';
import { systemClock } from '../../src/server/platform/clock';
import type { AppContext } from '../../src/server/platform/context';
import { deriveKey, encryptSecret } from '../../src/server/platform/crypto';
import { SessionStore } from '../../src/server/platform/sessions';
import { seedDemo } from '../../src/server/seed/demo';
import { systemActor } from '../../src/server/seed/demo-patients';
import { localDate } from '../../src/server/seed/synthetic/stock';

/**
 * What the crash test writes into: the demo clinic (its IV session in progress takes the vital signs), a pool of
 * weekly measures to answer (PHQ-9, GAD-7, PCL-5 for a year, for every demo patient), a lot to receive stock
 * into, and a nurse (MFA enrolled) signed in with a session that passed MFA.
 */
export interface CrashFixture {
  cookie: string;
  csrf: string;
  session: { patientId: string; sessionId: string };
  assignments: { patientId: string; assignmentId: string; instrumentId: string }[];
  receive: { productId: string; locationId: string; lotNumber: string; expiresOn: string };
  lotId: string;
}

export async function prepareFixture(
  h: DatabaseHandle,
  secret: string,
  cycles: number,
): Promise<CrashFixture> {
  const db = h.db;
  await seedDemo(db, systemClock);
  const now = new Date().toISOString();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email: `crash.nurse.${id.slice(0, 8)}@crash.liminal.test`,
        name: 'Crash Test Nurse',
        role: 'nurse',
        status: 'active',
        password_hash: null,
        mfa_enabled: 1,
        mfa_secret_enc: encryptSecret(deriveKey(secret), randomBytes(20).toString('hex')),
        mfa_pending_secret_enc: null,
        mfa_last_step: null,
        patient_id: null,
        can_break_glass: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(trx, systemClock, SYSTEM_META, {
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      detail: { role: 'nurse', via: 'crash_test' },
    });
  });
  const s = await new SessionStore(db, systemClock, {
    SESSION_IDLE_MINUTES: 240,
    SESSION_ABSOLUTE_HOURS: 12,
  }).create(id, { mfaVerified: true, ip: '127.0.0.1', userAgent: 'crash-test' });
  const open = await db
    .selectFrom('dosing_sessions')
    .select(['id', 'patient_id'])
    .where('status', 'not in', ['discharged', 'signed'])
    .where('first_dose_at', 'is not', null)
    .executeTakeFirstOrThrow();

  const ctx = {
    db,
    clock: systemClock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', 'in', ['nurse', 'prescriber'])
    .where('email', 'like', '%@demo.liminal.test')
    .execute();
  const nurse = systemActor(staff.find((u) => u.role === 'nurse') as (typeof staff)[number]);
  const measures = new MeasuresService(ctx);
  const patients = (await db.selectFrom('patients').select('id').execute()).map((p) => p.id);
  const today = localDate(Date.now());
  const end = localDate(Date.now() + 364 * 86_400_000);
  const assignments: CrashFixture['assignments'] = [];
  // Up to ~30 answers per cycle are written; the demo clinic's 12 patients hold at most ~1,900 (then only
  // vital signs and receipts go on).
  const wanted = Math.max(600, cycles * 60);
  for (const patientId of patients) {
    if (assignments.length >= wanted) break;
    const r = await measures.assign(nurse, patientId, {
      instrumentIds: ['phq9', 'gad7', 'pcl5'],
      schedule: { kind: 'weekly', courseStart: today, courseEnd: end },
    });
    for (const a of r.assignments)
      assignments.push({ patientId, assignmentId: a.id, instrumentId: a.instrument.id });
  }
  const product = await db
    .selectFrom('ledger_products')
    .select('id')
    .where('form', '=', 'solution')
    .where('single_use', '=', 0)
    .executeTakeFirstOrThrow();
  const location = await db.selectFrom('ledger_locations').select('id').executeTakeFirstOrThrow();
  const receive = {
    productId: product.id,
    locationId: location.id,
    lotNumber: 'CRASH-LOT-1',
    expiresOn: localDate(Date.now() + 400 * 86_400_000),
  };
  await new LedgerService(ctx).receive(nurse, {
    ...receive,
    containerCount: 1,
    supplier: 'Crash Test Supply',
    invoiceNumber: 'fixture',
    receivedOn: today,
  });
  const lot = await db
    .selectFrom('ledger_lots')
    .select('id')
    .where('lot_number', '=', receive.lotNumber)
    .executeTakeFirstOrThrow();
  return {
    cookie: `liminal_session=${s.token}`,
    csrf: s.session.csrfToken,
    session: { patientId: open.patient_id, sessionId: open.id },
    assignments,
    receive,
    lotId: lot.id,
  };
}
