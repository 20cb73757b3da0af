import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { paymentBody } from '../../../contracts/billing';
import { checkPayment, type FieldProblem, formatCents } from '../../../domain/billing';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import * as repo from './repository';
import { patientBillingView } from './view';

/**
 * Payments from the patient (issue #22): amount, method and date, optionally allocated to final charge lines.
 * Append-only: a mistake is voided by a second entry. A payment beyond the balance is refused (no silent credit).
 */
export class PaymentsService {
  constructor(private readonly ctx: AppContext) {}

  async record(auth: AuthContext, patientId: string, body: z.infer<typeof paymentBody>) {
    if (auth.role === 'patient') throw forbidden();
    const detail: Record<string, unknown> = { amountCents: body.amountCents, method: body.method };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'billing.write',
      { action: 'billing.payment', detail },
      async (trx, p) => {
        const { balanceCents } = await repo.balanceOfPatient(trx, patientId);
        const problems: FieldProblem[] = checkPayment(body.amountCents, balanceCents);
        const allocations = body.allocations ?? [];
        if (problems.length === 0 && allocations.length) {
          const lines = await repo.chargesOfPatient(trx, patientId, { finalOnly: true });
          const already = await repo.allocatedToLines(
            trx,
            allocations.map((a) => a.chargeLineId),
          );
          let sum = 0;
          allocations.forEach((a, i) => {
            const l = lines.find((x) => x.id === a.chargeLineId);
            const field = `allocations.${i}`;
            if (!l || l.reverses_id !== null || lines.some((x) => x.reverses_id === l.id))
              problems.push({
                field: `${field}.chargeLineId`,
                message: 'Choose a final charge of this patient',
              });
            else if (a.amountCents <= 0)
              problems.push({ field: `${field}.amountCents`, message: 'Enter an amount above zero' });
            else if (a.amountCents > l.amount_cents - (already.get(l.id) ?? 0))
              problems.push({
                field: `${field}.amountCents`,
                message: `More than is left to pay on ${l.code} (${formatCents(l.amount_cents - (already.get(l.id) ?? 0))})`,
              });
            sum += a.amountCents;
          });
          if (new Set(allocations.map((a) => a.chargeLineId)).size !== allocations.length)
            problems.push({ field: 'allocations', message: 'Each charge is listed once' });
          if (sum > body.amountCents)
            problems.push({
              field: 'allocations',
              message: 'The allocations add up to more than the payment',
            });
        }
        if (problems.length) throw new AppError('validation_failed', problems[0]?.message, problems);
        const id = randomUUID();
        await repo.insertPayment(trx, {
          id,
          patient_id: patientId,
          amount_cents: body.amountCents,
          reverses_id: null,
          method: body.method,
          received_on: body.receivedOn,
          reference: body.reference ?? null,
          note: body.note ?? null,
          recorded_by: auth.userId,
          recorded_at: this.ctx.clock.now().toISOString(),
        });
        for (const a of allocations)
          await repo.insertAllocation(trx, {
            payment_id: id,
            charge_line_id: a.chargeLineId,
            patient_id: patientId,
            amount_cents: a.amountCents,
          });
        detail.paymentId = id;
        return patientBillingView(trx, p, true);
      },
    );
  }

  /** Voids a payment recorded by mistake: a second entry with the negated amount (the first stays). */
  async void(auth: AuthContext, patientId: string, paymentId: string, reason: string) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'billing.write',
      { action: 'billing.payment_void', objectType: 'payment', objectId: paymentId },
      async (trx, p) => {
        const all = await repo.paymentsOfPatient(trx, patientId);
        const target = all.find((x) => x.id === paymentId);
        if (!target || target.reverses_id !== null)
          throw new AppError('not_found', 'The payment was not found.');
        if (all.some((x) => x.reverses_id === paymentId)) throw conflict('This payment was already voided.');
        await repo.insertPayment(trx, {
          id: randomUUID(),
          patient_id: patientId,
          amount_cents: -target.amount_cents,
          reverses_id: paymentId,
          method: target.method,
          received_on: this.ctx.clock.now().toISOString().slice(0, 10),
          reference: target.reference,
          note: reason,
          recorded_by: auth.userId,
          recorded_at: this.ctx.clock.now().toISOString(),
        });
        return patientBillingView(trx, p, true);
      },
    );
  }
}
