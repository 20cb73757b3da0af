import type { Db } from '../db/dialect';
import { chargesOfVisit } from '../features/billing';
import { PaymentsService } from '../features/billing/payments';
import { BillingService } from '../features/billing/service';
import { visitsToBill } from '../features/billing/visits-repository';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { systemActor } from './demo-patients';

/**
 * The demo clinic's billing (issue #22): every finished dosing session and completed visit has its charges
 * proposed by the rules and finalised by the prescriber, at the example prices; the biller recorded card payments
 * for some of them, so the Billing tab shows paid, part-paid and open balances. Through the services the app uses.
 */
export async function seedDemoBilling(db: Db, realNow: Date): Promise<void> {
  const clock = new FakeClock(realNow);
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const users = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', 'in', ['prescriber', 'biller'])
    .orderBy('email')
    .execute();
  const prescriberUser = users.find((u) => u.role === 'prescriber');
  const billerUser = users.find((u) => u.role === 'biller');
  if (!prescriberUser || !billerUser) return;
  const prescriber = systemActor(prescriberUser);
  const biller = systemActor(billerUser);
  const billing = new BillingService(ctx);
  const payments = new PaymentsService(ctx);
  const visits = await visitsToBill(db);
  const billed = new Map<string, number>();
  for (const v of visits) {
    if ((await chargesOfVisit(db, v.id)).length) continue; // billed already, through the visit that held it
    const proposed = await billing.propose(prescriber, v.id);
    if (!proposed.visit.lines.length) continue;
    const done = await billing.finalise(prescriber, v.id);
    billed.set(v.patient_id, (billed.get(v.patient_id) ?? 0) + 1);
    // Every other patient paid their first visit in full at the desk.
    if (billed.get(v.patient_id) === 1 && billed.size % 2 === 1)
      await payments.record(biller, v.patient_id, {
        amountCents: done.visit.totalCents,
        method: 'card',
        receivedOn: done.visit.serviceDate,
        reference: 'Card on file',
      });
  }
}
